import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { orgIdByKey } from './support/factories.js';
import { sampleApplication, sampleApplicationFor } from './support/applications.js';
import { withChecklist } from './support/checklist.js';
import { publishEnterpriseBundle, type BundleView } from './support/bundles.js';
import type { FormSchema } from '../src/core/catalogue/types.js';

/**
 * Issue 10 / ADR 0044: drafts of 一件事 applications (the applicant's alone, pinned to a version, one case
 * however often submitted) and 免证办 in bundles — a licence or a data read in place of a merged material,
 * recorded on every member case it serves — and item drafts that keep their licence and data uses.
 */
// Each test files several bundles (three member cases each) through the API: room for a loaded machine.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

let ctx: TestContext;
let baicha: Agent;
let zhangsan: Agent;
let clerk: Agent;
let samrHandler: Agent;
let hallId: string;
let bundleId: string;
let yyzz: string;
const CODE = 'licence:营业执照';

type Guide = { bundleId: string; form: FormSchema; materials: { code: string; exempt: boolean; licenceType: string | null; dataFulfilment: { source: string; purpose: string } | null; serves: { memberKey: string }[] }[] };
type Draft = { id: string; bundleId: string; versionId: string; formData: Record<string, unknown>; licences: { code: string; identifier: string }[]; dataUses: unknown[]; bundleCaseId: string | null; versionRetired: boolean };

const guide = async () => (await ctx.anon().get(`/api/public/bundles/${bundleId}`)).json() as Guide;
/** The merged form filled in, without the enterprise's own name and code (they come from the account). */
async function formData(): Promise<Record<string, unknown>> {
  const { formData: data } = sampleApplication({ form: (await guide()).form, situations: [] });
  const { companyName: _n, creditCode: _c, legalRepresentative: _l, ...rest } = data;
  return rest;
}
const count = async (table: 'bundle_cases' | 'cases') => Number((await ctx.handle.db.selectFrom(table).select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const firstEvent = async (caseId: string) => ctx.handle.db.selectFrom('case_events').select(['comment', 'data']).where('case_id', '=', caseId).orderBy('seq').executeTakeFirstOrThrow();

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  [baicha, zhangsan, clerk, samrHandler] = await Promise.all([ctx.as('baicha'), ctx.as('zhangsan'), ctx.as('clerk'), ctx.as('samr_handler')]);
  hallId = await orgIdByKey(ctx.handle.db, 'county-hall');
  ({ bundleId } = await publishEnterpriseBundle(ctx, hallId));
  yyzz = ((await baicha.get('/api/me/licences')).json() as { licences: { identifier: string; typeCode: string }[] }).licences.find((l) => l.typeCode === 'YYZZ')?.identifier ?? '';
});
afterAll(async () => ctx.close());

describe('一件事 drafts', () => {
  it('saves, resumes, updates and submits a draft; only its applicant sees it; a second submission answers the same bundle case', async () => {
    const saved = await baicha.post('/api/bundle-drafts', { bundleId, answers: {}, formData: { phone: '13900000000' }, materials: [] });
    expect(saved.statusCode, saved.body).toBe(201);
    const d = saved.json() as Draft;
    expect(d).toMatchObject({ bundleId, formData: { phone: '13900000000' }, bundleCaseId: null, versionRetired: false });
    // The applicant's alone: another applicant and staff are refused, nothing is told about it.
    expect((await zhangsan.get(`/api/bundle-drafts/${d.id}`)).statusCode).toBe(404);
    expect((await zhangsan.post(`/api/bundle-drafts/${d.id}/submit`, {})).statusCode).toBe(404);
    expect((await zhangsan.delete(`/api/bundle-drafts/${d.id}`)).statusCode).toBe(404);
    expect((await samrHandler.get(`/api/bundle-drafts/${d.id}`)).statusCode).toBe(403);
    expect((await clerk.post(`/api/bundle-drafts/${d.id}/submit`, {})).statusCode).toBe(403);
    expect(((await zhangsan.get('/api/bundle-drafts')).json() as { drafts: unknown[] }).drafts).toEqual([]);
    const mine = (await baicha.get('/api/bundle-drafts')).json() as { drafts: { id: string; title: string }[] };
    expect(mine.drafts).toMatchObject([{ id: d.id, title: '企业餐饮门店开业（测试）' }]);
    // An incomplete draft cannot be filed: the member is named, nothing is made.
    const before = await count('bundle_cases');
    const incomplete = await baicha.post(`/api/bundle-drafts/${d.id}/submit`, {});
    expect(incomplete.statusCode).toBe(400);
    expect(await count('bundle_cases')).toBe(before);
    // Resumed and completed, with the 营业执照 from the wallet.
    const updated = await baicha.put(`/api/bundle-drafts/${d.id}`, { bundleId, answers: {}, formData: await formData(), materials: [], licences: [{ code: CODE, identifier: yyzz }] });
    expect(updated.statusCode, updated.body).toBe(200);
    expect((await baicha.get(`/api/bundle-drafts/${d.id}`)).json()).toMatchObject({ licences: [{ code: CODE, identifier: yyzz }] });
    // Double click: both submissions answer one bundle case.
    const [a, b] = await Promise.all([baicha.post(`/api/bundle-drafts/${d.id}/submit`, {}), baicha.post(`/api/bundle-drafts/${d.id}/submit`, {})]);
    expect([a.statusCode, b.statusCode].sort(), a.body + b.body).toEqual([200, 201]);
    const caseId = (a.json() as BundleView).id;
    expect((b.json() as BundleView).id).toBe(caseId);
    const again = await baicha.post(`/api/bundle-drafts/${d.id}/submit`, {});
    expect(again.statusCode).toBe(200);
    expect((again.json() as BundleView).id).toBe(caseId);
    expect(await count('bundle_cases')).toBe(before + 1);
    expect((await ctx.handle.db.selectFrom('bundle_members').select('member_key').where('bundle_case_id', '=', caseId).execute()).length).toBe(2);
    // Submitted: no longer listed, not editable, not deletable.
    expect(((await baicha.get('/api/bundle-drafts')).json() as { drafts: unknown[] }).drafts).toEqual([]);
    expect((await baicha.put(`/api/bundle-drafts/${d.id}`, { bundleId, answers: {}, formData: {}, materials: [] })).statusCode).toBe(409);
    expect((await baicha.delete(`/api/bundle-drafts/${d.id}`)).statusCode).toBe(409);
  });

  it('deletes a draft; refuses bad input with nothing saved', async () => {
    const before = Number((await ctx.handle.db.selectFrom('bundle_drafts').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect((await baicha.post('/api/bundle-drafts', { bundleId, answers: {}, formData: { hacked: 'x' }, materials: [] })).statusCode).toBe(400);
    expect((await baicha.post('/api/bundle-drafts', { bundleId, answers: {}, formData: {}, materials: [], licences: [{ code: 'nope', identifier: yyzz }] })).statusCode).toBe(400);
    expect((await baicha.post('/api/bundle-drafts', { bundleId, answers: {}, formData: {}, materials: [], dataUses: [{ code: CODE }] })).statusCode).toBe(400);
    expect((await zhangsan.post('/api/bundle-drafts', { bundleId, answers: {}, formData: {}, materials: [] })).statusCode).toBe(400); // a bundle for enterprises
    expect(Number((await ctx.handle.db.selectFrom('bundle_drafts').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBe(before);
    const d = (await baicha.post('/api/bundle-drafts', { bundleId, answers: {}, formData: {}, materials: [] })).json() as Draft;
    expect((await baicha.delete(`/api/bundle-drafts/${d.id}`)).statusCode).toBe(204);
    expect((await baicha.get(`/api/bundle-drafts/${d.id}`)).statusCode).toBe(404);
  });
});

describe('免证办 in a 一件事', () => {
  it('the guide marks the 营业执照 as replaceable by a licence or a data read', async () => {
    const g = await guide();
    expect(g.materials.find((m) => m.code === CODE)).toMatchObject({ exempt: true, licenceType: '营业执照', dataFulfilment: { source: 'legal_person', purpose: 'market_entity_check' }, serves: [{ memberKey: 'food' }, { memberKey: 'change' }] });
  });

  it('a licence in place of the 营业执照 is recorded on each member case it serves; the department’s approver sees it verified', async () => {
    const res = await baicha.post('/api/bundle-cases', { bundleId, answers: {}, formData: await formData(), materials: [], licences: [{ code: CODE, identifier: yyzz }] }, { 'idempotency-key': 'bundle-licence-1' });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json() as BundleView;
    expect(v.timeline.find((e) => e.action === 'fulfilment_use')?.comment).toContain(`以电子证照代替（${yyzz}，第1版），用于食品经营许可`);
    for (const key of ['food', 'change']) {
      const caseId = v.members.find((m) => m.key === key)!.caseId!;
      const uses = await ctx.handle.db.selectFrom('case_licence_uses').selectAll().where('case_id', '=', caseId).execute();
      expect(uses).toMatchObject([{ material_id: 'm-licence', identifier: yyzz, version: 1 }]);
      const first = await firstEvent(caseId);
      expect(first.comment).toContain(`以电子证照代替（${yyzz}，第1版）`);
      expect(first.data).toMatchObject({ fulfilled: [{ materialId: 'm-licence', by: 'licence' }], licences: [{ materialId: 'm-licence', identifier: yyzz, version: 1 }] });
    }
    // The window accepts (the licence counts as provided), then 市场监管局's approver sees it verified.
    const food = v.members.find((m) => m.key === 'food')!.caseId!;
    const accepted = await clerk.post(`/api/cases/${food}/actions`, await withChecklist(clerk, food, { type: 'accept' }));
    expect(accepted.statusCode, accepted.body).toBe(200);
    const seen = await samrHandler.get(`/api/cases/${food}/licence-uses`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ uses: [{ materialId: 'm-licence', identifier: yyzz, verification: { status: 'valid', signatureValid: true } }] });
  });

  it('a data read in place of the 营业执照: each member case reads 法人基础信息 itself, bound to its case', async () => {
    const res = await baicha.post('/api/bundle-cases', { bundleId, answers: {}, formData: await formData(), materials: [], dataUses: [{ code: CODE, purpose: 'market_entity_check' }] }, { 'idempotency-key': 'bundle-data-1' });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json() as BundleView;
    for (const key of ['food', 'change']) {
      const caseId = v.members.find((m) => m.key === key)!.caseId!;
      expect(await ctx.handle.db.selectFrom('case_data_uses').select(['material_id', 'source', 'purpose']).where('case_id', '=', caseId).execute()).toMatchObject([{ material_id: 'm-licence', source: 'legal_person', purpose: 'market_entity_check' }]);
      expect((await firstEvent(caseId)).comment).toContain('以共享数据代替（法人基础信息，用途：市场主体资格核验）');
    }
    // A purpose that does not exist is refused before anything is made.
    const before = await count('bundle_cases');
    expect((await baicha.post('/api/bundle-cases', { bundleId, answers: {}, formData: await formData(), materials: [], dataUses: [{ code: CODE, purpose: 'identity_check' }] })).statusCode).toBe(400);
    expect(await count('bundle_cases')).toBe(before);
  });

  it('refuses an expired licence, someone else’s, and a licence beside an upload — nothing is made', async () => {
    const before = [await count('bundle_cases'), await count('cases')];
    const theirs = ((await zhangsan.get('/api/me/licences')).json() as { licences: { identifier: string }[] }).licences[0]!.identifier;
    expect((await baicha.post('/api/bundle-cases', { bundleId, answers: {}, formData: await formData(), materials: [], licences: [{ code: CODE, identifier: theirs }] })).statusCode).toBe(404);
    const upload = await ctx.handle.db.selectFrom('files').select(['id']).limit(1).executeTakeFirst();
    if (upload) expect((await baicha.post('/api/bundle-cases', { bundleId, answers: {}, formData: await formData(), materials: [{ code: CODE, fileId: upload.id, fileName: 'x.pdf' }], licences: [{ code: CODE, identifier: yyzz }] })).statusCode).toBeGreaterThanOrEqual(400);
    const { valid_until } = await ctx.handle.db.selectFrom('licences').select('valid_until').where('identifier', '=', yyzz).executeTakeFirstOrThrow();
    await ctx.handle.db.updateTable('licences').set({ valid_until: '2026-03-01' }).where('identifier', '=', yyzz).execute();
    try {
      const expired = await baicha.post('/api/bundle-cases', { bundleId, answers: {}, formData: await formData(), materials: [], licences: [{ code: CODE, identifier: yyzz }] });
      expect(expired.statusCode).toBe(422);
      expect(expired.json()).toMatchObject({ message: expect.stringContaining('已过期'), details: [{ code: 'LICENCE_NOT_VALID' }] });
      // A draft keeping the licence is refused at submission too, and stays a draft.
      const d = (await baicha.post('/api/bundle-drafts', { bundleId, answers: {}, formData: await formData(), materials: [] })).json() as Draft;
      await ctx.handle.db.updateTable('bundle_drafts').set({ licences: JSON.stringify([{ code: CODE, identifier: yyzz }]) }).where('id', '=', d.id).execute();
      const refused = await baicha.post(`/api/bundle-drafts/${d.id}/submit`, {});
      expect(refused.statusCode).toBe(422);
      expect((await baicha.get(`/api/bundle-drafts/${d.id}`)).json()).toMatchObject({ bundleCaseId: null });
    } finally {
      await ctx.handle.db.updateTable('licences').set({ valid_until }).where('identifier', '=', yyzz).execute();
    }
    expect([await count('bundle_cases'), await count('cases')]).toEqual(before);
  });
});

describe('an item draft keeps its licence and data uses', () => {
  it('saved with the 营业执照 from the wallet, opened again with it, submitted with it recorded on the case', async () => {
    const food = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('食品经营许可')}`)).json() as { items: { implId: string; name: string }[] };
    const implId = food.items.find((i) => i.name.startsWith('食品经营许可'))!.implId;
    const app = await sampleApplicationFor(baicha, implId);
    const { companyName: _n, creditCode: _c, ...data } = app.formData;
    const saved = await baicha.post('/api/cases/drafts', { implId, ...app, formData: data, materials: [], licences: [{ materialId: 'm-licence', identifier: yyzz }] });
    expect(saved.statusCode, saved.body).toBe(201);
    const id = (saved.json() as { id: string }).id;
    expect((await baicha.get(`/api/cases/${id}`)).json()).toMatchObject({ draftUses: [{ materialId: 'm-licence', kind: 'licence', identifier: yyzz }] });
    // A licence that is not the applicant's is refused when saving: nothing changes.
    const theirs = ((await zhangsan.get('/api/me/licences')).json() as { licences: { identifier: string }[] }).licences[0]!.identifier;
    expect((await baicha.put(`/api/cases/${id}/draft`, { implId, ...app, formData: data, materials: [], licences: [{ materialId: 'm-licence', identifier: theirs }] })).statusCode).toBe(404);
    expect((await baicha.get(`/api/cases/${id}`)).json()).toMatchObject({ draftUses: [{ materialId: 'm-licence', identifier: yyzz }] });
    const submitted = await baicha.post(`/api/cases/${id}/actions`, { type: 'submit' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(await ctx.handle.db.selectFrom('case_licence_uses').select(['material_id', 'identifier']).where('case_id', '=', id).execute()).toEqual([{ material_id: 'm-licence', identifier: yyzz }]);
    const submit = await ctx.handle.db.selectFrom('case_events').select(['comment', 'data']).where('case_id', '=', id).where('action', '=', 'submit').executeTakeFirstOrThrow();
    expect(submit.comment).toContain(`以电子证照代替（${yyzz}，第1版）`);
    const snapshot = (await ctx.handle.db.selectFrom('cases').select('snapshot').where('id', '=', id).executeTakeFirstOrThrow()).snapshot as { fulfilled?: unknown };
    expect(snapshot.fulfilled).toEqual([{ materialId: 'm-licence', by: 'licence' }]);
  });

  it('a draft keeping a data read reads it when submitted, bound to the case', async () => {
    const food = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('食品经营许可')}`)).json() as { items: { implId: string; name: string }[] };
    const implId = food.items.find((i) => i.name.startsWith('食品经营许可'))!.implId;
    const app = await sampleApplicationFor(baicha, implId);
    const { companyName: _n, creditCode: _c, ...data } = app.formData;
    const id = ((await baicha.post('/api/cases/drafts', { implId, ...app, formData: data, materials: [], dataUses: [{ materialId: 'm-licence', purpose: 'market_entity_check' }] })).json() as { id: string }).id;
    expect(await ctx.handle.db.selectFrom('data_access_log').select('id').where('case_id', '=', id).execute()).toEqual([]);
    expect((await baicha.post(`/api/cases/${id}/actions`, { type: 'submit' })).statusCode).toBe(200);
    expect(await ctx.handle.db.selectFrom('case_data_uses').select(['material_id', 'purpose']).where('case_id', '=', id).execute()).toEqual([{ material_id: 'm-licence', purpose: 'market_entity_check' }]);
    expect((await ctx.handle.db.selectFrom('data_access_log').select('id').where('case_id', '=', id).execute()).length).toBe(1);
  });
});

describe('a draft pinned to a retired version', () => {
  it('is refused at submission with a clear message, and nothing is made', async () => {
    const d = (await baicha.post('/api/bundle-drafts', { bundleId, answers: {}, formData: await formData(), materials: [] })).json() as Draft;
    // A new version is published (四眼原则): the draft's version is retired.
    const catadmin = await ctx.as('catadmin');
    const provadmin = await ctx.as('provadmin');
    const next = (await catadmin.post(`/api/admin/bundles/${bundleId}/drafts`, {})).json() as { versionId: string };
    expect((await catadmin.post(`/api/admin/bundle-versions/${next.versionId}/submit`, {})).statusCode).toBe(200);
    expect((await provadmin.post(`/api/admin/bundle-versions/${next.versionId}/publish`, {})).statusCode).toBe(200);
    expect((await baicha.get(`/api/bundle-drafts/${d.id}`)).json()).toMatchObject({ versionRetired: true });
    const before = await count('bundle_cases');
    const res = await baicha.post(`/api/bundle-drafts/${d.id}/submit`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ message: expect.stringContaining('版本已停用'), details: [{ code: 'BUNDLE_VERSION_RETIRED' }] });
    expect(await count('bundle_cases')).toBe(before);
    // Saved again, it is pinned to the version in force and can be filed.
    expect((await baicha.put(`/api/bundle-drafts/${d.id}`, { bundleId, answers: {}, formData: await formData(), materials: [] })).json()).toMatchObject({ versionId: next.versionId, versionRetired: false });
    expect((await baicha.post(`/api/bundle-drafts/${d.id}/submit`, {})).statusCode).toBe(201);
  });
});
