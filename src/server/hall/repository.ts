import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';

/** Kysely queries of the service hall; no rules here (src/core/hall and the services hold them). */

export function findHall(db: Db, hallId: string) {
  return db.selectFrom('orgs').select(['id', 'name', 'name_en', 'path']).where('id', '=', hallId).where('kind', '=', 'hall').executeTakeFirst();
}

export function listHallsWithCategories(db: Db) {
  return db
    .selectFrom('orgs')
    .innerJoin('hall_categories as c', 'c.hall_id', 'orgs.id')
    .select(['orgs.id as hall_id', 'orgs.name', 'orgs.name_en', 'c.category', 'c.letter', 'c.name_en as category_en', 'c.open', 'c.slot_capacity', 'c.sort'])
    .where('orgs.kind', '=', 'hall')
    .orderBy('orgs.name')
    .orderBy('c.sort')
    .orderBy('c.letter')
    .execute();
}

export function categoriesOf(db: Db, hallId: string) {
  return db.selectFrom('hall_categories').selectAll().where('hall_id', '=', hallId).orderBy('sort').orderBy('letter').execute();
}

export function findCategory(db: Db, hallId: string, category: string) {
  return db.selectFrom('hall_categories').selectAll().where('hall_id', '=', hallId).where('category', '=', category).executeTakeFirst();
}

export function settingsOf(db: Db, hallId: string) {
  return db.selectFrom('hall_settings').selectAll().where('hall_id', '=', hallId).executeTakeFirst();
}

/** Bumps the category's counter for the day and answers the new sequence (row-locked until commit: gap-free). */
export async function nextSeq(db: Db, hallId: string, category: string, day: string): Promise<number> {
  const row = await db
    .insertInto('ticket_counters')
    .values({ hall_id: hallId, category, day, last_seq: 1 })
    .onConflict((oc) => oc.columns(['hall_id', 'category', 'day']).doUpdateSet({ last_seq: sql<number>`ticket_counters.last_seq + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

/** Waiting tickets called before the given one in its queue. */
export async function countAhead(db: Db, t: { id: string; hall_id: string; day: string; category: string; target_window_id: string | null; rank: number; queue_order: number }): Promise<number> {
  let q = db
    .selectFrom('hall_tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('hall_id', '=', t.hall_id)
    .where('day', '=', t.day)
    .where('state', '=', 'waiting')
    .where('id', '<>', t.id)
    .where((eb) => eb.or([eb('rank', '<', t.rank), eb.and([eb('rank', '=', t.rank), eb('queue_order', '<', t.queue_order)])]));
  q = t.target_window_id !== null ? q.where('target_window_id', '=', t.target_window_id) : q.where('target_window_id', 'is', null).where('category', '=', t.category);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Windows open now for a category (their clerk opened them and they serve it). */
export async function openWindowsFor(db: Db, hallId: string, category: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from window_openings where hall_id = ${hallId} and categories ? ${category}`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** Average minutes from call to finish of the category's recent tickets (last 50 served), or null. */
export async function avgServiceMinutes(db: Db, hallId: string, category: string): Promise<number | null> {
  const r = await sql<{ m: number | null }>`
    select avg(extract(epoch from (finished_at - called_at)) / 60)::float8 as m from (
      select finished_at, called_at from hall_tickets
      where hall_id = ${hallId} and category = ${category} and state = 'done' and called_at is not null
      order by finished_at desc limit 50) recent`.execute(db);
  return r.rows[0]?.m ?? null;
}

export function waitingCounts(db: Db, hallId: string, day: string) {
  return db
    .selectFrom('hall_tickets')
    .select(['category', (eb) => eb.fn.countAll<number>().as('n')])
    .where('hall_id', '=', hallId)
    .where('day', '=', day)
    .where('state', '=', 'waiting')
    .groupBy('category')
    .execute();
}

export function recentCalls(db: Db, hallId: string, day: string, limit: number) {
  return db
    .selectFrom('hall_tickets as t')
    .innerJoin('windows as w', 'w.id', 't.window_id')
    .select(['t.id', 't.number', 't.category', 't.called_at', 't.state', 'w.number as window_number'])
    .where('t.hall_id', '=', hallId)
    .where('t.day', '=', day)
    .where('t.called_at', 'is not', null)
    .orderBy('t.called_at', 'desc')
    .orderBy('t.queue_order', 'desc')
    .limit(limit)
    .execute();
}

/** The next ticket a window may call, locked, skipping tickets another window is taking right now. */
export function lockNextTicket(db: Db, hallId: string, day: string, windowId: string, categories: readonly string[]) {
  return db
    .selectFrom('hall_tickets')
    .selectAll()
    .where('hall_id', '=', hallId)
    .where('day', '=', day)
    .where('state', '=', 'waiting')
    .where((eb) =>
      eb.or([eb('target_window_id', '=', windowId), ...(categories.length > 0 ? [eb.and([eb('target_window_id', 'is', null), eb('category', 'in', [...categories])])] : [])]),
    )
    .orderBy('rank')
    .orderBy('queue_order')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export function findTicket(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('hall_tickets').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findTicketByToken(db: Db, token: string) {
  return db.selectFrom('hall_tickets').selectAll().where('view_token', '=', token).executeTakeFirst();
}

export function findWindow(db: Db, windowId: string) {
  return db
    .selectFrom('windows as w')
    .innerJoin('orgs as h', 'h.id', 'w.hall_id')
    .select(['w.id', 'w.hall_id', 'w.number', 'w.name', 'w.category', 'h.path as hall_path', 'h.name as hall_name'])
    .where('w.id', '=', windowId)
    .executeTakeFirst();
}

export function findOpening(db: Db, windowId: string) {
  return db.selectFrom('window_openings').selectAll().where('window_id', '=', windowId).executeTakeFirst();
}

export function calledAt(db: Db, windowId: string) {
  return db.selectFrom('hall_tickets').selectAll().where('window_id', '=', windowId).where('state', '=', 'called').executeTakeFirst();
}
