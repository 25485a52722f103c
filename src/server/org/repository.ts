import type { Kysely } from 'kysely';
import type { Database, StaffRole } from '../db/schema.js';

export function listRegions(db: Kysely<Database>) {
  return db.selectFrom('regions').select(['code', 'name', 'level', 'parent_code']).orderBy('code').execute();
}

export function listOrgs(db: Kysely<Database>) {
  return db
    .selectFrom('orgs')
    .select(['id', 'kind', 'name', 'name_en', 'short_name', 'region_code', 'parent_id', 'credit_code', 'path'])
    .orderBy('path')
    .execute();
}

export function findOrg(db: Kysely<Database>, id: string) {
  return db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listWindows(db: Kysely<Database>, hallId?: string) {
  let q = db.selectFrom('windows').selectAll().orderBy('number');
  if (hallId) q = q.where('hall_id', '=', hallId);
  return q.execute();
}

/** Staff whose org lies under one of the given scope paths (one query for a list screen). */
export function listStaffInScopes(db: Kysely<Database>, scopePaths: string[]) {
  if (scopePaths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .selectAll('users')
    .select(['orgs.name as org_name', 'orgs.path as org_path'])
    .where('users.kind', '=', 'staff')
    .where((eb) => eb.or(scopePaths.map((p) => eb('orgs.path', 'like', `${p}%`))))
    .orderBy('orgs.path')
    .orderBy('users.username')
    .execute();
}

export function findStaffWithOrg(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .selectAll('users')
    .select(['orgs.name as org_name', 'orgs.path as org_path'])
    .where('users.id', '=', id)
    .where('users.kind', '=', 'staff')
    .executeTakeFirst();
}

/** Grants of the given staff, with each scope org's path (the staff policy compares paths). */
export function rolesOf(db: Kysely<Database>, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('staff_roles')
    .innerJoin('orgs', 'orgs.id', 'staff_roles.scope_org_id')
    .select(['staff_roles.user_id', 'staff_roles.role', 'staff_roles.scope_org_id', 'orgs.path as scope_path'])
    .where('staff_roles.user_id', 'in', userIds)
    .execute();
}

/** A staff member's grants with the materialised path of each scope org (the policy compares paths). */
export function grantsWithPaths(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('staff_roles')
    .innerJoin('orgs', 'orgs.id', 'staff_roles.scope_org_id')
    .select(['staff_roles.role', 'staff_roles.scope_org_id', 'orgs.path as scope_path'])
    .where('staff_roles.user_id', '=', userId)
    .execute();
}

/** Orgs by id (one query for every scope named in a request). */
export function findOrgs(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('orgs').select(['id', 'path', 'name']).where('id', 'in', [...ids]).execute();
}

export function usernameTaken(db: Kysely<Database>, username: string) {
  return db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
}

/** Replaces every grant of a staff member (call inside the service's transaction). */
export async function replaceGrants(tx: Kysely<Database>, userId: string, grants: readonly { role: StaffRole; scopeOrgId: string }[]) {
  await tx.deleteFrom('staff_roles').where('user_id', '=', userId).execute();
  if (grants.length) await tx.insertInto('staff_roles').values(grants.map((g) => ({ user_id: userId, role: g.role, scope_org_id: g.scopeOrgId }))).execute();
}
