import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  compareIsoDates,
  formatIsoDate,
  fromDayNumber,
  isIsoDate,
  isoDateInChina,
  isWeekend,
  parseIsoDate,
  toDayNumber,
  weekdayOf,
  yearOf,
} from './iso-date.js';

describe('iso dates', () => {
  it('accepts existing dates and rejects malformed or impossible ones', () => {
    expect(isIsoDate('2025-10-01')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    for (const bad of ['2025-02-29', '1900-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-1-01', '20251001', '', ' 2025-10-01', '0999-12-31']) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
  });

  it('parses into parts', () => {
    expect(parseIsoDate('2026-02-15')).toEqual({ year: 2026, month: 2, day: 15 });
  });

  it('counts days from the Unix epoch in UTC', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1970-01-02')).toBe(1);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(fromDayNumber(toDayNumber('2025-10-08'))).toBe('2025-10-08');
  });

  it('throws RangeError on malformed input rather than guessing', () => {
    expect(() => toDayNumber('2025-02-30')).toThrow(RangeError);
    expect(() => fromDayNumber(1.5)).toThrow(RangeError);
    expect(() => yearOf('nope')).toThrow(RangeError);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('knows weekdays (0 = Sunday)', () => {
    expect(weekdayOf('2025-09-28')).toBe(0);
    expect(weekdayOf('2025-10-11')).toBe(6);
    expect(weekdayOf('2025-10-01')).toBe(3);
    expect(weekdayOf('1969-12-31')).toBe(3);
    expect(isWeekend('2026-02-14')).toBe(true);
    expect(isWeekend('2026-02-16')).toBe(false);
  });

  it('compares dates', () => {
    expect(compareIsoDates('2025-01-01', '2024-12-31')).toBe(1);
    expect(compareIsoDates('2025-01-01', '2025-01-01')).toBe(0);
  });

  it('gives the date in China (UTC+8) for an instant', () => {
    expect(isoDateInChina(new Date('2025-09-30T15:59:59Z'))).toBe('2025-09-30');
    expect(isoDateInChina(new Date('2025-09-30T16:00:00Z'))).toBe('2025-10-01');
  });

  it('round-trips every day number and agrees with string order', () => {
    const days = fc.integer({ min: toDayNumber('1000-01-01'), max: toDayNumber('9999-12-31') });
    fc.assert(
      fc.property(days, days, (a, b) => {
        const da = fromDayNumber(a);
        expect(toDayNumber(da)).toBe(a);
        expect(isIsoDate(da)).toBe(true);
        expect(Math.sign(compareIsoDates(da, fromDayNumber(b)))).toBe(Math.sign(da.localeCompare(fromDayNumber(b))));
      }),
    );
  });

  it('formats with zero padding', () => {
    expect(formatIsoDate(2025, 1, 5)).toBe('2025-01-05');
  });
});
