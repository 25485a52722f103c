import type { Kysely } from 'kysely';
import type { Database, StaffRole } from '../../src/server/db/schema.js';
import { hashPassword } from '../../src/server/identity/passwords.js';
import { completeCreditCode } from '../../src/core/codes/credit-code.js';
import { DEMO_PASSWORD } from '../../src/server/demo/seed.js';
import { sealField } from '../../src/server/crypto/personal-data.js';

let cachedHash: string | undefined;
async function demoHash(): Promise<string> {
  cachedHash ??= await hashPassword(DEMO_PASSWORD);
  return cachedHash;
}

/** A second county (县 B) under the demo city, with a department and staff of the given roles. */
export async function buildCounty(
  db: Kysely<Database>,
  opts: { regionCode: string; name: string; staff: { username: string; roles: StaffRole[] }[] },
): Promise<{ govId: string; deptId: string; deptCreditCode: string; userIds: Record<string, string> }> {
  const city = await db.selectFrom('orgs').select(['id', 'path']).where('key', '=', 'city-gov').executeTakeFirstOrThrow();
  await db.insertInto('regions').values({ code: opts.regionCode, name: opts.name, level: 3, parent_code: '330500' }).execute();
  const govId = crypto.randomUUID();
  const govPath = `${city.path}${govId}/`;
  await db.insertInto('orgs').values({ id: govId, kind: 'government', name: `${opts.name}人民政府`, short_name: opts.name, region_code: opts.regionCode, parent_id: city.id, path: govPath }).execute();
  const deptId = crypto.randomUUID();
  const deptCreditCode = completeCreditCode(`11${opts.regionCode}MB0000001`);
  await db
    .insertInto('orgs')
    .values({ id: deptId, kind: 'department', name: `${opts.name}市场监督管理局`, short_name: '市场监管局', region_code: opts.regionCode, parent_id: govId, path: `${govPath}${deptId}/`, credit_code: deptCreditCode })
    .execute();
  const userIds: Record<string, string> = {};
  for (const s of opts.staff) {
    const u = await db
      .insertInto('users')
      .values({ kind: 'staff', username: s.username, display_name: s.username, password_hash: await demoHash(), org_id: govId, phone: sealField('phone', '13900000000') })
      .returning('id')
      .executeTakeFirstOrThrow();
    userIds[s.username] = u.id;
    for (const role of s.roles) await db.insertInto('staff_roles').values({ user_id: u.id, role, scope_org_id: govId }).execute();
  }
  return { govId, deptId, deptCreditCode, userIds };
}

export async function orgIdByKey(db: Kysely<Database>, key: string): Promise<string> {
  return (await db.selectFrom('orgs').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
}

/** One staff account in the demo org tree with the given grants (role → scope org key), e.g. a county-scoped admin. */
export async function buildStaff(
  db: Kysely<Database>,
  opts: { username: string; orgKey: string; roles: { role: StaffRole; scopeKey: string }[] },
): Promise<string> {
  const u = await db
    .insertInto('users')
    .values({ kind: 'staff', username: opts.username, display_name: opts.username, password_hash: await demoHash(), org_id: await orgIdByKey(db, opts.orgKey), phone: sealField('phone', '13900000001') })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const r of opts.roles) await db.insertInto('staff_roles').values({ user_id: u.id, role: r.role, scope_org_id: await orgIdByKey(db, r.scopeKey) }).execute();
  return u.id;
}
