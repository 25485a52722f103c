import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { orgIdByKey } from './support/factories.js';
import type { BundleContent } from '../src/core/bundles/types.js';
import { bundlesFromXlsx } from '../src/server/bundles/xlsx.js';

/**
 * 一件事目录 (issue 10): bundles as versioned catalogue objects owned by the hall administration, the
 * rule check through the API, 四眼原则 publishing, and the public list with its figures.
 */
let ctx: TestContext;
let catadmin: Agent;
let provadmin: Agent;
let hallId: string;

type PublicBundle = { bundleId: string; name: string; materialsSeparate: number; materialsMerged: number; fieldsSeparate: number; fieldsMerged: number; departments: string[] };

async function restaurantDraft(): Promise<BundleContent> {
  const list = (await ctx.anon().get('/api/public/bundles')).json() as { bundles: PublicBundle[] };
  const id = list.bundles.find((b) => b.name === '开办餐饮店')!.bundleId;
  const guide = (await ctx.anon().get(`/api/public/bundles/${id}`)).json() as { members: { key: string; itemId: string }[] };
  const item = (k: string) => guide.members.find((m) => m.key === k)!.itemId;
  return {
    name: '开办餐饮店（测试）',
    description: '测试',
    regionCode: '330523',
    topic: '开办餐饮店',
    category: '市场准入',
    applicantTypes: ['natural_person'],
    questions: [{ id: 'q-sign', question: '是否设置户外招牌？', multiple: false, options: [{ id: 'o-sign', label: '是', default: true }, { id: 'o-no', label: '否' }] }],
    members: [
      { key: 'licence', itemId: item('licence') },
      { key: 'catering', itemId: item('catering'), dependsOn: [{ memberKey: 'licence', mappings: [{ from: 'resultNo', toField: 'licenceNo' }] }] },
      { key: 'drainage', itemId: item('drainage') },
      { key: 'sign', itemId: item('sign'), when: [{ questionId: 'q-sign', optionIds: ['o-sign'] }] },
    ],
    refusalPolicy: 'continue',
    limitDays: 10,
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  catadmin = await ctx.as('catadmin');
  provadmin = await ctx.as('provadmin');
  hallId = await orgIdByKey(ctx.handle.db, 'county-hall');
});
afterAll(async () => ctx.close());

describe('public bundle list and guide', () => {
  it('lists the published demo bundles with the four figures, each cutting materials ≥30% and fields ≥40%', async () => {
    const res = await ctx.anon().get('/api/public/bundles');
    expect(res.statusCode, res.body).toBe(200);
    const { bundles } = res.json() as { bundles: PublicBundle[] };
    expect(bundles.map((b) => b.name).sort()).toEqual(['开办餐饮店', '新生儿出生', '残疾人服务']);
    for (const b of bundles) {
      expect(b.materialsMerged).toBeLessThanOrEqual(b.materialsSeparate * 0.7);
      expect(b.fieldsMerged).toBeLessThanOrEqual(b.fieldsSeparate * 0.6);
      expect(b.departments.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('shows the 一次告知 for a chosen situation: the conditional member drops out and each material names the members it serves', async () => {
    const { bundles } = (await ctx.anon().get('/api/public/bundles')).json() as { bundles: PublicBundle[] };
    const id = bundles.find((b) => b.name === '开办餐饮店')!.bundleId;
    type Guide = { members: { key: string; applies: boolean }[]; materials: { code: string; serves: { name: string }[] }[]; fields: { key: string; members: string[] }[]; situation: PublicBundle; filledLater: Record<string, string[]> };
    const all = (await ctx.anon().get(`/api/public/bundles/${id}`)).json() as Guide;
    expect(all.members.every((m) => m.applies)).toBe(true);
    const premises = all.materials.find((m) => m.code === 'premises-use')!;
    expect(premises.serves.map((s) => s.name)).toEqual(['个体工商户设立登记', '小餐饮店登记', '城镇污水排入排水管网许可', '户外招牌设置审批']);
    expect(all.fields.find((f) => f.key === 'premises')!.members).toHaveLength(4);
    expect(all.filledLater).toEqual({ catering: ['licenceNo'] });
    const noSign = (await ctx.anon().get(`/api/public/bundles/${id}?choose=q-sign:o-no-sign`)).json() as Guide;
    expect(noSign.members.find((m) => m.key === 'sign')!.applies).toBe(false);
    expect(noSign.situation.materialsSeparate).toBeLessThan(all.situation.materialsSeparate);
    expect((await ctx.anon().get(`/api/public/bundles/${id}?choose=q-sign:o-nothing`)).statusCode).toBe(400);
    expect((await ctx.anon().get(`/api/public/bundles/${id}?choose=bad`)).statusCode).toBe(400);
    expect((await ctx.anon().get('/api/public/bundles/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('bundle catalogue administration', () => {
  it('refuses anonymous callers, applicants and bad bodies, and changes nothing', async () => {
    const content = await restaurantDraft();
    expect((await ctx.anon().post('/api/admin/bundles', { orgId: hallId, content })).statusCode).toBe(401);
    const applicant = await ctx.as('zhangsan');
    expect((await applicant.post('/api/admin/bundles', { orgId: hallId, content })).statusCode).toBe(403);
    expect((await catadmin.post('/api/admin/bundles', { orgId: hallId, content: { ...content, limitDays: 'x' } })).statusCode).toBe(400);
    // A department is not a hall administration.
    const samr = await orgIdByKey(ctx.handle.db, 'county-samr');
    expect((await catadmin.post('/api/admin/bundles', { orgId: samr, content })).statusCode).toBe(400);
    const n = await ctx.handle.db.selectFrom('bundles').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);
  });

  it('reports a conflicting field naming both members, a limit below the critical path and an unpublished member; submitting is refused', async () => {
    const content = await restaurantDraft();
    const created = await catadmin.post('/api/admin/bundles', { orgId: hallId, content: { ...content, limitDays: 3 } });
    expect(created.statusCode, created.body).toBe(201);
    const { bundleId, versionId, problems } = created.json() as { bundleId: string; versionId: string; problems: { rule: string; zh: string }[] };
    expect(problems.map((p) => p.rule)).toEqual(['BUNDLE_LIMIT_BELOW_CRITICAL_PATH']);
    expect(problems[0]!.zh).toContain('城镇污水排入排水管网许可');

    // A new draft of a member item in review changes a shared field (经营场所 becomes a number) and is not yet published.
    const drainage = content.members.find((m) => m.key === 'drainage')!.itemId;
    const guide = (await ctx.anon().get(`/api/catalogue/items/${drainage}`)).json() as { content: Record<string, unknown> & { form: { properties: Record<string, unknown> } } };
    const newItem = await catadmin.post('/api/admin/catalogue/impls', {
      orgId: await orgIdByKey(ctx.handle.db, 'county-housing'),
      level: 'county',
      content: { ...guide.content, baseCode: 'XK06099000', implCode: (guide.content.implCode as string).slice(0, 18) + 'XK06099000' + (guide.content.implCode as string).slice(28), form: { ...guide.content.form, properties: { ...guide.content.form.properties, premises: { type: 'number', title: '经营场所面积' } } } },
    });
    expect(newItem.statusCode, newItem.body).toBe(201);
    const unpublished = (newItem.json() as { implId: string }).implId;
    const saved = await catadmin.put(`/api/admin/bundle-versions/${versionId}`, { revision: 1, content: { ...content, limitDays: 3, members: [...content.members, { key: 'area', itemId: unpublished }] } });
    expect(saved.statusCode, saved.body).toBe(200);
    const rules = (saved.json() as { problems: { rule: string; zh: string }[] }).problems;
    expect(rules.map((p) => p.rule).sort()).toEqual(['BUNDLE_FIELD_CONFLICT', 'BUNDLE_LIMIT_BELOW_CRITICAL_PATH', 'BUNDLE_MEMBER_NOT_PUBLISHED']);
    const conflict = rules.find((p) => p.rule === 'BUNDLE_FIELD_CONFLICT')!;
    expect(conflict.zh).toContain('个体工商户设立登记');
    expect(conflict.zh).toContain('城镇污水排入排水管网许可');

    const submit = await catadmin.post(`/api/admin/bundle-versions/${versionId}/submit`, {});
    expect(submit.statusCode).toBe(422);
    expect((submit.json() as { details: { code: string }[] }).details.map((d) => d.code)).toContain('BUNDLE_MEMBER_NOT_PUBLISHED');
    // Stale revision: refused.
    expect((await catadmin.put(`/api/admin/bundle-versions/${versionId}`, { revision: 1, content })).statusCode).toBe(409);
    const detail = (await catadmin.get(`/api/admin/bundles/${bundleId}`)).json() as { latest: { status: string; revision: number } };
    expect(detail.latest).toMatchObject({ status: 'draft', revision: 2 });
  });

  it('publishes only by a second administrator (四眼原则), shows the diff of a new draft, retires and exports', async () => {
    const content = await restaurantDraft();
    const { bundleId, versionId } = (await catadmin.post('/api/admin/bundles', { orgId: hallId, content })).json() as { bundleId: string; versionId: string };
    expect((await catadmin.post(`/api/admin/bundle-versions/${versionId}/submit`, {})).statusCode).toBe(200);
    const own = await catadmin.post(`/api/admin/bundle-versions/${versionId}/publish`, {});
    expect(own.statusCode).toBe(403);
    expect((own.json() as { message: string }).message).toContain('四眼原则');
    const published = await provadmin.post(`/api/admin/bundle-versions/${versionId}/publish`, {});
    expect(published.statusCode, published.body).toBe(200);
    expect(((await ctx.anon().get('/api/public/bundles')).json() as { bundles: PublicBundle[] }).bundles.map((b) => b.name)).toContain('开办餐饮店（测试）');
    // Publishing twice: illegal transition.
    expect((await provadmin.post(`/api/admin/bundle-versions/${versionId}/publish`, {})).statusCode).toBe(409);

    const draft = await catadmin.post(`/api/admin/bundles/${bundleId}/drafts`, {});
    expect(draft.statusCode).toBe(201);
    const d = draft.json() as { versionId: string; revision: number };
    await catadmin.put(`/api/admin/bundle-versions/${d.versionId}`, { revision: d.revision, content: { ...content, limitDays: 12, refusalPolicy: 'stop' } });
    const detail = (await catadmin.get(`/api/admin/bundles/${bundleId}`)).json() as { changes: { path: string; kind: string }[]; versions: unknown[] };
    expect(detail.changes.map((c) => c.path)).toEqual(['refusalPolicy', 'limitDays']);
    expect(detail.versions).toHaveLength(2);

    expect((await provadmin.post(`/api/admin/bundle-versions/${versionId}/retire`, {})).statusCode).toBe(400);
    expect((await provadmin.post(`/api/admin/bundle-versions/${versionId}/retire`, { comment: '测试停用' })).statusCode).toBe(200);
    expect(((await ctx.anon().get('/api/public/bundles')).json() as { bundles: PublicBundle[] }).bundles.map((b) => b.name)).not.toContain('开办餐饮店（测试）');

    const exported = await catadmin.get('/api/admin/bundles/export.json');
    expect(exported.statusCode).toBe(200);
    expect((exported.json() as { bundles: { code: string }[] }).bundles.length).toBeGreaterThanOrEqual(4);
    const audit = await ctx.handle.db.selectFrom('audit_events').select(['kind', 'object_type']).where('object_type', 'in', ['bundle', 'bundle_version']).execute();
    expect(audit.map((a) => a.kind)).toEqual(expect.arrayContaining(['catalogue_impl_created', 'catalogue_submitted', 'catalogue_published', 'catalogue_retired']));
  });

  it('exports the bundles in scope as Excel: every field of every bundle reads back equal to the JSON export; anonymous callers and applicants are refused', async () => {
    // A draft that uses every optional field (member situations, default flags, field mappings, replaced materials, basis).
    const base = await restaurantDraft();
    const full: BundleContent = {
      ...base,
      name: '开办餐饮店（全字段）',
      applicantTypes: ['natural_person', 'legal_person'],
      basis: '《国务院办公厅关于加快推进“一件事一次办”打造政务服务升级版的指导意见》（国办发〔2024〕3号）',
      refusalPolicy: 'stop',
      questions: [
        { id: 'q-sign', question: '是否设置户外招牌？', multiple: false, options: [{ id: 'o-sign', label: '是', default: true, memberSituations: { 's-name': ['o-with-name'] } }, { id: 'o-no', label: '否', default: false }] },
        { id: 'q-extra', question: '另需办理？', multiple: true, options: [{ id: 'o-a', label: '甲' }, { id: 'o-b', label: '乙' }] },
      ],
      members: base.members.map((m) => (m.key === 'catering' ? { ...m, dependsOn: [{ memberKey: 'licence', mappings: [{ from: 'resultNo', toField: 'licenceNo' }, { from: 'field:premises', toField: 'premises' }], providesMaterials: ['m-licence'] }] } : m.key === 'sign' ? { ...m, when: [{ questionId: 'q-sign', optionIds: ['o-sign'] }, { questionId: 'q-extra', optionIds: ['o-a', 'o-b'] }] } : m)),
    };
    const made = await catadmin.post('/api/admin/bundles', { orgId: hallId, content: full });
    expect(made.statusCode, made.body).toBe(201);

    const json = (await catadmin.get('/api/admin/bundles/export.json')).json() as { bundles: { code: string; versionNo: number; status: string; content: BundleContent }[] };
    const xlsx = await catadmin.get('/api/admin/bundles/export.xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const back = await bundlesFromXlsx(xlsx.rawPayload);
    expect(back.problems).toEqual([]);
    expect(back.bundles).toEqual(json.bundles);
    expect(back.bundles.map((b) => b.content.name)).toEqual(expect.arrayContaining(['开办餐饮店', '新生儿出生', '开办餐饮店（全字段）']));

    expect((await ctx.anon().get('/api/admin/bundles/export.xlsx')).statusCode).toBe(401);
    expect((await (await ctx.as('zhangsan')).get('/api/admin/bundles/export.xlsx')).statusCode).toBe(403);
  });
});
