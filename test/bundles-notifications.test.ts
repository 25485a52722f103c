import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { bundleKit, memberOf, type BundleKit } from './support/bundles.js';

/**
 * 一件事 notifications (issue 10, ADR 0028): the applicant hears of the bundle once per bundle event —
 * submitted, one correction notice, completed, delivered — never once per member case.
 */
let ctx: TestContext;
let zhangsan: Agent;
let clerk: Agent;
let kit: BundleKit;

beforeAll(async () => {
  ctx = await createTestContext();
  zhangsan = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
  kit = await bundleKit(ctx, clerk, ['samr', 'housing'], 'bn');
});
afterAll(async () => ctx.close());

async function notificationsOf(username: string) {
  const u = await ctx.handle.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  const rows = await ctx.handle.db.selectFrom('notifications').select(['kind', 'case_id', 'title']).where('user_id', '=', u.id).orderBy('id').execute();
  const outbox = await ctx.handle.db.selectFrom('outbox').select('payload').where('topic', '=', 'notify.applicant').execute();
  return { rows, outbox: outbox.map((o) => o.payload as { userId: string; caseId?: string; bundleCaseId?: string }).filter((p) => p.userId === u.id) };
}

describe('bundle notifications', () => {
  it('sends one notification per bundle event and none per member case, in the app and through the outbox', async () => {
    const res = await kit.apply(zhangsan, '开办餐饮店', { 'q-sign': ['o-sign'], 'q-name': ['o-with-name'] });
    expect(res.statusCode, res.body).toBe(201);
    const v0 = res.json() as Awaited<ReturnType<BundleKit['view']>>;
    const licence = memberOf(v0, 'licence').caseId!;
    const drainage = memberOf(v0, 'drainage').caseId!;
    const sign = memberOf(v0, 'sign').caseId!;
    // Submitted: one, although three members were filed.
    expect((await notificationsOf('zhangsan')).rows.map((n) => n.kind)).toEqual(['bundle_submit']);

    // One gathered correction notice for two members: one notification.
    expect((await clerk.post(`/api/bundle-cases/${v0.id}/correction/items`, { memberKey: 'licence', materialId: 'm-premises', reason: '租赁协议缺少出租方签字' })).statusCode).toBe(200);
    expect((await clerk.post(`/api/bundle-cases/${v0.id}/correction/items`, { memberKey: 'drainage', materialId: 'm-pipes', reason: '排水管网图缺少检测井位置' })).statusCode).toBe(200);
    expect((await clerk.post(`/api/bundle-cases/${v0.id}/correction/send`, {})).statusCode).toBe(200);
    const fixed = await kit.upload(zhangsan, '补正.pdf');
    expect((await zhangsan.post(`/api/bundle-cases/${v0.id}/correction/answer`, { materials: [{ code: 'premises-use', ...fixed }] })).statusCode).toBe(200);
    expect((await notificationsOf('zhangsan')).rows.map((n) => n.kind)).toEqual(['bundle_submit', 'bundle_correction']);

    // Four members accepted, decided, completed (one started later): one notification when the bundle is complete.
    await kit.work(drainage, 'housing');
    await kit.work(sign, 'housing');
    await kit.work(licence, 'samr');
    const catering = memberOf(await kit.view(zhangsan, v0.id), 'catering').caseId!;
    await kit.work(catering, 'samr');
    expect((await kit.view(zhangsan, v0.id)).state).toBe('completed');
    // 统一出件: four members delivered, one notification.
    expect((await clerk.post(`/api/bundle-cases/${v0.id}/deliver`, { method: 'window' })).statusCode).toBe(200);

    const { rows, outbox } = await notificationsOf('zhangsan');
    expect(rows.map((n) => n.kind)).toEqual(['bundle_submit', 'bundle_correction', 'bundle_completed', 'bundle_delivered']);
    expect(rows.every((n) => n.case_id === null)).toBe(true);
    // The outbox (SMS / e-mail) carries the same four, and nothing for the member cases.
    expect(outbox.filter((p) => p.bundleCaseId === v0.id)).toHaveLength(4);
    expect(outbox.filter((p) => p.caseId && [licence, drainage, sign, catering].includes(p.caseId))).toHaveLength(0);
    // Each member case still has its whole timeline.
    const events = await ctx.handle.db.selectFrom('case_events').select('action').where('case_id', '=', licence).execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['submit', 'request_correction', 'accept', 'decide', 'complete', 'deliver']));
  });

  it('tells the applicant once when a member is refused and the others go on', async () => {
    const v0 = (await kit.apply(zhangsan, '开办餐饮店', { 'q-sign': ['o-no-sign'], 'q-name': ['o-with-name'] })).json() as Awaited<ReturnType<BundleKit['view']>>;
    const before = (await notificationsOf('zhangsan')).rows.length;
    const refused = await kit.dept.housing!.h.post(`/api/cases/${memberOf(v0, 'drainage').caseId!}/actions`, { type: 'refuse', reason: '经营场所不在市政排水管网覆盖范围', remedies: '可依法申请行政复议或提起行政诉讼' });
    expect(refused.statusCode, refused.body).toBe(200);
    const after = (await notificationsOf('zhangsan')).rows.slice(before);
    expect(after.map((n) => n.kind)).toEqual(['bundle_member_failed']);
    expect(after[0]!.title).toContain('城镇污水排入排水管网许可');
    expect(after[0]!.title).toContain('其余事项继续办理');
  });

  it('an ordinary case still notifies its applicant', async () => {
    const before = (await notificationsOf('lisi')).rows.length;
    const lisi = await ctx.as('lisi');
    const items = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json() as { items: { implId: string }[] };
    const { sampleApplicationFor } = await import('./support/applications.js');
    const app = await sampleApplicationFor(lisi, items.items[0]!.implId);
    const r = await lisi.post('/api/cases', { implId: items.items[0]!.implId, ...app, materials: [] });
    expect(r.statusCode, r.body).toBe(201);
    const rows = (await notificationsOf('lisi')).rows.slice(before);
    expect(rows.map((n) => n.kind)).toEqual(['submit']);
  });
});
