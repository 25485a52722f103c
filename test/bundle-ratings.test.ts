import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { bundleKit, memberOf, type BundleKit, type BundleView } from './support/bundles.js';
import { orgIdByKey } from './support/factories.js';

/**
 * 一事一评 (issue 12, ADR 0043): a finished 一件事 is rated once as one service — online or through a
 * one-time link — with one 追评; its member cases are not rated separately; its 差评 opens a task for
 * the hall that owns the bundle; it counts once for the region and for the hall, and is published by
 * the bundle's name.
 */
let ctx: TestContext;
let zhangsan: Agent;
let lisi: Agent;
let clerk: Agent;
let halladmin: Agent;
let supervisor: Agent;
let kit: BundleKit;
let hall: string;
let v: BundleView;

const bad = { level: 2, tags: ['办事拖延'], comment: '两个部门之间等了很久' };

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-06T02:00:00Z'); // Friday 10:00 in Beijing
  zhangsan = await ctx.as('zhangsan');
  lisi = await ctx.as('lisi');
  clerk = await ctx.as('clerk');
  halladmin = await ctx.as('halladmin');
  supervisor = await ctx.as('supervisor');
  kit = await bundleKit(ctx, clerk, ['samr', 'housing'], 'br');
  hall = await orgIdByKey(ctx.handle.db, 'county-hall');
  v = await completedBundle();
}, 600_000);
afterAll(async () => ctx.close());

/** 开办餐饮店 without a sign: 营业执照 and 排水许可 in parallel, then 小餐饮店登记 — every member worked to completion. */
async function completedBundle(): Promise<BundleView> {
  const res = await kit.apply(zhangsan, '开办餐饮店', { 'q-sign': ['o-no-sign'], 'q-name': ['o-with-name'] });
  expect(res.statusCode, res.body).toBe(201);
  const v0 = res.json() as BundleView;
  const early = await zhangsan.post(`/api/bundle-cases/${v0.id}/ratings`, { level: 5, tags: ['办事高效'] });
  expect(early.statusCode).toBe(422);
  expect(early.json()).toMatchObject({ message: '一件事办结后才能评价' });
  await kit.work(memberOf(v0, 'drainage').caseId!, 'housing');
  await kit.work(memberOf(v0, 'licence').caseId!, 'samr');
  await kit.work(memberOf(await kit.view(zhangsan, v0.id), 'catering').caseId!, 'samr');
  const v = await kit.view(zhangsan, v0.id);
  expect(v.state).toBe('completed');
  return v;
}

describe('一事一评: a bundle rated as one service', () => {
  let ratingId: string;

  it('rates a finished bundle once through the SMS link the window sends; a second rating is refused with a clear message', async () => {
    // Only the owning hall invites the rating; a member's department may not.
    expect((await kit.dept.samr!.h.post(`/api/bundle-cases/${v.id}/rating-tokens`, { channel: 'sms' })).statusCode).toBe(403);
    expect((await clerk.post(`/api/bundle-cases/${v.id}/rating-tokens`, { channel: 'fax' })).statusCode).toBe(400);
    const sent = await clerk.post(`/api/bundle-cases/${v.id}/rating-tokens`, { channel: 'sms' });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).not.toHaveProperty('token'); // the clerk never sees the link
    const sms = ctx.messages.sent.filter((m) => m.channel === 'sms' && m.body.includes('一件事')).at(-1);
    expect(sms?.body).toContain('开办餐饮店');
    const token = sms!.body.match(/\/rate\/([A-Za-z0-9_-]{32})/)![1]!;
    const peek = (await ctx.anon().get(`/api/public/rating-tokens/${token}`)).json() as { service: string; title: string; caseNo: string };
    expect(peek).toMatchObject({ service: 'bundle', caseNo: v.caseNo });
    expect(peek.title).toContain('开办餐饮店');

    const rated = await ctx.anon().post(`/api/public/rating-tokens/${token}`, bad);
    expect(rated.statusCode, rated.body).toBe(201);
    ratingId = (rated.json() as { id: string }).id;
    // 一次一评: the link is used up, and the applicant's own second rating is refused.
    expect((await ctx.anon().post(`/api/public/rating-tokens/${token}`, bad)).statusCode).toBe(404);
    const again = await zhangsan.post(`/api/bundle-cases/${v.id}/ratings`, { level: 5, tags: ['办事高效'] });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ message: '该服务已评价过（一次一评），可追加评价' });

    const listed = (await zhangsan.get(`/api/bundle-cases/${v.id}/ratings`)).json() as { ratings: { id: string; service: string; level: number; channel: string; rectification: { status: string } | null }[] };
    expect(listed.ratings).toEqual([expect.objectContaining({ id: ratingId, service: 'bundle', level: 2, channel: 'sms', rectification: expect.objectContaining({ status: 'open' }) })]);
  });

  it('does not rate the member cases separately, neither their case service nor their window service', async () => {
    for (const m of v.members) {
      for (const service of ['case', 'window']) {
        const res = await zhangsan.post(`/api/cases/${m.caseId!}/ratings`, { service, level: 5, tags: ['办事高效'] });
        expect(res.statusCode, `${m.key} ${service}`).toBe(422);
        expect(res.json()).toMatchObject({ message: '该办件属于一件事，请对一件事整体评价（一事一评）' });
      }
      // The member's page learns where to rate.
      expect((await zhangsan.get(`/api/cases/${m.caseId!}/ratings`)).json()).toMatchObject({ bundleCaseId: v.id, ratings: [] });
    }
    expect(await ctx.handle.db.selectFrom('ratings').select('id').where('case_id', 'in', v.members.map((m) => m.caseId!)).execute()).toEqual([]);
  });

  it('another applicant cannot rate or read the bundle’s ratings; staff cannot rate it', async () => {
    expect((await ctx.anon().post(`/api/bundle-cases/${v.id}/ratings`, bad)).statusCode).toBe(401);
    expect((await lisi.post(`/api/bundle-cases/${v.id}/ratings`, bad)).statusCode).toBe(404);
    expect((await lisi.get(`/api/bundle-cases/${v.id}/ratings`)).statusCode).toBe(404);
    expect((await clerk.post(`/api/bundle-cases/${v.id}/ratings`, bad)).statusCode).toBe(403);
    expect((await zhangsan.post(`/api/bundle-cases/${v.id}/ratings`, { ...bad, level: 9 })).statusCode).toBe(400);
  });

  it('opens the 差评 task for the hall that owns the bundle, which revisits, rectifies and may appeal; member departments do not see it', async () => {
    type Task = { id: string; status: string; case: unknown; bundle: { id: string; caseNo: string; title: string } | null; department: string; rating: { id: string } };
    const tasks = ((await halladmin.get('/api/rectifications')).json() as { tasks: Task[] }).tasks.filter((t) => t.rating.id === ratingId);
    expect(tasks).toHaveLength(1);
    const task = tasks[0]!;
    expect(task).toMatchObject({ status: 'open', case: null, bundle: { id: v.id, caseNo: v.caseNo } });
    const row = await ctx.handle.db.selectFrom('rectifications').select(['org_id', 'bundle_case_id', 'case_id']).where('id', '=', task.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ org_id: hall, bundle_case_id: v.id, case_id: null });
    const samrTasks = ((await kit.dept.samr!.h.get('/api/rectifications')).json() as { tasks: Task[] }).tasks;
    expect(samrTasks.some((t) => t.rating.id === ratingId)).toBe(false);
    expect((await kit.dept.samr!.h.post(`/api/rectifications/${task.id}/revisit`, { text: '已电话联系' })).statusCode).toBe(403);
    expect((await supervisor.get('/api/rectifications')).json()).toMatchObject({ tasks: expect.arrayContaining([expect.objectContaining({ id: task.id })]) });

    expect((await halladmin.post(`/api/rectifications/${task.id}/revisit`, { text: '已电话联系申请人，两部门衔接等待较久' })).statusCode).toBe(200);
    expect((await halladmin.post(`/api/rectifications/${task.id}/rectify`, { text: '一件事成员事项改为同日并联受理' })).statusCode).toBe(200);
    const note = await ctx.handle.db.selectFrom('notifications').select('title').where('kind', '=', 'rating_re_rate').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(note.title).toContain('开办餐饮店');

    const appeal = await halladmin.post(`/api/ratings/${ratingId}/appeals`, { reason: '办理时间在承诺时限内', evidence: [] });
    expect(appeal.statusCode, appeal.body).toBe(201);
    const appeals = (await supervisor.get('/api/rating-appeals')).json() as { appeals: { id: string; caseNo: string; title: string; canDecide: boolean }[] };
    expect(appeals.appeals.find((a) => a.id === (appeal.json() as { id: string }).id)).toMatchObject({ caseNo: v.caseNo, canDecide: true });
  });

  it('takes one 追评 and, after rectification, one re-rating', async () => {
    const follow = await zhangsan.post(`/api/ratings/${ratingId}/follow-ups`, { kind: 'follow_up', level: 3, tags: ['等候较久'], comment: '后来补办很快' });
    expect(follow.statusCode, follow.body).toBe(201);
    expect((await zhangsan.post(`/api/ratings/${ratingId}/follow-ups`, { kind: 'follow_up', level: 4, tags: [] })).statusCode).toBe(409);
    expect((await lisi.post(`/api/ratings/${ratingId}/follow-ups`, { kind: 'follow_up', level: 4, tags: [] })).statusCode).toBe(404);
    expect((await zhangsan.post(`/api/ratings/${ratingId}/follow-ups`, { kind: 're_rating', level: 5, tags: ['办事高效'] })).statusCode).toBe(201);
    const rows = await ctx.handle.db.selectFrom('ratings').select(['kind', 'bundle_case_id', 'case_id', 'service_kind']).where('bundle_case_id', '=', v.id).orderBy('created_at').execute();
    expect(rows.map((r) => r.kind)).toEqual(['rating', 'follow_up', 're_rating']);
    expect(rows.every((r) => r.case_id === null && r.service_kind === 'bundle')).toBe(true);
  });

  it('counts once for the region and for the hall at department level, and is published by the bundle’s name', async () => {
    type Row = { id: string; ratings: number; badRatings: number };
    const dept = (await supervisor.get('/api/scorecards?from=2026-03-01&to=2026-03-31&level=department')).json() as { rows: Row[] };
    expect(dept.rows.find((r) => r.id === hall)).toMatchObject({ ratings: 1, badRatings: 1 });
    const samr = await orgIdByKey(ctx.handle.db, 'county-samr');
    expect(dept.rows.find((r) => r.id === samr)?.ratings ?? 0).toBe(0);
    const region = (await supervisor.get('/api/scorecards?from=2026-03-01&to=2026-03-31&level=region')).json() as { rows: Row[] };
    expect(region.rows.reduce((a, r) => a + r.ratings, 0)).toBe(1);

    const pub = (await ctx.anon().get(`/api/public/ratings?orgId=${hall}`)).json() as { total: number; bundles: { name: string; total: number }[]; recent: { item: string | null; rater: string; comment: string | null }[] };
    expect(pub.total).toBe(1);
    expect(pub.bundles).toEqual([expect.objectContaining({ name: expect.stringContaining('开办餐饮店'), total: 1 })]);
    expect(pub.recent[0]).toMatchObject({ item: expect.stringContaining('开办餐饮店'), rater: '张*', comment: bad.comment });
  });
});
