import type { StaffRole } from '../db/schema.js';
import type { Actor } from './actor.js';

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
 *
 * Catalogue, hall and system administrators hold no case role: they never read citizens' cases.
 */
export type CaseRelation = 'applicant' | 'window' | 'department' | 'supervisor';

export interface CaseFacts {
  applicantId: string;
  orgPath: string;
  state: string;
  /** The back-office roles of the case's pinned flow (snapshot.item.steps[].role). */
  flowRoles: readonly string[];
}

/** States in which the case is at the window rather than in the back office. */
const WINDOW_HIDDEN_STATES = new Set(['draft', 'in_review', 'suspended']);
const APPROVER_ROLES: readonly StaffRole[] = ['approver_handle', 'approver_review', 'approver_signoff'];

export function caseRelation(actor: Actor | undefined, c: CaseFacts): CaseRelation | null {
  if (!actor) return null;
  if (actor.kind !== 'staff') return actor.userId === c.applicantId ? 'applicant' : null;
  // Drafts belong to the applicant alone; a staff account is never a case's applicant.
  if (c.state === 'draft') return null;
  const grants = actor.roles.filter((g) => c.orgPath.startsWith(g.scopePath));
  if (grants.some((g) => APPROVER_ROLES.includes(g.role) && c.flowRoles.includes(g.role))) return 'department';
  if (grants.some((g) => g.role === 'window_clerk') && !WINDOW_HIDDEN_STATES.has(c.state)) return 'window';
  if (grants.some((g) => g.role === 'supervisor')) return 'supervisor';
  return null;
}

/** The facts `caseRelation` needs, read from a case row (its snapshot pins the flow). */
export function caseFactsOf(row: { applicant_id: string; org_path: string; state: string; snapshot: unknown }): CaseFacts {
  const steps = (row.snapshot as { item?: { steps?: { role: string }[] } } | null)?.item?.steps ?? [];
  return { applicantId: row.applicant_id, orgPath: row.org_path, state: row.state, flowRoles: steps.map((s) => s.role) };
}

/** Relations that see personal data in full (they verify identity or decide on it); others see it masked. */
export function seesPersonalData(relation: CaseRelation | null): boolean {
  return relation === 'applicant' || relation === 'window' || relation === 'department';
}
