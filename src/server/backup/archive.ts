import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

/**
 * The backup archive: a plain tar (its contents are compressed or encrypted already) of named entries,
 * written and read as streams with a SHA-256 taken on the way, so a multi-gigabyte backup never sits in
 * memory. The manifest (last entry) lists every other entry with its size and checksum.
 */
export interface EntryDigest {
  name: string;
  bytes: number;
  sha256: string;
}

/** Entry names are ours alone: a restore refuses anything else (no paths out of the staging directory). */
const ENTRY_NAME = /^(manifest\.json|database\/[a-z0-9.-]+|files\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64})$/;

function hashing(digest: { bytes: number; hash: ReturnType<typeof createHash> }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      digest.bytes += chunk.length;
      digest.hash.update(chunk);
      cb(null, chunk);
    },
  });
}

export class ArchiveWriter {
  private readonly pack = tar.pack();
  private readonly written: Promise<void>;
  readonly entries: EntryDigest[] = [];

  constructor(out: string) {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    this.written = pipeline(this.pack, fs.createWriteStream(out, { mode: 0o600 }));
    // Surface a write error at finish(), not as an unhandled rejection.
    this.written.catch(() => {});
  }

  /** Adds a file from disk under `name`, streaming it. */
  async addFile(name: string, file: string): Promise<EntryDigest> {
    if (!ENTRY_NAME.test(name)) throw new Error(`bad archive entry name ${name}`);
    const size = (await fs.promises.stat(file)).size;
    const d = { bytes: 0, hash: createHash('sha256') };
    const entry = this.pack.entry({ name, size, mode: 0o600, mtime: new Date(0) });
    await pipeline(fs.createReadStream(file), hashing(d), entry);
    if (d.bytes !== size) throw new Error(`${file} changed while it was archived`);
    const e = { name, bytes: d.bytes, sha256: d.hash.digest('hex') };
    this.entries.push(e);
    return e;
  }

  async addBuffer(name: string, bytes: Buffer): Promise<void> {
    if (!ENTRY_NAME.test(name)) throw new Error(`bad archive entry name ${name}`);
    await new Promise<void>((resolve, reject) => this.pack.entry({ name, size: bytes.length, mode: 0o600, mtime: new Date(0) }, bytes, (err) => (err ? reject(err) : resolve())));
  }

  async finish(): Promise<void> {
    this.pack.finalize();
    await this.written;
  }
}

/** Extracts every entry into `dir` (which must be empty or absent), returning each entry's digest. */
export async function extractArchive(archive: string, dir: string): Promise<Map<string, EntryDigest>> {
  fs.mkdirSync(dir, { recursive: true });
  const out = new Map<string, EntryDigest>();
  const extract = tar.extract();
  const reading = pipeline(fs.createReadStream(archive), extract);
  reading.catch(() => {});
  for await (const entry of extract) {
    const name = entry.header.name;
    if (entry.header.type !== 'file' || !ENTRY_NAME.test(name) || out.has(name)) throw new Error(`unexpected archive entry "${name}"`);
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const d = { bytes: 0, hash: createHash('sha256') };
    await pipeline(entry, hashing(d), fs.createWriteStream(target, { mode: 0o600 }));
    out.set(name, { name, bytes: d.bytes, sha256: d.hash.digest('hex') });
  }
  await reading;
  return out;
}
