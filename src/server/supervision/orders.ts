import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import { inTransaction } from '../db/transaction.js';
import { enqueue } from '../jobs/outbox.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { inScope, scopePaths } from '../policies/actor.js';
import type { WorkingCalendar } from '../../core/calendar/index.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { canStep, isOrderOverdue, ORDER_ENTRY_NAMES, orderDue, orderState, shouldEscalate, type OrderEntryKind, type OrderStep } from '../../core/supervision/orders.js';

/**
 * 督办: supervision orders on a case or a department. Supervisors issue, return and close orders on what
 * lies in their scope; the department's staff respond. Every step appends an entry under the order's
 * row lock (numbered per order); nothing is ever updated. The sweep escalates overdue orders once.
 */
export const ISSUER_ROLES = ['supervisor'] as const;
const READER_ROLES = ['supervisor', 'system_admin'] as const;
export const RESPONDER_ROLES = ['approver_handle', 'approver_review', 'approver_signoff', 'hall_admin'] as const;

export type OrderTarget = { caseId: string } | { orgId: string };

const notFound = () => new DomainError('NOT_FOUND', { zh: '督办单不存在', en: 'The supervision order does not exist' });
const badStep = () => new DomainError('CONFLICT', { zh: '督办单当前状态不允许该操作', en: 'The supervision order is not in a state that allows this' });

interface OrderRow {
  id: string;
  order_no: string;
  target_type: 'case' | 'department';
  case_id: string | null;
  org_id: string;
  org_path: string;
  region_code: string;
  issued_by: string;
  deadline_days: number;
  subject: string;
  created_at: Date;
}
interface EntryRow {
  seq: number;
  kind: OrderEntryKind;
  actor_id: string | null;
  body: string | null;
  due_on: string | null;
  on_date: string;
  at: Date;
}

/** Who may see an order: supervisors (and the system administrator) in scope; the department's own staff. */
export function canReadOrder(actor: Actor, o: { org_path: string }): boolean {
  return inScope(actor, READER_ROLES, o.org_path) || inScope(actor, RESPONDER_ROLES, o.org_path);
}

const stateOf = (entries: readonly EntryRow[]) => orderState(entries.map((e) => ({ kind: e.kind, on: e.on_date, dueOn: e.due_on })));

async function entriesOf(db: Db, ids: string[]): Promise<Map<string, EntryRow[]>> {
  const out = new Map<string, EntryRow[]>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('supervision_order_entries').select(['order_id', 'seq', 'kind', 'actor_id', 'body', 'due_on', 'on_date', 'at']).where('order_id', 'in', ids).orderBy('order_id').orderBy('seq').execute();
  for (const r of rows) {
    const list = out.get(r.order_id) ?? [];
    list.push(r);
    out.set(r.order_id, list);
  }
  return out;
}

function present(actor: Actor, o: OrderRow, entries: EntryRow[], names: Map<string, string>, today: string, extra: { caseNo: string | null; orgName: string }) {
  const s = stateOf(entries);
  const issuer = inScope(actor, ISSUER_ROLES, o.org_path);
  const responder = inScope(actor, RESPONDER_ROLES, o.org_path);
  return {
    id: o.id,
    orderNo: o.order_no,
    targetType: o.target_type,
    caseId: o.case_id,
    caseNo: extra.caseNo,
    department: { id: o.org_id, name: extra.orgName },
    subject: o.subject,
    deadlineDays: o.deadline_days,
    issuedBy: names.get(o.issued_by) ?? null,
    issuedAt: o.created_at.toISOString(),
    status: s.status,
    dueOn: s.dueOn,
    overdue: isOrderOverdue(s, today),
    escalated: s.escalated,
    entries: entries.map((e) => ({ seq: e.seq, kind: e.kind, zh: ORDER_ENTRY_NAMES[e.kind].zh, en: ORDER_ENTRY_NAMES[e.kind].en, actor: e.actor_id ? (names.get(e.actor_id) ?? null) : null, body: e.body, dueOn: e.due_on, on: e.on_date, at: e.at.toISOString() })),
    abilities: { respond: responder && canStep(s, 'respond'), return: issuer && canStep(s, 'return'), close: issuer && canStep(s, 'close') },
  };
}
export type OrderView = ReturnType<typeof present>;

async function presentAll(db: Db, actor: Actor, orders: OrderRow[], today: string): Promise<OrderView[]> {
  const entries = await entriesOf(db, orders.map((o) => o.id));
  const userIds = new Set<string>();
  for (const o of orders) userIds.add(o.issued_by);
  for (const list of entries.values()) for (const e of list) if (e.actor_id) userIds.add(e.actor_id);
  const names = new Map((userIds.size ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...userIds]).execute() : []).map((u) => [u.id, u.display_name]));
  const caseIds = orders.flatMap((o) => (o.case_id ? [o.case_id] : []));
  const caseNos = new Map((caseIds.length ? await db.selectFrom('cases').select(['id', 'case_no']).where('id', 'in', caseIds).execute() : []).map((c) => [c.id, c.case_no]));
  const orgIds = [...new Set(orders.map((o) => o.org_id))];
  const orgNames = new Map((orgIds.length ? await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute() : []).map((g) => [g.id, g.name]));
  return orders.map((o) => present(actor, o, entries.get(o.id) ?? [], names, today, { caseNo: o.case_id ? (caseNos.get(o.case_id) ?? null) : null, orgName: orgNames.get(o.org_id) ?? '' }));
}

export interface OrderDeps {
  now: () => Date;
  calendar: WorkingCalendar;
}

/** Issues an order on a case or a department in the supervisor's scope, due `deadlineDays` working days later. */
export async function issueOrder(db: Db, deps: OrderDeps, actor: Actor, input: { target: OrderTarget; deadlineDays: number; subject: string }): Promise<OrderView> {
  if (!scopePaths(actor, [...ISSUER_ROLES]).length) throw new DomainError('FORBIDDEN', { zh: '仅电子监察人员可下达督办', en: 'Only supervisors issue supervision orders' });
  let org: { id: string; path: string; region_code: string } | undefined;
  let caseId: string | null = null;
  if ('caseId' in input.target) {
    const c = await db.selectFrom('cases').select(['id', 'org_id']).where('id', '=', input.target.caseId).executeTakeFirst();
    if (c) {
      org = await db.selectFrom('orgs').select(['id', 'path', 'region_code']).where('id', '=', c.org_id).executeTakeFirst();
      caseId = c.id;
    }
    if (!org || !inScope(actor, ISSUER_ROLES, org.path)) throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
  } else {
    org = await db.selectFrom('orgs').select(['id', 'path', 'region_code']).where('id', '=', input.target.orgId).where('kind', 'in', ['department', 'hall']).executeTakeFirst();
    if (!org || !inScope(actor, ISSUER_ROLES, org.path)) throw new DomainError('NOT_FOUND', { zh: '部门不存在', en: 'No such department' });
  }
  const now = deps.now();
  const on = isoDateInChina(now);
  const dueOn = orderDue(on, input.deadlineDays, deps.calendar);
  const o = await inTransaction(db, async (tx) => {
    const no = await sql<{ n: string }>`select nextval('supervision_order_no_seq')::text as n`.execute(tx);
    const row = await tx
      .insertInto('supervision_orders')
      .values({ order_no: `督办${on.slice(0, 4)}${String(no.rows[0]?.n ?? '0').padStart(6, '0')}`, target_type: caseId ? 'case' : 'department', case_id: caseId, org_id: org.id, org_path: org.path, region_code: org.region_code, issued_by: actor.userId, deadline_days: input.deadlineDays, subject: input.subject, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.insertInto('supervision_order_entries').values({ order_id: row.id, seq: 1, kind: 'issued', actor_id: actor.userId, body: input.subject, due_on: dueOn, on_date: on, at: now }).execute();
    return row;
  });
  const [view] = await presentAll(db, actor, [o], on);
  if (!view) throw notFound();
  return view;
}

async function loadOrder(db: Db, actor: Actor, id: string): Promise<OrderRow> {
  const o = await db.selectFrom('supervision_orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!o || !canReadOrder(actor, o)) throw notFound();
  return o;
}

export async function getOrder(db: Db, deps: OrderDeps, actor: Actor, id: string): Promise<OrderView> {
  const o = await loadOrder(db, actor, id);
  const [view] = await presentAll(db, actor, [o], isoDateInChina(deps.now()));
  if (!view) throw notFound();
  return view;
}

/** Orders the actor may see (supervisors: their scope; department staff: their department's), newest first. */
export async function listOrders(db: Db, deps: OrderDeps, actor: Actor, filter: { status?: 'open' | 'responded' | 'closed'; overdue?: boolean; caseId?: string }): Promise<OrderView[]> {
  const paths = [...scopePaths(actor, [...READER_ROLES]), ...scopePaths(actor, [...RESPONDER_ROLES])];
  if (!paths.length) throw new DomainError('FORBIDDEN');
  let q = db.selectFrom('supervision_orders').selectAll().where((eb) => eb.or(paths.map((p) => eb('org_path', 'like', `${p}%`))));
  if (filter.caseId) q = q.where('case_id', '=', filter.caseId);
  const rows = await q.orderBy('created_at', 'desc').limit(500).execute();
  const views = await presentAll(db, actor, rows, isoDateInChina(deps.now()));
  return views.filter((v) => (filter.status === undefined || v.status === filter.status) && (filter.overdue === undefined || v.overdue === filter.overdue));
}

/** A step on an order: the department responds; the supervisor returns (with a new deadline) or closes. */
export async function stepOrder(db: Db, deps: OrderDeps, actor: Actor, id: string, step: OrderStep, input: { body: string; deadlineDays?: number }): Promise<OrderView> {
  const o0 = await loadOrder(db, actor, id);
  const allowed = step === 'respond' ? inScope(actor, RESPONDER_ROLES, o0.org_path) : inScope(actor, ISSUER_ROLES, o0.org_path);
  if (!allowed) throw new DomainError('FORBIDDEN', step === 'respond' ? { zh: '仅被督办部门可反馈', en: 'Only the department under the order responds' } : { zh: '仅电子监察人员可退回或销号', en: 'Only supervisors return or close an order' });
  const now = deps.now();
  const on = isoDateInChina(now);
  await inTransaction(db, async (tx) => {
    // The order's row lock serialises steps, so entries are numbered without gaps or races.
    await sql`select id from supervision_orders where id = ${id} for update`.execute(tx);
    const entries = (await entriesOf(tx, [id])).get(id) ?? [];
    const s = stateOf(entries);
    if (!canStep(s, step)) throw badStep();
    const kind: OrderEntryKind = step === 'respond' ? 'responded' : step === 'return' ? 'returned' : 'closed';
    const dueOn = step === 'return' ? orderDue(on, input.deadlineDays ?? o0.deadline_days, deps.calendar) : null;
    await tx.insertInto('supervision_order_entries').values({ order_id: id, seq: entries.length + 1, kind, actor_id: actor.userId, body: input.body, due_on: dueOn, on_date: on, at: now }).execute();
  });
  return getOrder(db, deps, actor, id);
}

/**
 * The sweep's part: every order waiting for its department past its deadline escalates — one
 * `escalated` entry, recorded once (the row lock and a partial unique index), with an outbox message
 * for the level above. Answers the number of orders escalated now.
 */
export async function escalateOverdueOrders(db: Db, today: string, now: Date): Promise<number> {
  const candidates = await sql<{ id: string }>`
    select o.id from supervision_orders o
    where not exists (select 1 from supervision_order_entries e where e.order_id = o.id and e.kind in ('escalated', 'closed'))`.execute(db);
  let escalated = 0;
  for (const { id } of candidates.rows) {
    const done = await inTransaction(db, async (tx) => {
      await sql`select id from supervision_orders where id = ${id} for update`.execute(tx);
      const entries = (await entriesOf(tx, [id])).get(id) ?? [];
      if (!shouldEscalate(stateOf(entries), today)) return false;
      await tx.insertInto('supervision_order_entries').values({ order_id: id, seq: entries.length + 1, kind: 'escalated', actor_id: null, body: null, due_on: null, on_date: today, at: now }).execute();
      await enqueue(tx, 'supervision.order_escalated', { orderId: id, on: today });
      return true;
    });
    if (done) escalated++;
  }
  return escalated;
}
