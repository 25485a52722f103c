import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { orgIdByKey } from './support/factories.js';
import { sampleApplicationFor } from './support/applications.js';
import { completeIdNumber } from '../src/core/codes/id-number.js';
import { DEMO_APPLICANTS } from '../src/server/demo/seed.js';

/** The service hall's queue (issue 13, ADR 0023): tickets, calling, transfer, intake from a ticket. */
let ctx: TestContext;
let clerk: Agent; // window A01 (市场准入)
let clerk2: Agent; // window C01 (社会事务)
let hallId: string;
const win: Record<string, string> = {};

type Ticket = { id: string; number: string; category: string; ahead: number; estimatedWaitMinutes: number; priority: string | null; viewToken: string };
type WindowState = { open: boolean; current: { id: string; number: string; category: string; calls: number; priority: string | null; caseIds: string[] } | null; hallCategories: { category: string; waiting: number }[] };

const take = async (body: Record<string, unknown>): Promise<Ticket> => {
  const res = await ctx.anon().post(`/api/public/halls/${hallId}/tickets`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Ticket;
};
const ticketRow = (id: string) => ctx.handle.db.selectFrom('hall_tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  ctx = await createTestContext();
  // A Wednesday, 10:00 Beijing time.
  ctx.clock.set('2026-12-02T02:00:00Z');
  hallId = await orgIdByKey(ctx.handle.db, 'county-hall');
  for (const w of await ctx.handle.db.selectFrom('windows').select(['id', 'number']).where('hall_id', '=', hallId).execute()) win[w.number] = w.id;
  clerk = await ctx.as('clerk');
  clerk2 = await ctx.as('clerk2');
});
afterAll(async () => ctx.close());

describe('kiosk: halls and tickets', () => {
  it('lists the halls with their open categories (public)', async () => {
    const res = await ctx.anon().get('/api/public/halls');
    expect(res.statusCode).toBe(200);
    const hall = (res.json() as { halls: { id: string; categories: { category: string; letter: string }[] }[] }).halls.find((h) => h.id === hallId);
    expect(hall?.categories.map((c) => `${c.letter}${c.category}`)).toEqual(['A市场准入', 'B投资建设', 'C社会事务', 'D不动产登记', 'E公安户政', 'F税费服务']);
  });

  it('numbers tickets per category and day and says how many are ahead', async () => {
    const a = await take({ category: '税费服务' });
    const b = await take({ category: '税费服务' });
    const c = await take({ category: '公安户政' });
    expect([a.number, b.number, c.number]).toEqual(['F001', 'F002', 'E001']);
    expect([a.ahead, b.ahead, c.ahead]).toEqual([0, 1, 0]);
    expect(b.estimatedWaitMinutes).toBeGreaterThan(0);
    // The next day starts again at 001.
    ctx.clock.set('2026-12-03T02:00:00Z');
    expect((await take({ category: '税费服务' })).number).toBe('F001');
    ctx.clock.set('2026-12-02T02:00:00Z');
  });

  it('refuses an unknown category, a bad ID number and an unknown hall, issuing nothing', async () => {
    const before = await ctx.handle.db.selectFrom('hall_tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const unknown = await ctx.anon().post(`/api/public/halls/${hallId}/tickets`, { category: '不存在的类别' });
    expect(unknown.statusCode).toBe(409);
    expect(unknown.json()).toMatchObject({ error: 'HALL_TICKET_REFUSED', message: '该大厅没有开放此业务类别' });
    const good = DEMO_APPLICANTS[0]?.kind === 'natural_person' ? DEMO_APPLICANTS[0].idNumber : '';
    const badId = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const bad = await ctx.anon().post(`/api/public/halls/${hallId}/tickets`, { category: '税费服务', idNumber: badId });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { message: string }).message).toContain('校验位');
    expect((await ctx.anon().post(`/api/public/halls/${crypto.randomUUID()}/tickets`, { category: '税费服务' })).statusCode).toBe(404);
    expect((await ctx.anon().post(`/api/public/halls/${hallId}/tickets`, { category: '税费服务', extra: 1 })).statusCode).toBe(400);
    const after = await ctx.handle.db.selectFrom('hall_tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('200 concurrent ticket issues get unique, gap-free numbers', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, () => ctx.anon().post(`/api/public/halls/${hallId}/tickets`, { category: '投资建设' })));
    expect(results.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([]);
    const numbers = results.map((r) => (r.json() as Ticket).number).sort();
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => `B${String(i + 1).padStart(3, '0')}`));
    const rows = await ctx.handle.db.selectFrom('hall_tickets').select('seq').where('hall_id', '=', hallId).where('issued_category', '=', '投资建设').where('day', '=', '2026-12-02').execute();
    expect(rows.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  }, 60_000);

  it('shows the live position on the applicant’s phone page (by the ticket’s token only)', async () => {
    const t = await take({ category: '公安户政' });
    const res = await ctx.anon().get(`/api/public/tickets/${t.viewToken}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ number: t.number, state: 'waiting', ahead: 1, windowNumber: null });
    expect((await ctx.anon().get('/api/public/tickets/AAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
  });
});

describe('windows: open, call, recall, skip, transfer, finish', () => {
  it('refuses calling by anyone but the clerk put at the window', async () => {
    expect((await ctx.anon().post(`/api/hall/windows/${win.A01}/call-next`)).statusCode).toBe(401);
    expect((await clerk2.post(`/api/hall/windows/${win.A01}/open`, { categories: ['市场准入'] })).statusCode).toBe(403);
    const admin = await ctx.as('halladmin');
    expect((await admin.post(`/api/hall/windows/${win.A01}/call-next`)).statusCode).toBe(403);
    const closed = await clerk.post(`/api/hall/windows/${win.A01}/call-next`);
    expect(closed.statusCode).toBe(409);
    expect((closed.json() as { details: { code: string }[] }).details[0]?.code).toBe('WINDOW_CLOSED');
    expect((await clerk.post(`/api/hall/windows/${win.A01}/open`, { categories: ['没有的类别'] })).statusCode).toBe(400);
  });

  it('calls priority first (a 70-year-old), then in order; one person at a window at a time; recall, finish', async () => {
    const opened = await clerk.post(`/api/hall/windows/${win.A01}/open`, { categories: ['市场准入'] });
    expect(opened.statusCode, opened.body).toBe(200);
    const first = await take({ category: '市场准入' });
    const elderly = await take({ category: '市场准入', idNumber: completeIdNumber('33052319500101002') });
    expect(elderly).toMatchObject({ priority: 'elderly', ahead: 0 });
    const called = await clerk.post(`/api/hall/windows/${win.A01}/call-next`);
    expect(called.statusCode, called.body).toBe(200);
    expect((called.json() as WindowState).current?.number).toBe(elderly.number);
    const busy = await clerk.post(`/api/hall/windows/${win.A01}/call-next`);
    expect(busy.statusCode).toBe(409);
    expect((await ticketRow(first.id)).state).toBe('waiting');
    expect(((await clerk.post(`/api/hall/tickets/${elderly.id}/recall`)).json() as WindowState).current?.calls).toBe(2);
    // Another window cannot finish it.
    expect((await clerk2.post(`/api/hall/tickets/${elderly.id}/finish`)).statusCode).toBe(409);
    const done = await clerk.post(`/api/hall/tickets/${elderly.id}/finish`);
    expect(done.statusCode).toBe(200);
    expect((done.json() as WindowState).current).toBeNull();
    expect((await ticketRow(elderly.id)).state).toBe('done');
    // A second click on 办结 changes nothing.
    expect((await clerk.post(`/api/hall/tickets/${elderly.id}/finish`)).statusCode).toBe(409);
    expect(((await clerk.post(`/api/hall/windows/${win.A01}/call-next`)).json() as WindowState).current?.number).toBe(first.number);
    expect((await clerk.post(`/api/hall/tickets/${first.id}/skip`)).statusCode).toBe(200);
    expect((await ticketRow(first.id)).state).toBe('no_show');
  });

  it('transfers a ticket to another category: it keeps its number and is called first there', async () => {
    await clerk2.post(`/api/hall/windows/${win.C01}/open`, { categories: ['社会事务'] });
    const waitingThere = await take({ category: '社会事务' });
    const moving = await take({ category: '市场准入' });
    const call = await clerk.post(`/api/hall/windows/${win.A01}/call-next`);
    expect((call.json() as WindowState).current?.number).toBe(moving.number);
    expect((await clerk.post(`/api/hall/tickets/${moving.id}/transfer`, { category: '市场准入' })).statusCode).toBe(409);
    expect((await clerk.post(`/api/hall/tickets/${moving.id}/transfer`, { category: '没有' })).statusCode).toBe(400);
    const moved = await clerk.post(`/api/hall/tickets/${moving.id}/transfer`, { category: '社会事务' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await ticketRow(moving.id)).toMatchObject({ state: 'waiting', category: '社会事务', number: moving.number, priority: 'transfer', transfers: 1, window_id: null });
    const there = await clerk2.post(`/api/hall/windows/${win.C01}/call-next`);
    expect((there.json() as WindowState).current?.number).toBe(moving.number);
    await clerk2.post(`/api/hall/tickets/${moving.id}/finish`);
    expect(((await clerk2.post(`/api/hall/windows/${win.C01}/call-next`)).json() as WindowState).current?.number).toBe(waitingThere.number);
    await clerk2.post(`/api/hall/tickets/${waitingThere.id}/finish`);
  });

  it('two clerks calling at once get different tickets', async () => {
    await clerk2.post(`/api/hall/windows/${win.C01}/open`, { categories: ['社会事务', '市场准入'] });
    const a = await take({ category: '市场准入' });
    const b = await take({ category: '市场准入' });
    const [r1, r2] = await Promise.all([clerk.post(`/api/hall/windows/${win.A01}/call-next`), clerk2.post(`/api/hall/windows/${win.C01}/call-next`)]);
    expect([r1.statusCode, r2.statusCode]).toEqual([200, 200]);
    const got = [(r1.json() as WindowState).current?.id, (r2.json() as WindowState).current?.id].sort();
    expect(got).toEqual([a.id, b.id].sort());
    await clerk.post(`/api/hall/tickets/${(r1.json() as WindowState).current?.id}/finish`);
    await clerk2.post(`/api/hall/tickets/${(r2.json() as WindowState).current?.id}/finish`);
  });

  it('intake pre-fills the applicant from the ticket and links the case taken in', async () => {
    const person = DEMO_APPLICANTS[0];
    if (person?.kind !== 'natural_person') throw new Error('demo applicant');
    const t = await take({ category: '市场准入', idNumber: person.idNumber });
    // Not before it is called to this window.
    expect((await clerk.get(`/api/hall/tickets/${t.id}/applicant`)).statusCode).toBe(403);
    await clerk.post(`/api/hall/windows/${win.A01}/call-next`);
    const applicant = await clerk.get(`/api/hall/tickets/${t.id}/applicant`);
    expect(applicant.json()).toMatchObject({ number: t.number, idNumber: person.idNumber });
    expect((await clerk2.get(`/api/hall/tickets/${t.id}/applicant`)).statusCode).toBe(403);
    const found = (await clerk.post('/api/workbench/applicants/lookup', { idNumber: person.idNumber })).json() as { id: string };
    const items = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('社会保障卡申领')}`)).json() as { items: { implId: string; name: string }[] };
    const implId = items.items.find((i) => i.name.startsWith('社会保障卡申领'))?.implId ?? '';
    const created = await clerk.request('POST', '/api/cases', { implId, ...(await sampleApplicationFor(clerk, implId)), materials: [], applicantId: found.id }, { 'idempotency-key': 'hall-ticket-intake-1' });
    expect(created.statusCode, created.body).toBe(201);
    const caseId = (created.json() as { id: string }).id;
    const linked = await clerk.post(`/api/hall/tickets/${t.id}/cases`, { caseId });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ caseIds: [caseId] });
    expect((await clerk.post(`/api/hall/tickets/${t.id}/cases`, { caseId: crypto.randomUUID() })).statusCode).toBe(404);
    expect((await clerk2.post(`/api/hall/tickets/${t.id}/cases`, { caseId })).statusCode).toBe(403);
    await clerk.post(`/api/hall/tickets/${t.id}/finish`);
  });
});
