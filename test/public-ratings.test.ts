import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { decide, implByName, submitAtWindow, submitOnline, userId, type Team } from './support/accountability.js';
import { orgIdByKey } from './support/factories.js';

/**
 * 评价公开 (issue 12): anyone sees a department's (with its items) or an item's counts per level, good
 * rate and recent comments with the rater's name masked; removed ratings are listed, marked, and not
 * counted; comments of a sensitive item's case are never listed; nothing identifies a person.
 */
let ctx: TestContext;
let applicant: Agent;
let supervisor: Agent;
let team: Team;
let gth: string;
let samr: string;
let hall: string;

interface Disclosure {
  unit: { kind: string; id: string; name: string; department?: { id: string; name: string } };
  total: number;
  goodRate: number | null;
  counts: { level: number; zh: string; count: number }[];
  items: { id: string; name: string; total: number; goodRate: number | null; counts: { level: number; count: number }[] }[];
  recent: { level: number; levelZh: string; comment: string | null; rater: string; item: string | null; removed: boolean }[];
}

const countsOf = (d: Disclosure) => Object.fromEntries(d.counts.map((c) => [c.level, c.count]));

async function ratedCase(body: Record<string, unknown>): Promise<{ caseId: string; ratingId: string }> {
  const c = await submitOnline(applicant, gth);
  await decide(team, c.id);
  const res = await applicant.post(`/api/cases/${c.id}/ratings`, { service: 'case', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return { caseId: c.id, ratingId: (res.json() as { id: string }).id };
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-06T02:00:00Z');
  applicant = await ctx.as('zhangsan');
  supervisor = await ctx.as('supervisor');
  team = { clerk: await ctx.as('clerk'), handler: await ctx.as('samr_handler'), signer: await ctx.as('samr_signer') };
  gth = await implByName(ctx, '个体工商户设立登记');
  samr = await orgIdByKey(ctx.handle.db, 'county-samr');
  hall = await orgIdByKey(ctx.handle.db, 'county-hall');

  // 非常满意 with a comment, and a 追评 on it (not counted).
  const good = await ratedCase({ level: 5, tags: ['办事高效'], comment: '一次办成，很方便' });
  expect((await applicant.post(`/api/ratings/${good.ratingId}/follow-ups`, { kind: 'follow_up', level: 4, tags: [], comment: '执照已收到' })).statusCode).toBe(201);
  // A named 差评 and an anonymous one.
  await ratedCase({ level: 2, tags: ['办事拖延'], comment: '审批等了很久' });
  await ratedCase({ level: 1, tags: [], comment: '窗口态度差', anonymous: true });
  // A 差评 removed by an accepted appeal: listed, marked, not counted.
  const appealed = await ratedCase({ level: 1, tags: ['其他'], comment: '恶意差评' });
  const appeal = (await team.handler.post(`/api/ratings/${appealed.ratingId}/appeals`, { reason: '有录音为证', evidence: [] })).json() as { id: string };
  expect((await supervisor.post(`/api/rating-appeals/${appeal.id}/decision`, { accept: true, note: '属恶意评价' })).statusCode).toBe(200);
  // A case of a sensitive item (its public title neutralised, as the trigger does for 敏感事项): counted, comment never listed.
  const sensitive = await ratedCase({ level: 4, tags: [], comment: '涉及个人隐私的评价内容' });
  await sql`update cases set public_title = '政务服务事项' where id = ${sensitive.caseId}`.execute(ctx.handle.db);
  // The window service of a walk-in is the hall's, not the department's.
  const walkIn = await submitAtWindow(team.clerk, gth, await userId(ctx, 'zhangsan'));
  const handed = (await team.clerk.post(`/api/cases/${walkIn.id}/rating-tokens`, { service: 'window', channel: 'tablet' })).json() as { token: string };
  expect((await ctx.anon().post(`/api/public/rating-tokens/${handed.token}`, { level: 3, tags: ['等候较久'], comment: '排队较久' })).statusCode).toBe(201);
});
afterAll(async () => ctx.close());

describe('评价公开', () => {
  it('refuses a request naming neither a department nor an item (400), a malformed id (400), and an unknown one (404)', async () => {
    expect((await ctx.anon().get('/api/public/ratings')).statusCode).toBe(400);
    const bad = await ctx.anon().get('/api/public/ratings?orgId=x');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ ok: false, error: 'VALIDATION_FAILED' });
    expect((await ctx.anon().get('/api/public/ratings?orgId=00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await ctx.anon().get('/api/public/ratings?implId=00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('shows a department’s counts per level and good rate without login, counting first ratings only and not removed ones', async () => {
    const res = await ctx.anon().get(`/api/public/ratings?orgId=${samr}`);
    expect(res.statusCode).toBe(200);
    const d = res.json() as Disclosure;
    expect(d.unit).toMatchObject({ kind: 'department', id: samr, name: '安吉县市场监督管理局' });
    expect(d.counts.map((c) => [c.level, c.zh])).toEqual([
      [5, '非常满意'],
      [4, '满意'],
      [3, '基本满意'],
      [2, '不满意'],
      [1, '非常不满意'],
    ]);
    // 5, 4 (sensitive), 2, 1 (anonymous); the removed 1, the 追评 and the hall's window rating are not counted.
    expect(countsOf(d)).toEqual({ 5: 1, 4: 1, 3: 0, 2: 1, 1: 1 });
    expect(d.total).toBe(4);
    expect(d.goodRate).toBe(0.5);
  });

  it('breaks a department down by item, and an item’s own page has the same counts and names its department', async () => {
    const d = (await ctx.anon().get(`/api/public/ratings?orgId=${samr}`)).json() as Disclosure;
    expect(d.items).toHaveLength(1);
    expect(d.items[0]).toMatchObject({ id: gth, name: expect.stringContaining('个体工商户设立登记'), total: 4, goodRate: 0.5 });
    const item = (await ctx.anon().get(`/api/public/ratings?implId=${gth}`)).json() as Disclosure;
    expect(item.unit).toMatchObject({ kind: 'item', id: gth, department: { id: samr, name: '安吉县市场监督管理局' } });
    expect(countsOf(item)).toEqual(countsOf(d));
    expect(item.items).toEqual([]);
  });

  it('lists recent comments with masked names, the removed one marked, and neither follow-ups nor a sensitive item’s comments', async () => {
    const d = (await ctx.anon().get(`/api/public/ratings?orgId=${samr}`)).json() as Disclosure;
    expect(d.recent.map((r) => r.comment).sort()).toEqual(['一次办成，很方便', '审批等了很久', '恶意差评', '窗口态度差'].sort());
    expect(d.recent.find((r) => r.comment === '窗口态度差')?.rater).toBe('匿名');
    expect(d.recent.find((r) => r.comment === '审批等了很久')).toMatchObject({ rater: '张*', levelZh: '不满意', removed: false });
    expect(d.recent.find((r) => r.comment === '恶意差评')).toMatchObject({ removed: true });
    const text = JSON.stringify(d);
    for (const secret of ['张三', '13857212345', '涉及个人隐私', '执照已收到']) expect(text).not.toContain(secret);
    // Only the listed keys leave the server (the response schema).
    expect(Object.keys(d.recent[0] ?? {}).sort()).toEqual(['comment', 'item', 'level', 'levelEn', 'levelZh', 'ratedOn', 'rater', 'removed', 'tags']);
  });

  it('counts the window service under the hall', async () => {
    const d = (await ctx.anon().get(`/api/public/ratings?orgId=${hall}`)).json() as Disclosure;
    expect(countsOf(d)).toEqual({ 5: 0, 4: 0, 3: 1, 2: 0, 1: 0 });
    expect(d.recent.map((r) => [r.comment, r.rater])).toEqual([['排队较久', '张*']]);
    // The hall's item breakdown counts case services only; a window rating belongs to no item row.
    expect(d.items).toEqual([]);
  });
});

describe('评价公开 over a period (ADR 0042)', () => {
  it('refuses a half or bad period with a bilingual 400', async () => {
    for (const q of ['from=2026-03-01', 'to=2026-03-31', 'from=2026-02-30&to=2026-03-31', 'from=2026-04-01&to=2026-03-01', 'from=2020-01-01&to=2026-03-31', 'from=03/01/2026&to=2026-03-31', 'from=1999-01-01&to=1999-01-31']) {
      const res = await ctx.anon().get(`/api/public/ratings?orgId=${samr}&${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json(), q).toMatchObject({ ok: false, error: 'VALIDATION_FAILED', message: expect.any(String), messageEn: expect.any(String) });
    }
  });

  it('counts and lists only the ratings given in the period; without one, all time', async () => {
    // One more 非常满意 in April.
    ctx.clock.set('2026-04-08T02:00:00Z');
    applicant = await ctx.as('zhangsan');
    team = { clerk: await ctx.as('clerk'), handler: await ctx.as('samr_handler'), signer: await ctx.as('samr_signer') };
    await ratedCase({ level: 5, tags: [], comment: '四月办理顺利' });
    const march = (await ctx.anon().get(`/api/public/ratings?orgId=${samr}&from=2026-03-01&to=2026-03-31`)).json() as Disclosure & { period: unknown };
    expect(march.period).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(countsOf(march)).toEqual({ 5: 1, 4: 1, 3: 0, 2: 1, 1: 1 });
    expect(march.recent.map((r) => r.comment)).not.toContain('四月办理顺利');
    const april = (await ctx.anon().get(`/api/public/ratings?orgId=${samr}&from=2026-04-01&to=2026-04-30`)).json() as Disclosure;
    expect(countsOf(april)).toEqual({ 5: 1, 4: 0, 3: 0, 2: 0, 1: 0 });
    expect(april.goodRate).toBe(1);
    expect(april.recent.map((r) => r.comment)).toEqual(['四月办理顺利']);
    expect(april.items).toEqual([expect.objectContaining({ id: gth, total: 1 })]);
    const item = (await ctx.anon().get(`/api/public/ratings?implId=${gth}&from=2026-04-01&to=2026-04-30`)).json() as Disclosure;
    expect(item.total).toBe(1);
    const empty = (await ctx.anon().get(`/api/public/ratings?orgId=${samr}&from=2025-01-01&to=2025-12-31`)).json() as Disclosure;
    expect(empty).toMatchObject({ total: 0, goodRate: null, items: [], recent: [] });
    const all = (await ctx.anon().get(`/api/public/ratings?orgId=${samr}`)).json() as Disclosure & { period: unknown };
    expect(all.period).toBeNull();
    expect(all.total).toBe(5);
  });
});
