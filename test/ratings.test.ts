import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { decide, implByName, submitAtWindow, submitOnline, userId, type Team } from './support/accountability.js';
import { orgIdByKey } from './support/factories.js';

/** 好差评 over the API (issue 12): once per service, follow-up, one-time links, 差评 → 整改 → 再评价, appeals, 评价公开. */
let ctx: TestContext;
let applicant: Agent;
let other: Agent;
let supervisor: Agent;
let team: Team;
let mca: Agent;
let gth: string;
let samr: string;
let zhangsan: string;

const bad = { service: 'case', level: 2, tags: ['办事拖延'], comment: '等了很久才办结' };
const good = { service: 'case', level: 5, tags: ['办事高效'] };

async function decidedCase(): Promise<{ id: string; caseNo: string }> {
  const c = await submitOnline(applicant, gth);
  await decide(team, c.id);
  return c;
}

async function smsToken(caseId: string, service: 'case' | 'window' = 'case'): Promise<string> {
  const res = await team.handler.post(`/api/cases/${caseId}/rating-tokens`, { service, channel: 'sms' });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json()).not.toHaveProperty('token'); // the clerk never sees the link
  const sms = ctx.messages.sent.filter((m) => m.channel === 'sms' && m.to === '13857212345').at(-1);
  const token = sms?.body.match(/\/rate\/([A-Za-z0-9_-]{32})/)?.[1];
  expect(token).toBeDefined();
  return token as string;
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-06T02:00:00Z'); // Friday 10:00 in Beijing
  applicant = await ctx.as('zhangsan');
  other = await ctx.as('lisi');
  supervisor = await ctx.as('supervisor');
  mca = await ctx.as('mca_handler');
  team = { clerk: await ctx.as('clerk'), handler: await ctx.as('samr_handler'), signer: await ctx.as('samr_signer') };
  gth = await implByName(ctx, '个体工商户设立登记');
  samr = await orgIdByKey(ctx.handle.db, 'county-samr');
  zhangsan = await userId(ctx, 'zhangsan');
});
afterAll(async () => ctx.close());

describe('rating once per service (一次一评) and a follow-up (追评)', () => {
  it('refuses to rate an unfinished case, then rates it once; a second rating is a conflict', async () => {
    const open = await submitOnline(applicant, gth);
    const early = await applicant.post(`/api/cases/${open.id}/ratings`, good);
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ message: '办件办结后才能评价' });
    const c = await decidedCase();
    expect((await ctx.anon().post(`/api/cases/${c.id}/ratings`, good)).statusCode).toBe(401);
    expect((await applicant.post(`/api/cases/${c.id}/ratings`, { ...good, level: 7 })).statusCode).toBe(400);
    expect((await applicant.post(`/api/cases/${c.id}/ratings`, { ...good, tags: ['态度不好'] })).statusCode).toBe(422);
    expect((await other.post(`/api/cases/${c.id}/ratings`, good)).statusCode).toBe(404); // not their case
    expect((await team.handler.post(`/api/cases/${c.id}/ratings`, good)).statusCode).toBe(403);
    const [a, b] = await Promise.all([applicant.post(`/api/cases/${c.id}/ratings`, good), applicant.post(`/api/cases/${c.id}/ratings`, good)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const rating = (a.statusCode === 201 ? a : b).json() as { id: string; rectificationId: string | null };
    expect(rating.rectificationId).toBeNull();
    // 追评 once.
    const follow = await applicant.post(`/api/ratings/${rating.id}/follow-ups`, { kind: 'follow_up', level: 4, tags: [], comment: '证照已收到' });
    expect(follow.statusCode, follow.body).toBe(201);
    expect((await applicant.post(`/api/ratings/${rating.id}/follow-ups`, { kind: 'follow_up', level: 4, tags: [] })).statusCode).toBe(409);
    expect((await other.post(`/api/ratings/${rating.id}/follow-ups`, { kind: 'follow_up', level: 4, tags: [] })).statusCode).toBe(404);
    // A re-rating needs a rectified 差评.
    expect((await applicant.post(`/api/ratings/${rating.id}/follow-ups`, { kind: 're_rating', level: 5, tags: [] })).statusCode).toBe(422);
    const listed = (await applicant.get(`/api/cases/${c.id}/ratings`)).json() as { ratings: { kind: string }[] };
    expect(listed.ratings.map((r) => r.kind)).toEqual(['rating', 'follow_up']);
    expect((await other.get(`/api/cases/${c.id}/ratings`)).statusCode).toBe(404);
  });

  it('the window service is rated on the tablet the clerk hands over, once; the token works once', async () => {
    const w = await submitAtWindow(team.clerk, gth, zhangsan);
    const handed = await team.clerk.post(`/api/cases/${w.id}/rating-tokens`, { service: 'window', channel: 'tablet' });
    expect(handed.statusCode, handed.body).toBe(201);
    const { token, url } = handed.json() as { token: string; url: string };
    expect(url).toBe(`/rate/${token}`);
    const peek = await ctx.anon().get(`/api/public/rating-tokens/${token}`);
    expect(peek.json()).toMatchObject({ service: 'window', channel: 'tablet', title: expect.stringContaining('个体工商户') });
    const [x, y] = await Promise.all([ctx.anon().post(`/api/public/rating-tokens/${token}`, { level: 4, tags: ['指引清楚'] }), ctx.anon().post(`/api/public/rating-tokens/${token}`, { level: 4, tags: [] })]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([201, 404]);
    expect((await ctx.anon().get(`/api/public/rating-tokens/${token}`)).statusCode).toBe(404);
    const row = await ctx.handle.db.selectFrom('ratings').select(['service_kind', 'channel', 'staff_id', 'rater_id']).where('case_id', '=', w.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ service_kind: 'window', channel: 'tablet', staff_id: await userId(ctx, 'clerk'), rater_id: zhangsan });
    // The case service of a walk-in is not finished yet; an online case has no window service.
    const online = await decidedCase();
    const res = await applicant.post(`/api/cases/${online.id}/ratings`, { ...good, service: 'window' });
    expect(res.statusCode).toBe(422);
    expect((await mca.post(`/api/cases/${w.id}/rating-tokens`, { service: 'window', channel: 'tablet' })).statusCode).toBe(403);
  });

  it('an SMS link with a one-time token rates once; a used, wrong or expired token is refused', async () => {
    const c = await decidedCase();
    const token = await smsToken(c.id);
    expect((await ctx.anon().post(`/api/public/rating-tokens/${token}`, { level: 3, tags: [] })).statusCode).toBe(201);
    expect((await ctx.anon().post(`/api/public/rating-tokens/${token}`, { level: 3, tags: [] })).statusCode).toBe(404);
    expect((await ctx.anon().post(`/api/public/rating-tokens/${'A'.repeat(32)}`, { level: 3, tags: [] })).statusCode).toBe(404);
    expect((await ctx.anon().post('/api/public/rating-tokens/short', { level: 3, tags: [] })).statusCode).toBe(400);
    const d = await decidedCase();
    const late = await smsToken(d.id);
    ctx.clock.advanceMinutes(8 * 24 * 60);
    expect((await ctx.anon().post(`/api/public/rating-tokens/${late}`, { level: 3, tags: [] })).statusCode).toBe(404);
    ctx.clock.set('2026-03-06T03:00:00Z');
    const stored = await ctx.handle.db.selectFrom('rating_tokens').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash.includes(token))).toBe(false); // only a keyed hash is kept
  });
});

describe('差评 → rectification → 回访 → 整改 → re-rating', () => {
  it('opens a task with the deadlines, which the department works and the applicant re-rates', async () => {
    applicant = await ctx.as('zhangsan');
    team = { clerk: await ctx.as('clerk'), handler: await ctx.as('samr_handler'), signer: await ctx.as('samr_signer') };
    supervisor = await ctx.as('supervisor');
    mca = await ctx.as('mca_handler');
    const c = await decidedCase();
    const res = await applicant.post(`/api/cases/${c.id}/ratings`, bad);
    expect(res.statusCode, res.body).toBe(201);
    const { id: ratingId, rectificationId } = res.json() as { id: string; rectificationId: string };
    expect(rectificationId).toBeTruthy();
    const task = (await team.handler.get(`/api/rectifications/${rectificationId}`)).json();
    // Rated on Friday 2026-03-06: 回访 by Monday, 整改 within 15 working days.
    expect(task).toMatchObject({ status: 'open', named: true, revisitDue: '2026-03-09', rectifyDue: '2026-03-27' });
    const listed = (await team.handler.get('/api/rectifications')).json() as { tasks: { id: string; rater: { name: string; phone: string } | null }[] };
    expect(listed.tasks.find((t) => t.id === rectificationId)?.rater).toMatchObject({ phone: '13857212345' });
    // Scope: another department neither sees nor works it; the applicant cannot either.
    expect(((await mca.get('/api/rectifications')).json() as { tasks: unknown[] }).tasks).toEqual([]);
    expect((await mca.post(`/api/rectifications/${rectificationId}/revisit`, { text: 'x' })).statusCode).toBe(403);
    expect((await supervisor.post(`/api/rectifications/${rectificationId}/revisit`, { text: 'x' })).statusCode).toBe(403);
    expect((await applicant.get('/api/rectifications')).statusCode).toBe(403);
    // 回访 comes first for a named 差评.
    expect((await team.handler.post(`/api/rectifications/${rectificationId}/rectify`, { text: '已整改' })).statusCode).toBe(422);
    expect((await team.handler.post(`/api/rectifications/${rectificationId}/revisit`, { text: '电话回访：反映审批等待时间长，情况属实' })).statusCode).toBe(200);
    expect((await team.handler.post(`/api/rectifications/${rectificationId}/revisit`, { text: 'again' })).statusCode).toBe(422);
    expect((await team.handler.post(`/api/rectifications/${rectificationId}/rectify`, { text: '已调整审批排班，承诺当日办结' })).statusCode).toBe(200);
    const note = await ctx.handle.db.selectFrom('notifications').select(['kind', 'title']).where('user_id', '=', zhangsan).where('kind', '=', 'rating_re_rate').executeTakeFirst();
    expect(note?.title).toContain('请再次评价');
    const again = await applicant.post(`/api/ratings/${ratingId}/follow-ups`, { kind: 're_rating', level: 4, tags: ['办事高效'], comment: '整改后满意' });
    expect(again.statusCode, again.body).toBe(201);
    expect((await applicant.post(`/api/ratings/${ratingId}/follow-ups`, { kind: 're_rating', level: 5, tags: [] })).statusCode).toBe(409);
    // The scorecard counts the 差评 and its rectification in time.
    const card = (await supervisor.get('/api/scorecards?from=2026-03-01&to=2026-03-31&level=department')).json() as { rows: { id: string; badRatings: number; rectifiedRate: number | null }[] };
    expect(card.rows.find((r) => r.id === samr)).toMatchObject({ badRatings: 1, rectifiedRate: 1 });
  });

  it('an anonymous 差评 is flagged, has no 回访 and is rectified directly', async () => {
    const c = await decidedCase();
    const res = await applicant.post(`/api/cases/${c.id}/ratings`, { service: 'case', level: 1, tags: [], comment: '窗口人员态度差', anonymous: true });
    const { rectificationId } = res.json() as { rectificationId: string };
    expect((await team.handler.get(`/api/rectifications/${rectificationId}`)).json()).toMatchObject({ named: false, revisitDue: null });
    expect((await team.handler.post(`/api/rectifications/${rectificationId}/revisit`, { text: 'x' })).statusCode).toBe(422);
    const row = await ctx.handle.db.selectFrom('ratings').select(['anonymous', 'rater_id']).where('case_id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ anonymous: true, rater_id: null });
  });
});

describe('appeals (申诉)', () => {
  it('an accepted appeal removes the rating from the figures, visibly; a rejected one keeps it', async () => {
    const before = (await supervisor.get('/api/scorecards?from=2026-03-01&to=2026-03-31&level=department')).json() as { rows: { id: string; badRatings: number; ratings: number }[] };
    const base = before.rows.find((r) => r.id === samr)!;
    const c1 = await decidedCase();
    const r1 = (await applicant.post(`/api/cases/${c1.id}/ratings`, { service: 'case', level: 1, tags: ['其他'], comment: '恶意差评测试' })).json() as { id: string; rectificationId: string };
    const c2 = await decidedCase();
    const r2 = (await applicant.post(`/api/cases/${c2.id}/ratings`, bad)).json() as { id: string };
    const good1 = await decidedCase();
    const g = (await applicant.post(`/api/cases/${good1.id}/ratings`, good)).json() as { id: string };
    expect((await team.handler.post(`/api/ratings/${g.id}/appeals`, { reason: 'x', evidence: [] })).statusCode).toBe(422); // only a 差评
    expect((await mca.post(`/api/ratings/${r1.id}/appeals`, { reason: 'x', evidence: [] })).statusCode).toBe(403);
    expect((await team.handler.post(`/api/ratings/${r1.id}/appeals`, { reason: 'x', evidence: [{ fileId: 'a'.repeat(64), name: 'x.pdf' }] })).statusCode).toBe(400); // not their upload
    const a1 = await team.handler.post(`/api/ratings/${r1.id}/appeals`, { reason: '申请人与窗口人员发生私人纠纷后恶意差评，有录音为证', evidence: [] });
    expect(a1.statusCode, a1.body).toBe(201);
    expect((await team.handler.post(`/api/ratings/${r1.id}/appeals`, { reason: 'again', evidence: [] })).statusCode).toBe(409);
    const a2 = (await team.handler.post(`/api/ratings/${r2.id}/appeals`, { reason: '认为评价不实', evidence: [] })).json() as { id: string };
    const appealId = (a1.json() as { id: string }).id;
    expect((await team.handler.post(`/api/rating-appeals/${appealId}/decision`, { accept: true, note: 'x' })).statusCode).toBe(403);
    expect((await supervisor.post(`/api/rating-appeals/${appealId}/decision`, { accept: true, note: '经核实录音，属恶意评价' })).statusCode).toBe(200);
    expect((await supervisor.post(`/api/rating-appeals/${appealId}/decision`, { accept: false, note: 'x' })).statusCode).toBe(409);
    expect((await supervisor.post(`/api/rating-appeals/${a2.id}/decision`, { accept: false, note: '评价内容属实' })).statusCode).toBe(200);
    const after = (await supervisor.get('/api/scorecards?from=2026-03-01&to=2026-03-31&level=department')).json() as { rows: { id: string; badRatings: number; ratings: number }[] };
    // Three new ratings, one removed: +2 ratings, +1 差评 (the rejected appeal's).
    expect(after.rows.find((r) => r.id === samr)).toMatchObject({ ratings: base.ratings + 2, badRatings: base.badRatings + 1 });
    expect((await team.handler.get(`/api/rectifications/${r1.rectificationId}`)).json()).toMatchObject({ status: 'withdrawn' });
    const appeals = (await team.handler.get('/api/rating-appeals')).json() as { appeals: { id: string; status: string; canDecide: boolean }[] };
    expect(appeals.appeals.find((a) => a.id === appealId)).toMatchObject({ status: 'accepted', canDecide: false });
    const shown = (await applicant.get(`/api/cases/${c1.id}/ratings`)).json() as { ratings: { removed: boolean; removedReason: string }[] };
    expect(shown.ratings[0]).toMatchObject({ removed: true, removedReason: expect.stringContaining('申诉成立') });
  });
});

describe('评价公开 and deadlines per region', () => {
  it('shows counts per level and recent comments with masked names to the public', async () => {
    const res = await ctx.anon().get(`/api/public/ratings?orgId=${samr}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { total: number; counts: { level: number; count: number }[]; recent: { rater: string; comment: string; removed: boolean }[] };
    expect(body.counts.map((c) => c.level)).toEqual([5, 4, 3, 2, 1]);
    expect(body.total).toBe(body.counts.reduce((a, c) => a + c.count, 0));
    expect(body.recent.length).toBeGreaterThan(0);
    for (const r of body.recent) expect(['张*', '匿名']).toContain(r.rater);
    expect(body.recent.some((r) => r.removed)).toBe(true);
    expect(JSON.stringify(body)).not.toContain('13857212345');
    expect((await ctx.anon().get('/api/public/ratings')).statusCode).toBe(400);
  });

  it('the system administrator sets a region’s deadlines; a new 差评 uses them', async () => {
    const admin = await ctx.as('admin');
    const region = (await ctx.handle.db.selectFrom('orgs').select('region_code').where('id', '=', samr).executeTakeFirstOrThrow()).region_code;
    expect((await supervisor.put(`/api/admin/accountability-settings/${region}`, { revisitDays: 2, rectifyDays: 10, complaintDays: 5 })).statusCode).toBe(403);
    expect((await admin.put(`/api/admin/accountability-settings/${region}`, { revisitDays: 2, rectifyDays: 100, complaintDays: 5 })).statusCode).toBe(400);
    expect((await admin.put(`/api/admin/accountability-settings/${region}`, { revisitDays: 2, rectifyDays: 10, complaintDays: 5 })).statusCode).toBe(200);
    const audit = await ctx.handle.db.selectFrom('audit_events').select(['kind', 'object_id']).where('kind', '=', 'accountability_settings_saved').executeTakeFirst();
    expect(audit).toEqual({ kind: 'accountability_settings_saved', object_id: region });
    const c = await decidedCase();
    const { rectificationId } = (await applicant.post(`/api/cases/${c.id}/ratings`, bad)).json() as { rectificationId: string };
    expect((await team.handler.get(`/api/rectifications/${rectificationId}`)).json()).toMatchObject({ revisitDue: '2026-03-10', rectifyDue: '2026-03-20' });
  });
});
