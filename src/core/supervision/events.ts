import type { CaseSnapshot, IsoDate } from '../cases/types.js';
import type { WorkingDays } from '../cases/machine.js';
import { caseRuleHits, complaintRuleHits, rectificationRuleHits, DEFAULT_RULE_LIMITS, type RectificationFacts, type RuleId, type RuleLimits } from './rules.js';

/**
 * The rules evaluated on each event, not only by the sweep (issue 12). An event is an instant on `today`:
 * a rule that held just before it (the state it ends: an acceptance after the 5-day intake limit, a
 * decision past the due date, a claim after the case waited too long, a resumption after an overlong
 * special procedure) or holds just after it (a second correction notice, a resumption that leaves the
 * case overdue) is a hit of that day, as the sweep would have found it had it run at that moment. The
 * same rule functions decide; each rule appears once, and `held` says on which side (the person it
 * counts against is the one holding the case on that side).
 */
export interface EventHit {
  rule: RuleId;
  held: 'before' | 'after';
}

function union(before: readonly RuleId[], after: readonly RuleId[]): EventHit[] {
  return [...before.map((rule) => ({ rule, held: 'before' as const })), ...after.filter((r) => !before.includes(r)).map((rule) => ({ rule, held: 'after' as const }))];
}

/** The rules a case command makes a hit of today: over the state it was decided on and the state it leaves. */
export function caseEventHits(before: CaseSnapshot, after: CaseSnapshot, today: IsoDate, cal: WorkingDays, limits: RuleLimits = DEFAULT_RULE_LIMITS): EventHit[] {
  return union(caseRuleHits(before, today, cal, limits), caseRuleHits(after, today, cal, limits));
}

/** The rules a step on a 差评 rectification task (回访, 整改, withdrawal) makes a hit of today: a late step. */
export function rectificationEventHits(before: RectificationFacts, after: RectificationFacts, today: IsoDate): EventHit[] {
  return union(rectificationRuleHits(before, today), rectificationRuleHits(after, today));
}

/** The rules a step on a complaint (a reply) makes a hit of today: a reply after the deadline. */
export function complaintEventHits(before: { status: 'open' | 'replied' | 'closed'; dueOn: IsoDate }, after: { status: 'open' | 'replied' | 'closed'; dueOn: IsoDate }, today: IsoDate): EventHit[] {
  return union(complaintRuleHits(before, today), complaintRuleHits(after, today));
}
