import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { lockEmbedded } from './embedded-lock.js';
import { openDb } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { fileStoreFor } from '../adapters/file-store.js';
import { installKeyring, keyFilePath, readKeyFile, writeKeyFile } from '../crypto/data-key.js';
import { Keyring } from '../crypto/keyring.js';
import { checkRestored, restoreBackup, restoreIsSound } from '../backup/restore.js';
import type { BackupManifest } from '../backup/backup.js';
import { recordAudit } from '../identity/audit.js';

/**
 * `npm run restore -- --from <file> [--key-file <data-key>]`: restores a backup into an empty DATA_DIR
 * (embedded database) or an empty PostgreSQL database (DATABASE_URL), then checks it: every case's SM3
 * timeline, every file and every sealed personal value. `--key-file` copies the data key file of the
 * backed-up installation into the new DATA_DIR (or set DATA_KEY). Exit code 1 when the check fails.
 */
const { values } = parseArgs({ options: { from: { type: 'string' }, 'key-file': { type: 'string' } } });
if (!values.from) {
  console.error('usage: npm run restore -- --from <file.tar> [--key-file <path to data-key>]');
  process.exit(2);
}
const config = loadConfig();
let keys = config.dataKeys;
if (keys.length === 0) {
  const file = keyFilePath(config.dataDir);
  if (values['key-file']) {
    if (fs.existsSync(file)) throw new Error(`${file} exists already; not overwriting it`);
    writeKeyFile(file, readKeyFile(values['key-file']));
  }
  if (!fs.existsSync(file)) {
    console.error('restore: no data key. Give the backed-up installation\'s key with --key-file <its DATA_DIR/data-key>, or set DATA_KEY');
    process.exit(2);
  }
  keys = readKeyFile(file);
}
installKeyring(new Keyring(keys));

lockEmbedded(config, 'restore');
let manifest: BackupManifest;
try {
  manifest = await restoreBackup({ from: values.from, dataDir: config.dataDir, databaseUrl: config.databaseUrl });
} catch (err) {
  console.error(`restore refused: ${(err as Error).message}`);
  process.exit(1);
}
console.log(`restore: ${manifest.database.kind} database from ${manifest.createdAt}, ${manifest.counts.cases} cases, ${manifest.counts.files} files`);
const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
let code = 0;
try {
  await migrateToLatest(handle.db);
  const check = await checkRestored(handle, fileStoreFor(config));
  console.log(`restore check: audit chain ${check.audit.ok ? `intact (${check.audit.checked} entries)` : `BROKEN at ${check.audit.seq}`}, ${check.cases} timelines (${check.brokenTimelines.length} broken), ${check.files} files (${check.unreadableFiles.length} unreadable), ${check.users} accounts (${check.unreadableUsers.length} unreadable)`);
  await recordAudit(handle.db, { kind: 'backup_restored', username: `console:${os.userInfo().username}`, objectType: 'backup', objectId: path.basename(values.from), detail: { createdAt: manifest.createdAt, sound: restoreIsSound(check), brokenTimelines: check.brokenTimelines.length, unreadableFiles: check.unreadableFiles.length } });
  if (!restoreIsSound(check)) {
    console.error(JSON.stringify(check, null, 2));
    code = 1;
  }
} finally {
  await handle.close();
}
process.exit(code);
