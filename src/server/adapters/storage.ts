import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Content-addressed file storage: a file's id is the SHA-256 of its bytes, so the same upload twice
 * is stored once and a stored file can never change under its id. A deployment plugs in an object
 * store by implementing this interface.
 */
export interface FileStorage {
  put(bytes: Buffer): Promise<string>;
  get(id: string): Promise<Buffer | undefined>;
}

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export class DiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private pathOf(id: string): string {
    if (!/^[0-9a-f]{64}$/.test(id)) throw new Error('bad file id');
    return path.join(this.root, id.slice(0, 2), id.slice(2, 4), id);
  }

  async put(bytes: Buffer): Promise<string> {
    const id = sha256Hex(bytes);
    const p = this.pathOf(id);
    try {
      await fs.access(p);
      return id;
    } catch {
      await fs.mkdir(path.dirname(p), { recursive: true });
      const tmp = `${p}.${process.pid}.${Date.now()}.tmp`;
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, p);
      return id;
    }
  }

  async get(id: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.pathOf(id));
    } catch {
      return undefined;
    }
  }
}

export class MemoryStorage implements FileStorage {
  private readonly files = new Map<string, Buffer>();
  async put(bytes: Buffer): Promise<string> {
    const id = sha256Hex(bytes);
    this.files.set(id, Buffer.from(bytes));
    return id;
  }
  async get(id: string): Promise<Buffer | undefined> {
    return this.files.get(id);
  }
}
