import type { StaffRole } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { hasRole, inScope, type Actor } from './actor.js';

export type { Actor } from './actor.js';

/**
 * Who may do what to which object — the one place (Outline's server/policies). Each action lists the
 * roles that grant it; a grant counts only when the object's org lies in the grant's scope subtree.
 * Services call `authorize` on every object they read or change, never an ad-hoc role check.
 */
export type Action =
  | 'org.read'
  | 'org.manage'
  | 'staff.read'
  | 'staff.manage'
  | 'applicant.read'
  | 'catalogue.read_draft'
  | 'catalogue.edit'
  | 'catalogue.publish'
  | 'catalogue.report'
  | 'calendar.manage'
  | 'audit.read';

const ALL_STAFF: StaffRole[] = [
  'window_clerk',
  'approver_handle',
  'approver_review',
  'approver_signoff',
  'catalogue_admin',
  'hall_admin',
  'supervisor',
  'system_admin',
];

export const POLICY: Record<Action, { roles: StaffRole[]; scoped: boolean }> = {
  'org.read': { roles: ALL_STAFF, scoped: true },
  'org.manage': { roles: ['system_admin', 'hall_admin'], scoped: true },
  'staff.read': { roles: ['system_admin', 'hall_admin', 'supervisor'], scoped: true },
  'staff.manage': { roles: ['system_admin'], scoped: true },
  // Applicants have no org; clerks look them up at the window by ID number or credit code.
  'applicant.read': { roles: ['window_clerk', 'system_admin'], scoped: false },
  'catalogue.read_draft': { roles: ['catalogue_admin', 'system_admin', 'supervisor'], scoped: true },
  'catalogue.edit': { roles: ['catalogue_admin'], scoped: true },
  'catalogue.publish': { roles: ['catalogue_admin'], scoped: true },
  'catalogue.report': { roles: ['catalogue_admin', 'supervisor', 'system_admin'], scoped: true },
  'calendar.manage': { roles: ['system_admin'], scoped: false },
  'audit.read': { roles: ['system_admin', 'supervisor'], scoped: false },
};

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
