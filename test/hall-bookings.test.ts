import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { orgIdByKey } from './support/factories.js';
import { runSweep, outboxHandlers } from '../src/server/jobs/scheduler.js';
import { sweepBookings } from '../src/server/hall/booking-service.js';
import { DEMO_APPLICANTS } from '../src/server/demo/seed.js';

/** Appointments (预约, issue 13, ADR 0023): slots, capacity, one per day, no-show block, reminder, check-in. */
let ctx: TestContext;
let zhangsan: Agent;
let lisi: Agent;
let hallAdmin: Agent;
let hallId: string;

type Booking = { id: string; date: string; start: string; state: string; checkInCode: string | null };
const refusalCode = (res: { json(): unknown }) => (res.json() as { details: { code: string }[] }).details[0]?.code;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-12-02T02:00:00Z'); // Wednesday 10:00 in Beijing
  hallId = await orgIdByKey(ctx.handle.db, 'county-hall');
  zhangsan = await ctx.as('zhangsan');
  lisi = await ctx.as('lisi');
  hallAdmin = await ctx.as('halladmin');
});
afterAll(async () => ctx.close());

describe('slots and booking', () => {
  it('lists slots on working days only, with free seats', async () => {
    const res = await ctx.anon().get(`/api/public/halls/${hallId}/slots?category=${encodeURIComponent('社会事务')}&days=5`);
    expect(res.statusCode, res.body).toBe(200);
    const days = (res.json() as { days: { date: string; slots: { start: string; free: number }[] }[] }).days;
    // Today's past slots are gone; Saturday 12-05 and Sunday 12-06 have none.
    expect(days.map((d) => d.date)).toEqual(['2026-12-02', '2026-12-03', '2026-12-04']);
    expect(days[0]?.slots[0]?.start).toBe('10:30');
    expect(days[1]?.slots).toHaveLength(13);
    expect(days[1]?.slots[0]).toMatchObject({ start: '09:00', free: 4 });
  });

  it('books with a check-in code, one per person, category and day; changes and cancels', async () => {
    expect((await ctx.anon().post('/api/hall/bookings', { hallId, category: '社会事务', date: '2026-12-03', start: '09:00' })).statusCode).toBe(401);
    const res = await zhangsan.post('/api/hall/bookings', { hallId, category: '社会事务', date: '2026-12-03', start: '09:00' });
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json() as Booking;
    expect(b.checkInCode).toMatch(/^\d{6}$/);
    const second = await zhangsan.post('/api/hall/bookings', { hallId, category: '社会事务', date: '2026-12-03', start: '14:00' });
    expect(second.statusCode).toBe(422);
    expect(refusalCode(second)).toBe('BOOKING_ONE_PER_DAY');
    expect((await zhangsan.post('/api/hall/bookings', { hallId, category: '社会事务', date: '2026-12-05', start: '09:00' })).statusCode).toBe(422);
    expect((await zhangsan.post('/api/hall/bookings', { hallId, category: '社会事务', date: '2026-12-03', start: '12:00' })).statusCode).toBe(422);
    // Another person cannot touch it; moving it frees the old seat.
    expect((await lisi.post(`/api/hall/bookings/${b.id}/cancel`)).statusCode).toBe(404);
    const moved = await zhangsan.patch(`/api/hall/bookings/${b.id}`, { date: '2026-12-03', start: '10:00' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ start: '10:00', state: 'active' });
    const seats = await ctx.handle.db.selectFrom('hall_slot_counts').select(['slot_start', 'booked']).where('hall_id', '=', hallId).where('category', '=', '社会事务').where('day', '=', '2026-12-03').orderBy('slot_start').execute();
    expect(seats).toEqual([
      { slot_start: '09:00', booked: 0 },
      { slot_start: '10:00', booked: 1 },
    ]);
    const mine = (await zhangsan.get('/api/hall/bookings')).json() as { bookings: Booking[] };
    expect(mine.bookings.map((x) => x.id)).toContain(b.id);
    const cancelled = await zhangsan.post(`/api/hall/bookings/${b.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ state: 'cancelled', checkInCode: null });
    expect((await zhangsan.post(`/api/hall/bookings/${b.id}/cancel`)).statusCode).toBe(422);
  });

  it('the hall administrator sets the seats per slot (audited); a clerk cannot', async () => {
    const clerk = await ctx.as('clerk');
    expect((await clerk.put(`/api/hall/admin/halls/${hallId}/categories/${encodeURIComponent('税费服务')}`, { open: true, slotCapacity: 1 })).statusCode).toBe(403);
    const res = await hallAdmin.put(`/api/hall/admin/halls/${hallId}/categories/${encodeURIComponent('税费服务')}`, { open: true, slotCapacity: 1 });
    expect(res.statusCode, res.body).toBe(200);
    const audit = await ctx.handle.db.selectFrom('audit_events').select(['object_id']).where('kind', '=', 'hall_category_saved').execute();
    expect(audit.map((a) => a.object_id)).toContain(hallId);
  });

  it('the last seat under concurrent booking: exactly one wins', async () => {
    const body = { hallId, category: '税费服务', date: '2026-12-04', start: '15:00' };
    const [a, b] = await Promise.all([zhangsan.post('/api/hall/bookings', body), lisi.post('/api/hall/bookings', body)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 422]);
    expect(refusalCode(a.statusCode === 422 ? a : b)).toBe('BOOKING_FULL');
    const seat = await ctx.handle.db.selectFrom('hall_slot_counts').select('booked').where('hall_id', '=', hallId).where('category', '=', '税费服务').where('day', '=', '2026-12-04').where('slot_start', '=', '15:00').executeTakeFirstOrThrow();
    expect(seat.booked).toBe(1);
    const rows = await ctx.handle.db.selectFrom('hall_bookings').select('id').where('hall_id', '=', hallId).where('category', '=', '税费服务').where('day', '=', '2026-12-04').where('state', '=', 'active').execute();
    expect(rows).toHaveLength(1);
  });

  it('three no-shows in thirty days block booking with a clear message', async () => {
    const lisiId = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'lisi').executeTakeFirstOrThrow()).id;
    for (const day of ['2026-11-10', '2026-11-20', '2026-11-27']) {
      await ctx.handle.db.insertInto('hall_bookings').values({ hall_id: hallId, category: '公安户政', applicant_id: lisiId, day, slot_start: '09:00', slot_end: '09:30', state: 'no_show', check_in_code: '000000' }).execute();
    }
    const res = await lisi.post('/api/hall/bookings', { hallId, category: '公安户政', date: '2026-12-03', start: '09:00' });
    expect(res.statusCode).toBe(422);
    expect(refusalCode(res)).toBe('BOOKING_BLOCKED');
    expect((res.json() as { message: string }).message).toBe('您在 30 天内有 3 次预约未到，2026-12-27 前暂停网上预约，可到大厅现场取号办理');
  });
});

describe('reminder, check-in and no-shows', () => {
  it('reminds the day before through the outbox (once), checks in at the kiosk for a priority ticket, and marks a missed booking', async () => {
    const b = (await zhangsan.post('/api/hall/bookings', { hallId, category: '公安户政', date: '2026-12-03', start: '09:00' })).json() as Booking;
    const other = (await zhangsan.post('/api/hall/bookings', { hallId, category: '不动产登记', date: '2026-12-03', start: '09:00' })).json() as Booking;
    expect(await sweepBookings(ctx.handle.db, ctx.clock.now())).toMatchObject({ reminded: 2 });
    expect(await sweepBookings(ctx.handle.db, ctx.clock.now())).toMatchObject({ reminded: 0 });
    await runSweep(ctx.handle.db, ctx.clock.now(), outboxHandlers(ctx.handle.db, ctx.messages));
    const phone = DEMO_APPLICANTS[0]?.phone ?? '';
    expect(ctx.messages.sent.filter((m) => m.to === phone && m.body.includes('预约提醒'))).toHaveLength(2);

    ctx.clock.set('2026-12-03T00:20:00Z'); // 08:20: too early
    const early = await ctx.anon().post(`/api/public/halls/${hallId}/tickets`, { category: '公安户政', checkInCode: b.checkInCode });
    expect(early.statusCode).toBe(409);
    expect(refusalCode(early)).toBe('CHECK_IN_EARLY');
    ctx.clock.set('2026-12-03T00:45:00Z'); // 08:45
    await ctx.anon().post(`/api/public/halls/${hallId}/tickets`, { category: '公安户政' });
    const ticket = await ctx.anon().post(`/api/public/halls/${hallId}/tickets`, { category: '公安户政', checkInCode: b.checkInCode });
    expect(ticket.statusCode, ticket.body).toBe(201);
    expect(ticket.json()).toMatchObject({ priority: 'booking', ahead: 0 });
    expect((await ctx.anon().post(`/api/public/halls/${hallId}/tickets`, { category: '公安户政', checkInCode: b.checkInCode })).statusCode).toBe(409);
    const row = await ctx.handle.db.selectFrom('hall_bookings').select(['state', 'ticket_id']).where('id', '=', b.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('checked_in');

    ctx.clock.set('2026-12-03T01:31:00Z'); // 09:31: the other booking's slot is over
    expect(await sweepBookings(ctx.handle.db, ctx.clock.now())).toMatchObject({ noShows: 1 });
    expect((await ctx.handle.db.selectFrom('hall_bookings').select('state').where('id', '=', other.id).executeTakeFirstOrThrow()).state).toBe('no_show');
    ctx.clock.set('2026-12-02T02:00:00Z');
  });
});
