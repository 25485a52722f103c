import type { CaseSnapshot, IsoDate } from '../cases/types.js';
import { intakeDeadline, type WorkingDays } from '../cases/machine.js';
import { NEAR_DUE_DAYS } from '../cases/time.js';
import { decisionWithoutAcceptance, feeDiffers } from './closing-rules.js';

/**
 * 电子监察 rules: each a pure function from an object's facts and the day to a hit or nothing. The sweep
 * (and the write paths) evaluate them and record each hit once per object and rule.
 */
export type RuleId =
  | 'near_due' // 黄灯: a running case within NEAR_DUE_DAYS working days of its due date
  | 'overdue' // 红灯: a running case past its due date
  | 'late_intake' // not taken in within 5 working days (行政许可法 第32条)
  | 'second_correction' // a correction notice on a second submission (一次性告知 not kept)
  | 'special_procedure_overrun' // in a special procedure longer than allowed
  | 'unclaimed' // waiting in an inbox unclaimed too long
  | 'rating_not_revisited' // 实名差评 not revisited in time
  | 'rating_not_rectified' // 差评 not rectified in time
  | 'complaint_overdue' // complaint not answered in time
  | 'fee_mismatch' // 收费与目录不符: a charge different from the pinned catalogue fee
  | 'decision_without_acceptance'; // 未受理即作出决定: a decision on a timeline with no acceptance

export const RULE_IDS: readonly RuleId[] = ['near_due', 'overdue', 'late_intake', 'second_correction', 'special_procedure_overrun', 'unclaimed', 'rating_not_revisited', 'rating_not_rectified', 'complaint_overdue', 'fee_mismatch', 'decision_without_acceptance'];

export const RULE_NAMES: Record<RuleId, { zh: string; en: string }> = {
  near_due: { zh: '临近超期（黄灯）', en: 'Near due (yellow light)' },
  overdue: { zh: '超期（红灯）', en: 'Overdue (red light)' },
  late_intake: { zh: '超过5个工作日未受理', en: 'Not taken in within 5 working days' },
  second_correction: { zh: '多次补正告知', en: 'A second correction notice' },
  special_procedure_overrun: { zh: '特别程序超时', en: 'Special procedure too long' },
  unclaimed: { zh: '长时间未认领', en: 'Unclaimed too long' },
  rating_not_revisited: { zh: '差评未按时回访', en: 'Bad rating not revisited in time' },
  rating_not_rectified: { zh: '差评未按时整改', en: 'Bad rating not rectified in time' },
  complaint_overdue: { zh: '投诉超期未答复', en: 'Complaint not answered in time' },
  fee_mismatch: { zh: '收费与目录不符', en: 'Fee different from the catalogue' },
  decision_without_acceptance: { zh: '未受理即作出决定', en: 'Decision without acceptance' },
};

export type Severity = 'yellow' | 'red';
export const RULE_SEVERITY: Record<RuleId, Severity> = {
  near_due: 'yellow',
  overdue: 'red',
  late_intake: 'red',
  second_correction: 'yellow',
  special_procedure_overrun: 'yellow',
  unclaimed: 'yellow',
  rating_not_revisited: 'yellow',
  rating_not_rectified: 'red',
  complaint_overdue: 'red',
  fee_mismatch: 'red',
  decision_without_acceptance: 'red',
};

/** Configurable limits of the rules (per deployment). */
export interface RuleLimits {
  /** Working days a special procedure may take before it is flagged. */
  specialProcedureDays: number;
  /** Working days a case may wait unclaimed in an inbox. */
  unclaimedDays: number;
}
export const DEFAULT_RULE_LIMITS: RuleLimits = { specialProcedureDays: 30, unclaimedDays: 2 };

/** The rules over a case's snapshot on a day; `waitingSince`: when the current step began (acceptance or the last advance). */
export function caseRuleHits(s: CaseSnapshot, today: IsoDate, cal: WorkingDays, limits: RuleLimits = DEFAULT_RULE_LIMITS): RuleId[] {
  const hits: RuleId[] = [];
  const running = s.state === 'accepted' || s.state === 'in_review';
  if (running && s.dueDate) {
    if (today > s.dueDate) hits.push('overdue');
    else if (cal.countWorkingDays(today, s.dueDate).count <= NEAR_DUE_DAYS) hits.push('near_due');
  }
  if (s.submittedOn && (s.deemedAccepted || (s.state === 'submitted' && today > intakeDeadline(s.submittedOn, cal)))) hits.push('late_intake');
  if (s.correctionNoticeFor.length >= 2) hits.push('second_correction');
  if (s.state === 'suspended' && s.suspension && cal.countWorkingDays(s.suspension.since, today).count > limits.specialProcedureDays) hits.push('special_procedure_overrun');
  const waitingSince = s.stepStartedOn ?? s.acceptedOn;
  if (running && !s.claimedBy && waitingSince && cal.countWorkingDays(waitingSince, today).count > limits.unclaimedDays) hits.push('unclaimed');
  if (feeDiffers(s.chargedFen, s.item.feeFen)) hits.push('fee_mismatch');
  return hits;
}

/** The rules over a case's timeline (its actions in order): a decision with no acceptance before it. */
export function timelineRuleHits(actions: readonly string[]): RuleId[] {
  return decisionWithoutAcceptance(actions) ? ['decision_without_acceptance'] : [];
}

export interface RectificationFacts {
  status: 'open' | 'revisited' | 'rectified' | 'withdrawn';
  named: boolean;
  revisitDue: IsoDate | null;
  rectifyDue: IsoDate;
}

export function rectificationRuleHits(t: RectificationFacts, today: IsoDate): RuleId[] {
  const hits: RuleId[] = [];
  if (t.named && t.status === 'open' && t.revisitDue && today > t.revisitDue) hits.push('rating_not_revisited');
  if ((t.status === 'open' || t.status === 'revisited') && today > t.rectifyDue) hits.push('rating_not_rectified');
  return hits;
}

export function complaintRuleHits(c: { status: 'open' | 'replied' | 'closed'; dueOn: IsoDate }, today: IsoDate): RuleId[] {
  return c.status === 'open' && today > c.dueOn ? ['complaint_overdue'] : [];
}

/** Card thresholds (黄牌/红牌) for a department or a person over a calendar month. */
export interface CardThresholds {
  /** Red hits in a month for a yellow card (default 1: an overdue case → 黄牌). */
  yellowAt: number;
  /** Red hits in a month for a red card (default 2: a second overdue case in a month → 红牌). */
  redAt: number;
  /** A red-light hit still open after this many working days → 红牌 at once (default 5). */
  staleRedDays: number;
}
export const DEFAULT_CARD_THRESHOLDS: CardThresholds = { yellowAt: 1, redAt: 2, staleRedDays: 5 };

export interface HitForCard {
  severity: Severity;
  /** Working days the hit's condition has lasted (for a red light still on: days overdue). */
  ageWorkingDays: number;
}

export type Card = 'yellow' | 'red' | null;

/** The card a unit earns from its month's hits: yellow hits alone never give a card. */
export function cardFor(hits: readonly HitForCard[], t: CardThresholds = DEFAULT_CARD_THRESHOLDS): Card {
  const red = hits.filter((h) => h.severity === 'red');
  if (red.length >= t.redAt || red.some((h) => h.ageWorkingDays > t.staleRedDays)) return 'red';
  if (red.length >= t.yellowAt) return 'yellow';
  return null;
}
