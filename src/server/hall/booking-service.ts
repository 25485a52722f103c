import { randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { inTransaction, type Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { loadCalendar } from '../calendar/service.js';
import { enqueue } from '../jobs/outbox.js';
import type { Actor } from '../policies/index.js';
import { addDays, isIsoDate, isoDateInChina } from '../../core/calendar/index.js';
import {
  blockedUntil,
  BOOKING_REFUSAL_MESSAGES,
  bookingRefusal,
  DEFAULT_NO_SHOW_RULE,
  DEFAULT_SCHEDULE,
  isSlotOf,
  slotInstant,
  slotsOfDay,
  type BookingRefusal,
  type NoShowRule,
} from '../../core/hall/index.js';
import * as repo from './repository.js';

/** Appointments (预约): book, change, cancel; seats counted per slot in one guarded upsert (ADR 0023). */

const refuse = (why: BookingRefusal, extra?: { zh: string; en: string }) => {
  const m = extra ?? BOOKING_REFUSAL_MESSAGES[why];
  return new DomainError('HALL_BOOKING_REFUSED', m, [{ code: why, zh: m.zh, en: m.en }]);
};

function applicantOf(actor: Actor | undefined): Actor {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  if (actor.kind === 'staff') throw new DomainError('FORBIDDEN', { zh: '预约由申请人本人办理', en: 'Applicants book for themselves' });
  return actor;
}

function noShowRuleOf(s: Awaited<ReturnType<typeof repo.settingsOf>>): NoShowRule {
  return s ? { limit: s.no_show_limit, periodDays: s.no_show_period_days, blockDays: s.no_show_block_days } : DEFAULT_NO_SHOW_RULE;
}

/** Free seats of a category's slots from `from` for `days` days (public). */
export async function listSlots(db: Kysely<Database>, now: Date, hallId: string, category: string, from?: string, days = 7) {
  const cat = await repo.findCategory(db, hallId, category);
  if (!cat || !cat.open) throw new DomainError('NOT_FOUND', { zh: '该大厅没有开放此业务类别', en: 'This hall has no open queue for that category' });
  const calendar = await loadCalendar(db);
  const today = isoDateInChina(now);
  const start = from && isIsoDate(from) && from > today ? from : today;
  const last = addDays(today, DEFAULT_SCHEDULE.horizonDays);
  const counts = await db
    .selectFrom('hall_slot_counts')
    .select(['day', 'slot_start', 'booked'])
    .where('hall_id', '=', hallId)
    .where('category', '=', category)
    .where('day', '>=', start)
    .where('day', '<=', last)
    .execute();
  const out: { date: string; slots: { start: string; end: string; free: number }[] }[] = [];
  for (let d = start, i = 0; i < Math.min(days, 31) && d <= last; d = addDays(d, 1), i++) {
    const slots = slotsOfDay(calendar, d, DEFAULT_SCHEDULE)
      .filter((s) => slotInstant(s.date, s.start).getTime() > now.getTime())
      .map((s) => ({ start: s.start, end: s.end, free: Math.max(0, cat.slot_capacity - (counts.find((c) => c.day === d && c.slot_start === s.start)?.booked ?? 0)) }));
    if (slots.length > 0) out.push({ date: d, slots });
  }
  return { hallId, category, capacity: cat.slot_capacity, days: out };
}

export interface BookingInput {
  hallId: string;
  category: string;
  date: string;
  start: string;
  implId?: string | null;
  bundleId?: string | null;
}

/** Takes one seat, or refuses with the rule that stops it. `replacing`: the booking being changed. */
async function takeSeat(tx: Db, now: Date, applicantId: string, input: BookingInput, replacing?: string) {
  const hall = await repo.findHall(tx, input.hallId);
  if (!hall) throw new DomainError('NOT_FOUND', { zh: '未找到该大厅', en: 'No such service hall' });
  const cat = await repo.findCategory(tx, input.hallId, input.category);
  if (!cat || !cat.open) throw new DomainError('NOT_FOUND', { zh: '该大厅没有开放此业务类别', en: 'This hall has no open queue for that category' });
  const today = isoDateInChina(now);
  const rule = noShowRuleOf(await repo.settingsOf(tx, input.hallId));
  const noShows = await tx.selectFrom('hall_bookings').select('day').where('applicant_id', '=', applicantId).where('state', '=', 'no_show').execute();
  const until = blockedUntil(
    noShows.map((n) => n.day),
    today,
    rule,
  );
  let sameDay = tx.selectFrom('hall_bookings').select('id').where('applicant_id', '=', applicantId).where('hall_id', '=', input.hallId).where('category', '=', input.category).where('day', '=', input.date).where('state', 'in', ['active', 'checked_in']);
  if (replacing) sameDay = sameDay.where('id', '<>', replacing);
  const slot = isIsoDate(input.date) ? isSlotOf(await loadCalendar(tx as Kysely<Database>), DEFAULT_SCHEDULE, input.date, input.start) : undefined;
  const counted = slot ? await tx.selectFrom('hall_slot_counts').select('booked').where('hall_id', '=', input.hallId).where('category', '=', input.category).where('day', '=', input.date).where('slot_start', '=', input.start).executeTakeFirst() : undefined;
  const why = bookingRefusal({ slot, now, today, capacity: cat.slot_capacity, booked: counted?.booked ?? 0, hasActiveSameDay: !!(await sameDay.executeTakeFirst()), blockedUntil: until }, DEFAULT_SCHEDULE);
  if (why === 'BOOKING_BLOCKED') {
    throw refuse(why, {
      zh: `您在 ${rule.periodDays} 天内有 ${rule.limit} 次预约未到，${until} 前暂停网上预约，可到大厅现场取号办理`,
      en: `You missed ${rule.limit} appointments within ${rule.periodDays} days; online booking is paused until ${until}. You can still take a ticket at the hall.`,
    });
  }
  if (why) throw refuse(why);
  // The seat: one guarded upsert, so of two people taking the last seat exactly one gets a row back.
  const seat = await tx
    .insertInto('hall_slot_counts')
    .values({ hall_id: input.hallId, category: input.category, day: input.date, slot_start: input.start, booked: 1 })
    .onConflict((oc) =>
      oc
        .columns(['hall_id', 'category', 'day', 'slot_start'])
        .doUpdateSet({ booked: sql<number>`hall_slot_counts.booked + 1` })
        .where('hall_slot_counts.booked', '<', cat.slot_capacity),
    )
    .returning('booked')
    .executeTakeFirst();
  if (!seat || cat.slot_capacity < 1) throw refuse('BOOKING_FULL');
  return { hall, slot: slot as NonNullable<typeof slot> };
}

async function freeSeat(tx: Db, b: { hall_id: string; category: string; day: string; slot_start: string }) {
  await tx
    .updateTable('hall_slot_counts')
    .set({ booked: sql<number>`booked - 1` })
    .where('hall_id', '=', b.hall_id)
    .where('category', '=', b.category)
    .where('day', '=', b.day)
    .where('slot_start', '=', b.slot_start)
    .where('booked', '>', 0)
    .execute();
}

async function newCode(tx: Db, hallId: string, day: string): Promise<string> {
  for (;;) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const taken = await tx.selectFrom('hall_bookings').select('id').where('hall_id', '=', hallId).where('day', '=', day).where('check_in_code', '=', code).where('state', '=', 'active').executeTakeFirst();
    if (!taken) return code;
  }
}

/** A concurrent second booking of the same day trips the partial unique index: the same refusal as the rule. */
async function mappingOnePerDay<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Error && /hall_bookings_one_per_day/.test(`${err.message} ${String((err as { constraint?: string }).constraint ?? '')}`)) throw refuse('BOOKING_ONE_PER_DAY');
    throw err;
  }
}

export async function book(db: Kysely<Database>, actor: Actor | undefined, now: Date, input: BookingInput) {
  const me = applicantOf(actor);
  return mappingOnePerDay(() =>
    inTransaction(db, async (tx) => {
      await checkSubject(tx, input);
      const { hall, slot } = await takeSeat(tx, now, me.userId, input);
      const row = await tx
        .insertInto('hall_bookings')
        .values({ hall_id: input.hallId, category: input.category, impl_id: input.implId ?? null, bundle_id: input.bundleId ?? null, applicant_id: me.userId, day: slot.date, slot_start: slot.start, slot_end: slot.end, check_in_code: await newCode(tx, input.hallId, slot.date), created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      await enqueue(tx, 'notify.applicant', { userId: me.userId, title: `预约成功：${hall.name} ${input.category} ${slot.date} ${slot.start}-${slot.end}，签到码 ${row.check_in_code}` });
      return present(row, hall.name);
    }),
  );
}

/** What is booked for: a published item or a published bundle, or nothing (a visit to the category). */
async function checkSubject(tx: Db, input: BookingInput) {
  if (input.implId && input.bundleId) throw new DomainError('VALIDATION_FAILED', { zh: '预约事项与“一件事”只能选其一', en: 'Book for an item or a bundle, not both' }, [{ code: 'bundleId', path: 'body/bundleId', zh: '只能选其一', en: 'One of the two' }]);
  if (input.implId && !(await tx.selectFrom('item_impls').select('id').where('id', '=', input.implId).where('published_version_id', 'is not', null).executeTakeFirst())) {
    throw new DomainError('NOT_FOUND', { zh: '未找到该事项', en: 'No such item' });
  }
  if (input.bundleId && !(await tx.selectFrom('bundles').select('id').where('id', '=', input.bundleId).where('published_version_id', 'is not', null).executeTakeFirst())) {
    throw new DomainError('NOT_FOUND', { zh: '未找到该“一件事”', en: 'No such bundle' });
  }
}

async function myBooking(tx: Db, actor: Actor | undefined, id: string) {
  const me = applicantOf(actor);
  const b = await tx.selectFrom('hall_bookings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  // Someone else's booking is reported as missing (no probing of ids).
  if (!b || b.applicant_id !== me.userId) throw new DomainError('NOT_FOUND', { zh: '未找到该预约', en: 'No such booking' });
  if (b.state !== 'active') throw refuse('BOOKING_NOT_A_SLOT', { zh: '该预约已签到、取消或失约，不能再修改', en: 'This booking was already used, cancelled or missed' });
  return b;
}

export async function cancel(db: Kysely<Database>, actor: Actor | undefined, now: Date, id: string) {
  return inTransaction(db, async (tx) => {
    const b = await myBooking(tx, actor, id);
    await freeSeat(tx, b);
    const row = await tx.updateTable('hall_bookings').set({ state: 'cancelled', updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return present(row, (await repo.findHall(tx, row.hall_id))?.name ?? '');
  });
}

/** 改约: the old seat is freed and the new one taken in one transaction; a refusal leaves the old booking. */
export async function change(db: Kysely<Database>, actor: Actor | undefined, now: Date, id: string, to: { date: string; start: string }) {
  return mappingOnePerDay(() =>
    inTransaction(db, async (tx) => {
      const b = await myBooking(tx, actor, id);
      await freeSeat(tx, b);
      const { hall, slot } = await takeSeat(tx, now, b.applicant_id, { hallId: b.hall_id, category: b.category, date: to.date, start: to.start }, b.id);
      const row = await tx.updateTable('hall_bookings').set({ day: slot.date, slot_start: slot.start, slot_end: slot.end, updated_at: now, reminded_at: null }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      return present(row, hall.name);
    }),
  );
}

export async function listMine(db: Kysely<Database>, actor: Actor | undefined) {
  const me = applicantOf(actor);
  const rows = await db.selectFrom('hall_bookings as b').innerJoin('orgs as h', 'h.id', 'b.hall_id').selectAll('b').select('h.name as hall_name').where('b.applicant_id', '=', me.userId).orderBy('b.day', 'desc').orderBy('b.slot_start').limit(100).execute();
  const noShows = rows.filter((r) => r.state === 'no_show').length;
  return { bookings: rows.map((r) => present(r, r.hall_name)), noShows };
}

type BookingRow = { id: string; hall_id: string; category: string; impl_id: string | null; bundle_id: string | null; day: string; slot_start: string; slot_end: string; state: string; check_in_code: string };
function present(r: BookingRow, hallName: string) {
  return { id: r.id, hallId: r.hall_id, hallName, category: r.category, implId: r.impl_id, bundleId: r.bundle_id, date: r.day, start: r.slot_start, end: r.slot_end, state: r.state, checkInCode: r.state === 'active' ? r.check_in_code : null };
}

/**
 * The sweep's hall work (durable, safe on several replicas): the day-before reminder, claimed with
 * SKIP LOCKED and sent through the outbox; bookings whose slot ended without a check-in become no-shows.
 */
export async function sweepBookings(db: Kysely<Database>, now: Date): Promise<{ reminded: number; noShows: number }> {
  const tomorrow = addDays(isoDateInChina(now), 1);
  const reminded = await inTransaction(db, async (tx) => {
    const due = await tx.selectFrom('hall_bookings as b').innerJoin('orgs as h', 'h.id', 'b.hall_id').select(['b.id', 'b.applicant_id', 'b.category', 'b.day', 'b.slot_start', 'b.slot_end', 'b.check_in_code', 'h.name']).where('b.state', '=', 'active').where('b.reminded_at', 'is', null).where('b.day', '=', tomorrow).limit(500).forUpdate('b').skipLocked().execute();
    for (const b of due) {
      await enqueue(tx, 'notify.applicant', { userId: b.applicant_id, title: `预约提醒：明天 ${b.slot_start}-${b.slot_end} 到${b.name}办理${b.category}，签到码 ${b.check_in_code}` });
      await tx.updateTable('hall_bookings').set({ reminded_at: now }).where('id', '=', b.id).execute();
    }
    return due.length;
  });
  const today = isoDateInChina(now);
  const hhmm = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
  const missed = await db
    .updateTable('hall_bookings')
    .set({ state: 'no_show', updated_at: now })
    .where('state', '=', 'active')
    .where((eb) => eb.or([eb('day', '<', today), eb.and([eb('day', '=', today), eb('slot_end', '<=', hhmm)])]))
    .returning('id')
    .execute();
  return { reminded, noShows: missed.length };
}
