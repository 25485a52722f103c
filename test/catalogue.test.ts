import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { orgIdByKey } from './support/factories.js';
import { buildItemContent } from '../src/core/catalogue/test-factory.js';
import { completeCreditCode } from '../src/core/codes/credit-code.js';
import { composeImplCode } from '../src/core/codes/impl-code.js';
import type { ItemContent } from '../src/core/catalogue/types.js';

let ctx: TestContext;
let cat: Agent;
/** A second catalogue administrator: publishing needs someone other than the drafter (四眼原则, finding 16). */
let pub: Agent;
let samrId: string;
let samrCredit: string;

function content(baseMain: number, overrides: Partial<ItemContent> = {}): ItemContent {
  const baseCode = `XK${String(baseMain).padStart(5, '0')}000`;
  return buildItemContent({
    baseCode,
    implCode: composeImplCode(samrCredit, baseCode),
    implementingBody: { name: '安吉县市场监督管理局', creditCode: samrCredit },
    ...overrides,
  });
}

async function createPublished(main: number, overrides: Partial<ItemContent> = {}) {
  const created = await cat.post('/api/admin/catalogue/impls', { orgId: samrId, level: 'county', content: content(main, overrides) });
  expect(created.statusCode, created.body).toBe(201);
  const { implId, versionId } = created.json() as { implId: string; versionId: string };
  expect((await cat.post(`/api/admin/catalogue/versions/${versionId}/submit`, {})).statusCode).toBe(200);
  expect((await pub.post(`/api/admin/catalogue/versions/${versionId}/publish`, {})).statusCode).toBe(200);
  return { implId, versionId };
}

beforeAll(async () => {
  ctx = await createTestContext();
  cat = await ctx.as('catadmin');
  pub = await ctx.as('provadmin');
  samrId = await orgIdByKey(ctx.handle.db, 'county-samr');
  samrCredit = (await ctx.handle.db.selectFrom('orgs').select('credit_code').where('id', '=', samrId).executeTakeFirstOrThrow()).credit_code as string;
});
afterAll(async () => ctx.close());

describe('public catalogue', () => {
  it('lists the demo county’s 30+ published items', async () => {
    const res = await ctx.anon().get('/api/catalogue/items?pageSize=100');
    expect(res.statusCode).toBe(200);
    expect((res.json() as { total: number }).total).toBeGreaterThanOrEqual(30);
  });

  it('finds an item by Chinese name and by pinyin initials', async () => {
    const byName = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户')}`)).json() as { items: { name: string }[] };
    expect(byName.items[0]?.name).toContain('个体工商户');
    const byInitials = (await ctx.anon().get('/api/catalogue/items?q=gtgsh')).json() as { items: { name: string }[] };
    expect(byInitials.items.some((i) => i.name.includes('个体工商户'))).toBe(true);
  });

  it('finds items by department and filters by applicant type', async () => {
    const res = (await ctx.anon().get(`/api/catalogue/items?orgId=${samrId}&applicantType=legal_person`)).json() as { items: { orgName: string; applicantTypes: string[] }[] };
    expect(res.items.length).toBeGreaterThan(0);
    expect(res.items.every((i) => i.orgName === '安吉县市场监督管理局' && i.applicantTypes.includes('legal_person'))).toBe(true);
  });

  it('serves a guide with materials and flow steps', async () => {
    const list = (await ctx.anon().get('/api/catalogue/items')).json() as { items: { implId: string }[] };
    const guide = (await ctx.anon().get(`/api/catalogue/items/${list.items[0]?.implId}`)).json() as { content: ItemContent };
    expect(guide.content.materials.length).toBeGreaterThan(0);
    expect(guide.content.flow.some((s) => s.decision)).toBe(true);
  });

  it('rejects a malformed id with a bilingual 400', async () => {
    const res = await ctx.anon().get('/api/catalogue/items/not-a-uuid');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'VALIDATION_FAILED' });
  });
});

describe('catalogue administration', () => {
  it('requires login, then a catalogue role (401 → 403 → 201)', async () => {
    expect((await ctx.anon().post('/api/admin/catalogue/impls', { orgId: samrId, level: 'county', content: content(901) })).statusCode).toBe(401);
    const clerk = await ctx.as('clerk');
    expect((await clerk.post('/api/admin/catalogue/impls', { orgId: samrId, level: 'county', content: content(901) })).statusCode).toBe(403);
    expect((await cat.post('/api/admin/catalogue/impls', { orgId: samrId, level: 'county', content: content(901) })).statusCode).toBe(201);
  });

  it('keeps drafts out of the public catalogue until published', async () => {
    const created = (await cat.post('/api/admin/catalogue/impls', { orgId: samrId, level: 'county', content: content(902, { mainName: '未发布的草稿事项' }) })).json() as { implId: string };
    expect((await ctx.anon().get(`/api/catalogue/items/${created.implId}`)).statusCode).toBe(404);
    const search = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('未发布的草稿事项')}`)).json() as { total: number };
    expect(search.total).toBe(0);
  });

  it('refuses to publish an invalid item and lists every problem', async () => {
    const bad = content(903, {
      promisedLimitDays: 30,
      legalLimitDays: 20,
      materials: [{ id: 'm1', name: '无依据材料', source: 'applicant', form: 'copy', copies: 1, required: true, key: false, gapAllowed: false }],
      onlineDepth: 4,
      trips: 2,
    });
    const created = (await cat.post('/api/admin/catalogue/impls', { orgId: samrId, level: 'county', content: bad })).json() as { versionId: string };
    const res = await cat.post(`/api/admin/catalogue/versions/${created.versionId}/submit`, {});
    expect(res.statusCode).toBe(422);
    const body = res.json() as { error: string; details: { code: string }[] };
    expect(body.error).toBe('CATALOGUE_INVALID');
    const rules = body.details.map((d) => d.code);
    expect(rules).toEqual(expect.arrayContaining(['PROMISED_EXCEEDS_LEGAL', 'MATERIAL_WITHOUT_BASIS', 'FULL_ONLINE_TRIPS']));
    const v = await ctx.handle.db.selectFrom('item_versions').select('status').where('id', '=', created.versionId).executeTakeFirstOrThrow();
    expect(v.status).toBe('draft');
  });

  it('editing a published item makes a new version; publishing it retires the old one', async () => {
    const { implId, versionId } = await createPublished(904, { mainName: '版本测试事项' });
    const draft = (await cat.post(`/api/admin/catalogue/impls/${implId}/drafts`)).json() as { versionId: string; versionNo: number; revision: number };
    expect(draft.versionNo).toBe(2);
    const v = (await cat.get(`/api/admin/catalogue/versions/${draft.versionId}`)).json() as { content: ItemContent; revision: number };
    const saved = await cat.put(`/api/admin/catalogue/versions/${draft.versionId}`, { revision: v.revision, content: { ...v.content, promisedLimitDays: 6 } });
    expect(saved.statusCode, saved.body).toBe(200);
    // Still v1 in public until the new version is published.
    expect(((await ctx.anon().get(`/api/catalogue/items/${implId}`)).json() as { content: ItemContent }).content.promisedLimitDays).toBe(5);
    expect((await cat.post(`/api/admin/catalogue/versions/${draft.versionId}/submit`, {})).statusCode).toBe(200);
    expect((await pub.post(`/api/admin/catalogue/versions/${draft.versionId}/publish`, {})).statusCode).toBe(200);
    const guide = (await ctx.anon().get(`/api/catalogue/items/${implId}`)).json() as { versionNo: number; content: ItemContent };
    expect(guide.versionNo).toBe(2);
    expect(guide.content.promisedLimitDays).toBe(6);
    const history = (await cat.get(`/api/admin/catalogue/impls/${implId}`)).json() as { versions: { id: string; status: string }[] };
    expect(history.versions.find((x) => x.id === versionId)?.status).toBe('retired');
    const diff = (await cat.get(`/api/admin/catalogue/versions/${draft.versionId}/diff`)).json() as { changes: { path: string; before: unknown; after: unknown }[] };
    expect(diff.changes).toContainEqual(expect.objectContaining({ path: 'promisedLimitDays', before: 5, after: 6 }));
  });

  it('refuses a stale save (someone else saved first) and keeps the newer content', async () => {
    const { implId } = await createPublished(905);
    const draft = (await cat.post(`/api/admin/catalogue/impls/${implId}/drafts`)).json() as { versionId: string; revision: number };
    const v = (await cat.get(`/api/admin/catalogue/versions/${draft.versionId}`)).json() as { content: ItemContent; revision: number };
    expect((await cat.put(`/api/admin/catalogue/versions/${draft.versionId}`, { revision: v.revision, content: { ...v.content, hours: 'A' } })).statusCode).toBe(200);
    const stale = await cat.put(`/api/admin/catalogue/versions/${draft.versionId}`, { revision: v.revision, content: { ...v.content, hours: 'B' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'CATALOGUE_STALE_VERSION' });
    const after = (await cat.get(`/api/admin/catalogue/versions/${draft.versionId}`)).json() as { content: ItemContent };
    expect(after.content.hours).toBe('A');
  });

  it('refuses a second open draft and illegal transitions', async () => {
    const { implId, versionId } = await createPublished(906);
    expect((await cat.post(`/api/admin/catalogue/impls/${implId}/drafts`)).statusCode).toBe(201);
    expect((await cat.post(`/api/admin/catalogue/impls/${implId}/drafts`)).statusCode).toBe(409);
    const again = await cat.post(`/api/admin/catalogue/versions/${versionId}/publish`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'CATALOGUE_ILLEGAL_TRANSITION' });
  });

  it('rejects schema-invalid content with field paths and changes nothing', async () => {
    const res = await cat.post('/api/admin/catalogue/impls', { orgId: samrId, level: 'county', content: { ...content(907), caseKind: 'sometimes', materials: 'none' } });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { details: { path: string }[] };
    expect(body.details.map((d) => d.path).join(' ')).toMatch(/caseKind|materials/);
    expect(await ctx.handle.db.selectFrom('base_items').select('id').where('base_code', '=', 'XK00907000').executeTakeFirst()).toBeUndefined();
  });

  it('exports and re-imports the catalogue as JSON (all or nothing)', async () => {
    const exported = (await cat.get('/api/admin/catalogue/export.json')).json() as { items: { level: string; content: ItemContent }[] };
    expect(exported.items.length).toBeGreaterThan(30);
    const one = exported.items[0] as { level: string; content: ItemContent };
    const res = await cat.post('/api/admin/catalogue/import', { items: [{ level: one.level, content: { ...one.content, hours: '导入修改' } }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 1 });
    const badCredit = completeCreditCode('11330523MB9999999');
    const bad = await cat.post('/api/admin/catalogue/import', {
      items: [
        { level: 'county', content: content(908, { mainName: '导入新事项' }) },
        { level: 'county', content: content(909, { implementingBody: { name: '不存在', creditCode: badCredit }, implCode: composeImplCode(badCredit, 'XK00909000') }) },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(await ctx.handle.db.selectFrom('base_items').select('id').where('base_code', '=', 'XK00908000').executeTakeFirst()).toBeUndefined();
  });

  it('reports 三级十同 deviations across province, city and county', async () => {
    const base = await ctx.handle.db
      .selectFrom('item_impls')
      .innerJoin('base_items', 'base_items.id', 'item_impls.base_item_id')
      .select(['base_items.base_code'])
      .groupBy('base_items.base_code')
      .having((eb) => eb.fn.count('item_impls.id'), '>=', 3)
      .executeTakeFirstOrThrow();
    const res = await cat.get(`/api/admin/catalogue/consistency?baseCode=${base.base_code}`);
    expect(res.statusCode).toBe(200);
    const report = res.json() as { levels: unknown[]; comparisons: { level: string; deviationCount: number; deviations: { kind: string }[] }[] };
    expect(report.levels).toHaveLength(3);
    expect(report.comparisons).toHaveLength(2);
    expect(report.comparisons.some((c) => c.deviationCount > 0)).toBe(true);
    expect(report.comparisons.flatMap((c) => c.deviations).some((d) => d.kind === 'better')).toBe(true);
  });
});
