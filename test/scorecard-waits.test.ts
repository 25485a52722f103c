import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { implByName, submitAtWindow, submitOnline, userId } from './support/accountability.js';
import { orgIdByKey } from './support/factories.js';
import type { Actor } from '../src/server/policies/index.js';
import { loadCalendar } from '../src/server/calendar/service.js';
import { computeScorecard, computeScorecardDirect, type ScorecardLevel } from '../src/server/scorecards/service.js';
import { hallWaitMinutesAvg } from '../src/server/hall/figures-service.js';

/**
 * The scorecard's `waitMinutesAvg` (issue 13 §Figures, ADR 0042): taking a hall ticket → its first call,
 * averaged over the period's called tickets, at every level — region (its halls), department (the case
 * taken in from the ticket), window and staff (who called it) — and null where a unit had no ticket.
 */
let ctx: TestContext;
let supervisor: Agent;
let clerk: Agent; // window A01
let clerk2: Agent; // window C01
let hallId: string;
let samr: string;
const win: Record<string, string> = {};
type Row = { id: string; name: string; received: number; waitMinutesAvg: number | null };

const at = (m: number) => ctx.clock.set(new Date(Date.parse('2026-12-02T01:00:00Z') + m * 60_000).toISOString()); // 09:00 Beijing + m minutes
const take = async (category: string) => {
  const res = await ctx.anon().post(`/api/public/halls/${hallId}/tickets`, { category });
  expect(res.statusCode, res.body).toBe(201);
};
const call = async (who: Agent, window: string) => {
  const res = await who.post(`/api/hall/windows/${win[window]}/call-next`, {});
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { current: { id: string } }).current.id;
};

beforeAll(async () => {
  ctx = await createTestContext();
  hallId = await orgIdByKey(ctx.handle.db, 'county-hall');
  samr = await orgIdByKey(ctx.handle.db, 'county-samr');
  for (const w of await ctx.handle.db.selectFrom('windows').select(['id', 'number']).where('hall_id', '=', hallId).execute()) win[w.number] = w.id;
  const gth = await implByName(ctx, '个体工商户设立登记');
  // 1 December: an online case of 市场监管局 and no ticket at all.
  ctx.clock.set('2026-12-01T02:00:00Z');
  await submitOnline(await ctx.as('zhangsan'), gth);
  // 2 December: four tickets; three are called after 10, 30 and 40 minutes, one never.
  at(0);
  supervisor = await ctx.as('supervisor');
  clerk = await ctx.as('clerk');
  clerk2 = await ctx.as('clerk2');
  expect((await clerk.post(`/api/hall/windows/${win.A01}/open`, { categories: ['市场准入'] })).statusCode).toBe(200);
  expect((await clerk2.post(`/api/hall/windows/${win.C01}/open`, { categories: ['社会事务'] })).statusCode).toBe(200);
  await take('市场准入');
  await take('市场准入');
  await take('社会事务');
  await take('社会事务');
  at(10);
  const a1 = await call(clerk, 'A01'); // A001: 10 minutes; a 市场监管局 case is taken in from it
  const c = await submitAtWindow(clerk, gth, await userId(ctx, 'zhangsan'));
  expect((await clerk.post(`/api/hall/tickets/${a1}/cases`, { caseId: c.id })).statusCode).toBe(200);
  expect((await clerk.post(`/api/hall/tickets/${a1}/finish`, {})).statusCode).toBe(200);
  at(30);
  const a2 = await call(clerk, 'A01'); // A002: 30 minutes, did not come, no case
  expect((await clerk.post(`/api/hall/tickets/${a2}/skip`, {})).statusCode).toBe(200);
  at(40);
  clerk2 = await ctx.as('clerk2');
  const c1 = await call(clerk2, 'C01'); // C001: 40 minutes, no case; C002 is never called
  expect((await clerk2.post(`/api/hall/tickets/${c1}/finish`, {})).statusCode).toBe(200);
  // Fresh sessions for the reads (the morning's have been idle).
  supervisor = await ctx.as('supervisor');
  clerk = await ctx.as('clerk');
});
afterAll(async () => ctx.close());

const rowsOf = async (who: Agent, level: ScorecardLevel, from = '2026-12-01', to = '2026-12-31') => {
  const res = await who.get(`/api/scorecards?from=${from}&to=${to}&level=${level}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { rows: Row[] }).rows;
};

describe('waitMinutesAvg on the scorecard', () => {
  it('region: the average over the region’s halls (10, 30 and 40 minutes → 26.67), as the hall figures count it', async () => {
    const rows = await rowsOf(supervisor, 'region');
    expect(rows.map((r) => [r.name, r.waitMinutesAvg])).toEqual([[expect.stringContaining('安吉'), 26.67]]);
    const hall = await ctx.handle.db.selectFrom('orgs').select('path').where('id', '=', hallId).executeTakeFirstOrThrow();
    expect(await hallWaitMinutesAvg(ctx.handle.db, hall.path, '2026-12-01', '2026-12-31')).toBe(26.7);
  });

  it('department: only the ticket a 市场监管局 case was taken in from (10 minutes)', async () => {
    const rows = await rowsOf(supervisor, 'department');
    expect(rows.map((r) => [r.id, r.received, r.waitMinutesAvg])).toEqual([[samr, 2, 10]]);
    // The handler sees their own department the same way.
    expect((await rowsOf(await ctx.as('samr_handler'), 'department')).map((r) => r.waitMinutesAvg)).toEqual([10]);
  });

  it('window and staff: the window and clerk who called the ticket', async () => {
    const windows = await rowsOf(supervisor, 'window');
    expect(Object.fromEntries(windows.map((r) => [r.id, r.waitMinutesAvg]))).toEqual({ [win.A01 as string]: 20, [win.C01 as string]: 40 });
    const staff = await rowsOf(supervisor, 'staff');
    const byId = Object.fromEntries(staff.map((r) => [r.id, r.waitMinutesAvg]));
    expect(byId[await userId(ctx, 'clerk')]).toBe(20);
    expect(byId[await userId(ctx, 'clerk2')]).toBe(40);
    // A clerk sees only their own window and their own row.
    expect((await rowsOf(clerk, 'window')).map((r) => [r.id, r.waitMinutesAvg])).toEqual([[win.A01, 20]]);
    expect((await rowsOf(clerk2, 'staff')).map((r) => r.waitMinutesAvg)).toEqual([40]);
  });

  it('is null for a unit with cases but no called ticket in the period', async () => {
    const rows = await rowsOf(supervisor, 'department', '2026-12-01', '2026-12-01');
    expect(rows.map((r) => [r.id, r.received, r.waitMinutesAvg])).toEqual([[samr, 1, null]]);
    expect((await rowsOf(supervisor, 'region', '2026-12-01', '2026-12-01')).map((r) => r.waitMinutesAvg)).toEqual([null]);
  });

  it('the indexed aggregate answers what the direct computation over every ticket answers', async () => {
    const cal = await loadCalendar(ctx.handle.db);
    const u = await ctx.handle.db.selectFrom('users').select(['id', 'kind', 'display_name', 'org_id']).where('username', '=', 'supervisor').executeTakeFirstOrThrow();
    const roles = await ctx.handle.db.selectFrom('staff_roles as r').innerJoin('orgs as o', 'o.id', 'r.scope_org_id').select(['r.role', 'r.scope_org_id', 'o.path']).where('r.user_id', '=', u.id).execute();
    const actor: Actor = { userId: u.id, kind: u.kind, displayName: u.display_name, orgId: u.org_id, roles: roles.map((r) => ({ role: r.role, scopeOrgId: r.scope_org_id, scopePath: r.path })) };
    for (const level of ['region', 'department', 'window', 'staff'] as const) {
      const period = { from: '2026-12-01', to: '2026-12-31' };
      expect(await computeScorecard(ctx.handle.db, cal, actor, period, level, '2026-12-02'), level).toEqual(await computeScorecardDirect(ctx.handle.db, cal, actor, period, level, '2026-12-02'));
    }
  });
});
