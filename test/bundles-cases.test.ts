import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { buildStaff } from './support/factories.js';
import { sampleApplication } from './support/applications.js';
import { withChecklist } from './support/checklist.js';
import type { FormSchema } from '../src/core/catalogue/types.js';
import type { StaffRole } from '../src/server/db/schema.js';

/**
 * 一件事 applications (issue 10): one application → one bundle case owning one member case per
 * applicable member, each worked by its department; the bundle follows its members.
 */
let ctx: TestContext;
let zhangsan: Agent;
let lisi: Agent;
let clerk: Agent;
const dept: Record<string, { h: Agent; r: Agent; s: Agent }> = {};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

type Member = { key: string; name: string; phase: string; caseId?: string; caseNo?: string; state?: string; resultNo?: string | null; note: string | null };
type BundleView = { id: string; caseNo: string; queryCode?: string; state: string; due: { dueDate: string; status: string }; members: Member[]; correction: { status: string; items: { memberKey: string }[] } | null; timeline: { action: string; comment: string | null }[]; delivery: unknown };
type Guide = { bundleId: string; form: FormSchema; materials: { code: string; serves: { memberKey: string }[] }[] };

async function upload(agent: Agent, name: string): Promise<{ fileId: string; fileName: string }> {
  const boundary = '----tongban' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`), PDF, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await ctx.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
  expect(res.statusCode, res.body).toBe(201);
  return { fileId: (res.json() as { id: string }).id, fileName: name };
}

async function guideOf(name: string, choose: string[] = []): Promise<Guide> {
  const list = (await ctx.anon().get('/api/public/bundles')).json() as { bundles: { bundleId: string; name: string }[] };
  const id = list.bundles.find((b) => b.name === name)!.bundleId;
  return (await ctx.anon().get(`/api/public/bundles/${id}${choose.length ? `?${choose.map((c) => `choose=${c}`).join('&')}` : ''}`)).json() as Guide;
}

async function apply(agent: Agent, name: string, answers: Record<string, string[]>, extra: Record<string, unknown> = {}) {
  const guide = await guideOf(name, Object.entries(answers).map(([q, [o]]) => `${q}:${o}`));
  const { formData } = sampleApplication({ form: guide.form, situations: [] });
  const materials = [];
  for (const m of guide.materials) materials.push({ code: m.code, ...(await upload(agent, `${m.code}.pdf`)) });
  return agent.post('/api/bundle-cases', { bundleId: guide.bundleId, answers, formData, materials, ...extra }, { 'idempotency-key': `k-${Math.random().toString(36).slice(2)}` });
}

const view = async (agent: Agent, id: string) => (await agent.get(`/api/bundle-cases/${id}`)).json() as BundleView;
const member = (v: BundleView, key: string) => v.members.find((m) => m.key === key)!;
const act = (agent: Agent, caseId: string, body: Record<string, unknown>) => agent.post(`/api/cases/${caseId}/actions`, body);

async function snapshotOf(caseId: string) {
  const r = await ctx.handle.db.selectFrom('cases').select(['snapshot', 'state']).where('id', '=', caseId).executeTakeFirstOrThrow();
  return { state: r.state, s: r.snapshot as { stepIndex: number; item: { caseKind: string; steps: { role: string; decision: boolean }[] } } };
}

/** Intake at the window, then the department's steps, then completion: approved, or denied at the decision. */
async function work(caseId: string, deptKey: string, decision: 'approved' | 'denied' = 'approved'): Promise<void> {
  const { s } = await snapshotOf(caseId);
  if (s.item.caseKind === 'on_the_spot') {
    const r = await act(clerk, caseId, await withChecklist(clerk, caseId, { type: 'complete_on_the_spot' }));
    expect(r.statusCode, r.body).toBe(200);
    return;
  }
  const accepted = await act(clerk, caseId, await withChecklist(clerk, caseId, { type: 'accept' }));
  expect(accepted.statusCode, accepted.body).toBe(200);
  const d = dept[deptKey]!;
  const who = { approver_handle: d.h, approver_review: d.r, approver_signoff: d.s } as Record<string, Agent>;
  for (;;) {
    const { state, s: snap } = await snapshotOf(caseId);
    if (state !== 'in_review' && state !== 'accepted') break;
    const step = snap.item.steps[snap.stepIndex]!;
    const a = who[step.role]!;
    expect((await act(a, caseId, { type: 'claim' })).statusCode).toBe(200);
    const r = step.decision ? await act(a, caseId, { type: 'decide', decision, reason: decision === 'approved' ? '符合条件' : '不符合法定条件' }) : await act(a, caseId, { type: 'advance', comment: '同意' });
    expect(r.statusCode, r.body).toBe(200);
  }
  const done = await act(d.s, caseId, { type: 'complete' });
  expect(done.statusCode, done.body).toBe(200);
}

beforeAll(async () => {
  ctx = await createTestContext();
  for (const key of ['samr', 'housing', 'health', 'police', 'hsa', 'hrss']) {
    const names: [string, StaffRole][] = [['h', 'approver_handle'], ['r', 'approver_review'], ['s', 'approver_signoff']];
    const agents: Record<string, Agent> = {};
    for (const [suffix, role] of names) {
      await buildStaff(ctx.handle.db, { username: `b_${key}_${suffix}`, orgKey: `county-${key}`, roles: [{ role, scopeKey: `county-${key}` }] });
      agents[suffix] = await ctx.as(`b_${key}_${suffix}`);
    }
    dept[key] = agents as { h: Agent; r: Agent; s: Agent };
  }
  zhangsan = await ctx.as('zhangsan');
  lisi = await ctx.as('lisi');
  clerk = await ctx.as('clerk');
});
afterAll(async () => ctx.close());

describe('applying for a bundle', () => {
  it('refuses anonymous callers, bad answers, unknown materials and unknown fields, and makes nothing', async () => {
    const guide = await guideOf('开办餐饮店');
    expect((await ctx.anon().post('/api/bundle-cases', { bundleId: guide.bundleId, answers: {}, formData: {}, materials: [] })).statusCode).toBe(401);
    expect((await zhangsan.post('/api/bundle-cases', { bundleId: guide.bundleId, answers: { 'q-sign': ['o-nope'], 'q-name': ['o-with-name'] }, formData: {}, materials: [] })).statusCode).toBe(400);
    expect((await zhangsan.post('/api/bundle-cases', { bundleId: guide.bundleId, answers: { 'q-sign': ['o-sign'], 'q-name': ['o-with-name'] }, formData: { hacked: 'x' }, materials: [] })).statusCode).toBe(400);
    const file = await upload(zhangsan, 'x.pdf');
    expect((await zhangsan.post('/api/bundle-cases', { bundleId: guide.bundleId, answers: { 'q-sign': ['o-sign'], 'q-name': ['o-with-name'] }, formData: {}, materials: [{ code: 'nope', ...file }] })).statusCode).toBe(400);
    // A required field missing: the member is named.
    const missing = await zhangsan.post('/api/bundle-cases', { bundleId: guide.bundleId, answers: { 'q-sign': ['o-sign'], 'q-name': ['o-with-name'] }, formData: {}, materials: [] });
    expect(missing.statusCode).toBe(400);
    expect((missing.json() as { message: string }).message).toContain('个体工商户设立登记');
    const n = await ctx.handle.db.selectFrom('bundle_cases').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  it('selects members by the situation, starts the independent ones at once in their departments’ inboxes, and one upload serves every member that needs it', async () => {
    const res = await apply(zhangsan, '开办餐饮店', { 'q-sign': ['o-no-sign'], 'q-name': ['o-with-name'] });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json() as BundleView;
    expect(v.caseNo).toMatch(/^YJS330523001\d{14}$/);
    expect(v.queryCode).toMatch(/^[2-9A-Z]{8}$/);
    expect(v.members.map((m) => [m.key, m.phase])).toEqual([
      ['licence', 'running'],
      ['catering', 'waiting'],
      ['drainage', 'running'],
    ]);
    const licence = member(v, 'licence').caseId!;
    const drainage = member(v, 'drainage').caseId!;
    const rows = await ctx.handle.db.selectFrom('cases as c').innerJoin('orgs as o', 'o.id', 'c.org_id').select(['c.id', 'o.key', 'c.state']).where('c.id', 'in', [licence, drainage]).execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.key, r.state]]))).toEqual({ [licence]: ['county-samr', 'submitted'], [drainage]: ['county-housing', 'submitted'] });
    // 经营场所使用相关文件: one file, on both member cases.
    const files = await ctx.handle.db.selectFrom('case_materials').select(['case_id', 'material_id', 'file_id']).where('case_id', 'in', [licence, drainage]).where('material_id', '=', 'm-premises').execute();
    expect(files).toHaveLength(2);
    expect(new Set(files.map((f) => f.file_id)).size).toBe(1);
  });

  it('a retried application with the same Idempotency-Key makes one bundle case', async () => {
    const guide = await guideOf('开办餐饮店');
    const { formData } = sampleApplication({ form: guide.form, situations: [] });
    const body = { bundleId: guide.bundleId, answers: { 'q-sign': ['o-sign'], 'q-name': ['o-with-name'] }, formData, materials: [] };
    const [a, b] = [await lisi.post('/api/bundle-cases', body, { 'idempotency-key': 'same-key-123' }), await lisi.post('/api/bundle-cases', body, { 'idempotency-key': 'same-key-123' })];
    expect([a.statusCode, b.statusCode]).toEqual([201, 200]);
    expect((a.json() as BundleView).id).toBe((b.json() as BundleView).id);
    expect((a.json() as BundleView).members).toHaveLength(4);
  });
});

describe('working a bundle', () => {
  it('gathers one correction notice from the window and a department, the applicant answers once, a dependent member starts with the licence number, completion and one delivery', async () => {
    const v0 = (await apply(zhangsan, '开办餐饮店', { 'q-sign': ['o-sign'], 'q-name': ['o-with-name'] })).json() as BundleView;
    const licence = member(v0, 'licence').caseId!;
    const drainage = member(v0, 'drainage').caseId!;
    const sign = member(v0, 'sign').caseId!;

    // Scope: the housing department sees its member cases, not the licence case; the bundle view hides the others' case numbers.
    const housing = dept.housing!.h;
    expect((await housing.get(`/api/cases/${drainage}`)).statusCode).toBe(200);
    expect((await housing.get(`/api/cases/${licence}`)).statusCode).toBe(403);
    const seenByHousing = await view(housing, v0.id);
    expect(member(seenByHousing, 'licence').caseId).toBeUndefined();
    expect(member(seenByHousing, 'drainage').caseId).toBe(drainage);
    expect(seenByHousing.queryCode).toBeUndefined();
    expect(((await housing.get(`/api/cases/${drainage}/bundle`)).json() as { bundle: { id: string } }).bundle.id).toBe(v0.id);
    expect((await lisi.get(`/api/bundle-cases/${v0.id}`)).statusCode).toBe(403);
    expect((await dept.health!.h.get(`/api/bundle-cases/${v0.id}`)).statusCode).toBe(403);

    // One gathered notice: the window and the housing department add to it; the applicant cannot.
    expect((await clerk.post(`/api/bundle-cases/${v0.id}/correction/items`, { memberKey: 'licence', materialId: 'm-premises', reason: '租赁协议缺少出租方签字' })).statusCode).toBe(200);
    expect((await housing.post(`/api/bundle-cases/${v0.id}/correction/items`, { memberKey: 'drainage', materialId: 'm-pipes', reason: '排水管网图缺少检测井位置' })).statusCode).toBe(200);
    expect((await housing.post(`/api/bundle-cases/${v0.id}/correction/items`, { memberKey: 'licence', materialId: 'm-premises', reason: 'x' })).statusCode).toBe(403);
    expect((await zhangsan.post(`/api/bundle-cases/${v0.id}/correction/items`, { memberKey: 'licence', materialId: 'm-premises', reason: 'x' })).statusCode).toBe(403);
    expect((await housing.post(`/api/bundle-cases/${v0.id}/correction/send`, {})).statusCode).toBe(403);
    const sent = (await clerk.post(`/api/bundle-cases/${v0.id}/correction/send`, {})).json() as BundleView;
    expect(sent.correction).toMatchObject({ status: 'sent' });
    expect(sent.correction!.items.map((i) => i.memberKey)).toEqual(['licence', 'drainage']);
    expect(member(sent, 'licence').state).toBe('correction_requested');
    expect(member(sent, 'drainage').state).toBe('correction_requested');
    expect(member(sent, 'sign').state).toBe('submitted');
    // A second send: nothing open.
    expect((await clerk.post(`/api/bundle-cases/${v0.id}/correction/send`, {})).statusCode).toBe(409);
    const notices = await ctx.handle.db.selectFrom('notifications').select('kind').where('kind', '=', 'bundle_correction').execute();
    expect(notices).toHaveLength(1);

    const fixed = await upload(zhangsan, '租赁协议（补正）.pdf');
    const answered = (await zhangsan.post(`/api/bundle-cases/${v0.id}/correction/answer`, { materials: [{ code: 'premises-use', ...fixed }] })).json() as BundleView;
    expect(member(answered, 'licence').state).toBe('submitted');
    expect(member(answered, 'drainage').state).toBe('submitted');
    expect((await zhangsan.post(`/api/bundle-cases/${v0.id}/correction/answer`, { materials: [] })).statusCode).toBe(409);

    // Two departments work their members in parallel; the catering member waits for the licence.
    await work(drainage, 'housing');
    await work(sign, 'housing');
    expect(member(await view(zhangsan, v0.id), 'catering').phase).toBe('waiting');
    await work(licence, 'samr');
    const afterLicence = await view(zhangsan, v0.id);
    const licenceNo = member(afterLicence, 'licence').resultNo!;
    const catering = member(afterLicence, 'catering');
    expect(catering.phase).toBe('running');
    const start = await ctx.handle.db.selectFrom('case_events').select(['comment', 'action']).where('case_id', '=', catering.caseId!).orderBy('seq').executeTakeFirstOrThrow();
    expect(start.comment).toContain(licenceNo);
    const formData = (await zhangsan.get(`/api/cases/${catering.caseId!}`)).json() as { formData: Record<string, unknown> };
    expect(formData.formData.licenceNo).toBe(licenceNo);
    // The 营业执照 copy comes from the licence result: not asked of the applicant.
    const cateringMaterials = await ctx.handle.db.selectFrom('case_materials').select('material_id').where('case_id', '=', catering.caseId!).execute();
    expect(cateringMaterials.map((m) => m.material_id)).not.toContain('m-licence');

    expect((await clerk.post(`/api/bundle-cases/${v0.id}/deliver`, { method: 'window' })).statusCode).toBe(409);
    await work(catering.caseId!, 'samr');
    const done = await view(zhangsan, v0.id);
    expect(done.state).toBe('completed');
    expect((await zhangsan.post(`/api/bundle-cases/${v0.id}/deliver`, { method: 'window' })).statusCode).toBe(403);
    const delivered = (await clerk.post(`/api/bundle-cases/${v0.id}/deliver`, { method: 'window' })).json() as BundleView;
    expect(delivered.state).toBe('delivered');
    expect(delivered.members.every((m) => m.state === 'delivered')).toBe(true);
    expect((await clerk.post(`/api/bundle-cases/${v0.id}/deliver`, { method: 'window' })).statusCode).toBe(409);
    // One timeline for the applicant, and the public look-up shows the members' states.
    expect(delivered.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['submit', 'member_started', 'correction_sent', 'correction_answered', 'state_completed', 'deliver', 'state_delivered']));
    const pub = await ctx.anon().get(`/api/public/bundle-progress?caseNo=${v0.caseNo}&code=${v0.queryCode}`);
    expect(pub.statusCode, pub.body).toBe(200);
    expect((pub.json() as { state: string; members: { phase: string }[] }).members.map((m) => m.phase)).toEqual(['done', 'done', 'done', 'done']);
    expect((await ctx.anon().get(`/api/public/bundle-progress?caseNo=${v0.caseNo}&code=ZZZZZZZZ`)).statusCode).toBe(404);
  });

  it('a refused member under policy “continue”: the others finish, the applicant is told which and why', async () => {
    const v0 = (await apply(zhangsan, '开办餐饮店', { 'q-sign': ['o-no-sign'], 'q-name': ['o-with-name'] })).json() as BundleView;
    const drainage = member(v0, 'drainage').caseId!;
    const refused = await act(dept.housing!.h, drainage, { type: 'refuse', reason: '经营场所不在市政排水管网覆盖范围', remedies: '可依法申请行政复议或提起行政诉讼' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect((await view(zhangsan, v0.id)).state).toBe('in_progress');
    await work(member(v0, 'licence').caseId!, 'samr');
    const mid = await view(zhangsan, v0.id);
    await work(member(mid, 'catering').caseId!, 'samr');
    const end = await view(zhangsan, v0.id);
    expect(end.state).toBe('partially_completed');
    const told = end.timeline.find((e) => e.action === 'state_partially_completed')!;
    expect(told.comment).toContain('城镇污水排入排水管网许可');
    expect(told.comment).toContain('其余事项继续办理');
  });

  it('a refused member under policy “stop”: the dependent members never start and the bundle stops; taken in at the window', async () => {
    const zs = await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'zhangsan').executeTakeFirstOrThrow();
    const res = await apply(clerk, '新生儿出生', { 'q-card': ['o-card'] }, { applicantId: zs.id });
    expect(res.statusCode, res.body).toBe(201);
    const v0 = res.json() as BundleView;
    expect(v0.members.map((m) => m.phase)).toEqual(['running', 'waiting', 'waiting', 'waiting']);
    const channel = await ctx.handle.db.selectFrom('bundle_cases').select(['channel', 'applicant_id']).where('id', '=', v0.id).executeTakeFirstOrThrow();
    expect(channel).toEqual({ channel: 'window', applicant_id: zs.id });
    await work(member(v0, 'certificate').caseId!, 'health', 'denied');
    const end = await view(zhangsan, v0.id);
    expect(end.state).toBe('stopped');
    expect(end.members.slice(1).map((m) => m.phase)).toEqual(['blocked', 'blocked', 'blocked']);
    expect(end.timeline.find((e) => e.action === 'state_stopped')!.comment).toContain('其余事项一并终止办理');
    const notified = await ctx.handle.db.selectFrom('notifications').select('title').where('kind', '=', 'bundle_stopped').execute();
    expect(notified).toHaveLength(1);
  });

  it('withdrawal withdraws every running member and starts nothing more', async () => {
    const v0 = (await apply(zhangsan, '开办餐饮店', { 'q-sign': ['o-sign'], 'q-name': ['o-with-name'] })).json() as BundleView;
    await act(clerk, member(v0, 'drainage').caseId!, await withChecklist(clerk, member(v0, 'drainage').caseId!, { type: 'accept' }));
    expect((await clerk.post(`/api/bundle-cases/${v0.id}/withdraw`, { reason: '不开了' })).statusCode).toBe(403);
    const w = await zhangsan.post(`/api/bundle-cases/${v0.id}/withdraw`, { reason: '改变经营计划' });
    expect(w.statusCode, w.body).toBe(200);
    const v = w.json() as BundleView;
    expect(v.state).toBe('withdrawn');
    expect(v.members.filter((m) => m.caseId).map((m) => m.state)).toEqual(['withdrawn', 'withdrawn', 'withdrawn']);
    expect(member(v, 'catering').phase).toBe('blocked');
    expect((await zhangsan.post(`/api/bundle-cases/${v0.id}/withdraw`, { reason: '再撤一次' })).statusCode).toBe(409);
  });

  it('shows the bundle due date to the supervisor with near-due and overdue status', async () => {
    const sup = await ctx.as('supervisor');
    const list = (await sup.get('/api/bundle-cases')).json() as { bundles: { id: string; due: { status: string; dueDate: string } }[] };
    expect(list.bundles.length).toBeGreaterThanOrEqual(5);
    const running = list.bundles.find((b) => b.due.status !== 'closed')!;
    expect(['on_time', 'near_due']).toContain(running.due.status);
    await ctx.handle.db.updateTable('bundle_cases').set({ due_date: '2020-01-02' }).where('id', '=', running.id).execute();
    const again = (await sup.get('/api/bundle-cases')).json() as { bundles: { id: string; due: { status: string } }[] };
    expect(again.bundles.find((b) => b.id === running.id)!.due.status).toBe('overdue');
    // An applicant sees only their own.
    const mine = (await lisi.get('/api/bundle-cases')).json() as { bundles: unknown[] };
    expect(mine.bundles).toHaveLength(1);
  });
});
