import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtInCalendar, isoDateInChina } from '../../../core/calendar/index.js';
import { Dice, beijingInstant, seededRandom, workingDaysBetween } from '../../../core/simulation/index.js';
import { CaseClock } from './case-clock.js';

const days = workingDaysBetween('2025-01-01', '2026-12-31', builtInCalendar);
const index = new Map(days.map((d, i) => [d, i]));
const minuteOf = (d: Date) => Math.floor((d.getTime() - Date.parse(`${isoDateInChina(d)}T00:00:00+08:00`)) / 60_000);

describe('the clock of a simulated case', () => {
  it('moves forward only, on working days, and stays on the day it reports', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 420, max: 1379 }), fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 30 }), (seed, start, minute, moves) => {
        const day = days[start] as string;
        const clock = new CaseClock(days, index, beijingInstant(day, minute), day, new Dice(seededRandom(seed)));
        let last = clock.now().getTime();
        for (const m of moves) {
          const at = m < 0 ? clock.later() : m === 4 ? clock.on(days[start + 10] as string) : clock.after(m);
          expect(at.getTime()).toBeGreaterThan(last);
          expect(isoDateInChina(at)).toBe(clock.day);
          expect(builtInCalendar.isWorkingDay(clock.day)).toBe(true);
          last = at.getTime();
        }
      }),
    );
  });

  it('uses a rating link before it expires, even when issued at closing time before the Spring Festival', () => {
    // 2025-01-27 is the last working day before the holiday (28 Jan – 4 Feb): the next office moment is 5 Feb.
    const eve = '2025-01-27';
    const issued = beijingInstant(eve, 17 * 60 + 20);
    const office = new CaseClock(days, index, issued, eve, new Dice(seededRandom(3)));
    expect(office.later([5, 120]).getTime() - issued.getTime()).toBeGreaterThan(7 * 86_400_000);
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 8 * 60 + 30, max: 17 * 60 + 29 }), fc.boolean(), (seed, minute, late) => {
        const at = beijingInstant(eve, late ? 15 * 60 + (minute % 150) : minute);
        // SMS (7 days): used later the same day.
        const sms = new CaseClock(days, index, at, eve, new Dice(seededRandom(seed)));
        const used = sms.laterBy(sms.day, [5, 120]);
        expect(isoDateInChina(used)).toBe(eve);
        expect(used.getTime()).toBeGreaterThan(at.getTime());
        // Tablet (30 minutes): issued and used at the counter, a few minutes apart.
        const tablet = new CaseClock(days, index, at, eve, new Dice(seededRandom(seed)));
        const shown = tablet.laterBy(tablet.day, [1, 3]);
        const rated = tablet.laterBy(tablet.day, [1, 3]);
        expect(rated.getTime()).toBeGreaterThan(shown.getTime());
        expect(rated.getTime() - shown.getTime()).toBeLessThan(30 * 60_000);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes an evening online application in the next working morning, and works in office hours', () => {
    const friday = '2025-03-07';
    const clock = new CaseClock(days, index, beijingInstant(friday, 21 * 60 + 30), friday, new Dice(seededRandom(1)));
    const next = clock.later();
    expect(isoDateInChina(next)).toBe('2025-03-10'); // Monday
    expect(minuteOf(next)).toBeGreaterThanOrEqual(8 * 60 + 30);
    for (let i = 0; i < 50; i++) {
      const m = minuteOf(clock.after(1));
      expect((m >= 510 && m < 720) || (m >= 840 && m < 1050), String(m)).toBe(true);
    }
  });

  it('on the deadline day, stays on it (the office works late rather than let a case go overdue)', () => {
    const day = '2025-03-07';
    const clock = new CaseClock(days, index, beijingInstant(day, 17 * 60 + 20), day, new Dice(seededRandom(3)));
    for (let i = 0; i < 20; i++) expect(isoDateInChina(clock.laterBy(day, [20, 150]))).toBe(day);
    expect(isoDateInChina(clock.laterBy('2025-03-10', [20, 150]))).toBe('2025-03-10');
  });
});
