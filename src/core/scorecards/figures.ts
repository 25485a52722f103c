import type { IsoDate } from '../cases/types.js';
import { isBadRating, type RatingLevel } from '../ratings/levels.js';

/**
 * 工作成绩单: the figures of a unit (region, department, window, staff member) over a period, every one
 * defined here and in docs/scorecards.md. They are computed from additive sums (counts and totals),
 * so that the figures of a department are the figures of the sum of its staff members' sums, and so on
 * up to the region: a rate is never averaged over units.
 */

/** The channel a case came in by, as the export names it (cases.channel 'terminal' is the kiosk). */
export type ExportChannel = 'online' | 'window' | 'kiosk' | 'mobile';

/**
 * One case as the export (`/api/supervision/cases.csv`) shows it: every figure of the scorecard can be
 * recomputed from these lines (plus the ratings and complaints counted separately).
 */
export interface CaseFacts {
  caseNo: string;
  departmentId: string;
  channel: ExportChannel;
  /** When the case was submitted (ISO timestamp) and the day of it in China (the period test). */
  submittedAt: string | null;
  submittedOn: IsoDate | null;
  acceptedOn: IsoDate | null;
  /** 办结: the day of the decision (准予 or 不予, or 即办), null while undecided. */
  completedOn: IsoDate | null;
  dueDate: IsoDate | null;
  legalLimitDays: number;
  promisedLimitDays: number;
  /** Working days from acceptance to the decision, days in special procedures (第45条) excluded. */
  workingDaysUsed: number | null;
  /** 跑动次数: visits to the window recorded on the case (days on which a window clerk acted on it). */
  trips: number;
  correctionNotices: number;
  /** The case's own rating (the first, not a 追评), null when none or removed by an accepted appeal. */
  rating: RatingLevel | null;
}

/** One rating as the scorecard counts it. */
export interface RatingFacts {
  level: RatingLevel;
  /** 实名: the rater is known (an anonymous rating is still counted, but has no 回访). */
  named: boolean;
  /** 差评 rectified (整改) on or before its rectification deadline. */
  rectifiedInTime: boolean;
}

/** One complaint (投诉) as the scorecard counts it. */
export interface ComplaintFacts {
  /** The reply's deadline and the day the reply was given (null while unanswered). */
  dueOn: IsoDate;
  repliedOn: IsoDate | null;
}

/**
 * One hall ticket (排队叫号, issue 13) as the scorecard counts it: a number taken on a day of the period.
 * Times are epoch milliseconds; a ticket never called (still waiting, or the hall closed) has no wait.
 */
export interface TicketFacts {
  issuedAt: number;
  /** The first call (重呼 and a transfer's later calls do not restart the wait). */
  firstCalledAt: number | null;
}

/** Additive sums: the sum of two units' sums is the sums of their union. */
export interface ScorecardSums {
  received: number;
  /** Received in the period and completed by its end (the completion rate's numerator). */
  receivedCompleted: number;
  receivedOnline: number;
  completed: number;
  completedOnTime: number;
  workingDaysUsed: number;
  promisedLimitDays: number;
  legalLimitDays: number;
  trips: number;
  firstTimeRight: number;
  ratings: number;
  badRatings: number;
  namedBadRatings: number;
  rectifiedInTime: number;
  complaints: number;
  /** Complaints whose reply is due (replied, or past the deadline on the period's end day). */
  complaintsDue: number;
  complaintsOnTime: number;
  /** Hall tickets of the period that were called, and their waits (taking the number → first call) in whole ms. */
  calledTickets: number;
  waitMs: number;
}

export const SCORECARD_KEYS = [
  'received',
  'completed',
  'completionRate',
  'onTimeRate',
  'avgWorkingDays',
  'promisedSpeedup',
  'actualSpeedup',
  'onlineShare',
  'avgTrips',
  'firstTimeRightRate',
  'ratings',
  'goodRate',
  'badRatings',
  'rectifiedRate',
  'complaints',
  'complaintOnTimeRate',
  'waitMinutesAvg',
] as const;
export type ScorecardKey = (typeof SCORECARD_KEYS)[number];

/** The rates that are shares (always in [0, 1], null when their base is empty). */
export const SHARE_KEYS = ['completionRate', 'onTimeRate', 'onlineShare', 'firstTimeRightRate', 'goodRate', 'rectifiedRate', 'complaintOnTimeRate'] as const;

export type Scorecard = {
  received: number;
  completed: number;
  completionRate: number | null;
  onTimeRate: number | null;
  avgWorkingDays: number | null;
  promisedSpeedup: number | null;
  actualSpeedup: number | null;
  onlineShare: number | null;
  avgTrips: number | null;
  firstTimeRightRate: number | null;
  ratings: number;
  goodRate: number | null;
  badRatings: number;
  rectifiedRate: number | null;
  complaints: number;
  complaintOnTimeRate: number | null;
  /** Average minutes from taking a hall ticket to its first call, over the period's called tickets (issue 13). */
  waitMinutesAvg: number | null;
};

export function emptySums(): ScorecardSums {
  return {
    received: 0,
    receivedCompleted: 0,
    receivedOnline: 0,
    completed: 0,
    completedOnTime: 0,
    workingDaysUsed: 0,
    promisedLimitDays: 0,
    legalLimitDays: 0,
    trips: 0,
    firstTimeRight: 0,
    ratings: 0,
    badRatings: 0,
    namedBadRatings: 0,
    rectifiedInTime: 0,
    complaints: 0,
    complaintsDue: 0,
    complaintsOnTime: 0,
    calledTickets: 0,
    waitMs: 0,
  };
}

export function addSums(a: ScorecardSums, b: ScorecardSums): ScorecardSums {
  const out = emptySums();
  for (const k of Object.keys(out) as (keyof ScorecardSums)[]) out[k] = a[k] + b[k];
  return out;
}

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

const within = (d: IsoDate | null, p: Period): d is IsoDate => d !== null && d >= p.from && d <= p.to;

/** 网办: submitted on the portal or the mobile app (not at a window or a self-service kiosk). */
export function isOnlineChannel(c: ExportChannel): boolean {
  return c === 'online' || c === 'mobile';
}

/** 一次办成: completed with no correction notice and at most one trip. */
export function isFirstTimeRight(c: CaseFacts): boolean {
  return c.correctionNotices === 0 && c.trips <= 1;
}

/** A case's contribution to the sums of the period (received in it, completed in it, or both). */
export function sumsOfCase(c: CaseFacts, p: Period): ScorecardSums {
  const s = emptySums();
  if (within(c.submittedOn, p)) {
    s.received = 1;
    s.receivedOnline = isOnlineChannel(c.channel) ? 1 : 0;
    s.receivedCompleted = c.completedOn !== null && c.completedOn <= p.to ? 1 : 0;
  }
  if (within(c.completedOn, p)) {
    s.completed = 1;
    s.completedOnTime = c.dueDate === null || c.completedOn <= c.dueDate ? 1 : 0;
    s.workingDaysUsed = c.workingDaysUsed ?? 0;
    s.promisedLimitDays = c.promisedLimitDays;
    s.legalLimitDays = c.legalLimitDays;
    s.trips = c.trips;
    s.firstTimeRight = isFirstTimeRight(c) ? 1 : 0;
  }
  return s;
}

export function sumsOfRating(r: RatingFacts): ScorecardSums {
  const s = emptySums();
  const bad = isBadRating(r.level);
  s.ratings = 1;
  s.badRatings = bad ? 1 : 0;
  s.namedBadRatings = bad && r.named ? 1 : 0;
  s.rectifiedInTime = bad && r.named && r.rectifiedInTime ? 1 : 0;
  return s;
}

/** A complaint received in the period; `asOf` is the period's last day (or today, if earlier). */
export function sumsOfComplaint(c: ComplaintFacts, asOf: IsoDate): ScorecardSums {
  const s = emptySums();
  s.complaints = 1;
  const replied = c.repliedOn !== null && c.repliedOn <= asOf;
  if (replied || asOf > c.dueOn) {
    s.complaintsDue = 1;
    s.complaintsOnTime = replied && c.repliedOn !== null && c.repliedOn <= c.dueOn ? 1 : 0;
  }
  return s;
}

/**
 * A hall ticket's contribution: wait = first call − taking the number, in whole milliseconds (never
 * negative, as the hall figures count it); a ticket never called adds nothing.
 */
export function sumsOfTicket(t: TicketFacts): ScorecardSums {
  const s = emptySums();
  if (t.firstCalledAt === null) return s;
  s.calledTickets = 1;
  s.waitMs = Math.max(0, Math.round(t.firstCalledAt - t.issuedAt));
  return s;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** The figures of a unit from its sums: a rate of an empty set is null, never 0. */
export function figuresOf(s: ScorecardSums): Scorecard {
  const legal = s.legalLimitDays;
  return {
    received: s.received,
    completed: s.completed,
    completionRate: ratio(s.receivedCompleted, s.received),
    onTimeRate: ratio(s.completedOnTime, s.completed),
    avgWorkingDays: ratio(s.workingDaysUsed, s.completed),
    promisedSpeedup: legal === 0 ? null : 1 - s.promisedLimitDays / legal,
    actualSpeedup: legal === 0 ? null : 1 - s.workingDaysUsed / legal,
    onlineShare: ratio(s.receivedOnline, s.received),
    avgTrips: ratio(s.trips, s.completed),
    firstTimeRightRate: ratio(s.firstTimeRight, s.completed),
    ratings: s.ratings,
    goodRate: ratio(s.ratings - s.badRatings, s.ratings),
    badRatings: s.badRatings,
    rectifiedRate: ratio(s.rectifiedInTime, s.namedBadRatings),
    complaints: s.complaints,
    complaintOnTimeRate: ratio(s.complaintsOnTime, s.complaintsDue),
    waitMinutesAvg: s.calledTickets === 0 ? null : s.waitMs / 60_000 / s.calledTickets,
  };
}

/** Figures as the API answers them: rates to 4 decimal places, averages to 2 (recompute from the export). */
export function roundedFigures(f: Scorecard): Scorecard {
  const r = (x: number | null, places: number) => (x === null ? null : Math.round(x * 10 ** places) / 10 ** places);
  return {
    ...f,
    completionRate: r(f.completionRate, 4),
    onTimeRate: r(f.onTimeRate, 4),
    avgWorkingDays: r(f.avgWorkingDays, 2),
    promisedSpeedup: r(f.promisedSpeedup, 4),
    actualSpeedup: r(f.actualSpeedup, 4),
    onlineShare: r(f.onlineShare, 4),
    avgTrips: r(f.avgTrips, 2),
    firstTimeRightRate: r(f.firstTimeRightRate, 4),
    goodRate: r(f.goodRate, 4),
    rectifiedRate: r(f.rectifiedRate, 4),
    complaintOnTimeRate: r(f.complaintOnTimeRate, 4),
    waitMinutesAvg: r(f.waitMinutesAvg, 2),
  };
}
