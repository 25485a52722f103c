/** Scorecard periods (docs/scorecards.md): a month, a quarter or a year around a day, both ends included. */
export type PeriodKind = 'month' | 'quarter' | 'year';

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m: 1–12

/** The month, quarter or year containing `day` (YYYY-MM-DD), as from/to days. */
export function periodAround(kind: PeriodKind, day: string): { from: string; to: string } {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  if (kind === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` };
  const first = kind === 'month' ? m : Math.floor((m - 1) / 3) * 3 + 1;
  const last = kind === 'month' ? m : first + 2;
  return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(last)}-${pad(lastDay(y, last))}` };
}

/** The period before the one containing `day` (e.g. last month: the default of a monthly 通报). */
export function previousPeriod(kind: PeriodKind, day: string): { from: string; to: string } {
  const { from } = periodAround(kind, day);
  const before = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return periodAround(kind, before);
}
