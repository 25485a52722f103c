import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { orgIdByKey } from './support/factories.js';
import { implByName, submitAtWindow, userId } from './support/accountability.js';
import { DEMO_APPLICANTS } from '../src/server/demo/seed.js';

/**
 * 好差评 at the window (issue 12 channel "window tablet", issue 13 "the applicant rates the service"):
 * after intake the clerk's window desk hands the tablet over; the applicant rates the window service of
 * that ticket once (一次一评), recorded with the ticket, the window and the clerk.
 */
let ctx: TestContext;
let clerk: Agent;
let clerk2: Agent;
let hallId: string;
let windowA01: string;
let zhangsan: string;

const ID = (() => {
  const a = DEMO_APPLICANTS.find((x) => x.username === 'zhangsan');
  return (a && 'idNumber' in a ? a.idNumber : undefined) ?? '';
})();

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-12-02T02:00:00Z'); // Wednesday 10:00 in Beijing
  hallId = await orgIdByKey(ctx.handle.db, 'county-hall');
  windowA01 = (await ctx.handle.db.selectFrom('windows').select('id').where('hall_id', '=', hallId).where('number', '=', 'A01').executeTakeFirstOrThrow()).id;
  clerk = await ctx.as('clerk');
  clerk2 = await ctx.as('clerk2');
  zhangsan = await userId(ctx, 'zhangsan');
});
afterAll(async () => ctx.close());

describe('window service rating handed over from the window desk', () => {
  it('rates the window service of the ticket once, showing the hall, window and clerk on the tablet', async () => {
    const t = await ctx.anon().post(`/api/public/halls/${hallId}/tickets`, { category: '市场准入', idNumber: ID });
    expect(t.statusCode, t.body).toBe(201);
    expect((await clerk.post(`/api/hall/windows/${windowA01}/open`, { categories: ['市场准入'] })).statusCode).toBe(200);
    const called = (await clerk.post(`/api/hall/windows/${windowA01}/call-next`)).json() as { current: { id: string; number: string } };
    const ticketId = called.current.id;

    // Access: a login, a staff account, the clerk of this window; and a case taken in first.
    expect((await ctx.anon().post(`/api/hall/tickets/${ticketId}/rating-token`)).statusCode).toBe(401);
    expect((await (await ctx.as('zhangsan')).post(`/api/hall/tickets/${ticketId}/rating-token`)).statusCode).toBe(403);
    expect((await clerk2.post(`/api/hall/tickets/${ticketId}/rating-token`)).statusCode).toBe(403);
    expect((await clerk.post(`/api/hall/tickets/not-a-uuid/rating-token`)).statusCode).toBe(400);
    const early = await clerk.post(`/api/hall/tickets/${ticketId}/rating-token`);
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ message: '该号尚未受理办件，受理后再请申请人评价' });

    const c = await submitAtWindow(clerk, await implByName(ctx, '个体工商户设立登记'), zhangsan);
    expect((await clerk.post(`/api/hall/tickets/${ticketId}/cases`, { caseId: c.id })).statusCode).toBe(200);
    const handed = await clerk.post(`/api/hall/tickets/${ticketId}/rating-token`);
    expect(handed.statusCode, handed.body).toBe(201);
    const { url, token } = handed.json() as { url: string; token: string };
    expect(url).toBe(`/rate/${token}`);

    const peek = await ctx.anon().get(`/api/public/rating-tokens/${token}`);
    expect(peek.statusCode).toBe(200);
    expect(peek.json()).toMatchObject({ service: 'window', channel: 'tablet', window: { hallName: '安吉县政务服务中心', number: 'A01', clerkName: '综合窗口 赵丽', ticketNumber: called.current.number } });

    const rated = await ctx.anon().post(`/api/public/rating-tokens/${token}`, { level: 5, tags: ['服务热情', '办事高效'] });
    expect(rated.statusCode, rated.body).toBe(201);
    const row = await ctx.handle.db.selectFrom('ratings').selectAll().where('id', '=', (rated.json() as { id: string }).id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ service_kind: 'window', channel: 'tablet', ticket_id: ticketId, case_id: c.id, window_id: windowA01, staff_id: await userId(ctx, 'clerk'), rater_id: zhangsan, org_id: hallId, level: 5 });

    // 一次一评: the token is spent, and the desk cannot hand the tablet over again for this service.
    expect((await ctx.anon().post(`/api/public/rating-tokens/${token}`, { level: 1, tags: ['态度不好'] })).statusCode).toBe(404);
    const again = await clerk.post(`/api/hall/tickets/${ticketId}/rating-token`);
    expect(again.statusCode).toBe(409);
    const count = await ctx.handle.db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    // The applicant sees the rating of the window service on their case.
    const mine = (await (await ctx.as('zhangsan')).get(`/api/cases/${c.id}/ratings`)).json() as { ratings: { service: string; channel: string }[] };
    expect(mine.ratings).toEqual([expect.objectContaining({ service: 'window', channel: 'tablet' })]);
  });
});
