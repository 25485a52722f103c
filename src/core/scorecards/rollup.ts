import type { IsoDate } from '../cases/types.js';
import { emptySums, isFirstTimeRight, isOnlineChannel, sumsOfRating, type CaseFacts, type Period, type RatingFacts, type ScorecardSums } from './figures.js';

/**
 * Rollups of the scorecard (ADR 0035). A case contributes to two **day rows** of its unit — the day it
 * was submitted (received, online) and the day it was decided (completed and the completed-side
 * totals) — and to one **pair row** keyed by (day submitted, day decided), which only answers "how many
 * of the cases received in the period were still undecided at its end": the cases in flight across the
 * period's last day. A rating contributes to one day row of its unit (the day rated). The sums of any
 * period are then sums of day rows in the period, with
 *   receivedCompleted = received − (pair rows submitted in the period whose [submitted, decided) span
 *   contains its last day)
 * — `sumsOfRollup` is the exact rule the rollup queries apply in SQL (a GiST index on the span answers
 * the second part by looking only at the cases in flight).
 */

/** What one case puts into its rows, independent of any period (completed-side values are 0 while undecided). */
export interface CaseCellValues {
  n: number;
  online: number;
  onTime: number;
  workingDays: number;
  promised: number;
  legal: number;
  trips: number;
  firstTimeRight: number;
}

export const CASE_CELL_VALUES = ['n', 'online', 'onTime', 'workingDays', 'promised', 'legal', 'trips', 'firstTimeRight'] as const satisfies readonly (keyof CaseCellValues)[];

/** A case as the rollups keep it: its two days and its values. */
export interface CaseCell {
  submittedOn: IsoDate;
  decidedOn: IsoDate | null;
  values: CaseCellValues;
}

/** The cell of one case, or null when it was never submitted (it counts in no scorecard). */
export function caseCellOf(c: CaseFacts): CaseCell | null {
  if (c.submittedOn === null) return null;
  const decided = c.completedOn;
  return {
    submittedOn: c.submittedOn,
    decidedOn: decided,
    values: {
      n: 1,
      online: isOnlineChannel(c.channel) ? 1 : 0,
      onTime: decided !== null && (c.dueDate === null || decided <= c.dueDate) ? 1 : 0,
      workingDays: decided !== null ? (c.workingDaysUsed ?? 0) : 0,
      promised: decided !== null ? c.promisedLimitDays : 0,
      legal: decided !== null ? c.legalLimitDays : 0,
      trips: decided !== null ? c.trips : 0,
      firstTimeRight: decided !== null && isFirstTimeRight(c) ? 1 : 0,
    },
  };
}

/** The sums a day row holds (the columns of `scorecard_case_days`, in this order). */
export const DAY_VALUES = ['received', 'online', 'completed', 'onTime', 'workingDays', 'promised', 'legal', 'trips', 'firstTimeRight'] as const;
export type DayValues = Record<(typeof DAY_VALUES)[number], number>;

const zeroDay = (): DayValues => ({ received: 0, online: 0, completed: 0, onTime: 0, workingDays: 0, promised: 0, legal: 0, trips: 0, firstTimeRight: 0 });

/** The day rows a case contributes to: its submission day's (received side) and its decision day's (completed side). */
export function dayContributions(cell: CaseCell): { day: IsoDate; values: DayValues }[] {
  const v = cell.values;
  const out = [{ day: cell.submittedOn, values: { ...zeroDay(), received: v.n, online: v.online } }];
  if (cell.decidedOn !== null) {
    out.push({ day: cell.decidedOn, values: { ...zeroDay(), completed: v.n, onTime: v.onTime, workingDays: v.workingDays, promised: v.promised, legal: v.legal, trips: v.trips, firstTimeRight: v.firstTimeRight } });
  }
  return out;
}

/**
 * Received in the period and not decided by its end: submitted on or after its first day and in flight
 * across its last day (submitted on or before it, decided after it or not yet).
 */
export function pendingAtEnd(cell: { submittedOn: IsoDate; decidedOn: IsoDate | null }, p: Period): boolean {
  return cell.submittedOn >= p.from && cell.submittedOn <= p.to && (cell.decidedOn === null || cell.decidedOn > p.to);
}

/** The sums of a period from day rows and pair rows (what the rollup queries compute in SQL). */
export function sumsOfRollup(days: readonly { day: IsoDate; values: DayValues }[], pairs: readonly { submittedOn: IsoDate; decidedOn: IsoDate | null; n: number }[], p: Period): ScorecardSums {
  const s = emptySums();
  for (const { day, values: v } of days) {
    if (day < p.from || day > p.to) continue;
    s.received += v.received;
    s.receivedOnline += v.online;
    s.completed += v.completed;
    s.completedOnTime += v.onTime;
    s.workingDaysUsed += v.workingDays;
    s.promisedLimitDays += v.promised;
    s.legalLimitDays += v.legal;
    s.trips += v.trips;
    s.firstTimeRight += v.firstTimeRight;
  }
  const pending = pairs.reduce((n, c) => n + (pendingAtEnd(c, p) ? c.n : 0), 0);
  s.receivedCompleted = s.received - pending;
  return s;
}

/** What one rating puts into its day row (keyed by unit and day rated). */
export interface RatingCellValues {
  ratings: number;
  bad: number;
  namedBad: number;
  rectifiedInTime: number;
}

export const RATING_CELL_VALUES = ['ratings', 'bad', 'namedBad', 'rectifiedInTime'] as const satisfies readonly (keyof RatingCellValues)[];

export function ratingCellValues(r: RatingFacts): RatingCellValues {
  const s = sumsOfRating(r);
  return { ratings: s.ratings, bad: s.badRatings, namedBad: s.namedBadRatings, rectifiedInTime: s.rectifiedInTime };
}

/** A rating row's contribution (the caller picks the rows whose day lies in the period). */
export function sumsOfRatingCell(v: RatingCellValues): ScorecardSums {
  return { ...emptySums(), ratings: v.ratings, badRatings: v.bad, namedBadRatings: v.namedBad, rectifiedInTime: v.rectifiedInTime };
}

/** The first day of the month of `day`. */
export const monthOf = (day: IsoDate): IsoDate => `${day.slice(0, 7)}-01`;

/** The day after `day` (ISO, proleptic Gregorian). */
const dayAfter = (day: IsoDate): IsoDate => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
/** The first day of the month after the month of `day`. */
const nextMonth = (day: IsoDate): IsoDate => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 1)).toISOString().slice(0, 10);
const dayBefore = (day: IsoDate): IsoDate => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * How a period is read from the rollups (ADR 0046): the whole months inside it from **month rows**
 * (`months`: the first days of its first and last whole month), the ragged edges before and after them
 * from day rows (`days`: at most two ranges). Every day of the period is in exactly one of them; a
 * period holding no whole month is read from day rows alone. A month row holds the sum of its month's
 * day rows, so both readings give the same sums.
 */
export function splitByMonths(p: Period): { days: Period[]; months: { from: IsoDate; to: IsoDate } | null } {
  // The first day of the first whole month: the period's first day if it starts a month, else the next month's first.
  const first = p.from.endsWith('-01') ? p.from : nextMonth(p.from);
  // The first day of the month after the last whole month: the month of the period's last day, unless that day ends its month.
  const end = monthOf(dayAfter(p.to)) === dayAfter(p.to) ? dayAfter(p.to) : monthOf(p.to);
  if (first >= end) return { days: [p], months: null };
  const days: Period[] = [];
  if (p.from < first) days.push({ from: p.from, to: dayBefore(first) });
  if (end <= p.to) days.push({ from: end, to: p.to });
  return { days, months: { from: first, to: monthOf(dayBefore(end)) } };
}
