import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addSums, emptySums, figuresOf, roundedFigures, SCORECARD_KEYS, SHARE_KEYS, sumsOfCase, sumsOfComplaint, sumsOfRating, sumsOfTicket, type CaseFacts, type ComplaintFacts, type Period, type RatingFacts, type ScorecardSums, type TicketFacts } from './figures.js';
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
const complaintArb: fc.Arbitrary<ComplaintFacts> = fc.record({ dueOn: day, repliedOn: optDay });
// A ticket taken during a day; called after 0–3 hours, or never.
const ticketArb: fc.Arbitrary<TicketFacts> = fc
  .record({ issuedAt: fc.integer({ min: 1_735_000_000_000, max: 1_736_000_000_000 }), wait: fc.option(fc.integer({ min: 0, max: 3 * 3_600_000 }), { nil: null }) })
  .map((t) => ({ issuedAt: t.issuedAt, firstCalledAt: t.wait === null ? null : t.issuedAt + t.wait }));
const periodArb: fc.Arbitrary<Period> = fc.tuple(day, day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));

/** A unit's sums from its cases, ratings and complaints. */
const unitArb = fc.record({ cases: fc.array(caseArb, { maxLength: 30 }), ratings: fc.array(ratingArb, { maxLength: 10 }), complaints: fc.array(complaintArb, { maxLength: 5 }), tickets: fc.array(ticketArb, { maxLength: 10 }) });
type Unit = { cases: CaseFacts[]; ratings: RatingFacts[]; complaints: ComplaintFacts[]; tickets: TicketFacts[] };
const sumsOfUnit = (u: Unit, p: Period): ScorecardSums =>
  [...u.cases.map((c) => sumsOfCase(c, p)), ...u.ratings.map(sumsOfRating), ...u.complaints.map((c) => sumsOfComplaint(c, p.to)), ...u.tickets.map(sumsOfTicket)].reduce(addSums, emptySums());

describe('scorecard figures (laws)', () => {
  it('every share is in [0, 1] and speed-ups are at most 1', () => {
    fc.assert(
      fc.property(unitArb, periodArb, (u, p) => {
        const f = figuresOf(sumsOfUnit(u, p));
        for (const k of SHARE_KEYS) {
          const v = f[k];
          if (v !== null) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
        }
        if (f.promisedSpeedup !== null) expect(f.promisedSpeedup).toBeLessThanOrEqual(1);
        if (f.actualSpeedup !== null) expect(f.actualSpeedup).toBeLessThanOrEqual(1);
        // The average wait lies between the shortest and the longest wait of the called tickets.
        const waits = u.tickets.flatMap((t) => (t.firstCalledAt === null ? [] : [(t.firstCalledAt - t.issuedAt) / 60_000]));
        if (f.waitMinutesAvg !== null) {
          expect(f.waitMinutesAvg).toBeGreaterThanOrEqual(Math.min(...waits) - 1e-9);
          expect(f.waitMinutesAvg).toBeLessThanOrEqual(Math.max(...waits) + 1e-9);
        }
        expect(f.completed).toBeGreaterThanOrEqual(0);
        expect(f.badRatings).toBeLessThanOrEqual(f.ratings);
      }),
    );
  });

  it('reports rates of empty sets as null, never 0', () => {
    const f = figuresOf(emptySums());
    for (const k of SCORECARD_KEYS) {
      if (['received', 'completed', 'ratings', 'badRatings', 'complaints'].includes(k)) expect(f[k]).toBe(0);
      else expect(f[k], k).toBeNull();
    }
  });

  it('a rate is null exactly when its base is empty', () => {
    fc.assert(
      fc.property(unitArb, periodArb, (u, p) => {
        const s = sumsOfUnit(u, p);
        const f = figuresOf(s);
        expect(f.completionRate === null).toBe(s.received === 0);
        expect(f.onTimeRate === null).toBe(s.completed === 0);
        expect(f.goodRate === null).toBe(s.ratings === 0);
        expect(f.rectifiedRate === null).toBe(s.namedBadRatings === 0);
        expect(f.waitMinutesAvg === null).toBe(u.tickets.every((t) => t.firstCalledAt === null));
      }),
    );
  });

  it('figures are additive: staff → department → region gives the figures of all the cases at once', () => {
    fc.assert(
      fc.property(fc.array(fc.array(unitArb, { maxLength: 4 }), { maxLength: 4 }), periodArb, (departments, p) => {
        // Summing staff into departments and departments into the region …
        const deptSums = departments.map((staff) => staff.map((u) => sumsOfUnit(u, p)).reduce(addSums, emptySums()));
        const region = deptSums.reduce(addSums, emptySums());
        // … equals summing every case, rating and complaint directly.
        const all = departments.flat();
        const flat = sumsOfUnit({ cases: all.flatMap((u) => u.cases), ratings: all.flatMap((u) => u.ratings), complaints: all.flatMap((u) => u.complaints), tickets: all.flatMap((u) => u.tickets) }, p);
        expect(region).toEqual(flat);
        expect(figuresOf(region)).toEqual(figuresOf(flat));
      }),
    );
  });

  it('adding sums is commutative and associative with the empty sums as identity', () => {
    const sums = fc.tuple(unitArb, periodArb).map(([u, p]) => sumsOfUnit(u, p));
    fc.assert(
      fc.property(sums, sums, sums, (a, b, c) => {
        expect(addSums(a, b)).toEqual(addSums(b, a));
        expect(addSums(addSums(a, b), c)).toEqual(addSums(a, addSums(b, c)));
        expect(addSums(a, emptySums())).toEqual(a);
      }),
    );
  });

  it('rounding keeps every share in [0, 1] and only the issue’s keys', () => {
    fc.assert(
      fc.property(unitArb, periodArb, (u, p) => {
        const f = roundedFigures(figuresOf(sumsOfUnit(u, p)));
        expect(Object.keys(f).sort()).toEqual([...SCORECARD_KEYS].sort());
        for (const k of SHARE_KEYS) if (f[k] !== null) expect(f[k]).toBeLessThanOrEqual(1);
      }),
    );
  });
});
