import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { keyring as processKeyring } from '../crypto/data-key.js';
import { Keyring } from '../crypto/keyring.js';

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

const FILE_ID = /^[0-9a-f]{64}$/;
/** Written after every file was found sealed under the key it names, so a start-up skips the walk. */
const SEALED_MARKER = '.sealed-under';

/**
 * Files on disk, each sealed with SM4 + HMAC-SM3 under the current data key (ADR 0011). The id stays
 * the SHA-256 of the plaintext, so de-duplication and existing references keep working; the MAC binds
 * the sealed bytes to their id, and the plaintext is checked against the id when read.
 */
export class DiskStorage implements FileStorage {
  constructor(
    readonly root: string,
    private readonly keyring: () => Keyring = processKeyring,
  ) {}

  pathOf(id: string): string {
    if (!FILE_ID.test(id)) throw new Error('bad file id');
    return path.join(this.root, id.slice(0, 2), id.slice(2, 4), id);
  }

  async put(bytes: Buffer): Promise<string> {
    const id = sha256Hex(bytes);
    const p = this.pathOf(id);
    try {
      await fs.access(p);
      return id;
    } catch {
      await this.write(p, this.keyring().sealBytes(bytes, id));
      return id;
    }
  }

  async get(id: string): Promise<Buffer | undefined> {
    let stored: Buffer;
    try {
      stored = await fs.readFile(this.pathOf(id));
    } catch {
      return undefined;
    }
    // A file without the envelope was stored before encryption; the start-up step seals it.
    const plain = Keyring.kidOfBytes(stored) ? this.keyring().openBytes(stored, id) : stored;
    if (sha256Hex(plain) !== id) throw new Error(`stored file ${id} does not match its id`);
    return plain;
  }

  private async write(p: string, bytes: Buffer): Promise<void> {
    await fs.mkdir(path.dirname(p), { recursive: true });
    const tmp = `${p}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(tmp, bytes, { mode: 0o600 });
    await fs.rename(tmp, p);
  }

  /** Every stored file id (walks the two-level fan-out). */
  async *ids(): AsyncGenerator<string> {
    let top: string[];
    try {
      top = await fs.readdir(this.root);
    } catch {
      return;
    }
    for (const a of top.filter((d) => /^[0-9a-f]{2}$/.test(d)).sort()) {
      for (const b of (await fs.readdir(path.join(this.root, a))).filter((d) => /^[0-9a-f]{2}$/.test(d)).sort()) {
        for (const f of (await fs.readdir(path.join(this.root, a, b))).sort()) if (FILE_ID.test(f)) yield f;
      }
    }
  }

  /**
   * Seals every file not yet sealed under the current key (plaintext from before encryption, or an
   * older key during a rotation). Skipped when the marker says a previous walk under this key finished.
   */
  async resealAll(opts: { force?: boolean } = {}): Promise<number> {
    const ring = this.keyring();
    const marker = path.join(this.root, SEALED_MARKER);
    if (!opts.force) {
      const done = await fs.readFile(marker, 'utf8').catch(() => '');
      if (done.trim() === ring.currentKid) return 0;
    }
    let changed = 0;
    for await (const id of this.ids()) {
      const p = this.pathOf(id);
      const stored = await fs.readFile(p);
      if (Keyring.kidOfBytes(stored) === ring.currentKid) continue;
      const plain = await this.get(id);
      if (!plain) continue;
      await this.write(p, ring.sealBytes(plain, id));
      changed++;
    }
    await fs.mkdir(this.root, { recursive: true });
    await fs.writeFile(marker, `${ring.currentKid}\n`);
    return changed;
  }
}

/** Tests' storage: kept in memory, in plaintext (nothing reaches a disk). */
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
