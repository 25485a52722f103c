import type { Kysely } from 'kysely';
import type { Database, StaffRole } from '../db/schema.js';
import { recordAudit } from '../identity/audit.js';
import { ADMINISTRATOR_ROLES } from '../policies/staff.js';

/**
 * Appoints one of the three administrators (三员) — the console's job, since under 三权分立 nobody grants
 * these roles through the API (ADR 0010). The account keeps its business roles and loses any other
 * administrator role (one of the three only); its sessions end; the appointment is audited.
 */
export async function appointAdministrator(db: Kysely<Database>, input: { username: string; role: StaffRole; scope: string }): Promise<{ userId: string; orgName: string }> {
  if (!ADMINISTRATOR_ROLES.includes(input.role)) throw new Error(`${input.role} is not one of ${ADMINISTRATOR_ROLES.join(', ')}`);
  const user = await db.selectFrom('users').select(['id', 'kind']).where('username', '=', input.username).executeTakeFirst();
  if (!user || user.kind !== 'staff') throw new Error(`no staff account ${input.username}`);
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.scope);
  const org = await db.selectFrom('orgs').select(['id', 'name']).where(isUuid ? 'id' : 'key', '=', input.scope).executeTakeFirst();
  if (!org) throw new Error(`no organisation ${input.scope}`);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('staff_roles').where('user_id', '=', user.id).where('role', 'in', [...ADMINISTRATOR_ROLES]).execute();
    await tx.insertInto('staff_roles').values({ user_id: user.id, role: input.role, scope_org_id: org.id }).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await recordAudit(tx, { kind: 'administrator_appointed', objectType: 'user', objectId: user.id, detail: { username: input.username, role: input.role, scopeOrgId: org.id, by: 'console' } });
  });
  return { userId: user.id, orgName: org.name };
}
