import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { act, decide, implByName, submitAtWindow, submitOnline, userId, type Team } from './support/accountability.js';
import { SCORECARD_KEYS } from '../src/core/scorecards/index.js';
import { orgIdByKey } from './support/factories.js';

/** 工作成绩单 over the API (issue 12): figures per unit, scope, and the export anyone can recompute them from. */
let ctx: TestContext;
let applicant: Agent;
let supervisor: Agent;
let team: Team;
let gth: string; // 个体工商户设立登记 (市场监管局, promised 1 working day)
let samr: string;
let handlerId: string;
let windowId: string;
const cases: { id: string; caseNo: string }[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing
  applicant = await ctx.as('zhangsan');
  supervisor = await ctx.as('supervisor');
  team = { clerk: await ctx.as('clerk'), handler: await ctx.as('samr_handler'), signer: await ctx.as('samr_signer') };
  gth = await implByName(ctx, '个体工商户设立登记');
  samr = await orgIdByKey(ctx.handle.db, 'county-samr');
  handlerId = await userId(ctx, 'samr_handler');
  // Two cases in March 2026: one decided the day it came in, one with a correction notice still open.
  const a = await submitOnline(applicant, gth);
  await decide(team, a.id);
  const b = await submitOnline(applicant, gth);
  await act(team.clerk, b.id, { type: 'request_correction', missing: [{ materialId: 'm-premises', reason: '缺少经营场所使用证明' }] });
  // A walk-in twenty minutes later, decided the same day: one trip (the intake at the window).
  ctx.clock.set('2026-03-02T02:20:00Z');
  const w = await submitAtWindow(team.clerk, gth, await userId(ctx, 'zhangsan'));
  await decide(team, w.id);
  cases.push(a, b, w);
  windowId = (await ctx.handle.db.selectFrom('users').select('window_id').where('username', '=', 'clerk').executeTakeFirstOrThrow()).window_id as string;
});
afterAll(async () => ctx.close());

const march = 'from=2026-03-01&to=2026-03-31';
type Row = Record<string, unknown> & { id: string; name: string };

describe('GET /api/scorecards', () => {
  it('401 for the public, 400 for a bad period, 403 for an applicant', async () => {
    expect((await ctx.anon().get(`/api/scorecards?${march}`)).statusCode).toBe(401);
    expect((await supervisor.get('/api/scorecards?from=2026-02-30&to=2026-03-31')).statusCode).toBe(400);
    expect((await supervisor.get('/api/scorecards?from=2026-04-01&to=2026-03-31')).statusCode).toBe(400);
    expect((await supervisor.get('/api/scorecards?from=2020-01-01&to=2026-03-31')).statusCode).toBe(400);
    expect((await supervisor.get('/api/scorecards?from=9999-12-31&to=9999-12-31')).statusCode).toBe(400);
    expect((await supervisor.get(`/api/scorecards?${march}&level=province`)).statusCode).toBe(400);
    const bad = await supervisor.get('/api/scorecards?from=2026-04-01&to=2026-03-31');
    expect(bad.json()).toMatchObject({ error: 'VALIDATION_FAILED', message: expect.stringContaining('开始日期') });
    expect((await applicant.get(`/api/scorecards?${march}`)).statusCode).toBe(403);
  });

  it('answers one row per department with exactly the issue’s keys plus id and name', async () => {
    const res = await supervisor.get(`/api/scorecards?${march}&level=department`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = (res.json() as { rows: Row[] }).rows;
    expect(rows).toHaveLength(1);
    const row = rows[0] as Row;
    expect(Object.keys(row).sort()).toEqual(['id', 'name', ...SCORECARD_KEYS].sort());
    expect(row).toMatchObject({
      id: samr,
      name: expect.stringContaining('市场监督管理局'),
      received: 3,
      completed: 2,
      completionRate: 0.6667,
      onTimeRate: 1,
      avgWorkingDays: 0,
      promisedSpeedup: expect.any(Number),
      actualSpeedup: 1,
      onlineShare: 0.6667,
      avgTrips: 0.5,
      firstTimeRightRate: 1,
      ratings: 0,
      goodRate: null,
      badRatings: 0,
      rectifiedRate: null,
      complaints: 0,
      complaintOnTimeRate: null,
    });
  });

  it('a period with no cases answers no rows; rates of empty sets are null, never 0', async () => {
    const res = await supervisor.get('/api/scorecards?from=2026-01-01&to=2026-01-31');
    expect((res.json() as { rows: Row[] }).rows).toEqual([]);
  });

  it('region, window and staff levels add up to the same totals', async () => {
    const region = (await supervisor.get(`/api/scorecards?${march}&level=region`)).json() as { rows: Row[] };
    expect(region.rows).toHaveLength(1);
    expect(region.rows[0]).toMatchObject({ received: 3, completed: 2, completionRate: 0.6667 });
    const staff = (await supervisor.get(`/api/scorecards?${march}&level=staff`)).json() as { rows: Row[] };
    // Only the decided cases have a handler (承办人); the open one belongs to no one yet.
    expect(staff.rows).toEqual([expect.objectContaining({ id: handlerId, received: 2, completed: 2, avgTrips: 0.5 })]);
    const windows = (await supervisor.get(`/api/scorecards?${march}&level=window`)).json() as { rows: Row[] };
    expect(windows.rows).toEqual([expect.objectContaining({ id: windowId, name: expect.stringContaining('A01'), received: 1, completed: 1, avgTrips: 1, onlineShare: 0 })]);
  });

  it('scope: a department sees its own figures; another department and its staff see none of them', async () => {
    const own = (await team.handler.get(`/api/scorecards?${march}&level=department`)).json() as { rows: Row[] };
    expect(own.rows.map((r) => r.id)).toEqual([samr]);
    const mca = await ctx.as('mca_handler');
    expect(((await mca.get(`/api/scorecards?${march}&level=department`)).json() as { rows: Row[] }).rows).toEqual([]);
    expect((await mca.get(`/api/scorecards?${march}&level=region`)).statusCode).toBe(403);
    const signerRows = ((await team.signer.get(`/api/scorecards?${march}&level=staff`)).json() as { rows: Row[] }).rows;
    expect(signerRows).toEqual([]); // the handler's row is not the signer's to see
    const mine = ((await team.handler.get(`/api/scorecards?${march}&level=staff`)).json() as { rows: Row[] }).rows;
    expect(mine.map((r) => r.id)).toEqual([handlerId]);
    // A window clerk sees the figures of their own window.
    const atWindow = ((await team.clerk.get(`/api/scorecards?${march}&level=window`)).json() as { rows: Row[] }).rows;
    expect(atWindow.map((r) => [r.id, r.received])).toEqual([[windowId, 1]]);
    const clerk2 = await ctx.as('clerk2');
    expect(((await clerk2.get(`/api/scorecards?${march}&level=window`)).json() as { rows: Row[] }).rows).toEqual([]);
  });
});

describe('GET /api/supervision/cases.csv', () => {
  it('exports one line per case with exactly the issue’s columns, from which the figures recompute', async () => {
    const res = await supervisor.get(`/api/supervision/cases.csv?${march}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const [header, ...lines] = res.body.trim().split('\r\n');
    expect(header).toBe('caseNo,departmentId,channel,submittedAt,acceptedOn,completedOn,dueDate,legalLimitDays,promisedLimitDays,workingDaysUsed,trips,correctionNotices,rating');
    expect(lines).toHaveLength(3);
    const rows = lines.map((l) => Object.fromEntries((header as string).split(',').map((k, i) => [k, l.split(',')[i]])));
    const byNo = new Map(rows.map((r) => [r.caseNo, r]));
    const done = byNo.get(cases[0]!.caseNo)!;
    expect(done).toMatchObject({ departmentId: samr, channel: 'online', acceptedOn: '2026-03-02', completedOn: '2026-03-02', workingDaysUsed: '0', trips: '0', correctionNotices: '0', rating: '' });
    const open = byNo.get(cases[1]!.caseNo)!;
    expect(open).toMatchObject({ completedOn: '', correctionNotices: '1', workingDaysUsed: '' });
    expect(byNo.get(cases[2]!.caseNo)).toMatchObject({ channel: 'window', trips: '1', submittedAt: '2026-03-02T02:20:00.000Z' });
    // Recompute: completion rate = completed of received, on-time rate = decided by the due date.
    const received = rows.length;
    const completed = rows.filter((r) => r.completedOn !== '');
    expect(completed.length / received).toBeCloseTo(2 / 3);
    expect(completed.filter((r) => r.completedOn! <= r.dueDate!).length / completed.length).toBe(1);
  });

  it('401 for the public, 400 for a bad period, nothing for another department', async () => {
    expect((await ctx.anon().get(`/api/supervision/cases.csv?${march}`)).statusCode).toBe(401);
    expect((await supervisor.get('/api/supervision/cases.csv?from=x&to=2026-03-31')).statusCode).toBe(400);
    const mca = await ctx.as('mca_handler');
    const res = await mca.get(`/api/supervision/cases.csv?${march}`);
    expect(res.body.trim().split('\r\n')).toHaveLength(1);
  });
});
