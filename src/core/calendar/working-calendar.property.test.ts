import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WorkingCalendar, builtInCalendar } from './working-calendar.js';
import { type YearArrangement, validateYearArrangement } from './year-arrangement.js';
import { fixedStatutoryHolidayOn, fixedStatutoryHolidaysOf } from './statutory-holidays.js';
import { formatIsoDate, fromDayNumber, toDayNumber, weekdayOf } from './iso-date.js';

const dayIn = (from: string, to: string) => fc.integer({ min: toDayNumber(from), max: toDayNumber(to) });
/** Dates from 1990 to 2100, with extra weight on the loaded years and their edges. */
const dateArb = fc.oneof(dayIn('2023-10-01', '2027-03-31'), dayIn('1990-01-01', '2100-12-31')).map(fromDayNumber);
const nArb = fc.integer({ min: -60, max: 60 });
const nonNegArb = fc.integer({ min: 0, max: 60 });

/** A valid administrator-entered arrangement for a year after the built-in ones. */
const yearArb: fc.Arbitrary<YearArrangement> = fc
  .record({
    year: fc.integer({ min: 2027, max: 2100 }),
    holidayOffsets: fc.uniqueArray(fc.integer({ min: 0, max: 364 }), { maxLength: 25 }),
    workdayOffsets: fc.uniqueArray(fc.integer({ min: 0, max: 364 }), { maxLength: 10 }),
  })
  .map(({ year, holidayOffsets, workdayOffsets }) => {
    const jan1 = toDayNumber(formatIsoDate(year, 1, 1));
    const holidays = holidayOffsets.map((o) => ({ date: fromDayNumber(jan1 + o), name: '假日' }));
    const taken = new Set(holidays.map((h) => h.date));
    const workdays = workdayOffsets
      .map((o) => fromDayNumber(jan1 + o))
      .filter((d) => !taken.has(d) && !fixedStatutoryHolidayOn(d) && [0, 6].includes(weekdayOf(d)))
      .map((date) => ({ date, name: '调休' }));
    return { year, source: 'generated', holidays, workdays };
  });

const calendarArb = fc.oneof(
  fc.constant(builtInCalendar),
  fc.array(yearArb, { maxLength: 3 }).map((years) => {
    const unique = [...new Map(years.map((y) => [y.year, y])).values()];
    return new WorkingCalendar({ years: unique });
  }),
);

describe('working calendar laws', () => {
  it('generated administrator years are valid', () => {
    fc.assert(
      fc.property(yearArb, (y) => {
        expect(validateYearArrangement(y)).toEqual([]);
      }),
    );
  });

  it('addWorkingDays is strictly increasing in n', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, nArb, nArb, (cal, d, a, b) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(cal.addWorkingDays(d, lo).date < cal.addWorkingDays(d, hi).date).toBe(true);
      }),
    );
  });

  it('addWorkingDays is monotonic in the start date', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.integer({ min: 0, max: 40 }), nArb, (cal, d1, gap, n) => {
        const d2 = fromDayNumber(toDayNumber(d1) + gap);
        expect(cal.addWorkingDays(d1, n).date <= cal.addWorkingDays(d2, n).date).toBe(true);
      }),
    );
  });

  it('lands on a working day whenever n ≠ 0', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, nArb, (cal, d, n) => {
        fc.pre(n !== 0);
        expect(cal.isWorkingDay(cal.addWorkingDays(d, n).date)).toBe(true);
      }),
    );
  });

  it('countWorkingDays(d, addWorkingDays(d, n)) === n', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, nonNegArb, (cal, d, n) => {
        expect(cal.countWorkingDays(d, cal.addWorkingDays(d, n).date).count).toBe(n);
      }),
    );
  });

  it('stepping back undoes stepping forward from a working day', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, nArb, (cal, d, n) => {
        fc.pre(cal.isWorkingDay(d));
        expect(cal.addWorkingDays(cal.addWorkingDays(d, n).date, -n).date).toBe(d);
      }),
    );
  });

  it('counts |n| − 1 working days plus the start back to a negative shift', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.integer({ min: 1, max: 60 }), (cal, d, n) => {
        const back = cal.addWorkingDays(d, -n).date;
        expect(cal.countWorkingDays(back, d).count).toBe(n - 1 + (cal.isWorkingDay(d) ? 1 : 0));
      }),
    );
  });

  it('countWorkingDays is additive over adjacent ranges and 0 for empty ones', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.nat(200), fc.nat(200), (cal, a, g1, g2) => {
        const b = fromDayNumber(toDayNumber(a) + g1);
        const c = fromDayNumber(toDayNumber(b) + g2);
        expect(cal.countWorkingDays(a, c).count).toBe(cal.countWorkingDays(a, b).count + cal.countWorkingDays(b, c).count);
        expect(cal.countWorkingDays(c, a).count).toBe(0);
      }),
    );
  });

  it('countWorkingDays agrees with dayInfo day by day', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.nat(60), (cal, from, len) => {
        let expected = 0;
        const years = new Set<number>();
        for (let i = 1; i <= len; i++) {
          const info = cal.dayInfo(fromDayNumber(toDayNumber(from) + i));
          if (info.working) expected++;
          if (!info.yearLoaded) years.add(Number(info.date.slice(0, 4)));
        }
        const result = cal.countWorkingDays(from, fromDayNumber(toDayNumber(from) + len));
        expect(result.count).toBe(expected);
        expect(result.unloadedYears).toEqual([...years].sort((x, y) => x - y));
      }),
    );
  });

  it('reports no unloaded years inside 2024–2026 on the built-in calendar', () => {
    fc.assert(
      fc.property(dateArb, nArb, (d, n) => {
        const r = builtInCalendar.addWorkingDays(d, n);
        const [lo, hi] = n >= 0 ? [d, r.date] : [r.date, d];
        if (lo >= '2023-12-31' && hi <= '2026-12-31') expect(r.unloadedYears).toEqual([]);
        for (const y of r.unloadedYears) expect(builtInCalendar.isYearLoaded(y)).toBe(false);
      }),
    );
  });

  it('never makes a fixed-date statutory holiday a working day, 1990–2100', () => {
    fc.assert(
      fc.property(calendarArb, (cal) => {
        for (let year = 1990; year <= 2100; year++) {
          for (const h of fixedStatutoryHolidaysOf(year)) {
            const info = cal.dayInfo(h.date);
            expect(info.working, h.date).toBe(false);
            expect(info.kind).toBe('holiday');
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it('only weekend days can be working days by arrangement, and every weekday outside the data works', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, (cal, d) => {
        const info = cal.dayInfo(d);
        const weekend = [0, 6].includes(weekdayOf(d));
        if (info.kind === 'makeup_workday') expect(weekend).toBe(true);
        if (info.kind === 'weekend') expect(weekend).toBe(true);
        if (info.kind === 'workday') expect(weekend).toBe(false);
        expect(info.working).toBe(info.kind === 'workday' || info.kind === 'makeup_workday');
      }),
    );
  });
});
