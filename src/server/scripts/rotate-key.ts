import os from 'node:os';
import { loadConfig } from '../config.js';
import { lockEmbedded } from './embedded-lock.js';
import { openDb } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { fileStoreFor } from '../adapters/file-store.js';
import { rotateDataKey } from '../crypto/rotate.js';
import { loadDataKeys } from '../crypto/data-key.js';

/**
 * `npm run rotate-key`: re-seals every personal value and stored file under a new data key (ADR 0011).
 * Embedded default: generates the new key into DATA_DIR/data-key itself (stop the server first: PGlite
 * is one process). With DATA_KEY: set `DATA_KEY=<new>,<old>` everywhere (servers keep reading old values
 * and seal under the new key), run this, then set `DATA_KEY=<new>`.
 */
const config = loadConfig();
// Checks DATA_KEY or the key file (and its permissions) before anything is opened.
loadDataKeys(config);
lockEmbedded(config, 'rotate-key');
const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
try {
  await migrateToLatest(handle.db);
  const r = await rotateDataKey(handle.db, { configuredKeys: config.dataKeys, dataDir: config.dataDir, files: fileStoreFor(config), operator: `console:${os.userInfo().username}` });
  console.log(`rotate-key: now sealing under key ${r.toKid}; re-sealed ${r.users} accounts, ${r.cases} cases, ${r.files} files`);
  if (config.dataKeys.length > 1) console.log(`rotate-key: no data is sealed under ${r.fromKids.join(', ')} any more; drop those keys from DATA_KEY`);
  if (config.dataKeys.length === 1) console.log('rotate-key: DATA_KEY holds one key: everything is sealed under it (to rotate, set DATA_KEY=<new>,<old> first)');
} finally {
  await handle.close();
}
