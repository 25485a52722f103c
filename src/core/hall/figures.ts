import { percentile } from './wait-estimate.js';
import type { TicketState } from './ticket-rules.js';

/**
 * Hall figures (大厅运行指标, issue 13): per hall, category, window or clerk over a period — tickets,
 * average and p90 wait, average service time, no-show rate, bookings used, served per hour. Pure:
 * the server reads one row per ticket and groups here.
 */
export interface HallTicketFacts {
  category: string;
  /** The window and clerk that last called it (null while never called). */
  window: string | null;
  clerk: string | null;
  day: string;
  state: TicketState;
  issuedAt: number;
  firstCalledAt: number | null;
  calledAt: number | null;
  finishedAt: number | null;
  /** Taken with a booking's check-in code. */
  booked: boolean;
}

export type HallGrouping = 'hall' | 'category' | 'window' | 'clerk';

export interface HallFigures {
  key: string;
  tickets: number;
  served: number;
  noShows: number;
  /** Minutes from taking the number to the first call, over the tickets called. */
  waitMinutesAvg: number | null;
  waitMinutesP90: number | null;
  /** Minutes from the (last) call to 办结, over the tickets served. */
  serviceMinutesAvg: number | null;
  /** No-shows ÷ (served + no-shows): of the people called, how many never came. */
  noShowRate: number | null;
  bookingsUsed: number;
  /** Served ÷ the hours served in (first call to last finish, per day, summed). */
  servedPerHour: number | null;
}

const MINUTE = 60_000;
const round1 = (x: number) => Math.round(x * 10) / 10;
const avg = (xs: readonly number[]) => (xs.length === 0 ? null : round1(xs.reduce((a, b) => a + b, 0) / xs.length));

function keyOf(t: HallTicketFacts, by: HallGrouping): string | null {
  if (by === 'hall') return '';
  if (by === 'category') return t.category;
  return by === 'window' ? t.window : t.clerk;
}

/** Figures of one group of tickets. */
export function figuresOf(key: string, tickets: readonly HallTicketFacts[]): HallFigures {
  const waits = tickets.filter((t) => t.firstCalledAt !== null).map((t) => Math.max(0, ((t.firstCalledAt as number) - t.issuedAt) / MINUTE));
  const served = tickets.filter((t) => t.state === 'done' && t.finishedAt !== null);
  const services = served.map((t) => Math.max(0, ((t.finishedAt as number) - (t.calledAt ?? t.firstCalledAt ?? t.finishedAt as number)) / MINUTE));
  const noShows = tickets.filter((t) => t.state === 'no_show').length;
  // Hours served: per day, from the first call to the last 办结 of the group.
  const spans = new Map<string, { from: number; to: number }>();
  for (const t of served) {
    const from = t.calledAt ?? t.firstCalledAt ?? (t.finishedAt as number);
    const s = spans.get(t.day) ?? { from, to: t.finishedAt as number };
    spans.set(t.day, { from: Math.min(s.from, from), to: Math.max(s.to, t.finishedAt as number) });
  }
  const hours = [...spans.values()].reduce((h, s) => h + (s.to - s.from) / 3_600_000, 0);
  const p90 = percentile(waits, 90);
  return {
    key,
    tickets: tickets.length,
    served: served.length,
    noShows,
    waitMinutesAvg: avg(waits),
    waitMinutesP90: p90 === null ? null : round1(p90),
    serviceMinutesAvg: avg(services),
    noShowRate: served.length + noShows === 0 ? null : Math.round((noShows / (served.length + noShows)) * 1000) / 1000,
    bookingsUsed: tickets.filter((t) => t.booked).length,
    // Under a minute of service hours is too short to be a rate.
    servedPerHour: hours * 60 < 1 ? null : round1(served.length / hours),
  };
}

/** Groups tickets by hall (one row), category, window or clerk (never-called tickets have no window or clerk). */
export function hallFigures(tickets: readonly HallTicketFacts[], by: HallGrouping): HallFigures[] {
  const groups = new Map<string, HallTicketFacts[]>();
  for (const t of tickets) {
    const k = keyOf(t, by);
    if (k === null) continue;
    const g = groups.get(k) ?? [];
    g.push(t);
    groups.set(k, g);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, g]) => figuresOf(k, g));
}
