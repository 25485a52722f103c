import type { StaffRole, UserKind } from '../db/schema.js';
import type { AgentGrantFacts } from '../../core/agents/scope.js';

/** The authenticated caller, as every service and policy sees it. */
export interface RoleGrant {
  role: StaffRole;
  scopeOrgId: string;
  /** Materialised path of the scope org ('/id1/id2/'); objects whose org path starts with it are in scope. */
  scopePath: string;
}

export interface Actor {
  userId: string;
  kind: UserKind;
  displayName: string;
  orgId: string | null;
  roles: RoleGrant[];
  /**
   * 经办人 (ADR 0037): the enterprises this natural person may act for, read with the session in the same
   * statement (revoked ones included, flagged; whether one is in force today and covers an item is the core's rule).
   */
  agentFor?: AgentGrant[];
  /**
   * The Beijing day of the request the session was resolved for, by the app's clock: an agent's grants
   * are judged on it (not on the wall clock, which a test clock or a request straddling midnight would
   * contradict). Set with `agentFor`.
   */
  agentDay?: string;
}

export interface AgentGrant extends AgentGrantFacts {
  grantId: string;
  enterpriseName: string;
}

export const ANONYMOUS = undefined;

export function hasRole(actor: Actor | undefined, role: StaffRole): boolean {
  return !!actor && actor.roles.some((g) => g.role === role);
}

/** True when `orgPath` lies within the scope of one of the actor's grants of one of `roles`. */
export function inScope(actor: Actor | undefined, roles: readonly StaffRole[], orgPath: string): boolean {
  if (!actor) return false;
  return actor.roles.some((g) => roles.includes(g.role) && orgPath.startsWith(g.scopePath));
}

/** Scope paths of the actor's grants of the given roles (for list queries: `path like scope || '%'`). */
export function scopePaths(actor: Actor | undefined, roles: readonly StaffRole[]): string[] {
  if (!actor) return [];
  return [...new Set(actor.roles.filter((g) => roles.includes(g.role)).map((g) => g.scopePath))];
}
