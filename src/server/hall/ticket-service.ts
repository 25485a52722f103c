import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, TicketPriority } from '../db/schema.js';
import { inTransaction, type Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { authorize, type Actor } from '../policies/index.js';
import { idNumberIndex, sealField } from '../crypto/personal-data.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { birthDateOfIdNumber } from '../../core/codes/index.js';
import {
  ageOn,
  checkInWindow,
  DEFAULT_PRIORITY_RULES,
  estimateWaitMinutes,
  formatTicketNumber,
  priorityOf,
  rankOf,
  refusal,
  TICKET_REFUSAL_MESSAGES,
  type PriorityRules,
  type TicketAction,
} from '../../core/hall/index.js';
import type { HallEvent, HallEventBus } from './events.js';
import * as repo from './repository.js';

export interface HallDeps {
  db: Kysely<Database>;
  now: () => Date;
  bus: HallEventBus;
}

/** Runs a change and announces its events: inside the transaction (NOTIFY), or after it (in process). */
async function withEvents<T>(deps: HallDeps, fn: (tx: Db, events: HallEvent[]) => Promise<T>): Promise<T> {
  const events: HallEvent[] = [];
  const out = await inTransaction(deps.db, async (tx) => {
    const r = await fn(tx, events);
    await deps.bus.publish(tx, events);
    return r;
  });
  deps.bus.afterCommit(events);
  return out;
}

export function rulesOf(s: Awaited<ReturnType<typeof repo.settingsOf>>): PriorityRules {
  if (!s) return DEFAULT_PRIORITY_RULES;
  return { booking: s.priority_booking, elderlyAge: s.elderly_age, disabled: s.priority_disabled };
}

const refused = (zh: string, en: string, code = 'HALL') => new DomainError('HALL_TICKET_REFUSED', { zh, en }, [{ code, zh, en }]);

export interface IssueInput {
  category: string;
  idNumber?: string;
  creditCode?: string;
  checkInCode?: string;
  declaresDisability?: boolean;
  kiosk?: string;
}

export interface IssuedTicket {
  id: string;
  number: string;
  category: string;
  ahead: number;
  estimatedWaitMinutes: number;
  priority: TicketPriority | null;
  viewToken: string;
  issuedAt: string;
  hallName: string;
}

/** 取号: a number of the category for today, gap-free (the counter row is bumped in this transaction). */
export async function issueTicket(deps: HallDeps, hallId: string, input: IssueInput): Promise<IssuedTicket> {
  const now = deps.now();
  const day = isoDateInChina(now);
  return withEvents(deps, async (tx, events) => {
    const hall = await repo.findHall(tx, hallId);
    if (!hall) throw new DomainError('NOT_FOUND', { zh: '未找到该大厅', en: 'No such service hall' });
    const cat = await repo.findCategory(tx, hallId, input.category);
    if (!cat || !cat.open) throw refused('该大厅没有开放此业务类别', 'This hall has no open queue for that category', 'CATEGORY_CLOSED');
    const rules = rulesOf(await repo.settingsOf(tx, hallId));
    let bookingId: string | null = null;
    if (input.checkInCode) {
      const booking = await tx
        .selectFrom('hall_bookings')
        .selectAll()
        .where('hall_id', '=', hallId)
        .where('day', '=', day)
        .where('check_in_code', '=', input.checkInCode)
        .where('state', '=', 'active')
        .forUpdate()
        .executeTakeFirst();
      if (!booking) throw refused('未找到今天的该预约，请核对签到码', 'No booking for today with that check-in code', 'BOOKING_NOT_FOUND');
      if (booking.category !== input.category) throw refused(`该预约的业务类别是“${booking.category}”`, `That booking is for “${booking.category}”`, 'BOOKING_OTHER_CATEGORY');
      const w = checkInWindow({ date: booking.day, start: booking.slot_start, end: booking.slot_end }, now);
      if (w === 'early') throw refused(`签到时间为预约时段开始前 30 分钟（${booking.slot_start}）起`, `Check-in opens 30 minutes before the slot (${booking.slot_start})`, 'CHECK_IN_EARLY');
      if (w === 'missed') throw refused('预约时段已过，请普通取号', 'The booked slot has passed; take an ordinary ticket', 'CHECK_IN_MISSED');
      bookingId = booking.id;
    }
    const age = input.idNumber ? ageOn(birthDateOfIdNumber(input.idNumber), day) : null;
    const priority = priorityOf({ checkedInBooking: bookingId !== null, age, declaresDisability: input.declaresDisability === true }, rules);
    const seq = await repo.nextSeq(tx, hallId, input.category, day);
    const ticket = await tx
      .insertInto('hall_tickets')
      .values({
        hall_id: hallId,
        day,
        issued_category: input.category,
        seq,
        number: formatTicketNumber(cat.letter, seq),
        category: input.category,
        priority,
        rank: rankOf(priority),
        queued_at: now,
        issued_at: now,
        id_number: sealField('id_number', input.idNumber ?? null),
        id_number_bidx: input.idNumber ? idNumberIndex(input.idNumber) : null,
        credit_code: input.creditCode ?? null,
        booking_id: bookingId,
        view_token: randomBytes(16).toString('base64url'),
        kiosk: input.kiosk ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (bookingId) await tx.updateTable('hall_bookings').set({ state: 'checked_in', ticket_id: ticket.id, updated_at: now }).where('id', '=', bookingId).execute();
    const ahead = await repo.countAhead(tx, ticket);
    const estimatedWaitMinutes = estimateWaitMinutes({ ahead, openWindows: await repo.openWindowsFor(tx, hallId, input.category), avgServiceMinutes: await repo.avgServiceMinutes(tx, hallId, input.category) });
    events.push({ kind: 'queue', hallId, category: input.category });
    return { id: ticket.id, number: ticket.number, category: ticket.category, ahead, estimatedWaitMinutes, priority, viewToken: ticket.view_token, issuedAt: now.toISOString(), hallName: hall.name };
  });
}

/** The window as its clerk acts at it: the clerk must be put at this window and serve its hall. */
async function windowOfClerk(db: Db, actor: Actor | undefined, windowId: string) {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  const w = await repo.findWindow(db, windowId);
  if (!w) throw new DomainError('NOT_FOUND', { zh: '未找到该窗口', en: 'No such window' });
  authorize(actor, 'hall.serve', { orgPath: w.hall_path });
  const me = await db.selectFrom('users').select('window_id').where('id', '=', actor.userId).executeTakeFirst();
  if (me?.window_id !== windowId) throw new DomainError('FORBIDDEN', { zh: '您未被分配到该窗口', en: 'You are not assigned to this window' });
  return w;
}

export async function openWindow(deps: HallDeps, actor: Actor | undefined, windowId: string, categories: readonly string[]) {
  return withEvents(deps, async (tx) => {
    const w = await windowOfClerk(tx, actor, windowId);
    const known = new Set((await repo.categoriesOf(tx, w.hall_id)).map((c) => c.category));
    const unknown = categories.filter((c) => !known.has(c));
    if (unknown.length > 0) throw new DomainError('VALIDATION_FAILED', { zh: `大厅没有这些业务类别：${unknown.join('、')}`, en: `The hall has no such categories: ${unknown.join(', ')}` }, [{ code: 'categories', path: 'body/categories', zh: '未知的业务类别', en: 'Unknown category' }]);
    const values = { window_id: windowId, hall_id: w.hall_id, clerk_id: (actor as Actor).userId, categories: JSON.stringify([...new Set(categories)]), opened_at: deps.now() };
    await tx
      .insertInto('window_openings')
      .values(values)
      .onConflict((oc) => oc.column('window_id').doUpdateSet({ clerk_id: values.clerk_id, categories: values.categories, opened_at: values.opened_at }))
      .execute();
    return windowState(tx, deps.now(), windowId);
  });
}

export async function closeWindow(deps: HallDeps, actor: Actor | undefined, windowId: string) {
  return withEvents(deps, async (tx) => {
    await windowOfClerk(tx, actor, windowId);
    if (await repo.calledAt(tx, windowId)) throw refused('请先办结、过号或转移当前号', 'Finish, skip or transfer the current ticket first', 'WINDOW_BUSY');
    await tx.deleteFrom('window_openings').where('window_id', '=', windowId).execute();
    return windowState(tx, deps.now(), windowId);
  });
}

/** 叫号: the next ticket for this window, priority first, then order; two windows never get the same one. */
export async function callNext(deps: HallDeps, actor: Actor | undefined, windowId: string) {
  const now = deps.now();
  return withEvents(deps, async (tx, events) => {
    const w = await windowOfClerk(tx, actor, windowId);
    const opening = await repo.findOpening(tx, windowId);
    if (!opening) throw refused('请先开启窗口', 'Open the window first', 'WINDOW_CLOSED');
    if (await repo.calledAt(tx, windowId)) throw refused('请先办结、过号或转移当前号', 'Finish, skip or transfer the current ticket first', 'WINDOW_BUSY');
    const next = await repo.lockNextTicket(tx, w.hall_id, isoDateInChina(now), windowId, opening.categories);
    if (!next) throw refused('当前没有等候的号', 'Nobody is waiting for this window', 'NOTHING_WAITING');
    const t = await tx
      .updateTable('hall_tickets')
      .set({ state: 'called', window_id: windowId, clerk_id: (actor as Actor).userId, target_window_id: null, called_at: now, first_called_at: next.first_called_at ?? now, calls: 1 })
      .where('id', '=', next.id)
      .where('state', '=', 'waiting')
      .returningAll()
      .executeTakeFirstOrThrow();
    events.push({ kind: 'call', hallId: w.hall_id, ticketId: t.id, number: t.number, category: t.category, windowNumber: w.number, at: now.toISOString(), recall: false }, { kind: 'queue', hallId: w.hall_id, category: t.category });
    return windowState(tx, now, windowId);
  });
}

export interface TransferInput {
  category: string;
  windowId?: string | null;
}

/** 重呼 / 过号 / 办结 / 转移 on the ticket at the clerk's window. */
export async function actOnTicket(deps: HallDeps, actor: Actor | undefined, ticketId: string, action: Exclude<TicketAction, 'call'>, target?: TransferInput) {
  const now = deps.now();
  return withEvents(deps, async (tx, events) => {
    const t = await repo.findTicket(tx, ticketId, { forUpdate: true });
    if (!t) throw new DomainError('NOT_FOUND', { zh: '未找到该号', en: 'No such ticket' });
    const me = actor ? await tx.selectFrom('users').select('window_id').where('id', '=', actor.userId).executeTakeFirst() : undefined;
    const windowId = me?.window_id ?? '';
    const hall = await repo.findHall(tx, t.hall_id);
    authorize(actor, 'hall.serve', { orgPath: hall?.path ?? '/none/' });
    if (target?.windowId) {
      const tw = await repo.findWindow(tx, target.windowId);
      if (!tw || tw.hall_id !== t.hall_id) throw new DomainError('VALIDATION_FAILED', { zh: '目标窗口不在本大厅', en: 'The target window is not in this hall' }, [{ code: 'windowId', path: 'body/windowId', zh: '目标窗口不在本大厅', en: 'Not a window of this hall' }]);
    }
    if (action === 'transfer') {
      const cat = await repo.findCategory(tx, t.hall_id, target?.category ?? '');
      if (!cat) throw new DomainError('VALIDATION_FAILED', { zh: '大厅没有该业务类别', en: 'The hall has no such category' }, [{ code: 'category', path: 'body/category', zh: '未知的业务类别', en: 'Unknown category' }]);
    }
    const why = refusal({ state: t.state, windowId: t.window_id, calls: t.calls, transfers: t.transfers }, action, windowId, {
      category: t.category,
      target: target ? { category: target.category, windowId: target.windowId ?? null } : undefined,
    });
    if (why) {
      const m = TICKET_REFUSAL_MESSAGES[why];
      throw refused(m.zh, m.en, why);
    }
    const w = await repo.findWindow(tx, windowId);
    const hallId = t.hall_id;
    switch (action) {
      case 'recall':
        await tx.updateTable('hall_tickets').set({ calls: t.calls + 1, called_at: now }).where('id', '=', t.id).execute();
        events.push({ kind: 'call', hallId, ticketId: t.id, number: t.number, category: t.category, windowNumber: w?.number ?? '', at: now.toISOString(), recall: true });
        break;
      case 'skip':
        await tx.updateTable('hall_tickets').set({ state: 'no_show', finished_at: now }).where('id', '=', t.id).execute();
        break;
      case 'finish':
        await tx.updateTable('hall_tickets').set({ state: 'done', finished_at: now }).where('id', '=', t.id).execute();
        break;
      case 'transfer': {
        const category = target?.category ?? t.category;
        await tx
          .updateTable('hall_tickets')
          .set((eb) => ({
            state: 'waiting',
            category,
            target_window_id: target?.windowId ?? null,
            window_id: null,
            clerk_id: null,
            calls: 0,
            transfers: t.transfers + 1,
            priority: 'transfer',
            rank: rankOf('transfer'),
            queued_at: now,
            queue_order: eb.fn<number>('nextval', [eb.val("hall_tickets_queue_order_seq")]),
          }))
          .where('id', '=', t.id)
          .execute();
        events.push({ kind: 'queue', hallId, category });
        break;
      }
    }
    events.push({ kind: 'queue', hallId, category: t.category });
    return windowState(tx, now, windowId);
  });
}

/** The clerk's view of a window: opening, the ticket being served, queues, where a ticket may go. */
export async function windowState(db: Db, now: Date, windowId: string) {
  const w = await repo.findWindow(db, windowId);
  if (!w) throw new DomainError('NOT_FOUND');
  const day = isoDateInChina(now);
  const [opening, current, categories, waiting, windows] = await Promise.all([
    repo.findOpening(db, windowId),
    repo.calledAt(db, windowId),
    repo.categoriesOf(db, w.hall_id),
    repo.waitingCounts(db, w.hall_id, day),
    db.selectFrom('windows').select(['id', 'number', 'name', 'category']).where('hall_id', '=', w.hall_id).orderBy('number').execute(),
  ]);
  const linked = current ? await db.selectFrom('hall_ticket_cases').select('case_id').where('ticket_id', '=', current.id).execute() : [];
  return {
    window: { id: w.id, number: w.number, name: w.name, category: w.category, hallId: w.hall_id, hallName: w.hall_name },
    open: !!opening,
    categories: opening?.categories ?? [],
    current: current
      ? {
          id: current.id,
          number: current.number,
          category: current.category,
          priority: current.priority,
          calls: current.calls,
          transfers: current.transfers,
          calledAt: current.called_at?.toISOString() ?? null,
          hasApplicantCode: current.id_number !== null || current.credit_code !== null,
          caseIds: linked.map((l) => l.case_id),
        }
      : null,
    hallCategories: categories.map((c) => ({ category: c.category, letter: c.letter, nameEn: c.name_en, open: c.open, waiting: Number(waiting.find((x) => x.category === c.category)?.n ?? 0) })),
    hallWindows: windows,
  };
}

export async function windowStateFor(deps: HallDeps, actor: Actor | undefined, windowId: string) {
  await windowOfClerk(deps.db, actor, windowId);
  return windowState(deps.db, deps.now(), windowId);
}
