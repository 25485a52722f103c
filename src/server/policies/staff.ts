import type { StaffRole } from '../db/schema.js';
import type { Actor } from './actor.js';

/**
 * Staff administration (人员管理): who may act on which account and grant which role in which scope.
 * Issue 8 finding 3: checks look at the TARGET's grants, not only at the target's org — an account that
 * works in a county but holds a province-wide grant is a province account. Pure functions of
 * (actor, target), tested as tables in test/staff-admin.test.ts.
 */

/** A grant as the policy sees it: the role and the materialised path of its scope org. */
export interface GrantOnPath {
  role: StaffRole;
  scopePath: string;
}

/** The account acted on: who it is, where it works, and every grant it holds. */
export interface StaffTarget {
  userId: string;
  orgPath: string;
  grants: readonly GrantOnPath[];
}

/** The roles no administrator hands out through the API alone: the business roles of the platform. */
export const BUSINESS_ROLES: readonly StaffRole[] = ['window_clerk', 'approver_handle', 'approver_review', 'approver_signoff', 'catalogue_admin', 'hall_admin', 'supervisor'];

/** 三员 (三权分立): system, security and audit administrator. One account holds at most one of them. */
export const ADMINISTRATOR_ROLES: readonly StaffRole[] = ['system_admin', 'security_admin', 'audit_admin'];

/**
 * Which administering role does which kind of staff administration, and over accounts holding which
 * roles (三权分立, ADR 0010). `account`: create, disable, enable accounts — the system administrator, over
 * business staff and fellow system administrators. `grant`: give or take away roles — the security
 * administrator, over the business roles and fellow security administrators. Neither touches the other
 * two administrators' accounts, and nobody administers the audit administrator through the API: the
 * three are appointed at the console (`npm run appoint-admin`).
 */
export const STAFF_ADMINISTRATION: Record<'account' | 'grant', { by: StaffRole; over: readonly StaffRole[] }> = {
  account: { by: 'system_admin', over: [...BUSINESS_ROLES, 'system_admin'] },
  grant: { by: 'security_admin', over: [...BUSINESS_ROLES, 'security_admin'] },
};

/** More than one administrator grant on one account (三权分立), or null. */
export function administratorRoleProblem(grants: readonly { role: StaffRole }[]): { zh: string; en: string } | null {
  if (grants.filter((g) => ADMINISTRATOR_ROLES.includes(g.role)).length <= 1) return null;
  return { zh: '系统管理员、安全管理员、审计管理员三者互斥，一个账号只能担任其一且只有一个授权范围', en: 'The system, security and audit administrator roles are exclusive: one account holds at most one of them, in one scope' };
}

type Kind = keyof typeof STAFF_ADMINISTRATION;

/** Scope paths of the actor's grants of the role that does this kind of administration. */
function adminScopes(actor: Actor, kind: Kind): string[] {
  const by = STAFF_ADMINISTRATION[kind].by;
  return actor.roles.filter((g) => g.role === by).map((g) => g.scopePath);
}

/**
 * True when the actor holds `grant` themselves in the sense that matters: an administering grant whose
 * scope contains the grant's scope, and the grant's role is one that administering role looks after.
 * Nobody hands out a role or a scope wider than their own.
 */
export function coversGrant(actor: Actor, kind: Kind, grant: GrantOnPath): boolean {
  if (!STAFF_ADMINISTRATION[kind].over.includes(grant.role)) return false;
  return adminScopes(actor, kind).some((p) => grant.scopePath.startsWith(p));
}

/** True when the actor may act on the target account at all: never on themselves, and only when every grant it holds lies within the actor's own. */
export function coversAccount(actor: Actor, kind: Kind, target: StaffTarget): boolean {
  if (actor.userId === target.userId) return false;
  if (!adminScopes(actor, kind).some((p) => target.orgPath.startsWith(p))) return false;
  return target.grants.every((g) => coversGrant(actor, kind, g));
}

/**
 * Create an account in `orgPath`. Accounts are the system administrator's; roles are the security
 * administrator's, so an account is created with no grants unless the creator may also grant them —
 * which under 三权分立 nobody can: the security administrator grants roles afterwards.
 */
export function canCreateStaff(actor: Actor, orgPath: string, grants: readonly GrantOnPath[]): boolean {
  if (!adminScopes(actor, 'account').some((p) => orgPath.startsWith(p))) return false;
  return grants.every((g) => coversGrant(actor, 'grant', g));
}

/** Disable or enable an account. */
export function canSetDisabled(actor: Actor, target: StaffTarget): boolean {
  return coversAccount(actor, 'account', target);
}

/** Replace the target's grants with `next`: the actor must cover everything taken away and everything given. */
export function canChangeGrants(actor: Actor, target: StaffTarget, next: readonly GrantOnPath[]): boolean {
  return coversAccount(actor, 'grant', target) && next.every((g) => coversGrant(actor, 'grant', g));
}
