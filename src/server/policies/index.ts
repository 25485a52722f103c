import type { StaffRole } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { hasRole, inScope, type Actor } from './actor.js';
import { ACTION_GRANTS, type Action } from '../../core/access/grants.js';

export type { Actor } from './actor.js';

/**
 * Who may do what to which object — the one place (Outline's server/policies). Each action lists the
 * roles that grant it; a grant counts only when the object's org lies in the grant's scope subtree.
 * Services call `authorize` on every object they read or change, never an ad-hoc role check.
 */
export type { Action } from '../../core/access/grants.js';

/** Each action's granting roles, from the table the web's menus also read (src/core/access/grants.ts). */
export const POLICY: Record<Action, { roles: readonly StaffRole[]; scoped: boolean }> = ACTION_GRANTS;

/** The object an action applies to: its owning org's materialised path. */
export interface Subject {
  orgPath: string;
}

export function can(actor: Actor | undefined, action: Action, subject?: Subject): boolean {
  if (!actor || actor.kind !== 'staff') return false;
  const rule = POLICY[action];
  if (!rule.scoped) return rule.roles.some((r) => hasRole(actor, r));
  if (!subject) return rule.roles.some((r) => hasRole(actor, r));
  return inScope(actor, rule.roles, subject.orgPath);
}

export function authorize(actor: Actor | undefined, action: Action, subject?: Subject): void {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  if (!can(actor, action, subject)) {
    throw new DomainError('FORBIDDEN', undefined, [{ code: action, zh: `无权限：${action}`, en: `Not allowed: ${action}` }]);
  }
}

/** The caller's abilities on one object, returned with it so the UI shows only allowed actions. */
export function abilities<A extends Action>(actor: Actor | undefined, actions: readonly A[], subject: Subject): Record<A, boolean> {
  const out = {} as Record<A, boolean>;
  for (const a of actions) out[a] = can(actor, a, subject);
  return out;
}
