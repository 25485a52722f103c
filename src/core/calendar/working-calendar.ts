/**
 * The official working-day calendar: every time limit in Tongban counts working days on it
 * (行政许可法 第82条: time limits in the law are working days, statutory holidays excluded).
 *
 * A day is a rest day when it is a Saturday or Sunday, a fixed-date statutory holiday, or a holiday
 * of a loaded year's arrangement; a loaded year's make-up working days (调休上班) turn weekend days
 * back into working days. For a year whose arrangement is not loaded, only weekends and fixed-date
 * holidays are known: Spring Festival and the other lunar holidays are missing, so every answer
 * that touches such a year says so (`yearLoaded`, `unloadedYears`).
 *
 * Override policy: the built-in years (2024–2026) reproduce the State Council's notices and are not
 * replaced by administrator-entered years unless `allowBuiltInOverride` is set, which a deployment
 * uses only to apply a later official correction (as in 2020, when the Spring Festival holiday was
 * extended after the notice). An overriding year replaces the built-in one as a whole.
 */
import { type IsoDate, fromDayNumber, toDayNumber, weekdayOfDayNumber } from './iso-date.js';
import { fixedStatutoryHolidayOn } from './statutory-holidays.js';
import { BUILT_IN_YEARS } from './built-in-years.js';
import { type YearArrangement, type YearArrangementProblem, validateYearArrangement } from './year-arrangement.js';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  kind: DayKind;
  /** For a holiday, its name; for a make-up working day, the holiday it makes up for. */
  name?: string;
  nameEn?: string;
  /** False when the year's official arrangement is not loaded (lunar holidays unknown). */
  yearLoaded: boolean;
}

export interface ShiftedDate {
  date: IsoDate;
  /** Years without a loaded arrangement among the days stepped over, ascending. */
  unloadedYears: number[];
}

export interface WorkingDayCount {
  count: number;
  /** Years without a loaded arrangement among the days counted, ascending. */
  unloadedYears: number[];
}

export interface WorkingCalendarOptions {
  /** Years entered by an administrator (stored by the server). */
  years?: readonly YearArrangement[];
  /** Let an entered year replace a built-in one. Default false. */
  allowBuiltInOverride?: boolean;
  /** Start from the built-in years. Default true; false is for tests and tools. */
  builtIn?: boolean;
}

export type CalendarConfigErrorCode =
  | 'CALENDAR_YEAR_INVALID'
  | 'CALENDAR_YEAR_DUPLICATE'
  | 'CALENDAR_BUILT_IN_YEAR_OVERRIDE';

/** A calendar cannot be built from the given years; a configuration error, not a user error. */
export class CalendarConfigError extends Error {
  override readonly name = 'CalendarConfigError';
  constructor(
    readonly code: CalendarConfigErrorCode,
    readonly year: number,
    message: string,
    readonly problems: readonly YearArrangementProblem[] = [],
  ) {
    super(message);
  }
}

interface DayEntry {
  kind: 'holiday' | 'makeup_workday';
  name: string;
  nameEn?: string;
}

export class WorkingCalendar {
  private readonly arrangements = new Map<number, YearArrangement>();
  /** Loaded holidays and make-up working days by day number. */
  private readonly entries = new Map<number, DayEntry>();

  /** Throws CalendarConfigError when an entered year is invalid, repeated, or overrides a built-in year. */
  constructor(options: WorkingCalendarOptions = {}) {
    const builtIn = options.builtIn ?? true;
    const builtInYears = new Set(builtIn ? BUILT_IN_YEARS.map((y) => y.year) : []);
    const entered = new Set<number>();
    for (const year of options.years ?? []) {
      if (entered.has(year.year)) {
        throw new CalendarConfigError('CALENDAR_YEAR_DUPLICATE', year.year, `Year ${year.year} is given twice`);
      }
      entered.add(year.year);
      if (builtInYears.has(year.year) && !options.allowBuiltInOverride) {
        throw new CalendarConfigError(
          'CALENDAR_BUILT_IN_YEAR_OVERRIDE',
          year.year,
          `Year ${year.year} is built in; set allowBuiltInOverride to replace it`,
        );
      }
      const problems = validateYearArrangement(year);
      if (problems.length > 0) {
        const first = problems[0] as YearArrangementProblem;
        throw new CalendarConfigError(
          'CALENDAR_YEAR_INVALID',
          year.year,
          `Year ${year.year} is invalid: ${first.en}`,
          problems,
        );
      }
    }
    const all = [...(builtIn ? BUILT_IN_YEARS.filter((y) => !entered.has(y.year)) : []), ...(options.years ?? [])];
    for (const year of all) this.load(year);
  }

  private load(year: YearArrangement): void {
    const copy: YearArrangement = Object.freeze({
      year: year.year,
      source: year.source,
      holidays: Object.freeze(year.holidays.map((d) => Object.freeze({ ...d }))) as YearArrangement['holidays'],
      workdays: Object.freeze(year.workdays.map((d) => Object.freeze({ ...d }))) as YearArrangement['workdays'],
    });
    this.arrangements.set(copy.year, copy);
    for (const d of copy.holidays) this.entries.set(toDayNumber(d.date), { kind: 'holiday', ...names(d) });
    for (const d of copy.workdays) this.entries.set(toDayNumber(d.date), { kind: 'makeup_workday', ...names(d) });
  }

  isYearLoaded(year: number): boolean {
    return this.arrangements.has(year);
  }

  /** The loaded years, ascending. */
  loadedYears(): number[] {
    return [...this.arrangements.keys()].sort((a, b) => a - b);
  }

  /** A loaded year's arrangement (frozen), or undefined. */
  arrangementOf(year: number): YearArrangement | undefined {
    return this.arrangements.get(year);
  }

  /** What kind of day a date is. Throws RangeError on a malformed date. */
  dayInfo(date: IsoDate): DayInfo {
    return this.classify(date, toDayNumber(date));
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.dayInfo(date).working;
  }

  /**
   * The n-th working day after `start`; `start` itself is never counted, whether or not it is a
   * working day (a limit of 5 working days from a Friday acceptance ends on the next Friday).
   * n = 0 returns `start` unchanged. A negative n steps backwards: the |n|-th working day before
   * `start`. Throws RangeError when n is not an integer or the date is malformed.
   */
  addWorkingDays(start: IsoDate, n: number): ShiftedDate {
    if (!Number.isSafeInteger(n)) throw new RangeError(`Not a whole number of days: ${n}`);
    let dayNumber = toDayNumber(start);
    const step = n >= 0 ? 1 : -1;
    let remaining = Math.abs(n);
    const unloaded = new Set<number>();
    let date = start;
    while (remaining > 0) {
      dayNumber += step;
      date = fromDayNumber(dayNumber);
      const info = this.classify(date, dayNumber);
      if (!info.yearLoaded) unloaded.add(yearOfIso(date));
      if (info.working) remaining--;
    }
    return { date, unloadedYears: sortedYears(unloaded) };
  }

  /** The first working day after `date` (same as addWorkingDays(date, 1)). */
  nextWorkingDay(date: IsoDate): ShiftedDate {
    return this.addWorkingDays(date, 1);
  }

  /**
   * Working days in (from, to]: `from` excluded, `to` included, so that
   * countWorkingDays(d, addWorkingDays(d, n).date).count === n. 0 when to <= from.
   */
  countWorkingDays(from: IsoDate, to: IsoDate): WorkingDayCount {
    const first = toDayNumber(from) + 1;
    const last = toDayNumber(to);
    let count = 0;
    const unloaded = new Set<number>();
    for (let dayNumber = first; dayNumber <= last; dayNumber++) {
      const date = fromDayNumber(dayNumber);
      const info = this.classify(date, dayNumber);
      if (!info.yearLoaded) unloaded.add(yearOfIso(date));
      if (info.working) count++;
    }
    return { count, unloadedYears: sortedYears(unloaded) };
  }

  private classify(date: IsoDate, dayNumber: number): DayInfo {
    const yearLoaded = this.arrangements.has(yearOfIso(date));
    const entry = this.entries.get(dayNumber);
    if (entry?.kind === 'holiday') return { date, working: false, kind: 'holiday', ...names(entry), yearLoaded };
    // Fixed-date statutory holidays are rest days whether or not the year is loaded.
    const fixed = fixedStatutoryHolidayOn(date);
    if (fixed) return { date, working: false, kind: 'holiday', ...fixed, yearLoaded };
    if (entry?.kind === 'makeup_workday') {
      return { date, working: true, kind: 'makeup_workday', ...names(entry), yearLoaded };
    }
    const weekday = weekdayOfDayNumber(dayNumber);
    if (weekday === 0 || weekday === 6) return { date, working: false, kind: 'weekend', yearLoaded };
    return { date, working: true, kind: 'workday', yearLoaded };
  }
}

function names(d: { name: string; nameEn?: string }): { name: string; nameEn?: string } {
  return d.nameEn === undefined ? { name: d.name } : { name: d.name, nameEn: d.nameEn };
}

/** The year of an already validated date. */
function yearOfIso(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

function sortedYears(years: Set<number>): number[] {
  return [...years].sort((a, b) => a - b);
}

export interface UnloadedYearsNotice {
  code: 'CALENDAR_YEARS_NOT_LOADED';
  years: number[];
  zh: string;
  en: string;
}

/** A user-facing warning for a result computed over unloaded years, or undefined when there are none. */
export function unloadedYearsNotice(years: readonly number[]): UnloadedYearsNotice | undefined {
  if (years.length === 0) return undefined;
  const zhYears = years.map((y) => `${y}年`).join('、');
  const enYears = years.join(', ');
  return {
    code: 'CALENDAR_YEARS_NOT_LOADED',
    years: [...years],
    zh: `${zhYears}的放假调休安排尚未录入：结果只排除了周末和固定日期的法定节假日，未计入春节等农历节日和调休，可能偏早。`,
    en: `The official holiday arrangement for ${enYears} is not loaded: the result skips only weekends and fixed-date statutory holidays, not Spring Festival or other lunar holidays and make-up working days, so it may be too early.`,
  };
}

/** The calendar with only the built-in years, for code that has no administrator-entered years. */
export const builtInCalendar = new WorkingCalendar();
