import type { Kysely } from 'kysely';
import type { Database, StaffRole } from '../db/schema.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/actor.js';
import { administratorRoleProblem, canChangeGrants, canCreateStaff, canSetDisabled, type GrantOnPath, type StaffTarget } from '../policies/staff.js';
import { recordAudit } from '../identity/audit.js';
import { hashPassword, passwordProblems } from '../identity/passwords.js';
import * as repo from './repository.js';
import { sealField } from '../crypto/personal-data.js';

/** Staff administration use cases (人员管理): each checks the staff policy on the target's grants and records an audit entry in the same transaction. */

export interface GrantInput {
  role: StaffRole;
  scopeOrgId: string;
}

function refuse(action: string): never {
  throw new DomainError('FORBIDDEN', undefined, [{ code: action, zh: `无权限：${action}`, en: `Not allowed: ${action}` }]);
}

/** Resolves the scope orgs of requested grants to paths; an unknown scope is a 404 before anything changes. */
async function grantsOnPaths(db: Kysely<Database>, grants: readonly GrantInput[]): Promise<GrantOnPath[]> {
  const orgs = await repo.findOrgs(db, [...new Set(grants.map((g) => g.scopeOrgId))]);
  return grants.map((g) => {
    const org = orgs.find((o) => o.id === g.scopeOrgId);
    if (!org) throw new DomainError('NOT_FOUND', { zh: '授权范围机构不存在', en: 'The scope organisation does not exist' });
    return { role: g.role, scopePath: org.path };
  });
}

/** The target account with every grant it holds (the policy looks at all of them). */
export async function loadTarget(db: Kysely<Database>, userId: string) {
  const row = await repo.findStaffWithOrg(db, userId);
  if (!row) throw new DomainError('NOT_FOUND');
  const grants = await repo.grantsWithPaths(db, userId);
  const target: StaffTarget = { userId: row.id, orgPath: row.org_path, grants: grants.map((g) => ({ role: g.role, scopePath: g.scope_path })) };
  return { row, grants, target };
}

function dedupe(grants: readonly GrantInput[]): GrantInput[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const k = `${g.role}@${g.scopeOrgId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export async function createStaff(
  db: Kysely<Database>,
  actor: Actor,
  input: { username: string; displayName: string; password: string; orgId: string; phone?: string | undefined; roles: readonly GrantInput[] },
  ip: string | null,
) {
  const org = await repo.findOrg(db, input.orgId);
  if (!org) throw new DomainError('NOT_FOUND', { zh: '所属机构不存在', en: 'The organisation does not exist' });
  const roles = dedupe(input.roles);
  const exclusive = administratorRoleProblem(roles);
  if (exclusive) throw new DomainError('VALIDATION_FAILED', exclusive);
  const onPaths = await grantsOnPaths(db, roles);
  if (!canCreateStaff(actor, org.path, onPaths)) refuse('staff.manage');
  const pw = passwordProblems(input.password);
  if (pw) throw new DomainError('VALIDATION_FAILED', pw);
  if (await repo.usernameTaken(db, input.username)) throw new DomainError('CONFLICT', { zh: '该用户名已被使用', en: 'This username is taken' });
  const password_hash = await hashPassword(input.password);
  const user = await db.transaction().execute(async (tx) => {
    const u = await tx
      .insertInto('users')
      .values({ kind: 'staff', username: input.username, display_name: input.displayName, password_hash, org_id: org.id, phone: sealField('phone', input.phone ?? null) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await repo.replaceGrants(tx, u.id, roles);
    await recordAudit(tx, {
      kind: 'staff_created',
      userId: actor.userId,
      ip,
      objectType: 'user',
      objectId: u.id,
      detail: { username: u.username, orgId: org.id, roles: roles.map((r) => ({ role: r.role, scopeOrgId: r.scopeOrgId })) },
    });
    return u;
  });
  return { user, org, roles };
}

export async function setDisabled(db: Kysely<Database>, actor: Actor, userId: string, disabled: boolean, ip: string | null) {
  const { row, target } = await loadTarget(db, userId);
  if (!canSetDisabled(actor, target)) refuse('staff.manage');
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ disabled }).where('id', '=', row.id).execute();
    if (disabled) await tx.deleteFrom('sessions').where('user_id', '=', row.id).execute();
    await recordAudit(tx, { kind: disabled ? 'staff_disabled' : 'staff_enabled', userId: actor.userId, ip, objectType: 'user', objectId: row.id, detail: { username: row.username } });
  });
  return { id: row.id, disabled };
}

export async function changeGrants(db: Kysely<Database>, actor: Actor, userId: string, requested: readonly GrantInput[], ip: string | null) {
  const { row, grants, target } = await loadTarget(db, userId);
  const next = dedupe(requested);
  const exclusive = administratorRoleProblem(next);
  if (exclusive) throw new DomainError('VALIDATION_FAILED', exclusive);
  const onPaths = await grantsOnPaths(db, next);
  if (!canChangeGrants(actor, target, onPaths)) refuse('staff.grant');
  await db.transaction().execute(async (tx) => {
    await repo.replaceGrants(tx, row.id, next);
    // A changed role takes effect at once: the person logs in again under the new grants.
    await tx.deleteFrom('sessions').where('user_id', '=', row.id).execute();
    await recordAudit(tx, {
      kind: 'staff_roles_changed',
      userId: actor.userId,
      ip,
      objectType: 'user',
      objectId: row.id,
      detail: { username: row.username, before: grants.map((g) => ({ role: g.role, scopeOrgId: g.scope_org_id })), after: next.map((g) => ({ role: g.role, scopeOrgId: g.scopeOrgId })) },
    });
  });
  return { id: row.id, roles: next };
}
