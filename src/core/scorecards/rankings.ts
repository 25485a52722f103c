import type { Scorecard, ScorecardKey } from './figures.js';

/**
 * 晒排名: the figures a public ranking shows (issue 12). The public sees the service a unit gives —
 * volume, speed, online share, trips and satisfaction — but not the internal accountability figures
 * (差评 counts, rectification and complaint handling), which name individual cases and people and stay
 * on the supervisor's scorecard.
 */
export const PUBLIC_FIGURES = [
  'received',
  'completed',
  'completionRate',
  'onTimeRate',
  'avgWorkingDays',
  'promisedSpeedup',
  'actualSpeedup',
  'onlineShare',
  'avgTrips',
  'firstTimeRightRate',
  'ratings',
  'goodRate',
] as const satisfies readonly ScorecardKey[];
export type PublicFigure = (typeof PUBLIC_FIGURES)[number];
export type PublicScorecard = Pick<Scorecard, PublicFigure>;

/** Figures where less is better (days, trips, minutes waited); every other figure ranks the larger value first. */
export const LOWER_IS_BETTER: ReadonlySet<ScorecardKey> = new Set<ScorecardKey>(['avgWorkingDays', 'avgTrips', 'badRatings', 'complaints', 'waitMinutesAvg']);

export function isPublicFigure(k: string): k is PublicFigure {
  return (PUBLIC_FIGURES as readonly string[]).includes(k);
}

/** Only the public figures of a scorecard (a presenter for the public ranking). */
export function publicFigures(s: Scorecard): PublicScorecard {
  return Object.fromEntries(PUBLIC_FIGURES.map((k) => [k, s[k]])) as PublicScorecard;
}

export type Ranked<T> = T & { rank: number | null };

/**
 * Ranks units by one figure: best first (larger, or smaller for days and trips), ties share a rank
 * (standard competition ranking, 1-2-2-4), units whose figure is null (an empty base) come last
 * without a rank, and equal values keep a stable order by name.
 */
export function rankBy<T extends { name: string } & Partial<Record<ScorecardKey, number | null>>>(rows: readonly T[], figure: ScorecardKey): Ranked<T>[] {
  const lower = LOWER_IS_BETTER.has(figure);
  const valued = rows.filter((r) => typeof r[figure] === 'number');
  const empty = rows.filter((r) => typeof r[figure] !== 'number');
  const value = (r: T) => r[figure] as number;
  valued.sort((a, b) => (lower ? value(a) - value(b) : value(b) - value(a)) || a.name.localeCompare(b.name, 'zh-CN'));
  const out: Ranked<T>[] = [];
  valued.forEach((r, i) => {
    const prev = out[i - 1];
    const rank = prev && value(valued[i - 1] as T) === value(r) ? prev.rank : i + 1;
    out.push({ ...r, rank });
  });
  return [...out, ...[...empty].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map((r) => ({ ...r, rank: null }))];
}

/** The township (乡镇/街道, GB/T 2260 + 3 digits) a region code lies in, or null above township level. */
export function townshipOf(regionCode: string): string | null {
  return /^\d{9}(\d{3})?$/.test(regionCode) ? regionCode.slice(0, 9) : null;
}
