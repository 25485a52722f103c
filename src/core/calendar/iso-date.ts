/**
 * Calendar dates as 'YYYY-MM-DD' strings (ISO 8601 calendar dates, no time, no zone).
 *
 * All arithmetic goes through UTC day numbers, never local time, so the result does not depend on
 * the machine's time zone or on daylight saving. Years are limited to 1000–9999 so that strings
 * compare in date order and `Date.UTC` maps years one to one.
 */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

export interface DateParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

/** The parts of a well-formed, existing calendar date, or undefined. */
export function parseIsoDate(value: string): DateParts | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True for a well-formed, existing calendar date such as '2025-02-28' (not '2025-02-29'). */
export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== undefined;
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function requireParts(value: IsoDate): DateParts {
  const parts = parseIsoDate(value);
  if (!parts) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return parts;
}

/** Days since 1970-01-01 (negative before). Throws RangeError on a malformed date. */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = requireParts(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** The date of a day number. Throws RangeError outside years 1000–9999. */
export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`Not a day number: ${dayNumber}`);
  const d = new Date(dayNumber * MS_PER_DAY);
  const year = d.getUTCFullYear();
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) throw new RangeError(`Date out of range: day ${dayNumber}`);
  return formatIsoDate(year, d.getUTCMonth() + 1, d.getUTCDate());
}

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay`. */
export function weekdayOf(date: IsoDate): number {
  return weekdayOfDayNumber(toDayNumber(date));
}

export function weekdayOfDayNumber(dayNumber: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isWeekend(date: IsoDate): boolean {
  const w = weekdayOf(date);
  return w === 0 || w === 6;
}

export function yearOf(date: IsoDate): number {
  return requireParts(date).year;
}

/** Negative, zero or positive as a is before, equal to or after b (both must be valid). */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

/**
 * The calendar date in China (Asia/Shanghai, UTC+8) at an instant. China has kept UTC+8 without
 * daylight saving since 1992, so a fixed offset is exact for every date this platform handles.
 */
export function isoDateInChina(instant: Date): IsoDate {
  const shifted = new Date(instant.getTime() + 8 * 3_600_000);
  return formatIsoDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}
