import type { StaffRole } from '../db/schema.js';
import type { Actor, AgentGrant } from './actor.js';
import { agentMayAct, type AgentDecision } from '../../core/agents/scope.js';

/**
 * Who may see a case (办件) and in which capacity — the one rule every case route calls (view,
 * commands, notices, timeline check, files). Access follows the case's role in it, not "any staff in
 * scope" (issue 8 finding 5):
 *
 * - `applicant`: the person or business the case belongs to; the only one who ever sees a draft.
 * - `window`: a window clerk (综合窗口) whose scope covers the implementing department — while the
 *   case is at the window: intake (submitted, correction, accepted until the back office takes it)
 *   and hand-out (decided, completed, delivered). Not while the back office works on it.
 * - `department`: an approver (承办/审核/签批) of the implementing department whose role is a step of
 *   the case's flow.
 * - `supervisor`: 电子监察 within scope, any submitted case.
 * - `agent`: 经办人 (ADR 0037) — a natural person the enterprise applicant registered as its agent, while
 *   the grant is in force and covers the case's item; sees and acts as the applicant would.
 *
 * Catalogue, hall and system administrators hold no case role: they never read citizens' cases.
 */
export type CaseRelation = 'applicant' | 'agent' | 'window' | 'department' | 'supervisor';

export interface CaseFacts {
  applicantId: string;
  orgPath: string;
  state: string;
  /** The back-office roles of the case's pinned flow (snapshot.item.steps[].role). */
  flowRoles: readonly string[];
  /** The item and its 窗口类别 (pinned in the snapshot since ADR 0037), for an agent's scope. */
  implId?: string;
  category?: string;
  /**
   * The Beijing day the question is asked on (defaults to the day of the actor's request, `agentDay`).
   * Neither known: no grant is in force (the policy never reads the wall clock).
   */
  today?: string;
}

/** An agent's answer for a case: may they act for its applicant on its item today (ADR 0037)? */
export function agentDecision(actor: Actor, c: Pick<CaseFacts, 'applicantId' | 'implId' | 'category' | 'today'>): AgentDecision {
  const today = c.today ?? actor.agentDay;
  // Without the app's day a grant's validity cannot be judged: refuse (as having no grant) rather than guess.
  return agentMayAct(today === undefined ? [] : (actor.agentFor ?? []), c.applicantId, { implId: c.implId ?? '', category: c.category }, today ?? '');
}

/** The grant an agent acts under on this case, or null (not an agent, or not in force / out of scope). */
export function agentGrantFor(actor: Actor | undefined, c: CaseFacts): AgentGrant | null {
  // A draft stays the enterprise's own (the agent files directly).
  if (!actor || actor.kind !== 'natural_person' || !actor.agentFor?.length || actor.userId === c.applicantId || c.state === 'draft') return null;
  if (!agentDecision(actor, c).ok) return null;
  return actor.agentFor.find((g) => g.enterpriseId === c.applicantId) ?? null;
}

/** States in which the case is at the window rather than in the back office. */
const WINDOW_HIDDEN_STATES = new Set(['draft', 'in_review', 'suspended']);
const APPROVER_ROLES: readonly StaffRole[] = ['approver_handle', 'approver_review', 'approver_signoff'];

export function caseRelation(actor: Actor | undefined, c: CaseFacts): CaseRelation | null {
  if (!actor) return null;
  if (actor.kind !== 'staff') return actor.userId === c.applicantId ? 'applicant' : agentGrantFor(actor, c) ? 'agent' : null;
  // Drafts belong to the applicant alone; a staff account is never a case's applicant.
  if (c.state === 'draft') return null;
  const grants = actor.roles.filter((g) => c.orgPath.startsWith(g.scopePath));
  if (grants.some((g) => APPROVER_ROLES.includes(g.role) && c.flowRoles.includes(g.role))) return 'department';
  if (grants.some((g) => g.role === 'window_clerk') && !WINDOW_HIDDEN_STATES.has(c.state)) return 'window';
  if (grants.some((g) => g.role === 'supervisor')) return 'supervisor';
  return null;
}

/** The facts `caseRelation` needs, read from a case row (its snapshot pins the flow). */
export function caseFactsOf(row: { applicant_id: string; org_path: string; state: string; snapshot: unknown; impl_id?: string }): CaseFacts {
  const item = (row.snapshot as { item?: { steps?: { role: string }[]; category?: string } } | null)?.item;
  return {
    applicantId: row.applicant_id,
    orgPath: row.org_path,
    state: row.state,
    flowRoles: (item?.steps ?? []).map((s) => s.role),
    ...(row.impl_id ? { implId: row.impl_id } : {}),
    ...(item?.category ? { category: item.category } : {}),
  };
}

/** Relations that see personal data in full (they verify identity or decide on it); others see it masked. */
export function seesPersonalData(relation: CaseRelation | null): boolean {
  return relation === 'applicant' || relation === 'agent' || relation === 'window' || relation === 'department';
}
