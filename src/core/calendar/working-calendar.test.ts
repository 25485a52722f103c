import { describe, expect, it } from 'vitest';
import {
  CalendarConfigError,
  WorkingCalendar,
  builtInCalendar as cal,
  unloadedYearsNotice,
} from './working-calendar.js';
import type { YearArrangement } from './year-arrangement.js';
import { addDays } from './iso-date.js';

const add = (start: string, n: number) => cal.addWorkingDays(start, n).date;
const count = (from: string, to: string) => cal.countWorkingDays(from, to).count;

/** The dates in [from, to] that are not working days. */
function restDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!cal.isWorkingDay(d)) out.push(d);
  return out;
}

describe('2025 National Day and Mid-Autumn arrangement', () => {
  it('rests from 1 to 8 October', () => {
    expect(restDays('2025-09-27', '2025-10-12')).toEqual([
      '2025-09-27', // Saturday
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-04',
      '2025-10-05',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
      '2025-10-12', // Sunday
    ]);
  });

  it('works on Sunday 28 September and Saturday 11 October', () => {
    expect(cal.dayInfo('2025-09-28')).toEqual({
      date: '2025-09-28',
      working: true,
      kind: 'makeup_workday',
      name: '国庆节',
      nameEn: 'National Day',
      yearLoaded: true,
    });
    expect(cal.dayInfo('2025-10-11').kind).toBe('makeup_workday');
  });

  it('names 6 October as Mid-Autumn', () => {
    expect(cal.dayInfo('2025-10-06')).toMatchObject({ kind: 'holiday', name: '中秋节', working: false });
  });

  it('adds working days across the holiday', () => {
    expect(add('2025-09-30', 1)).toBe('2025-10-09');
    expect(add('2025-09-30', 2)).toBe('2025-10-10');
    expect(add('2025-09-30', 3)).toBe('2025-10-11');
    expect(add('2025-09-30', 4)).toBe('2025-10-13');
    expect(add('2025-09-26', 1)).toBe('2025-09-28');
    // 行政许可法 第32条 intake limit: 5 working days from a submission on 26 September.
    expect(add('2025-09-26', 5)).toBe('2025-10-10');
  });

  it('counts working days in (from, to]', () => {
    expect(count('2025-09-30', '2025-10-08')).toBe(0);
    expect(count('2025-09-30', '2025-10-09')).toBe(1);
    expect(count('2025-09-26', '2025-10-12')).toBe(6); // 28, 29, 30 Sep; 9, 10, 11 Oct
  });
});

describe('2026 Spring Festival arrangement', () => {
  it('rests from 15 to 23 February', () => {
    expect(restDays('2026-02-13', '2026-03-01')).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
      '2026-03-01', // Sunday
    ]);
  });

  it('works on Saturdays 14 and 28 February', () => {
    expect(cal.dayInfo('2026-02-14')).toMatchObject({ kind: 'makeup_workday', working: true, name: '春节' });
    expect(cal.dayInfo('2026-02-28')).toMatchObject({ kind: 'makeup_workday', working: true, name: '春节' });
  });

  it('adds working days across the holiday', () => {
    expect(add('2026-02-13', 1)).toBe('2026-02-14');
    expect(add('2026-02-14', 1)).toBe('2026-02-24');
    expect(add('2026-02-13', 20)).toBe('2026-03-19');
  });
});

describe('dayInfo', () => {
  it('tells ordinary working days and weekends apart', () => {
    expect(cal.dayInfo('2025-06-04')).toEqual({ date: '2025-06-04', working: true, kind: 'workday', yearLoaded: true });
    expect(cal.dayInfo('2025-06-07')).toEqual({ date: '2025-06-07', working: false, kind: 'weekend', yearLoaded: true });
  });

  it('treats a holiday on a weekend as a holiday', () => {
    expect(cal.dayInfo('2026-10-03')).toMatchObject({ kind: 'holiday', name: '国庆节' }); // Saturday
  });

  it('marks unloaded years and still knows their weekends and fixed-date holidays', () => {
    expect(cal.dayInfo('2027-01-01')).toEqual({
      date: '2027-01-01',
      working: false,
      kind: 'holiday',
      name: '元旦',
      nameEn: "New Year's Day",
      yearLoaded: false,
    });
    expect(cal.dayInfo('2027-05-03')).toMatchObject({ working: true, kind: 'workday', yearLoaded: false });
    expect(cal.dayInfo('2027-10-03')).toMatchObject({ working: false, kind: 'holiday', yearLoaded: false });
    expect(cal.dayInfo('2023-05-02')).toMatchObject({ working: true, yearLoaded: false }); // before 国务院令第795号
  });

  it('throws RangeError for a malformed date', () => {
    expect(() => cal.dayInfo('2025-02-29')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('tomorrow')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('returns the start unchanged for n = 0, even on a rest day', () => {
    expect(cal.addWorkingDays('2025-10-01', 0)).toEqual({ date: '2025-10-01', unloadedYears: [] });
  });

  it('does not count the start day', () => {
    expect(add('2025-06-02', 1)).toBe('2025-06-03'); // Monday → Tuesday
    expect(add('2025-06-06', 1)).toBe('2025-06-09'); // Friday → Monday
    expect(add('2025-06-06', 5)).toBe('2025-06-13');
  });

  it('steps backwards for negative n', () => {
    expect(add('2025-10-09', -1)).toBe('2025-09-30');
    expect(add('2025-06-09', -1)).toBe('2025-06-06');
  });

  it('reports the unloaded years it crossed', () => {
    const r = cal.addWorkingDays('2026-12-30', 3);
    expect(r).toEqual({ date: '2027-01-05', unloadedYears: [2027] });
    expect(cal.addWorkingDays('2026-12-28', 2).unloadedYears).toEqual([]);
    expect(cal.addWorkingDays('2023-12-29', 1)).toEqual({ date: '2024-01-02', unloadedYears: [2023] });
    expect(cal.addWorkingDays('2023-12-31', 1)).toEqual({ date: '2024-01-02', unloadedYears: [] });
    expect(cal.addWorkingDays('2024-01-02', -1)).toEqual({ date: '2023-12-29', unloadedYears: [2023] });
  });

  it('refuses a fractional or non-finite n', () => {
    expect(() => cal.addWorkingDays('2025-01-02', 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2025-01-02', Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('nextWorkingDay is addWorkingDays(date, 1)', () => {
    expect(cal.nextWorkingDay('2025-09-30')).toEqual(cal.addWorkingDays('2025-09-30', 1));
  });
});

describe('countWorkingDays', () => {
  it('is 0 when to <= from', () => {
    expect(count('2025-06-04', '2025-06-04')).toBe(0);
    expect(count('2025-06-05', '2025-06-04')).toBe(0);
  });

  it('includes to and excludes from', () => {
    expect(count('2025-06-03', '2025-06-04')).toBe(1);
    expect(count('2025-06-02', '2025-06-06')).toBe(4);
  });

  it('counts a whole loaded year', () => {
    // Cross-checked against the chinese-days package data, counted independently.
    expect(count('2024-12-31', '2025-12-31')).toBe(248);
    expect(count('2023-12-31', '2024-12-31')).toBe(251);
    expect(count('2025-12-31', '2026-12-31')).toBe(248);
  });

  it('reports unloaded years in the range', () => {
    expect(cal.countWorkingDays('2026-12-01', '2028-01-03').unloadedYears).toEqual([2027, 2028]);
    expect(cal.countWorkingDays('2026-12-01', '2026-12-31').unloadedYears).toEqual([]);
  });
});

describe('building a calendar', () => {
  const y2027: YearArrangement = {
    year: 2027,
    source: 'test data',
    holidays: [
      { date: '2027-02-05', name: '春节', nameEn: 'Spring Festival' },
      { date: '2027-02-08', name: '春节' },
    ],
    workdays: [{ date: '2027-02-13', name: '春节' }],
  };

  it('loads built-in years by default', () => {
    expect(cal.loadedYears()).toEqual([2024, 2025, 2026]);
    expect(cal.isYearLoaded(2025)).toBe(true);
    expect(cal.isYearLoaded(2027)).toBe(false);
  });

  it('adds administrator-entered years', () => {
    const c = new WorkingCalendar({ years: [y2027] });
    expect(c.loadedYears()).toEqual([2024, 2025, 2026, 2027]);
    expect(c.dayInfo('2027-02-08')).toEqual({
      date: '2027-02-08',
      working: false,
      kind: 'holiday',
      name: '春节',
      yearLoaded: true,
    });
    expect(c.dayInfo('2027-02-13')).toMatchObject({ working: true, kind: 'makeup_workday' });
    expect(c.addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-05', unloadedYears: [] });
  });

  it('keeps fixed-date holidays even if an entered year omits them', () => {
    const c = new WorkingCalendar({ years: [y2027] });
    expect(c.dayInfo('2027-10-01')).toMatchObject({ working: false, kind: 'holiday', name: '国庆节', yearLoaded: true });
  });

  it('refuses to replace a built-in year unless allowed', () => {
    const correction: YearArrangement = { year: 2025, source: 'correction', holidays: [], workdays: [] };
    const attempt = () => new WorkingCalendar({ years: [correction] });
    expect(attempt).toThrow(CalendarConfigError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'CALENDAR_BUILT_IN_YEAR_OVERRIDE', year: 2025 }));

    const c = new WorkingCalendar({ years: [correction], allowBuiltInOverride: true });
    expect(c.arrangementOf(2025)?.source).toBe('correction');
    expect(c.isWorkingDay('2025-10-08')).toBe(true); // replaced as a whole
    expect(c.isWorkingDay('2025-10-01')).toBe(false); // fixed-date holiday stays
  });

  it('refuses an invalid or repeated year', () => {
    const bad: YearArrangement = { ...y2027, workdays: [{ date: '2027-02-10', name: '春节' }] };
    try {
      new WorkingCalendar({ years: [bad] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarConfigError);
      expect((e as CalendarConfigError).code).toBe('CALENDAR_YEAR_INVALID');
      expect((e as CalendarConfigError).problems.map((p) => p.code)).toEqual(['CALENDAR_MAKEUP_WORKDAY_NOT_WEEKEND']);
    }
    expect(() => new WorkingCalendar({ years: [y2027, y2027] })).toThrow(
      expect.objectContaining({ code: 'CALENDAR_YEAR_DUPLICATE' }),
    );
  });

  it('can start without built-in years', () => {
    const c = new WorkingCalendar({ builtIn: false });
    expect(c.loadedYears()).toEqual([]);
    expect(c.isWorkingDay('2025-10-08')).toBe(true);
    expect(c.dayInfo('2025-10-02')).toMatchObject({ kind: 'holiday', yearLoaded: false });
  });

  it('is not changed by later edits to the input', () => {
    const input: YearArrangement = structuredClone(y2027);
    const c = new WorkingCalendar({ years: [input] });
    input.holidays.push({ date: '2027-03-03', name: 'x' });
    (input.holidays[0] as { date: string }).date = '2027-03-04';
    expect(c.isWorkingDay('2027-03-03')).toBe(true);
    expect(c.isWorkingDay('2027-02-05')).toBe(false);
    expect(Object.isFrozen(c.arrangementOf(2027)?.holidays)).toBe(true);
  });
});

describe('unloadedYearsNotice', () => {
  it('is undefined when every year was loaded', () => {
    expect(unloadedYearsNotice([])).toBeUndefined();
  });

  it('names the years in both languages', () => {
    const n = unloadedYearsNotice([2027, 2028]);
    expect(n?.code).toBe('CALENDAR_YEARS_NOT_LOADED');
    expect(n?.zh).toContain('2027年、2028年的放假调休安排尚未录入');
    expect(n?.en).toContain('2027, 2028');
  });
});
