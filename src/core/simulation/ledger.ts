import type { IsoDate } from '../calendar/iso-date.js';
import type { WorkingDays } from '../cases/machine.js';
import type { RatingLevel } from '../ratings/levels.js';
import { addSums, emptySums, figuresOf, roundedFigures, sumsOfCase, sumsOfComplaint, sumsOfRating, type ExportChannel, type Period, type Scorecard, type ScorecardSums } from '../scorecards/figures.js';
import { workingDaysUsed } from '../scorecards/facts.js';

/**
 * What the county-year simulation writes down as it drives each case (ADR 0034): the days it acted on,
 * the channel it chose, the working days it held a case in a special procedure, the days it took the
 * applicant to a window, the ratings and complaints it gave and their fates. The scorecard the server
 * computes from the database must equal the figures of this ledger (test/simulate.test.ts).
 */
export interface LedgerCase {
  channel: ExportChannel;
  submittedOn: IsoDate;
  acceptedOn: IsoDate | null;
  /** 办结: the day the simulation decided it (准予, 不予, or 即办). */
  decidedOn: IsoDate | null;
  /** The due date the case showed when it was decided (the simulation decides late cases after it). */
  dueDate: IsoDate | null;
  legalLimitDays: number;
  promisedLimitDays: number;
  /** Working days the simulation held the case in special procedures. */
  pausedDays: number;
  /** Days the applicant stood at a window for the case (submission, on-the-spot, owed material, pick-up). */
  tripDays: IsoDate[];
  correctionNotices: number;
}

export interface LedgerRating {
  ratedOn: IsoDate;
  level: RatingLevel;
  named: boolean;
  /** The 差评 was rectified on or before its rectification deadline. */
  rectifiedInTime: boolean;
  /** Removed by an accepted appeal (no longer counted). */
  removed: boolean;
}

export interface LedgerComplaint {
  submittedOn: IsoDate;
  dueOn: IsoDate;
  repliedOn: IsoDate | null;
}

export interface Ledger {
  cases: LedgerCase[];
  ratings: LedgerRating[];
  complaints: LedgerComplaint[];
}

export const emptyLedger = (): Ledger => ({ cases: [], ratings: [], complaints: [] });

const within = (d: IsoDate, p: Period) => d >= p.from && d <= p.to;

/** The ledger's sums over a period, by the scorecard's own definitions (src/core/scorecards). */
export function ledgerSums(ledger: Ledger, period: Period, asOf: IsoDate, cal: WorkingDays): ScorecardSums {
  let s = emptySums();
  for (const c of ledger.cases) {
    s = addSums(
      s,
      sumsOfCase(
        {
          caseNo: '',
          departmentId: '',
          channel: c.channel,
          submittedAt: null,
          submittedOn: c.submittedOn,
          acceptedOn: c.acceptedOn,
          completedOn: c.decidedOn,
          dueDate: c.dueDate,
          legalLimitDays: c.legalLimitDays,
          promisedLimitDays: c.promisedLimitDays,
          workingDaysUsed: workingDaysUsed(c.acceptedOn, c.decidedOn, c.pausedDays, cal),
          trips: new Set(c.tripDays).size,
          correctionNotices: c.correctionNotices,
          rating: null,
        },
        period,
      ),
    );
  }
  for (const r of ledger.ratings) if (!r.removed && within(r.ratedOn, period)) s = addSums(s, sumsOfRating(r));
  const complaintsAsOf = period.to < asOf ? period.to : asOf;
  for (const c of ledger.complaints) if (within(c.submittedOn, period)) s = addSums(s, sumsOfComplaint(c, complaintsAsOf));
  return s;
}

/** The ledger's figures as the API answers them (rounded the same way). */
export function ledgerScorecard(ledger: Ledger, period: Period, asOf: IsoDate, cal: WorkingDays): Scorecard {
  return roundedFigures(figuresOf(ledgerSums(ledger, period, asOf, cal)));
}
