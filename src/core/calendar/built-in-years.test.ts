import { describe, expect, it } from 'vitest';
import packageData from 'chinese-days/dist/chinese-days.json';
import { BUILT_IN_YEARS, isBuiltInYear } from './built-in-years.js';
import { validateYearArrangement } from './year-arrangement.js';

// The package writes short names (清明); the built-in data follows the notices (清明节).
const NOTICE_NAME: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

function fromPackage(list: Record<string, string>, year: number) {
  return Object.entries(list)
    .filter(([date]) => date.startsWith(`${year}-`))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, value]) => {
      const [nameEn = '', zh = ''] = value.split(',');
      return { date, name: NOTICE_NAME[zh] ?? zh, nameEn };
    });
}

describe('built-in years', () => {
  it('are 2024, 2025 and 2026', () => {
    expect(BUILT_IN_YEARS.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    expect(isBuiltInYear(2025)).toBe(true);
    expect(isBuiltInYear(2027)).toBe(false);
  });

  for (const year of [2024, 2025, 2026]) {
    it(`${year} equals the chinese-days package data`, () => {
      const built = BUILT_IN_YEARS.find((y) => y.year === year);
      expect(built?.holidays).toEqual(fromPackage(packageData.holidays, year));
      expect(built?.workdays).toEqual(fromPackage(packageData.workdays, year));
    });

    it(`${year} passes validation and cites its notice`, () => {
      const built = BUILT_IN_YEARS.find((y) => y.year === year);
      expect(built).toBeDefined();
      if (!built) return;
      expect(validateYearArrangement(built)).toEqual([]);
      expect(built.source).toContain(`${year}年部分节假日安排`);
    });
  }
});
