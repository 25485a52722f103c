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

/** A period as a page keeps it in its address (ADR 0042): a month, quarter or year around `from`, or a custom range. */
export type PeriodChoiceKind = PeriodKind | 'custom';
export interface PeriodChoice {
  kind: PeriodChoiceKind;
  from: string;
  to: string;
}

const isDay = (s: string | null | undefined): s is string => {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s && s >= '2000-01-01' && s <= '2099-12-31';
};

/** The longest custom range a page asks for (the API's limit: two years and a day). */
const MAX_DAYS = 732;

/**
 * Reads `?period=month|quarter|year&from=…` (the period containing `from`; `to` is then implied) or
 * `?from=…&to=…` (custom, at most two years). Anything else — a missing, impossible or reversed date,
 * an unknown kind — is null, and the page falls back to its default.
 */
export function periodFromParams(get: (name: string) => string | null): PeriodChoice | null {
  const kind = get('period');
  const from = get('from');
  const to = get('to');
  if (kind === 'month' || kind === 'quarter' || kind === 'year') return isDay(from) ? { kind, ...periodAround(kind, from) } : null;
  if (kind !== null && kind !== 'custom') return null;
  if (!isDay(from) || !isDay(to) || to < from) return null;
  if ((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 > MAX_DAYS) return null;
  return { kind: 'custom', from, to };
}

/** The address parameters of a period (the inverse of `periodFromParams`). */
export function periodParams(p: PeriodChoice): Record<string, string> {
  return { period: p.kind, from: p.from, to: p.to };
}
