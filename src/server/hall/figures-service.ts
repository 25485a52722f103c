import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { authorize, type Actor } from '../policies/index.js';
import { toDayNumber } from '../../core/calendar/index.js';
import { figuresOf, hallFigures, type HallGrouping, type HallTicketFacts } from '../../core/hall/index.js';
import * as repo from './repository.js';

/** Hall figures for the hall administrator (issue 13): one read of the period's tickets, grouped in the core. */

async function ticketFacts(db: Kysely<Database>, hallIds: readonly string[], from: string, to: string) {
  const names = new Map<string, string>();
  if (hallIds.length === 0) return { facts: [], names };
  const rows = await db
    .selectFrom('hall_tickets as t')
    .leftJoin('windows as w', 'w.id', 't.window_id')
    .leftJoin('users as u', 'u.id', 't.clerk_id')
    .select(['t.category', 't.day', 't.state', 't.issued_at', 't.first_called_at', 't.called_at', 't.finished_at', 't.booking_id', 'w.number as window_number', 't.clerk_id', 'u.display_name as clerk_name'])
    .where('t.hall_id', 'in', hallIds)
    .where('t.day', '>=', from)
    .where('t.day', '<=', to)
    .execute();
  const facts: HallTicketFacts[] = rows.map((r) => {
    if (r.clerk_id) names.set(r.clerk_id, r.clerk_name ?? '');
    return {
      category: r.category,
      window: r.window_number,
      clerk: r.clerk_id,
      day: r.day,
      state: r.state,
      issuedAt: r.issued_at.getTime(),
      firstCalledAt: r.first_called_at?.getTime() ?? null,
      calledAt: r.called_at?.getTime() ?? null,
      finishedAt: r.finished_at?.getTime() ?? null,
      booked: r.booking_id !== null,
    };
  });
  return { facts, names };
}

function checkPeriod(from: string, to: string) {
  if (to < from || toDayNumber(to) - toDayNumber(from) > 366) {
    throw new DomainError('VALIDATION_FAILED', { zh: '统计期间不正确（起止日期，最长一年）', en: 'Wrong period (from ≤ to, at most a year)' }, [{ code: 'to', path: 'querystring/to', zh: '期间不正确', en: 'Wrong period' }]);
  }
}

export async function hallFiguresFor(db: Kysely<Database>, actor: Actor | undefined, hallId: string, q: { from: string; to: string; by: HallGrouping }) {
  const hall = await repo.findHall(db, hallId);
  if (!hall) throw new DomainError('NOT_FOUND', { zh: '未找到该大厅', en: 'No such service hall' });
  authorize(actor, 'hall.manage', { orgPath: hall.path });
  checkPeriod(q.from, q.to);
  const { facts, names } = await ticketFacts(db, [hallId], q.from, q.to);
  // Per day for the chart: tickets, served and the average wait of each day.
  const days = new Map<string, HallTicketFacts[]>();
  for (const t of facts) days.set(t.day, [...(days.get(t.day) ?? []), t]);
  return {
    hallId,
    hallName: hall.name,
    from: q.from,
    to: q.to,
    by: q.by,
    total: figuresOf('', facts),
    rows: hallFigures(facts, q.by).map((f) => ({ ...f, label: q.by === 'clerk' ? (names.get(f.key) ?? '') : f.key })),
    daily: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, ts]) => {
      const f = figuresOf(day, ts);
      return { day, tickets: f.tickets, served: f.served, waitMinutesAvg: f.waitMinutesAvg };
    }),
  };
}

/**
 * `waitMinutesAvg` for the scorecards: the average wait from taking a number to the first call over the
 * halls under an org path (a region's or a government's halls) and a period; null without tickets.
 */
export async function hallWaitMinutesAvg(db: Kysely<Database>, orgPathPrefix: string, from: string, to: string): Promise<number | null> {
  const halls = await db.selectFrom('orgs').select('id').where('kind', '=', 'hall').where('path', 'like', `${orgPathPrefix}%`).execute();
  return figuresOf('', (await ticketFacts(db, halls.map((h) => h.id), from, to)).facts).waitMinutesAvg;
}
