/**
 * One year's official holiday arrangement (放假调休安排) and its validation.
 *
 * Each year the General Office of the State Council announces the rest days around the statutory
 * holidays and the weekend days worked in exchange (调休上班). Built-in years ship with the code;
 * later years are entered by an administrator and validated here before they are stored.
 */
import { type IsoDate, parseIsoDate, weekdayOf } from './iso-date.js';
import { fixedStatutoryHolidayOn } from './statutory-holidays.js';

export interface NamedDate {
  date: IsoDate;
  /** The holiday's name as the notice writes it, e.g. 国庆节; for a make-up workday, the holiday it serves. */
  name: string;
  nameEn?: string;
}

export interface YearArrangement {
  year: number;
  /** Rest days: the statutory days plus the days moved into the holiday (放假调休). */
  holidays: NamedDate[];
  /** Weekend days that are working days (调休上班). */
  workdays: NamedDate[];
  /** Where the data comes from, e.g. the notice's title and date. */
  source: string;
}

export const MIN_ARRANGEMENT_YEAR = 1949;
export const MAX_ARRANGEMENT_YEAR = 2999;

export type YearArrangementProblemCode =
  | 'CALENDAR_YEAR_OUT_OF_RANGE'
  | 'CALENDAR_SOURCE_MISSING'
  | 'CALENDAR_DATE_INVALID'
  | 'CALENDAR_DATE_OUTSIDE_YEAR'
  | 'CALENDAR_DATE_DUPLICATE'
  | 'CALENDAR_NAME_MISSING'
  | 'CALENDAR_DATE_BOTH_HOLIDAY_AND_WORKDAY'
  | 'CALENDAR_MAKEUP_WORKDAY_NOT_WEEKEND'
  | 'CALENDAR_FIXED_HOLIDAY_AS_WORKDAY';

export interface YearArrangementProblem {
  code: YearArrangementProblemCode;
  /** Where in the input, e.g. 'workdays[2].date', for highlighting a form field. */
  path: string;
  date?: IsoDate;
  zh: string;
  en: string;
}

type ListName = 'holidays' | 'workdays';

/**
 * Every problem with an arrangement, in input order; empty when it can be loaded.
 * Structural typing (arrays, strings) is the HTTP schema's job; this checks the calendar rules.
 */
export function validateYearArrangement(input: YearArrangement): YearArrangementProblem[] {
  const problems: YearArrangementProblem[] = [];
  const { year } = input;
  if (!Number.isInteger(year) || year < MIN_ARRANGEMENT_YEAR || year > MAX_ARRANGEMENT_YEAR) {
    problems.push({
      code: 'CALENDAR_YEAR_OUT_OF_RANGE',
      path: 'year',
      zh: `年份须为${MIN_ARRANGEMENT_YEAR}至${MAX_ARRANGEMENT_YEAR}之间的整数`,
      en: `The year must be a whole number from ${MIN_ARRANGEMENT_YEAR} to ${MAX_ARRANGEMENT_YEAR}`,
    });
  }
  if (input.source.trim() === '') {
    problems.push({
      code: 'CALENDAR_SOURCE_MISSING',
      path: 'source',
      zh: '请填写数据来源（如国务院办公厅通知的标题和日期）',
      en: "Give the source (e.g. the State Council General Office notice's title and date)",
    });
  }
  const holidayDates = new Set(checkList(input, 'holidays', problems).map((i) => (input.holidays[i] as NamedDate).date));
  for (const i of checkList(input, 'workdays', problems)) {
    const path = `workdays[${i}].date`;
    const date = (input.workdays[i] as NamedDate).date;
    if (holidayDates.has(date)) {
      problems.push({
        code: 'CALENDAR_DATE_BOTH_HOLIDAY_AND_WORKDAY',
        path,
        date,
        zh: `${date}不能既是放假日又是调休上班日`,
        en: `${date} cannot be both a holiday and a make-up working day`,
      });
    }
    const fixed = fixedStatutoryHolidayOn(date);
    if (fixed) {
      // 全国年节及纪念日放假办法 第二条: these days are statutory rest days for all citizens.
      problems.push({
        code: 'CALENDAR_FIXED_HOLIDAY_AS_WORKDAY',
        path,
        date,
        zh: `${date}是法定节假日（${fixed.name}），不能安排上班`,
        en: `${date} is a statutory holiday (${fixed.nameEn}) and cannot be a working day`,
      });
    } else {
      const weekday = weekdayOf(date);
      if (weekday !== 0 && weekday !== 6) {
        problems.push({
          code: 'CALENDAR_MAKEUP_WORKDAY_NOT_WEEKEND',
          path,
          date,
          zh: `调休上班日${date}须为周六或周日`,
          en: `The make-up working day ${date} must be a Saturday or Sunday`,
        });
      }
    }
  }
  return problems;
}

/** Reports per-entry problems of one list; returns the indices of its valid, in-year, first-seen dates. */
function checkList(input: YearArrangement, list: ListName, problems: YearArrangementProblem[]): number[] {
  const seen = new Set<IsoDate>();
  const valid: number[] = [];
  input[list].forEach((entry, i) => {
    const { date } = entry;
    const parts = parseIsoDate(date);
    if (!parts) {
      problems.push({
        code: 'CALENDAR_DATE_INVALID',
        path: `${list}[${i}].date`,
        date,
        zh: `“${date}”不是有效日期（格式为YYYY-MM-DD）`,
        en: `"${date}" is not a valid date (use YYYY-MM-DD)`,
      });
    } else if (parts.year !== input.year) {
      problems.push({
        code: 'CALENDAR_DATE_OUTSIDE_YEAR',
        path: `${list}[${i}].date`,
        date,
        zh: `${date}不在${input.year}年内`,
        en: `${date} is not in ${input.year}`,
      });
    } else if (seen.has(date)) {
      problems.push({
        code: 'CALENDAR_DATE_DUPLICATE',
        path: `${list}[${i}].date`,
        date,
        zh: `${date}重复出现`,
        en: `${date} is listed twice`,
      });
    } else {
      seen.add(date);
      valid.push(i);
    }
    if (entry.name.trim() === '') {
      problems.push({
        code: 'CALENDAR_NAME_MISSING',
        path: `${list}[${i}].name`,
        date,
        zh: `请填写${date}对应的节日名称`,
        en: `Give the holiday's name for ${date}`,
      });
    }
  });
  return valid;
}
