import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { decide, implByName, submitAtWindow, submitOnline, userId, type Team } from './support/accountability.js';
import { PUBLIC_FIGURES } from '../src/core/scorecards/index.js';
import { orgIdByKey } from './support/factories.js';

/** 晒排名 over the API (issue 12): public, only public figures, departments and townships, the same sums as the scorecard. */
let ctx: TestContext;
let applicant: Agent;
let supervisor: Agent;
let team: Team;
let samr: string;
const march = 'from=2026-03-01&to=2026-03-31';
type Row = Record<string, unknown> & { id: string; name: string; rank: number | null };
type Answer = { by: string; figures: string[]; departments: Row[]; townships: Row[] };

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing
  applicant = await ctx.as('zhangsan');
  supervisor = await ctx.as('supervisor');
  team = { clerk: await ctx.as('clerk'), handler: await ctx.as('samr_handler'), signer: await ctx.as('samr_signer') };
  const gth = await implByName(ctx, '个体工商户设立登记');
  samr = await orgIdByKey(ctx.handle.db, 'county-samr');
  const a = await submitOnline(applicant, gth);
  await decide(team, a.id);
  const w = await submitAtWindow(team.clerk, gth, await userId(ctx, 'zhangsan'));
  await decide(team, w.id);
  // One 差评 (which opens a rectification task) and one good rating.
  expect((await applicant.post(`/api/cases/${a.id}/ratings`, { service: 'case', level: 2, tags: ['办事拖延'], comment: '太慢' })).statusCode).toBe(201);
  expect((await applicant.post(`/api/cases/${w.id}/ratings`, { service: 'case', level: 5, tags: [] })).statusCode).toBe(201);
  // A township case (孝丰镇): the demo catalogue has no township item, so one case is moved there.
  const t = await submitOnline(applicant, gth);
  await decide(team, t.id);
  await ctx.handle.db.updateTable('cases').set({ region_code: '330523101' }).where('id', '=', t.id).execute();
});
afterAll(async () => ctx.close());

describe('GET /api/public/rankings', () => {
  it('is public; refuses a bad period or a figure that is not public (400, bilingual)', async () => {
    expect((await ctx.anon().get('/api/public/rankings?from=2026-04-01&to=2026-03-31')).statusCode).toBe(400);
    const bad = await ctx.anon().get('/api/public/rankings?from=2026-04-01&to=2026-03-31');
    expect(bad.json()).toMatchObject({ error: 'VALIDATION_FAILED', message: expect.stringContaining('开始日期'), messageEn: expect.any(String) });
    expect((await ctx.anon().get('/api/public/rankings?from=2026-03-01')).statusCode).toBe(400);
    expect((await ctx.anon().get(`/api/public/rankings?${march}&by=badRatings`)).statusCode).toBe(400);
    expect((await ctx.anon().get(`/api/public/rankings?${march}&by=rectifiedRate`)).statusCode).toBe(400);
    expect((await ctx.anon().get(`/api/public/rankings?${march}&extra=1`)).statusCode).toBe(400);
    expect((await ctx.anon().get(`/api/public/rankings?${march}`)).statusCode).toBe(200);
  });

  it('shows only the public figures: no 差评 counts, rectification or complaint figures', async () => {
    const res = await ctx.anon().get(`/api/public/rankings?${march}`);
    const body = res.json() as Answer;
    expect(body.by).toBe('onTimeRate');
    expect(body.figures).toEqual([...PUBLIC_FIGURES]);
    expect(body.departments.length).toBeGreaterThan(0);
    for (const row of [...body.departments, ...body.townships]) {
      expect(Object.keys(row).sort()).toEqual(['id', 'name', 'nameEn', 'rank', ...PUBLIC_FIGURES].sort());
    }
    expect(res.body).not.toMatch(/badRatings|rectifiedRate|complaint/);
  });

  it('agrees with the supervisor’s scorecard on every public figure of a department', async () => {
    const pub = ((await ctx.anon().get(`/api/public/rankings?${march}`)).json() as Answer).departments.find((d) => d.id === samr);
    const own = ((await supervisor.get(`/api/scorecards?${march}&level=department`)).json() as { rows: Row[] }).rows.find((d) => d.id === samr);
    expect(pub).toBeDefined();
    expect(pub).toMatchObject({ name: '安吉县市场监督管理局', received: 3, completed: 3, ratings: 2, goodRate: 0.5, rank: 1 });
    for (const k of PUBLIC_FIGURES) expect(pub?.[k], k).toEqual(own?.[k]);
  });

  it('ranks departments only (not the hall or governments) and townships by their region code', async () => {
    const body = (await ctx.anon().get(`/api/public/rankings?${march}&by=received`)).json() as Answer;
    const hall = await orgIdByKey(ctx.handle.db, 'county-hall');
    expect(body.departments.some((d) => d.id === hall)).toBe(false);
    expect(body.townships).toEqual([expect.objectContaining({ id: '330523101', name: '孝丰镇', received: 1, completed: 1, rank: 1 })]);
    const ranks = body.departments.map((d) => d.rank);
    expect(ranks[0]).toBe(1);
  });

  it('a period without activity answers empty lists', async () => {
    const body = (await ctx.anon().get('/api/public/rankings?from=2025-01-01&to=2025-01-31')).json() as Answer;
    expect(body.departments).toEqual([]);
    expect(body.townships).toEqual([]);
  });
});
