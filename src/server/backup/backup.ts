import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { DbHandle, DbKind } from '../db/database.js';
import { DiskStorage, type FileStorage } from '../adapters/storage.js';
import { Keyring } from '../crypto/keyring.js';
import { ArchiveWriter, type EntryDigest } from './archive.js';

const run = promisify(execFile);

export const BACKUP_FORMAT = 'tongban-backup';
export const BACKUP_VERSION = 1;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  database: { kind: DbKind; entry: string; lastMigration: string | null };
  /** The data keys the backup's personal data and files are sealed under (not the keys themselves). */
  keyIds: string[];
  counts: { users: number; cases: number; files: number };
  /**
   * `archive`: the files are in this archive. `external`: they live in an object store (FILE_STORE=s3)
   * that is backed up by its own means (versioning, replication); the archive lists their ids.
   */
  files: { store: 'archive' } | { store: 'external'; location: string; ids: string[] };
  /** Every entry but the manifest, with its size and SHA-256. */
  entries: EntryDigest[];
}

export const DB_ENTRY: Record<DbKind, string> = { pglite: 'database/pglite-datadir.tar.gz', postgres: 'database/postgres.dump' };

/**
 * Backs up the database and the stored files into one archive (ADR 0011). Consistency: the database is
 * dumped first (pg_dump's one snapshot, or PGlite's data directory), then the file list is read from the
 * live database. Files are content-addressed and never removed, and a file is stored before its row is
 * written, so that list holds every file the dump refers to (and perhaps a few newer ones).
 * Files are copied as stored (sealed); the data key is not in the archive — keep it apart.
 */
export async function createBackup(opts: { handle: DbHandle; databaseUrl?: string | undefined; files: FileStorage; out: string; now?: Date }): Promise<BackupManifest> {
  const { handle } = opts;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-backup-'));
  const archive = new ArchiveWriter(opts.out);
  try {
    const dump = path.join(tmp, 'database');
    if (handle.kind === 'postgres') {
      if (!opts.databaseUrl) throw new Error('a PostgreSQL backup needs the database URL for pg_dump');
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${dump}`, opts.databaseUrl], { maxBuffer: 16 * 1024 * 1024 });
    } else {
      if (!handle.pglite) throw new Error('not a PGlite handle');
      const blob = await handle.pglite.dumpDataDir('gzip');
      fs.writeFileSync(dump, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
    }
    const dbEntry = await archive.addFile(DB_ENTRY[handle.kind], dump);
    fs.rmSync(dump);

    const ids = (await handle.db.selectFrom('files').select('id').orderBy('id').execute()).map((r) => r.id);
    const kids = new Set(await sealedKeyIds(handle));
    const entries = [dbEntry];
    const disk = opts.files instanceof DiskStorage ? opts.files : undefined;
    for (const id of disk ? ids : []) {
      const p = disk ? disk.pathOf(id) : '';
      if (!fs.existsSync(p)) throw new Error(`file ${id} is in the database but not in ${disk?.root}`);
      const fd = fs.openSync(p, 'r');
      const head = Buffer.alloc(8);
      fs.readSync(fd, head, 0, 8, 0);
      fs.closeSync(fd);
      const kid = Keyring.kidOfBytes(head);
      if (kid) kids.add(kid);
      entries.push(await archive.addFile(`files/${id.slice(0, 2)}/${id.slice(2, 4)}/${id}`, p));
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: (opts.now ?? new Date()).toISOString(),
      database: { kind: handle.kind, entry: dbEntry.name, lastMigration: await lastMigration(handle) },
      keyIds: [...kids].sort(),
      counts: { ...(await counts(handle)), files: ids.length },
      files: disk ? { store: 'archive' } : { store: 'external', location: describeStore(opts.files), ids },
      entries,
    };
    await archive.addBuffer('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    await archive.finish();
    return manifest;
  } catch (err) {
    await archive.finish().catch(() => {});
    fs.rmSync(opts.out, { force: true });
    throw err;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function sealedKeyIds(handle: DbHandle): Promise<string[]> {
  const r = await sql<{ kid: string }>`
    select distinct substring(v from 5 for 8) as kid from (
      select id_number as v from users union all select phone from users
      union all select legal_representative from users union all select address from users
      union all select form_data ->> '$sealed' from cases) x
    where v like 'tb1.%'`.execute(handle.db);
  return r.rows.map((x) => x.kid);
}

async function lastMigration(handle: DbHandle): Promise<string | null> {
  const r = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(handle.db);
  return r.rows[0]?.name ?? null;
}

async function counts(handle: DbHandle): Promise<{ users: number; cases: number }> {
  const r = await sql<{ users: number; cases: number }>`select (select count(*) from users)::int as users, (select count(*) from cases)::int as cases`.execute(handle.db);
  return r.rows[0] ?? { users: 0, cases: 0 };
}

const describeStore = (s: FileStorage) => ('describe' in s && typeof s.describe === 'function' ? String(s.describe()) : 'external');
