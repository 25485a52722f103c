import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { implByName, submitOnline } from './support/accountability.js';
import { buildCounty, orgIdByKey } from './support/factories.js';
import { outboxHandlers, runSweep } from '../src/server/jobs/scheduler.js';

/** 督办 (issue 12): order lifecycle on an append-only record, escalation once by the sweep, scope. */
let ctx: TestContext;
let supervisor: Agent;
let samrHandler: Agent;
let samr: string;
let mca: string;

type Order = { id: string; orderNo: string; status: string; dueOn: string; overdue: boolean; escalated: boolean; caseNo: string | null; department: { id: string }; entries: { seq: number; kind: string; body: string | null; dueOn: string | null }[]; abilities: { respond: boolean; return: boolean; close: boolean } };
const sweep = (at: string) => runSweep(ctx.handle.db, new Date(at), outboxHandlers(ctx.handle.db, ctx.messages));

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-04-01T02:00:00Z'); // Wednesday
  supervisor = await ctx.as('supervisor');
  samrHandler = await ctx.as('samr_handler');
  samr = await orgIdByKey(ctx.handle.db, 'county-samr');
  mca = await orgIdByKey(ctx.handle.db, 'county-mca');
});
afterAll(async () => ctx.close());

describe('督办', () => {
  it('issue on a case → the department responds → returned with a new deadline → responded → closed; every step an entry', async () => {
    const applicant = await ctx.as('zhangsan');
    const c = await submitOnline(applicant, await implByName(ctx, '个体工商户设立登记'));
    const res = await supervisor.post('/api/supervision/orders', { target: { caseId: c.id }, deadlineDays: 2, subject: '请说明该件未及时受理的原因' });
    expect(res.statusCode, res.body).toBe(201);
    let o = res.json() as Order;
    expect(o).toMatchObject({ status: 'open', dueOn: '2026-04-03', caseNo: c.caseNo, department: { id: samr }, escalated: false });
    expect(o.orderNo).toMatch(/^督办2026\d{6}$/);
    expect(o.abilities).toEqual({ respond: false, return: false, close: true });
    // The department sees it and may respond; the supervisor may not respond for it.
    const seen = (await samrHandler.get(`/api/supervision/orders/${o.id}`)).json() as Order;
    expect(seen.abilities.respond).toBe(true);
    expect((await supervisor.post(`/api/supervision/orders/${o.id}/respond`, { body: 'x' })).statusCode).toBe(403);
    expect((await supervisor.post(`/api/supervision/orders/${o.id}/return`, { body: '未反馈' })).statusCode).toBe(409);
    o = (await samrHandler.post(`/api/supervision/orders/${o.id}/respond`, { body: '已受理并安排专人办理' })).json() as Order;
    expect(o.status).toBe('responded');
    expect((await samrHandler.post(`/api/supervision/orders/${o.id}/close`, { body: 'x' })).statusCode).toBe(403);
    ctx.clock.set('2026-04-02T02:00:00Z');
    supervisor = await ctx.as('supervisor'); // sessions do not outlive a moved clock
    samrHandler = await ctx.as('samr_handler');
    o = (await supervisor.post(`/api/supervision/orders/${o.id}/return`, { body: '请附办理结果', deadlineDays: 1 })).json() as Order;
    expect(o).toMatchObject({ status: 'open', dueOn: '2026-04-03' });
    o = (await samrHandler.post(`/api/supervision/orders/${o.id}/respond`, { body: '已办结，结果附后' })).json() as Order;
    o = (await supervisor.post(`/api/supervision/orders/${o.id}/close`, { body: '同意销号' })).json() as Order;
    expect(o.status).toBe('closed');
    expect(o.entries.map((e) => e.kind)).toEqual(['issued', 'responded', 'returned', 'responded', 'closed']);
    expect(o.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await samrHandler.post(`/api/supervision/orders/${o.id}/respond`, { body: 'again' })).statusCode).toBe(409);
  });

  it('the record is append-only: the database refuses updates and deletes of past entries and orders', async () => {
    await expect(sql`update supervision_order_entries set body = 'rewritten'`.execute(ctx.handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from supervision_order_entries`.execute(ctx.handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`update supervision_orders set subject = 'rewritten'`.execute(ctx.handle.db)).rejects.toThrow(/append-only/);
  });

  it('an order on a department not answered by its deadline escalates once, however often the sweep runs', async () => {
    ctx.clock.set('2026-04-07T02:00:00Z'); // Tuesday after 清明
    supervisor = await ctx.as('supervisor');
    const o = (await supervisor.post('/api/supervision/orders', { target: { orgId: samr }, deadlineDays: 1, subject: '本月超期件整改情况报告' })).json() as Order;
    expect(o.dueOn).toBe('2026-04-08');
    expect((await sweep('2026-04-08T03:00:00Z')).ordersEscalated).toBe(0);
    const twice = await Promise.all([sweep('2026-04-09T03:00:00Z'), sweep('2026-04-09T03:00:00Z')]);
    expect(twice[0].ordersEscalated + twice[1].ordersEscalated).toBe(1);
    expect((await sweep('2026-04-10T03:00:00Z')).ordersEscalated).toBe(0);
    ctx.clock.set('2026-04-10T03:00:00Z');
    const after = (await (await ctx.as('supervisor')).get(`/api/supervision/orders/${o.id}`)).json() as Order;
    expect(after).toMatchObject({ status: 'open', overdue: true, escalated: true });
    expect(after.entries.map((e) => e.kind)).toEqual(['issued', 'escalated']);
    const overdue = (await (await ctx.as('supervisor')).get('/api/supervision/orders?overdue=true')).json() as { orders: Order[] };
    expect(overdue.orders.map((x) => x.id)).toEqual([o.id]);
    // A late response is still taken, and the escalation stays on the record.
    const late = (await (await ctx.as('samr_handler')).post(`/api/supervision/orders/${o.id}/respond`, { body: '报告已提交' })).json() as Order;
    expect(late).toMatchObject({ status: 'responded', overdue: false, escalated: true });
    const outbox = await ctx.handle.db.selectFrom('outbox').select('payload').where('topic', '=', 'supervision.order_escalated').execute();
    expect(outbox).toHaveLength(1);
  });

  it('scope: a department sees only its orders; a supervisor only within their region; others are refused', async () => {
    ctx.clock.set('2026-04-10T03:00:00Z');
    supervisor = await ctx.as('supervisor');
    const onMca = (await supervisor.post('/api/supervision/orders', { target: { orgId: mca }, deadlineDays: 5, subject: '请报送救助资金发放情况' })).json() as Order;
    const samrList = (await (await ctx.as('samr_handler')).get('/api/supervision/orders')).json() as { orders: Order[] };
    expect(samrList.orders.length).toBe(2);
    expect(samrList.orders.every((x) => x.department.id === samr)).toBe(true);
    expect((await (await ctx.as('samr_handler')).get(`/api/supervision/orders/${onMca.id}`)).statusCode).toBe(404);
    expect((await (await ctx.as('samr_handler')).post(`/api/supervision/orders/${onMca.id}/respond`, { body: 'x' })).statusCode).toBe(404);
    expect(((await (await ctx.as('mca_handler')).get('/api/supervision/orders')).json() as { orders: Order[] }).orders.map((x) => x.id)).toEqual([onMca.id]);
    // A supervisor of another county sees none of these and cannot order this county's departments.
    const b = await buildCounty(ctx.handle.db, { regionCode: '330599', name: '测试县', staff: [{ username: 'sup_b', roles: ['supervisor'] }] });
    const supB = await ctx.as('sup_b');
    expect(((await supB.get('/api/supervision/orders')).json() as { orders: Order[] }).orders).toEqual([]);
    expect((await supB.get(`/api/supervision/orders/${onMca.id}`)).statusCode).toBe(404);
    expect((await supB.post('/api/supervision/orders', { target: { orgId: samr }, deadlineDays: 3, subject: 'x' })).statusCode).toBe(404);
    expect((await supB.post('/api/supervision/orders', { target: { orgId: b.deptId }, deadlineDays: 3, subject: '自查' })).statusCode).toBe(201);
    // Department staff cannot issue; applicants and the public see nothing.
    expect((await (await ctx.as('samr_handler')).post('/api/supervision/orders', { target: { orgId: samr }, deadlineDays: 3, subject: 'x' })).statusCode).toBe(403);
    expect((await (await ctx.as('zhangsan')).get('/api/supervision/orders')).statusCode).toBe(403);
    expect((await ctx.anon().get('/api/supervision/orders')).statusCode).toBe(401);
    // Inputs are schema-checked.
    expect((await supervisor.post('/api/supervision/orders', { target: { orgId: samr }, deadlineDays: 0, subject: 'x' })).statusCode).toBe(400);
    expect((await supervisor.post('/api/supervision/orders', { target: { orgId: samr }, deadlineDays: 3, subject: '' })).statusCode).toBe(400);
    expect((await supervisor.post('/api/supervision/orders', { target: { orgId: samr, caseId: samr }, deadlineDays: 3, subject: 'x' })).statusCode).toBe(400);
  });
});
