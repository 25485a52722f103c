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

/**
 * Which administering role may do which kind of staff administration, and over which roles.
 * `account`: create, disable, enable accounts. `grant`: give or take away roles.
 */
export const STAFF_ADMINISTRATION: Record<'account' | 'grant', { by: StaffRole; over: readonly StaffRole[] }> = {
  account: {
    by: 'system_admin',
    over: ['window_clerk', 'approver_handle', 'approver_review', 'approver_signoff', 'catalogue_admin', 'hall_admin', 'supervisor', 'system_admin'],
  },
  grant: {
    by: 'system_admin',
    over: ['window_clerk', 'approver_handle', 'approver_review', 'approver_signoff', 'catalogue_admin', 'hall_admin', 'supervisor', 'system_admin'],
  },
};

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

/** Create an account in `orgPath` with `grants` (empty when only the account is made). */
export function canCreateStaff(actor: Actor, orgPath: string, grants: readonly GrantOnPath[]): boolean {
  if (!adminScopes(actor, 'account').some((p) => orgPath.startsWith(p))) return false;
  return grants.length === 0 || grants.every((g) => coversGrant(actor, 'grant', g));
}

/** Disable or enable an account. */
export function canSetDisabled(actor: Actor, target: StaffTarget): boolean {
  return coversAccount(actor, 'account', target);
}

/** Replace the target's grants with `next`: the actor must cover everything taken away and everything given. */
export function canChangeGrants(actor: Actor, target: StaffTarget, next: readonly GrantOnPath[]): boolean {
  return coversAccount(actor, 'grant', target) && next.every((g) => coversGrant(actor, 'grant', g));
}
