import { loadConfig } from '../config.js';
import { openDb } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { StaffRole } from '../db/schema.js';
import { recordAudit } from '../identity/audit.js';
import { ADMINISTRATOR_ROLES } from '../policies/staff.js';

/**
 * `npm run appoint-admin -- <username> <system_admin|security_admin|audit_admin> <scope org key or id>`:
 * appoints one of the three administrators (三员) at the server console. Under 三权分立 nobody grants
 * these roles through the API (a security administrator may only hand out roles it administers), so
 * the operator who runs the server appoints them; the appointment is recorded in the audit log.
 * The account keeps its business roles and loses any other administrator role (one of the three only).
 */
const [username, role, scope] = process.argv.slice(2);
if (!username || !role || !scope || !ADMINISTRATOR_ROLES.includes(role as StaffRole)) {
  console.error('usage: npm run appoint-admin -- <username> <system_admin|security_admin|audit_admin> <scope org key or id>');
  process.exit(2);
}
const config = loadConfig();
const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrateToLatest(handle.db);
  const user = await handle.db.selectFrom('users').select(['id', 'kind']).where('username', '=', username).executeTakeFirst();
  const isUuid = /^[0-9a-f-]{36}$/i.test(scope);
  const org = await handle.db
    .selectFrom('orgs')
    .select(['id', 'name'])
    .where(isUuid ? 'id' : 'key', '=', scope)
    .executeTakeFirst();
  if (!user || user.kind !== 'staff') throw new Error(`no staff account ${username}`);
  if (!org) throw new Error(`no organisation ${scope}`);
  await handle.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('staff_roles').where('user_id', '=', user.id).where('role', 'in', [...ADMINISTRATOR_ROLES]).execute();
    await tx.insertInto('staff_roles').values({ user_id: user.id, role: role as StaffRole, scope_org_id: org.id }).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await recordAudit(tx, { kind: 'administrator_appointed', objectType: 'user', objectId: user.id, detail: { username, role, scopeOrgId: org.id, by: 'console' } });
  });
  console.log(`appoint-admin: ${username} is now ${role} of ${org.name}`);
} catch (err) {
  console.error(`appoint-admin: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
