import { describe, expect, it } from 'vitest';
import { fixedStatutoryHolidayOn, fixedStatutoryHolidaysOf } from './statutory-holidays.js';

const datesOf = (year: number) => fixedStatutoryHolidaysOf(year).map((h) => h.date.slice(5));

describe('fixed-date statutory holidays', () => {
  it('from 2025 are Jan 1, May 1–2 and Oct 1–3 (国务院令第795号)', () => {
    expect(datesOf(2025)).toEqual(['01-01', '05-01', '05-02', '10-01', '10-02', '10-03']);
    expect(datesOf(2100)).toEqual(datesOf(2025));
  });

  it('from 2008 to 2024 are Jan 1, May 1 and Oct 1–3 (国务院令第513号)', () => {
    expect(datesOf(2008)).toEqual(['01-01', '05-01', '10-01', '10-02', '10-03']);
    expect(datesOf(2024)).toEqual(datesOf(2008));
    expect(fixedStatutoryHolidayOn('2024-05-02')).toBeUndefined();
  });

  it('from 2000 to 2007 include May 1–3 (1999 revision)', () => {
    expect(datesOf(2000)).toEqual(['01-01', '05-01', '05-02', '05-03', '10-01', '10-02', '10-03']);
    expect(datesOf(2007)).toEqual(datesOf(2000));
  });

  it('in 1999 the revision took effect on 18 September: May 1 only, then Oct 1–3', () => {
    expect(datesOf(1999)).toEqual(['01-01', '05-01', '10-01', '10-02', '10-03']);
  });

  it('before the 1999 revision are Jan 1, May 1 and Oct 1–2', () => {
    expect(datesOf(1990)).toEqual(['01-01', '05-01', '10-01', '10-02']);
  });

  it('carry names in Chinese and English', () => {
    expect(fixedStatutoryHolidayOn('2026-10-02')).toEqual({ name: '国庆节', nameEn: 'National Day' });
    expect(fixedStatutoryHolidayOn('2026-05-02')).toEqual({ name: '劳动节', nameEn: 'Labour Day' });
    expect(fixedStatutoryHolidayOn('2026-01-01')).toEqual({ name: '元旦', nameEn: "New Year's Day" });
  });

  it('returns undefined for ordinary and malformed dates', () => {
    expect(fixedStatutoryHolidayOn('2026-10-04')).toBeUndefined();
    expect(fixedStatutoryHolidayOn('2026-13-01')).toBeUndefined();
  });
});
