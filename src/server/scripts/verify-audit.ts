import { loadConfig } from '../config.js';
import { openDb } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { verifyAuditLog } from '../audit/verify.js';

/**
 * `npm run verify-audit`: re-computes the audit log's SM3 hash chain (ADR 0010) and reports the first
 * broken entry. Exit code 1 when the chain is broken.
 */
const config = loadConfig();
const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
let code = 0;
try {
  await migrateToLatest(handle.db);
  const r = await verifyAuditLog(handle.db);
  if (r.ok) console.log(`verify-audit: ${r.checked} entries checked, chain intact`);
  else {
    console.log(`verify-audit: BROKEN at entry ${r.seq} (${r.reason})`);
    code = 1;
  }
} catch (err) {
  console.error(`verify-audit: ${(err as Error).message}`);
  code = 2;
} finally {
  await handle.close();
}
process.exit(code);
