import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtInCalendar } from '../calendar/working-calendar.js';
import { emptyLedger, ledgerScorecard, ledgerSums, type Ledger, type LedgerCase } from './ledger.js';

const cal = builtInCalendar;
const year = { from: '2025-01-01', to: '2025-12-31' };
const base: LedgerCase = { channel: 'online', submittedOn: '2025-03-03', acceptedOn: '2025-03-03', decidedOn: '2025-03-05', dueDate: '2025-03-10', legalLimitDays: 10, promisedLimitDays: 5, pausedDays: 0, tripDays: [], correctionNotices: 0 };

describe('the simulation ledger', () => {
  it('an empty ledger has no cases and rates of empty sets are null, not 0', () => {
    const s = ledgerScorecard(emptyLedger(), year, '2026-01-31', cal);
    expect(s).toMatchObject({ received: 0, completed: 0, completionRate: null, onTimeRate: null, goodRate: null, rectifiedRate: null, complaintOnTimeRate: null, ratings: 0, complaints: 0 });
  });

  it('figures a small year by the scorecard’s definitions', () => {
    const ledger: Ledger = {
      cases: [
        base, // online, decided in 2 working days, on time
        { ...base, channel: 'window', tripDays: ['2025-03-03', '2025-03-03', '2025-03-07'], decidedOn: '2025-03-12', correctionNotices: 1 }, // late, two trips
        { ...base, channel: 'kiosk', submittedOn: '2025-12-30', acceptedOn: '2025-12-30', decidedOn: '2026-01-05', dueDate: '2026-01-07' }, // decided next year
        { ...base, channel: 'mobile', acceptedOn: '2025-03-03', decidedOn: '2025-03-17', dueDate: '2025-03-17', pausedDays: 5 }, // special procedure
      ],
      ratings: [
        { ratedOn: '2025-03-06', level: 5, named: true, rectifiedInTime: false, removed: false },
        { ratedOn: '2025-03-13', level: 2, named: true, rectifiedInTime: true, removed: false },
        { ratedOn: '2025-03-14', level: 1, named: true, rectifiedInTime: false, removed: true }, // appeal accepted
        { ratedOn: '2026-01-06', level: 4, named: true, rectifiedInTime: false, removed: false }, // next year
      ],
      complaints: [
        { submittedOn: '2025-03-10', dueOn: '2025-03-17', repliedOn: '2025-03-12' },
        { submittedOn: '2025-12-29', dueOn: '2026-01-06', repliedOn: '2026-01-05' }, // not yet due at the year's end
      ],
    };
    expect(ledgerScorecard(ledger, year, '2026-02-01', cal)).toEqual({
      received: 4,
      completed: 3,
      completionRate: 0.75,
      onTimeRate: 0.6667,
      avgWorkingDays: 4.67, // (2 + 7 + (10 − 5)) / 3
      promisedSpeedup: 0.5,
      actualSpeedup: 0.5333, // 1 − 14 / 30
      onlineShare: 0.5, // online and mobile; window and kiosk are not online
      avgTrips: 0.67,
      firstTimeRightRate: 0.6667,
      ratings: 2,
      goodRate: 0.5,
      badRatings: 1,
      rectifiedRate: 1,
      complaints: 2,
      complaintOnTimeRate: 1,
      // The simulation issues no hall tickets.
      waitMinutesAvg: null,
    });
  });

  it('never reports an on-time or completion rate above 1, and counts each case received in the period once', () => {
    const day = fc.integer({ min: 0, max: 200 }).map((n) => new Date(Date.UTC(2025, 0, 2) + n * 86_400_000).toISOString().slice(0, 10));
    const ledgerCase = fc.record({ submitted: day, decidedAfter: fc.option(fc.nat(40)), dueAfter: fc.nat(20), paused: fc.nat(3), channel: fc.constantFrom(...(['online', 'window', 'kiosk', 'mobile'] as const)) }).map(
      ({ submitted, decidedAfter, dueAfter, paused, channel }): LedgerCase => ({
        ...base,
        channel,
        submittedOn: submitted,
        acceptedOn: submitted,
        decidedOn: decidedAfter === null ? null : cal.addWorkingDays(submitted, decidedAfter).date,
        dueDate: cal.addWorkingDays(submitted, dueAfter).date,
        pausedDays: paused,
      }),
    );
    fc.assert(
      fc.property(fc.array(ledgerCase, { maxLength: 40 }), (cases) => {
        const ledger = { ...emptyLedger(), cases };
        const p = { from: '2025-01-01', to: '2025-06-30' };
        const s = ledgerScorecard(ledger, p, '2025-12-31', cal);
        expect(s.received).toBe(cases.filter((c) => c.submittedOn <= p.to).length);
        for (const r of [s.onTimeRate, s.completionRate, s.onlineShare, s.firstTimeRightRate]) if (r !== null) expect(r).toBeLessThanOrEqual(1);
        expect(ledgerSums(ledger, p, '2025-12-31', cal).workingDaysUsed).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
