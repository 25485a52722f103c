import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addSums, emptySums, sumsOfCase, sumsOfRating, type CaseFacts, type Period, type RatingFacts } from './figures.js';
import { caseCellOf, dayContributions, monthOf, pendingAtEnd, ratingCellValues, splitByMonths, sumsOfRatingCell, sumsOfRollup, DAY_VALUES, type DayValues } from './rollup.js';
import { fromDayNumber, toDayNumber } from '../calendar/index.js';
import type { RatingLevel } from '../ratings/levels.js';

const base = toDayNumber('2025-01-01');
const day = fc.integer({ min: 0, max: 400 }).map((o) => fromDayNumber(base + o));
const optDay = fc.option(day, { nil: null });

const caseArb: fc.Arbitrary<CaseFacts> = fc
  .record({
    channel: fc.constantFrom('online', 'window', 'kiosk', 'mobile' as const),
    submittedOn: optDay,
    acceptLag: fc.integer({ min: 0, max: 5 }),
    used: fc.integer({ min: 0, max: 40 }),
    decided: fc.boolean(),
    legal: fc.integer({ min: 1, max: 60 }),
    promisedShare: fc.integer({ min: 0, max: 100 }),
    dueShift: fc.integer({ min: -10, max: 10 }),
    trips: fc.integer({ min: 0, max: 4 }),
    corrections: fc.integer({ min: 0, max: 2 }),
    rating: fc.option(fc.constantFrom<RatingLevel>(1, 2, 3, 4, 5), { nil: null }),
    dept: fc.constantFrom('d1', 'd2', 'd3'),
  })
  .map((r) => {
    const acceptedOn = r.submittedOn ? fromDayNumber(toDayNumber(r.submittedOn) + r.acceptLag) : null;
    const completedOn = acceptedOn && r.decided ? fromDayNumber(toDayNumber(acceptedOn) + r.used) : null;
    return {
      caseNo: 'x',
      departmentId: r.dept,
      channel: r.channel,
      submittedAt: null,
      submittedOn: r.submittedOn,
      acceptedOn,
      completedOn,
      dueDate: acceptedOn ? fromDayNumber(toDayNumber(acceptedOn) + r.used + r.dueShift) : null,
      legalLimitDays: r.legal,
      promisedLimitDays: Math.floor((r.legal * r.promisedShare) / 100),
      workingDaysUsed: completedOn ? r.used : null,
      trips: r.trips,
      correctionNotices: r.corrections,
      rating: r.rating,
    };
  });
const ratingArb: fc.Arbitrary<RatingFacts> = fc.record({ level: fc.constantFrom<RatingLevel>(1, 2, 3, 4, 5), named: fc.boolean(), rectifiedInTime: fc.boolean() });
const periodArb: fc.Arbitrary<Period> = fc.tuple(day, day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));

/** Folds cases into day rows and pair rows as the rollup does (rows of the same key merge by adding). */
function fold(cases: CaseFacts[]) {
  const days = new Map<string, DayValues>();
  const pairs = new Map<string, { submittedOn: string; decidedOn: string | null; n: number }>();
  for (const c of cases) {
    const cell = caseCellOf(c);
    if (!cell) continue;
    for (const { day, values } of dayContributions(cell)) {
      const had = days.get(day);
      if (!had) days.set(day, { ...values });
      else for (const k of DAY_VALUES) had[k] += values[k];
    }
    const key = `${cell.submittedOn}|${cell.decidedOn ?? ''}`;
    const pair = pairs.get(key) ?? { submittedOn: cell.submittedOn, decidedOn: cell.decidedOn, n: 0 };
    pair.n += cell.values.n;
    pairs.set(key, pair);
  }
  return { days: [...days].map(([day, values]) => ({ day, values })), pairs: [...pairs.values()] };
}

describe('scorecard rollups (ADR 0035)', () => {
  it('the sums of any period from day rows and pair rows equal the sums from the cases (submitted ones: the others count nowhere)', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 60 }), periodArb, (cases, p) => {
        const direct = cases.filter((c) => c.submittedOn !== null).map((c) => sumsOfCase(c, p)).reduce(addSums, emptySums());
        const { days, pairs } = fold(cases);
        expect(sumsOfRollup(days, pairs, p)).toEqual(direct);
      }),
      { numRuns: 300 },
    );
  });

  it('a case pending at the end of a period is one received in it and not decided by its end', () => {
    fc.assert(
      fc.property(caseArb, periodArb, (c, p) => {
        const cell = caseCellOf(c);
        if (!cell) return;
        const s = sumsOfCase(c, p);
        expect(pendingAtEnd(cell, p)).toBe(s.received === 1 && s.receivedCompleted === 0);
      }),
    );
  });

  it('a rating cell sums like the ratings in it', () => {
    fc.assert(
      fc.property(fc.array(ratingArb, { maxLength: 20 }), (ratings) => {
        const direct = ratings.map(sumsOfRating).reduce(addSums, emptySums());
        const cell = ratings.map(ratingCellValues).reduce((x, v) => ({ ratings: x.ratings + v.ratings, bad: x.bad + v.bad, namedBad: x.namedBad + v.namedBad, rectifiedInTime: x.rectifiedInTime + v.rectifiedInTime }), { ratings: 0, bad: 0, namedBad: 0, rectifiedInTime: 0 });
        expect(sumsOfRatingCell(cell)).toEqual(direct);
      }),
    );
  });

  it('a case never submitted has no cell', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        expect(caseCellOf(c) === null).toBe(c.submittedOn === null);
      }),
    );
  });
});

describe('a period read from month rows and day rows (ADR 0046)', () => {
  const start = toDayNumber('2024-01-01');
  const periodArb = fc.oneof(
    // Any period, up to two years.
    fc.tuple(fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 0, max: 730 })).map(([a, len]): Period => ({ from: fromDayNumber(start + a), to: fromDayNumber(start + a + len) })),
    // Whole months, and periods that start or end on a month's edge.
    fc.tuple(fc.integer({ min: 0, max: 35 }), fc.integer({ min: 0, max: 24 }), fc.boolean(), fc.integer({ min: -3, max: 3 })).map(([m, len, shiftEnd, shift]): Period => {
      const from = new Date(Date.UTC(2024, m, 1)).toISOString().slice(0, 10);
      const to = fromDayNumber(toDayNumber(new Date(Date.UTC(2024, m + len + 1, 1)).toISOString().slice(0, 10)) - 1 + (shiftEnd ? shift : 0));
      const f = shiftEnd ? from : fromDayNumber(toDayNumber(from) + shift);
      return f <= to ? { from: f, to } : { from: to, to: f };
    }),
  );

  it('covers every day of the period exactly once, with whole months only from month rows', () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        const { days, months } = splitByMonths(p);
        const covered: string[] = [];
        for (const d of days) for (let n = toDayNumber(d.from); n <= toDayNumber(d.to); n++) covered.push(fromDayNumber(n));
        if (months) {
          expect(months.from.endsWith('-01') && months.to.endsWith('-01') && months.from <= months.to).toBe(true);
          for (let n = toDayNumber(months.from); fromDayNumber(n) < nextMonthOf(months.to); n++) covered.push(fromDayNumber(n));
        }
        const expected: string[] = [];
        for (let n = toDayNumber(p.from); n <= toDayNumber(p.to); n++) expected.push(fromDayNumber(n));
        expect(covered.sort()).toEqual(expected);
        // Day rows only at the ragged edges: each range lies inside one month.
        expect(days.length).toBeLessThanOrEqual(months ? 2 : 1);
        if (months) for (const d of days) expect(monthOf(d.from)).toBe(monthOf(d.to));
      }),
    );
  });

  it('reads a calendar month, quarter or year from month rows alone', () => {
    expect(splitByMonths({ from: '2026-01-01', to: '2026-12-31' })).toEqual({ days: [], months: { from: '2026-01-01', to: '2026-12-01' } });
    expect(splitByMonths({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ days: [], months: { from: '2024-02-01', to: '2024-02-01' } });
    expect(splitByMonths({ from: '2026-02-17', to: '2026-09-08' })).toEqual({ days: [{ from: '2026-02-17', to: '2026-02-28' }, { from: '2026-09-01', to: '2026-09-08' }], months: { from: '2026-03-01', to: '2026-08-01' } });
    expect(splitByMonths({ from: '2026-05-02', to: '2026-05-31' })).toEqual({ days: [{ from: '2026-05-02', to: '2026-05-31' }], months: null });
  });
});

const nextMonthOf = (first: string) => new Date(Date.UTC(Number(first.slice(0, 4)), Number(first.slice(5, 7)), 1)).toISOString().slice(0, 10);
