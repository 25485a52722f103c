import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleApplication, sampleApplicationFor } from './support/applications.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { withChecklist } from './support/checklist.js';
import type { FormSchema } from '../src/core/catalogue/types.js';

/**
 * 我的材料 (issue 10, ADR 0027): a material handed in on an accepted case is kept for its owner; a later
 * application — online, at the window, or a 一件事 bundle — uses it instead of an upload, and the use is
 * on the new case's timeline. Expired and foreign entries are refused and change nothing.
 */
let ctx: TestContext;
let zhangsan: Agent;
let lisi: Agent;
let clerk: Agent;
let handler: Agent;
let zhangsanId: string;
let lisiId: string;
let gthImplId: string;
let cateringImplId: string;
let firstCaseId: string;
let firstCaseNo: string;
let premisesFile: { fileId: string; fileName: string };
let entryId: string;
/** A draft whose library choice is submitted only after the entry expired (see 'validity'). */
let staleDraftId: string;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

type Entry = { id: string; code: string; name: string; fileId: string; fileName: string; sourceCaseId: string; sourceCaseNo: string; acceptedOn: string; validUntil: string; usable: boolean };
type DraftView = { id: string; state: string; materials: { materialId: string; fileId: string | null; fileName: string | null; libraryId: string | null }[] };
type Event = { action: string; actorRole: string; comment: string | null; files: { id: string; name: string }[]; data: { library?: { materialId: string; libraryId: string; fileName: string; sourceCaseNo: string; chosenBy: string }[] } };

async function upload(agent: Agent, name: string): Promise<{ fileId: string; fileName: string }> {
  const boundary = '----tongban' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([PDF, Buffer.from(`% ${name} ${Math.random()}\n`)]);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`), body, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await ctx.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
  expect(res.statusCode, res.body).toBe(201);
  return { fileId: (res.json() as { id: string }).id, fileName: name };
}

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

const library = async (agent: Agent) => ((await agent.get('/api/me/materials')).json() as { materials: Entry[] }).materials;
const caseCount = async () => Number((await ctx.handle.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const firstEvent = async (agent: Agent, caseId: string) => ((await agent.get(`/api/cases/${caseId}`)).json() as { timeline: Event[] }).timeline[0]!;
const userId = async (username: string) => (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

async function applyForCatering(agent: Agent, extra: Record<string, unknown>) {
  const app = await sampleApplicationFor(agent, cateringImplId);
  return agent.post('/api/cases', { implId: cateringImplId, ...app, materials: [], ...extra }, { 'idempotency-key': `k-${Math.random().toString(36).slice(2)}` });
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  [zhangsan, lisi, clerk, handler] = await Promise.all([ctx.as('zhangsan'), ctx.as('lisi'), ctx.as('clerk'), ctx.as('samr_handler')]);
  [zhangsanId, lisiId] = await Promise.all([userId('zhangsan'), userId('lisi')]);
  gthImplId = await implByName('个体工商户设立登记');
  cateringImplId = await implByName('小餐饮店登记');
  premisesFile = await upload(zhangsan, '租赁协议.pdf');
  const app = await sampleApplicationFor(zhangsan, gthImplId);
  const res = await zhangsan.post('/api/cases', { implId: gthImplId, ...app, materials: [{ materialId: 'm-premises', ...premisesFile }] });
  expect(res.statusCode, res.body).toBe(201);
  firstCaseId = (res.json() as { id: string }).id;
  firstCaseNo = (res.json() as { caseNo: string }).caseNo;
});
afterAll(async () => ctx.close());

describe('keeping accepted materials', () => {
  it('keeps nothing before acceptance; on acceptance the file is kept with its material code, source case and validity', async () => {
    expect((await ctx.anon().get('/api/me/materials')).statusCode).toBe(401);
    expect((await clerk.get('/api/me/materials')).statusCode).toBe(403);
    expect(await library(zhangsan)).toEqual([]);
    const accepted = await clerk.post(`/api/cases/${firstCaseId}/actions`, await withChecklist(clerk, firstCaseId, { type: 'accept' }));
    expect(accepted.statusCode, accepted.body).toBe(200);
    const kept = await library(zhangsan);
    expect(kept).toMatchObject([{ code: 'premises-use', name: '经营场所使用相关文件', fileId: premisesFile.fileId, fileName: '租赁协议.pdf', sourceCaseId: firstCaseId, sourceCaseNo: firstCaseNo, acceptedOn: '2026-03-02', validUntil: '2026-09-01', usable: true }]);
    entryId = kept[0]!.id;
    // Another applicant's library is their own.
    expect(await library(lisi)).toEqual([]);
    // A later command on the same case keeps nothing twice.
    expect((await handler.post(`/api/cases/${firstCaseId}/actions`, { type: 'claim' })).statusCode).toBe(200);
    expect(await library(zhangsan)).toHaveLength(1);
  });
});

describe('reusing a kept material', () => {
  it('a later application of another item with the same material code uses the entry instead of an upload; the timeline names the file and the source case', async () => {
    const res = await applyForCatering(zhangsan, { fromLibrary: [{ materialId: 'm-premises', libraryId: entryId }] });
    expect(res.statusCode, res.body).toBe(201);
    const caseId = (res.json() as { id: string }).id;
    const rows = await ctx.handle.db.selectFrom('case_materials').select(['material_id', 'file_id', 'file_name']).where('case_id', '=', caseId).execute();
    expect(rows).toEqual([{ material_id: 'm-premises', file_id: premisesFile.fileId, file_name: '租赁协议.pdf' }]);
    const e = await firstEvent(zhangsan, caseId);
    expect(e.comment).toContain('从“我的材料”中选用');
    expect(e.comment).toContain(`租赁协议.pdf，来自办件${firstCaseNo}`);
    expect(e.files).toEqual([{ id: premisesFile.fileId, name: '租赁协议.pdf' }]);
    expect(e.data.library).toMatchObject([{ materialId: 'm-premises', libraryId: entryId, fileName: '租赁协议.pdf', sourceCaseNo: firstCaseNo, chosenBy: 'applicant' }]);
    // The reused file is not kept again on acceptance (its validity is not extended).
    expect((await clerk.post(`/api/cases/${caseId}/actions`, await withChecklist(clerk, caseId, { type: 'accept' }))).statusCode).toBe(200);
    expect(await library(zhangsan)).toHaveLength(1);
    // The department of the new case can open the file.
    expect((await handler.get(`/api/files/${premisesFile.fileId}`)).statusCode).toBe(200);
  });

  it('refuses another applicant’s entry, an entry for a different material, and an entry given beside an upload — nothing is created', async () => {
    const before = await caseCount();
    const foreign = await applyForCatering(lisi, { fromLibrary: [{ materialId: 'm-premises', libraryId: entryId }] });
    expect(foreign.statusCode).toBe(404);
    expect((foreign.json() as { details: { code: string }[] }).details[0]?.code).toBe('LIBRARY_ENTRY_NOT_FOUND');
    expect((foreign.json() as { message: string }).message).toContain('我的材料');
    const unknown = await applyForCatering(zhangsan, { fromLibrary: [{ materialId: 'm-premises', libraryId: '00000000-0000-4000-8000-000000000000' }] });
    expect(unknown.statusCode).toBe(404);
    const wrong = await applyForCatering(zhangsan, { fromLibrary: [{ materialId: 'm-idcard', libraryId: entryId }] });
    expect([400, 422]).toContain(wrong.statusCode);
    const file = await upload(zhangsan, 'again.pdf');
    const twice = await applyForCatering(zhangsan, { materials: [{ materialId: 'm-premises', ...file }], fromLibrary: [{ materialId: 'm-premises', libraryId: entryId }] });
    expect(twice.statusCode).toBe(400);
    expect((await applyForCatering(zhangsan, { fromLibrary: [{ materialId: 'm-premises', libraryId: 'not-a-uuid' }] })).statusCode).toBe(400);
    expect(await caseCount()).toBe(before);
  });
});

describe('at the window', () => {
  it('the clerk sees the library of the applicant in front of them (audited); approvers and applicants do not', async () => {
    const seen = await clerk.get(`/api/workbench/applicants/${zhangsanId}/materials`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect((seen.json() as { materials: Entry[] }).materials.map((m) => m.id)).toEqual([entryId]);
    expect((await handler.get(`/api/workbench/applicants/${zhangsanId}/materials`)).statusCode).toBe(403);
    expect((await zhangsan.get(`/api/workbench/applicants/${zhangsanId}/materials`)).statusCode).toBe(403);
    const audit = await ctx.handle.db.selectFrom('audit_events').select(['kind', 'object_id']).where('kind', '=', 'personal_data_viewed').where('object_id', '=', zhangsanId).execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('the clerk uses an entry when taking in a case; the timeline says the clerk chose it; another applicant’s entry is refused', async () => {
    const app = await sampleApplicationFor(clerk, cateringImplId);
    const res = await clerk.post('/api/cases', { implId: cateringImplId, ...app, materials: [], applicantId: zhangsanId, fromLibrary: [{ materialId: 'm-premises', libraryId: entryId }] });
    expect(res.statusCode, res.body).toBe(201);
    const e = await firstEvent(clerk, (res.json() as { id: string }).id);
    expect(e.actorRole).toBe('window_clerk');
    expect(e.comment).toContain('从申请人的“我的材料”中选用');
    expect(e.data.library).toMatchObject([{ libraryId: entryId, sourceCaseNo: firstCaseNo, chosenBy: 'window_clerk' }]);
    const before = await caseCount();
    const forLisi = await clerk.post('/api/cases', { implId: cateringImplId, ...app, materials: [], applicantId: lisiId, fromLibrary: [{ materialId: 'm-premises', libraryId: entryId }] });
    expect(forLisi.statusCode).toBe(404);
    expect(await caseCount()).toBe(before);
  });
});

describe('一件事 with fromLibrary', () => {
  it('a bundle application uses the entry for its material code; every member case that needs it records the use', async () => {
    const list = (await ctx.anon().get('/api/public/bundles')).json() as { bundles: { bundleId: string; name: string }[] };
    const bundleId = list.bundles.find((b) => b.name === '开办餐饮店')!.bundleId;
    const guide = (await ctx.anon().get(`/api/public/bundles/${bundleId}?choose=q-sign:o-no-sign`)).json() as { form: FormSchema; materials: { code: string }[] };
    const { formData } = sampleApplication({ form: guide.form, situations: [] });
    const materials = [];
    for (const m of guide.materials.filter((x) => x.code !== 'premises-use')) materials.push({ code: m.code, ...(await upload(zhangsan, `${m.code}.pdf`)) });
    const answers = { 'q-sign': ['o-no-sign'], 'q-name': ['o-with-name'] };
    // Someone else's entry: refused, no bundle case.
    const foreign = await lisi.post('/api/bundle-cases', { bundleId, answers, formData, materials: [], fromLibrary: [{ code: 'premises-use', libraryId: entryId }] });
    expect(foreign.statusCode).toBe(404);
    const res = await zhangsan.post('/api/bundle-cases', { bundleId, answers, formData, materials, fromLibrary: [{ code: 'premises-use', libraryId: entryId }] }, { 'idempotency-key': 'bundle-library-1' });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json() as { members: { key: string; caseId?: string }[]; timeline: { action: string; comment: string | null }[] };
    expect(v.timeline.find((t) => t.action === 'library_use')?.comment).toContain(`租赁协议.pdf（来自办件${firstCaseNo}）`);
    const started = v.members.filter((m) => m.caseId);
    expect(started.map((m) => m.key).sort()).toEqual(['drainage', 'licence']);
    for (const m of started) {
      const e = await firstEvent(zhangsan, m.caseId!);
      expect(e.data.library, m.key).toMatchObject([{ materialId: 'm-premises', libraryId: entryId, sourceCaseNo: firstCaseNo }]);
      expect(e.comment).toContain('一件事');
      expect(e.comment).toContain('从“我的材料”中选用');
    }
    const n = await ctx.handle.db.selectFrom('bundle_cases').select((eb) => eb.fn.countAll<string>().as('n')).where('applicant_id', '=', lisiId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });
});

describe('a draft keeps library choices (ADR 0038)', () => {
  const draftBody = async (agent: Agent, extra: Record<string, unknown> = {}) => ({ implId: cateringImplId, ...(await sampleApplicationFor(agent, cateringImplId)), materials: [], ...extra });

  it('saves the choice with the draft, shows it, and records the use when the draft is submitted', async () => {
    const choose = { fromLibrary: [{ materialId: 'm-premises', libraryId: entryId }] };
    const saved = await zhangsan.post('/api/cases/drafts', await draftBody(zhangsan, choose));
    expect(saved.statusCode, saved.body).toBe(201);
    const draft = saved.json() as DraftView;
    expect(draft.state).toBe('draft');
    expect(draft.materials).toEqual([{ materialId: 'm-premises', fileId: premisesFile.fileId, fileName: '租赁协议.pdf', libraryId: entryId }]);
    // Saved again without the choice, the draft no longer has it; with it, it has it back.
    const cleared = await zhangsan.put(`/api/cases/${draft.id}/draft`, await draftBody(zhangsan));
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect((cleared.json() as DraftView).materials).toEqual([]);
    const again = await zhangsan.put(`/api/cases/${draft.id}/draft`, await draftBody(zhangsan, choose));
    expect((again.json() as DraftView).materials).toMatchObject([{ materialId: 'm-premises', libraryId: entryId }]);
    expect((await zhangsan.get(`/api/cases/${draft.id}`)).json()).toMatchObject({ materials: [{ materialId: 'm-premises', libraryId: entryId }] });

    const submitted = await zhangsan.post(`/api/cases/${draft.id}/actions`, { type: 'submit' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const view = (await zhangsan.get(`/api/cases/${draft.id}`)).json() as { state: string; timeline: Event[] };
    expect(view.state).toBe('submitted');
    const submit = view.timeline.find((e) => e.action === 'submit');
    expect(submit?.comment).toContain(`从“我的材料”中选用：经营场所使用相关文件（租赁协议.pdf，来自办件${firstCaseNo}）`);
    expect(submit?.files).toEqual([{ id: premisesFile.fileId, name: '租赁协议.pdf' }]);
    expect(submit?.data.library).toMatchObject([{ materialId: 'm-premises', libraryId: entryId, fileName: '租赁协议.pdf', sourceCaseNo: firstCaseNo, chosenBy: 'applicant' }]);
    // The department of the submitted case can open the file.
    expect((await handler.get(`/api/files/${premisesFile.fileId}`)).statusCode).toBe(200);

    // A draft left with a choice, submitted after the entry expired (see 'validity').
    const stale = await zhangsan.post('/api/cases/drafts', await draftBody(zhangsan, choose));
    expect(stale.statusCode, stale.body).toBe(201);
    staleDraftId = (stale.json() as DraftView).id;
  });

  it('refuses another applicant’s entry, an entry for a different material and a choice beside an upload — nothing is saved', async () => {
    const before = await caseCount();
    const foreign = await lisi.post('/api/cases/drafts', await draftBody(lisi, { fromLibrary: [{ materialId: 'm-premises', libraryId: entryId }] }));
    expect(foreign.statusCode).toBe(404);
    expect((foreign.json() as { details: { code: string }[] }).details[0]?.code).toBe('LIBRARY_ENTRY_NOT_FOUND');
    const wrong = await zhangsan.post('/api/cases/drafts', await draftBody(zhangsan, { fromLibrary: [{ materialId: 'm-idcard', libraryId: entryId }] }));
    expect([400, 422]).toContain(wrong.statusCode);
    const file = await upload(zhangsan, 'draft-upload.pdf');
    const twice = await zhangsan.post('/api/cases/drafts', await draftBody(zhangsan, { materials: [{ materialId: 'm-premises', ...file }], fromLibrary: [{ materialId: 'm-premises', libraryId: entryId }] }));
    expect(twice.statusCode).toBe(400);
    expect(await caseCount()).toBe(before);
    // Updating someone else's choice into one's own draft is refused the same way, and the draft is unchanged.
    const own = await lisi.post('/api/cases/drafts', await draftBody(lisi));
    const id = (own.json() as DraftView).id;
    expect((await lisi.put(`/api/cases/${id}/draft`, await draftBody(lisi, { fromLibrary: [{ materialId: 'm-premises', libraryId: entryId }] }))).statusCode).toBe(404);
    expect(((await lisi.get(`/api/cases/${id}`)).json() as DraftView).materials).toEqual([]);
  });
});

describe('validity', () => {
  it('an expired entry is listed as not usable and refused by single and bundle applications', async () => {
    ctx.clock.set('2026-09-02T02:00:00Z');
    zhangsan = await ctx.as('zhangsan'); // the old session has long expired
    const kept = await library(zhangsan);
    expect(kept.find((e) => e.id === entryId)).toMatchObject({ validUntil: '2026-09-01', usable: false });
    const before = await caseCount();
    const res = await applyForCatering(zhangsan, { fromLibrary: [{ materialId: 'm-premises', libraryId: entryId }] });
    expect(res.statusCode).toBe(422);
    expect((res.json() as { details: { code: string }[] }).details[0]?.code).toBe('LIBRARY_ENTRY_EXPIRED');
    const list = (await ctx.anon().get('/api/public/bundles')).json() as { bundles: { bundleId: string; name: string }[] };
    const bundleId = list.bundles.find((b) => b.name === '开办餐饮店')!.bundleId;
    const bundle = await zhangsan.post('/api/bundle-cases', { bundleId, answers: { 'q-sign': ['o-no-sign'], 'q-name': ['o-with-name'] }, formData: {}, materials: [], fromLibrary: [{ code: 'premises-use', libraryId: entryId }] });
    expect(bundle.statusCode).toBe(422);
    expect((bundle.json() as { details: { code: string }[] }).details[0]?.code).toBe('LIBRARY_ENTRY_EXPIRED');
    expect(await caseCount()).toBe(before);
    // A draft saved while the entry was valid is not submitted with it once expired; it stays a draft.
    const stale = await zhangsan.post(`/api/cases/${staleDraftId}/actions`, { type: 'submit' });
    expect(stale.statusCode).toBe(422);
    expect((stale.json() as { details: { code: string }[] }).details[0]?.code).toBe('LIBRARY_ENTRY_EXPIRED');
    expect(((await zhangsan.get(`/api/cases/${staleDraftId}`)).json() as DraftView).state).toBe('draft');
  });
});
