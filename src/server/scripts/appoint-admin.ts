import { loadConfig } from '../config.js';
import { openDb } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { StaffRole } from '../db/schema.js';
import { appointAdministrator } from '../org/appoint.js';

/**
 * `npm run appoint-admin -- <username> <system_admin|security_admin|audit_admin> <scope org key or id>`:
 * appoints one of the three administrators (三员) at the server console (ADR 0010).
 */
const [username, role, scope] = process.argv.slice(2);
if (!username || !role || !scope) {
  console.error('usage: npm run appoint-admin -- <username> <system_admin|security_admin|audit_admin> <scope org key or id>');
  process.exit(2);
}
const config = loadConfig();
const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrateToLatest(handle.db);
  const r = await appointAdministrator(handle.db, { username, role: role as StaffRole, scope });
  console.log(`appoint-admin: ${username} is now ${role} of ${r.orgName}`);
} catch (err) {
  console.error(`appoint-admin: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
