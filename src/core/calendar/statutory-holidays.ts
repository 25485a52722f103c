/**
 * Fixed-date statutory holidays (全体公民放假的节日 on Gregorian dates) from 《全国年节及纪念日放假办法》.
 *
 * These are rest days in every year, whether or not the State Council's yearly arrangement (调休安排)
 * is loaded, and can never be made working days. The lunar holidays (春节, 清明, 端午, 中秋) cannot be
 * known without the yearly data, which is why the calendar reports unloaded years.
 */
import { type IsoDate, parseIsoDate, formatIsoDate } from './iso-date.js';

export interface HolidayName {
  /** As the State Council's notices write it, e.g. 国庆节 */
  name: string;
  nameEn: string;
}

const NEW_YEAR: HolidayName = { name: '元旦', nameEn: "New Year's Day" };
const LABOUR_DAY: HolidayName = { name: '劳动节', nameEn: 'Labour Day' };
const NATIONAL_DAY: HolidayName = { name: '国庆节', nameEn: 'National Day' };

interface Era {
  /** First date the rule applies (inclusive). */
  from: IsoDate;
  /** [month, day, name] */
  days: readonly (readonly [number, number, HolidayName])[];
}

/** Newest first; each version of the rules applies from its effective date. */
const ERAS: readonly Era[] = [
  {
    // 国务院令第795号 (2024-11-10), effective 2025-01-01: 劳动节 5月1日、2日.
    from: '2025-01-01',
    days: [
      [1, 1, NEW_YEAR],
      [5, 1, LABOUR_DAY],
      [5, 2, LABOUR_DAY],
      [10, 1, NATIONAL_DAY],
      [10, 2, NATIONAL_DAY],
      [10, 3, NATIONAL_DAY],
    ],
  },
  {
    // 国务院令第513号 (2007-12-14), effective 2008-01-01: 劳动节 1 day (5月1日).
    from: '2008-01-01',
    days: [
      [1, 1, NEW_YEAR],
      [5, 1, LABOUR_DAY],
      [10, 1, NATIONAL_DAY],
      [10, 2, NATIONAL_DAY],
      [10, 3, NATIONAL_DAY],
    ],
  },
  {
    // Revision of 1999-09-18, in force on publication: 劳动节 5月1日–3日, 国庆节 10月1日–3日.
    from: '1999-09-18',
    days: [
      [1, 1, NEW_YEAR],
      [5, 1, LABOUR_DAY],
      [5, 2, LABOUR_DAY],
      [5, 3, LABOUR_DAY],
      [10, 1, NATIONAL_DAY],
      [10, 2, NATIONAL_DAY],
      [10, 3, NATIONAL_DAY],
    ],
  },
  {
    // Original text (政务院, 1949-12-23): 新年 1月1日, 劳动节 5月1日, 国庆纪念日 10月1日、2日.
    from: '0000-01-01',
    days: [
      [1, 1, NEW_YEAR],
      [5, 1, LABOUR_DAY],
      [10, 1, NATIONAL_DAY],
      [10, 2, NATIONAL_DAY],
    ],
  },
];

function eraOn(date: IsoDate): Era {
  // ISO strings with 4-digit years compare in date order.
  return ERAS.find((era) => era.from <= date) ?? (ERAS[ERAS.length - 1] as Era);
}

/** The fixed-date statutory holiday on a date, or undefined (also for a malformed date). */
export function fixedStatutoryHolidayOn(date: IsoDate): HolidayName | undefined {
  const parts = parseIsoDate(date);
  if (!parts) return undefined;
  const hit = eraOn(date).days.find(([m, d]) => m === parts.month && d === parts.day);
  return hit?.[2];
}

/** Every month-day that is a fixed-date holiday in some version of the rules, in calendar order. */
const CANDIDATE_DAYS: readonly (readonly [number, number])[] = [
  ...new Map(ERAS.flatMap((era) => era.days).map(([m, d]) => [m * 100 + d, [m, d] as const])).entries(),
]
  .sort(([a], [b]) => a - b)
  .map(([, md]) => md);

/** Every fixed-date statutory holiday of a year, in date order. */
export function fixedStatutoryHolidaysOf(year: number): (HolidayName & { date: IsoDate })[] {
  const out: (HolidayName & { date: IsoDate })[] = [];
  for (const [m, d] of CANDIDATE_DAYS) {
    const date = formatIsoDate(year, m, d);
    const holiday = fixedStatutoryHolidayOn(date);
    if (holiday) out.push({ date, ...holiday });
  }
  return out;
}
