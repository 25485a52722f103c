import { isBadRating, isRatingLevel, RATING_LEVEL_NAMES, RATING_LEVELS, type RatingLevel } from './levels.js';

/**
 * 评价公开 (国办发〔2019〕51号: 评价结果公开): what the public sees of a department's or an item's
 * ratings — the count per level, the total and the good rate (non-差评 of all counted ratings, as the
 * scorecard's `goodRate`; empty → null, never 0). Ratings removed by an accepted appeal are not counted.
 */
export interface LevelCount {
  level: RatingLevel;
  zh: string;
  en: string;
  count: number;
}

export interface DisclosureSummary {
  total: number;
  goodRate: number | null;
  /** Always the five levels, 非常满意 first. */
  counts: LevelCount[];
}

/** Sums rows of (level, count) — levels repeated or unknown are tolerated: unknown ones are dropped. */
export function summarise(rows: readonly { level: number; count: number }[]): DisclosureSummary {
  const by = new Map<RatingLevel, number>();
  for (const r of rows) if (isRatingLevel(r.level) && r.count > 0) by.set(r.level, (by.get(r.level) ?? 0) + r.count);
  const counts = RATING_LEVELS.map((level) => ({ level, ...RATING_LEVEL_NAMES[level], count: by.get(level) ?? 0 }));
  const total = counts.reduce((a, c) => a + c.count, 0);
  const good = counts.filter((c) => !isBadRating(c.level)).reduce((a, c) => a + c.count, 0);
  return { total, goodRate: total === 0 ? null : Math.round((good / total) * 10_000) / 10_000, counts };
}
