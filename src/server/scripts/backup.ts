import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { lockEmbedded } from './embedded-lock.js';
import { openDb } from '../db/database.js';
import { fileStoreFor } from '../adapters/file-store.js';
import { createBackup } from '../backup/backup.js';
import { recordAudit } from '../identity/audit.js';

/**
 * `npm run backup -- --out <file>`: the database (pg_dump, or the embedded PGlite's data directory) and
 * the stored files in one tar archive with a manifest of checksums (ADR 0011). With the embedded
 * database, stop the server first (PGlite is one process). The data key is NOT in the archive: keep
 * DATA_KEY or DATA_DIR/data-key safe and apart from the backups, a restore needs it.
 */
const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (!values.out) {
  console.error('usage: npm run backup -- --out <file.tar>');
  process.exit(2);
}
const config = loadConfig();
lockEmbedded(config, 'backup');
const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
let code = 0;
try {
  const m = await createBackup({ handle, databaseUrl: config.databaseUrl, files: fileStoreFor(config), out: values.out });
  console.log(`backup: ${values.out} — ${m.database.kind} database (${m.database.lastMigration}), ${m.counts.cases} cases, ${m.counts.users} accounts, ${m.counts.files} files`);
  await recordAudit(handle.db, { kind: 'backup_created', username: `console:${os.userInfo().username}`, objectType: 'backup', objectId: path.basename(values.out), detail: { createdAt: m.createdAt, counts: m.counts, keyIds: m.keyIds, files: m.files.store } });
  if (m.files.store === 'external') console.log(`backup: the files are in ${m.files.location}; back the bucket up by its own means (versioning, replication)`);
  console.log(`backup: sealed under data key(s) ${m.keyIds.join(', ') || '(none)'}; the key is not in the archive — keep it safe and apart`);
} catch (err) {
  console.error(`backup failed: ${(err as Error).message}`);
  code = 1;
} finally {
  await handle.close();
}
process.exit(code);
