import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { orgIdByKey } from './support/factories.js';
import { hallWaitMinutesAvg } from '../src/server/hall/figures-service.js';

/** Hall figures (issue 13): waits, service times, no-shows per category, window and clerk, for the hall administrator. */
let ctx: TestContext;
let clerk: Agent; // window A01
let clerk2: Agent; // window C01
let hallAdmin: Agent;
let hallId: string;
const win: Record<string, string> = {};

type Figures = { key: string; label: string; tickets: number; served: number; noShows: number; waitMinutesAvg: number | null; waitMinutesP90: number | null; serviceMinutesAvg: number | null; noShowRate: number | null; servedPerHour: number | null };
type State = { current: { id: string } | null };

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-12-02T01:00:00Z'); // Wednesday 09:00 in Beijing
  hallId = await orgIdByKey(ctx.handle.db, 'county-hall');
  for (const w of await ctx.handle.db.selectFrom('windows').select(['id', 'number']).where('hall_id', '=', hallId).execute()) win[w.number] = w.id;
  clerk = await ctx.as('clerk');
  clerk2 = await ctx.as('clerk2');
});
afterAll(async () => ctx.close());

const minutes = (m: number) => ctx.clock.set(new Date(Date.parse('2026-12-02T01:00:00Z') + m * 60_000).toISOString());
const take = async (category: string) => expect((await ctx.anon().post(`/api/public/halls/${hallId}/tickets`, { category })).statusCode).toBe(201);
const call = async (who: Agent, window: string) => ((await who.post(`/api/hall/windows/${win[window]}/call-next`, {})).json() as State).current?.id as string;

describe('hall figures', () => {
  it('reports waits, service times and no-shows by category, window and clerk; only the hall administrator reads them', async () => {
    await clerk.post(`/api/hall/windows/${win.A01}/open`, { categories: ['市场准入'] });
    await clerk2.post(`/api/hall/windows/${win.C01}/open`, { categories: ['社会事务'] });
    await take('市场准入');
    await take('市场准入');
    await take('社会事务');
    minutes(10); // A001 waited 10 minutes, served 20
    const a1 = await call(clerk, 'A01');
    minutes(30);
    expect((await clerk.post(`/api/hall/tickets/${a1}/finish`, {})).statusCode).toBe(200);
    const a2 = await call(clerk, 'A01'); // A002 waited 30 minutes and did not come
    expect((await clerk.post(`/api/hall/tickets/${a2}/skip`, {})).statusCode).toBe(200);
    minutes(40);
    clerk2 = await ctx.as('clerk2'); // a new session: the first has been idle for 40 minutes
    const c1 = await call(clerk2, 'C01'); // C001 waited 40 minutes, served 5
    minutes(45);
    expect((await clerk2.post(`/api/hall/tickets/${c1}/finish`, {})).statusCode).toBe(200);
    hallAdmin = await ctx.as('halladmin');

    const url = (by: string, from = '2026-12-01', to = '2026-12-02') => `/api/hall/admin/halls/${hallId}/figures?from=${from}&to=${to}&by=${by}`;
    expect((await ctx.anon().get(url('category'))).statusCode).toBe(401);
    expect((await hallAdmin.get(url('category', '2026-12-03', '2026-12-02'))).statusCode).toBe(400);
    expect((await clerk.get(url('category'))).statusCode).toBe(403);

    const byCategory = (await hallAdmin.get(url('category'))).json() as { total: Figures; rows: Figures[]; daily: { day: string; tickets: number }[] };
    expect(byCategory.total).toMatchObject({ tickets: 3, served: 2, noShows: 1, waitMinutesAvg: 26.7, serviceMinutesAvg: 12.5, noShowRate: 0.333 });
    expect(byCategory.rows.map((r) => [r.key, r.tickets, r.waitMinutesAvg, r.waitMinutesP90])).toEqual([
      ['市场准入', 2, 20, 30],
      ['社会事务', 1, 40, 40],
    ]);
    expect(byCategory.daily).toEqual([{ day: '2026-12-02', tickets: 3, served: 2, waitMinutesAvg: 26.7 }]);
    const byWindow = (await hallAdmin.get(url('window'))).json() as { rows: Figures[] };
    expect(byWindow.rows.map((r) => [r.key, r.served, r.noShows, r.serviceMinutesAvg])).toEqual([
      ['A01', 1, 1, 20],
      ['C01', 1, 0, 5],
    ]);
    const byClerk = (await hallAdmin.get(url('clerk'))).json() as { rows: Figures[] };
    expect(byClerk.rows.map((r) => r.label).sort()).toEqual(['综合窗口 孙宁', '综合窗口 赵丽']);

    // The scorecards' figure: the average wait over a region's halls.
    const hall = await ctx.handle.db.selectFrom('orgs').select('path').where('id', '=', hallId).executeTakeFirstOrThrow();
    expect(await hallWaitMinutesAvg(ctx.handle.db, hall.path, '2026-12-02', '2026-12-02')).toBe(26.7);
    expect(await hallWaitMinutesAvg(ctx.handle.db, hall.path, '2026-11-01', '2026-11-30')).toBeNull();
  });
});
