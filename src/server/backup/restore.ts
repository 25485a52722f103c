import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { DbHandle } from '../db/database.js';
import type { FileStorage } from '../adapters/storage.js';
import { keyring } from '../crypto/data-key.js';
import { openFormData, openUser } from '../crypto/personal-data.js';
import { listEvents } from '../cases/repository.js';
import { verifyTimeline } from '../cases/verify.js';
import { verifyAuditLog } from '../audit/verify.js';
import type { AuditVerdict } from '../../core/audit/chain.js';
import { extractArchive } from './archive.js';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupManifest } from './backup.js';

const run = promisify(execFile);

export class RestoreError extends Error {}

/**
 * Restores a backup into an EMPTY target: the data directory's files (and, for the embedded database,
 * its PGlite directory) or an empty PostgreSQL database. Everything is extracted to a staging directory
 * and checked against the manifest's checksums — and the data keys it needs against the keyring —
 * before anything is written to the target.
 */
export async function restoreBackup(opts: { from: string; dataDir: string; databaseUrl?: string | undefined }): Promise<BackupManifest> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const filesDir = path.join(opts.dataDir, 'files');
  if (fs.existsSync(filesDir) && fs.readdirSync(filesDir).some((f) => !f.startsWith('.'))) throw new RestoreError(`${filesDir} is not empty: restore into a fresh data directory`);
  const staging = fs.mkdtempSync(path.join(opts.dataDir, '.restore-'));
  try {
    const digests = await extractArchive(opts.from, staging);
    const manifestPath = path.join(staging, 'manifest.json');
    if (!digests.has('manifest.json')) throw new RestoreError('the archive has no manifest');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as BackupManifest;
    if (manifest.format !== BACKUP_FORMAT || manifest.version !== BACKUP_VERSION) throw new RestoreError(`not a ${BACKUP_FORMAT} v${BACKUP_VERSION} archive`);
    const listed = new Set(manifest.entries.map((e) => e.name));
    for (const e of manifest.entries) {
      const got = digests.get(e.name);
      if (!got || got.sha256 !== e.sha256 || got.bytes !== e.bytes) throw new RestoreError(`${e.name} is missing or does not match its checksum`);
    }
    for (const name of digests.keys()) if (name !== 'manifest.json' && !listed.has(name)) throw new RestoreError(`${name} is not in the manifest`);
    const missingKeys = manifest.keyIds.filter((k) => !keyring().kids.includes(k));
    if (missingKeys.length) throw new RestoreError(`the backup is sealed under data key(s) ${missingKeys.join(', ')}: give that key (DATA_KEY or --key-file)`);

    const dump = path.join(staging, manifest.database.entry);
    if (manifest.database.kind === 'postgres') {
      if (!opts.databaseUrl) throw new RestoreError('this backup is of PostgreSQL: set DATABASE_URL to an empty database');
      await requireEmptyPostgres(opts.databaseUrl);
      await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${opts.databaseUrl}`, dump], { maxBuffer: 16 * 1024 * 1024 });
    } else {
      if (opts.databaseUrl) throw new RestoreError('this backup is of the embedded database (PGlite): unset DATABASE_URL');
      const dir = path.join(opts.dataDir, 'pglite');
      if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new RestoreError(`${dir} is not empty: restore into a fresh data directory`);
      const db = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([fs.readFileSync(dump)]) });
      await db.close();
    }

    for (const e of manifest.entries.filter((x) => x.name.startsWith('files/'))) {
      const target = path.join(filesDir, e.name.slice('files/'.length));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(path.join(staging, e.name), target);
    }
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function requireEmptyPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
    if ((r.rows[0]?.n ?? 0) > 0) throw new RestoreError('the target PostgreSQL database is not empty: restore into a new database');
  } finally {
    await client.end();
  }
}

export interface RestoreCheck {
  cases: number;
  brokenTimelines: string[];
  unreadableForms: string[];
  files: number;
  unreadableFiles: string[];
  users: number;
  unreadableUsers: string[];
  /** The audit log's SM3 chain (ADR 0010). */
  audit: AuditVerdict;
}

/**
 * After a restore: the audit log's SM3 chain and every case's SM3 timeline verify, every file the database names is present and
 * opens (its MAC and its SHA-256 id hold), and every sealed personal value opens under the keyring.
 */
export async function checkRestored(handle: DbHandle, files: FileStorage): Promise<RestoreCheck> {
  const out: RestoreCheck = { cases: 0, brokenTimelines: [], unreadableForms: [], files: 0, unreadableFiles: [], users: 0, unreadableUsers: [], audit: await verifyAuditLog(handle.db) };
  const cases = await handle.db.selectFrom('cases').select(['id', 'case_no', 'event_seq', 'event_hash', 'form_data']).orderBy('created_at').execute();
  for (const c of cases) {
    out.cases++;
    const r = verifyTimeline(c, await listEvents(handle.db, c.id));
    if (!r.ok) out.brokenTimelines.push(c.case_no ?? c.id);
    try {
      openFormData(c.form_data);
    } catch {
      out.unreadableForms.push(c.case_no ?? c.id);
    }
  }
  for (const f of await handle.db.selectFrom('files').select('id').execute()) {
    out.files++;
    try {
      if (!(await files.get(f.id))) out.unreadableFiles.push(f.id);
    } catch {
      out.unreadableFiles.push(f.id);
    }
  }
  for (const u of await handle.db.selectFrom('users').select(['id', 'username', 'id_number', 'phone', 'legal_representative', 'address']).execute()) {
    out.users++;
    try {
      openUser(u);
    } catch {
      out.unreadableUsers.push(u.username);
    }
  }
  return out;
}

export const restoreIsSound = (c: RestoreCheck) => c.audit.ok && c.brokenTimelines.length + c.unreadableForms.length + c.unreadableFiles.length + c.unreadableUsers.length === 0;
