import { describe, expect, it } from 'vitest';
import { type YearArrangement, validateYearArrangement } from './year-arrangement.js';

function year2027(overrides: Partial<YearArrangement> = {}): YearArrangement {
  return {
    year: 2027,
    source: '国务院办公厅关于2027年部分节假日安排的通知',
    holidays: [
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-10-01', name: '国庆节', nameEn: 'National Day' },
    ],
    workdays: [{ date: '2027-09-26', name: '国庆节' }], // a Sunday
    ...overrides,
  };
}

const codes = (input: YearArrangement) => validateYearArrangement(input).map((p) => p.code);

describe('validateYearArrangement', () => {
  it('accepts a well-formed arrangement', () => {
    expect(validateYearArrangement(year2027())).toEqual([]);
  });

  it('accepts an empty arrangement (a year with no announced changes yet is still explicit)', () => {
    expect(validateYearArrangement(year2027({ holidays: [], workdays: [] }))).toEqual([]);
  });

  it('refuses a year out of range or not whole', () => {
    expect(codes(year2027({ year: 1800, holidays: [], workdays: [] }))).toEqual(['CALENDAR_YEAR_OUT_OF_RANGE']);
    expect(codes(year2027({ year: 2027.5, holidays: [], workdays: [] }))).toContain('CALENDAR_YEAR_OUT_OF_RANGE');
  });

  it('requires a source', () => {
    expect(codes(year2027({ source: '  ' }))).toEqual(['CALENDAR_SOURCE_MISSING']);
  });

  it('refuses malformed and impossible dates, pointing at the field', () => {
    const problems = validateYearArrangement(
      year2027({ holidays: [{ date: '2027-02-29', name: '春节' }, { date: '2027/10/01', name: '国庆节' }] }),
    );
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['CALENDAR_DATE_INVALID', 'holidays[0].date'],
      ['CALENDAR_DATE_INVALID', 'holidays[1].date'],
    ]);
    expect(problems[0]?.zh).toContain('不是有效日期');
    expect(problems[0]?.en).toContain('not a valid date');
  });

  it('refuses dates outside the year', () => {
    expect(codes(year2027({ holidays: [{ date: '2026-12-31', name: '元旦' }] }))).toEqual(['CALENDAR_DATE_OUTSIDE_YEAR']);
  });

  it('refuses a date listed twice in the same list, once', () => {
    const problems = validateYearArrangement(
      year2027({
        workdays: [
          { date: '2027-09-26', name: '国庆节' },
          { date: '2027-09-26', name: '国庆节' },
        ],
      }),
    );
    expect(problems.map((p) => [p.code, p.path])).toEqual([['CALENDAR_DATE_DUPLICATE', 'workdays[1].date']]);
  });

  it('refuses a date that is both a holiday and a working day', () => {
    const input = year2027({
      holidays: [{ date: '2027-09-26', name: '国庆节' }],
      workdays: [{ date: '2027-09-26', name: '国庆节' }],
    });
    expect(codes(input)).toEqual(['CALENDAR_DATE_BOTH_HOLIDAY_AND_WORKDAY']);
  });

  it('refuses a make-up working day on a weekday', () => {
    const problems = validateYearArrangement(year2027({ workdays: [{ date: '2027-09-29', name: '国庆节' }] }));
    expect(problems.map((p) => p.code)).toEqual(['CALENDAR_MAKEUP_WORKDAY_NOT_WEEKEND']);
    expect(problems[0]?.zh).toBe('调休上班日2027-09-29须为周六或周日');
  });

  it('refuses to make a fixed-date statutory holiday a working day, even on a weekend', () => {
    // 2027-05-01 is a Saturday; 2027-10-02 is a Saturday.
    expect(codes(year2027({ workdays: [{ date: '2027-05-01', name: '劳动节' }] }))).toEqual([
      'CALENDAR_FIXED_HOLIDAY_AS_WORKDAY',
    ]);
    expect(codes(year2027({ workdays: [{ date: '2027-05-02', name: '劳动节' }] }))).toEqual([
      'CALENDAR_FIXED_HOLIDAY_AS_WORKDAY',
    ]);
    expect(codes(year2027({ workdays: [{ date: '2027-10-02', name: '国庆节' }] }))).toEqual([
      'CALENDAR_FIXED_HOLIDAY_AS_WORKDAY',
    ]);
  });

  it('judges May 2 by the rules in force that year', () => {
    // 2021-05-02 was a Sunday and May 2 was not yet a statutory holiday.
    const input: YearArrangement = {
      year: 2021,
      source: 'test',
      holidays: [],
      workdays: [{ date: '2021-05-02', name: '劳动节' }],
    };
    expect(codes(input)).toEqual([]);
  });

  it('requires a name for each date', () => {
    expect(codes(year2027({ holidays: [{ date: '2027-01-01', name: '' }] }))).toEqual(['CALENDAR_NAME_MISSING']);
  });

  it('reports every problem at once', () => {
    const input = year2027({
      source: '',
      holidays: [{ date: '2026-01-01', name: '元旦' }],
      workdays: [
        { date: '2027-01-01', name: '元旦' },
        { date: '2027-03-03', name: '' },
      ],
    });
    expect(codes(input)).toEqual([
      'CALENDAR_SOURCE_MISSING',
      'CALENDAR_DATE_OUTSIDE_YEAR',
      'CALENDAR_NAME_MISSING',
      'CALENDAR_FIXED_HOLIDAY_AS_WORKDAY',
      'CALENDAR_MAKEUP_WORKDAY_NOT_WEEKEND',
    ]);
  });
});
