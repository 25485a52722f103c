import { expect } from 'vitest';
import type { FormSchema } from '../../src/core/catalogue/types.js';
import type { StaffRole } from '../../src/server/db/schema.js';
import { sampleApplication } from './applications.js';
import { withChecklist } from './checklist.js';
import { buildStaff } from './factories.js';
import type { Agent, TestContext } from './test-app.js';

/** Small factories for 一件事 tests (issue 10): apply for a demo bundle, work a member case through its department. */
export type BundleMember = { key: string; name: string; phase: string; caseId?: string; caseNo?: string; state?: string; resultNo?: string | null; note: string | null };
export type BundleView = { id: string; caseNo: string; queryCode?: string; state: string; members: BundleMember[]; correction: { status: string; items: { memberKey: string; code?: string | null }[] } | null; timeline: { action: string; comment: string | null }[]; delivery: unknown };
type Guide = { bundleId: string; form: FormSchema; materials: { code: string; serves: { memberKey: string }[] }[] };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export interface BundleKit {
  upload: (agent: Agent, name: string) => Promise<{ fileId: string; fileName: string }>;
  apply: (agent: Agent, name: string, answers: Record<string, string[]>, extra?: Record<string, unknown>) => ReturnType<Agent['post']>;
  view: (agent: Agent, id: string) => Promise<BundleView>;
  work: (caseId: string, deptKey: string, decision?: 'approved' | 'denied') => Promise<void>;
  dept: Record<string, { h: Agent; r: Agent; s: Agent }>;
}

export const memberOf = (v: BundleView, key: string) => v.members.find((m) => m.key === key)!;

/** Builds handle/review/sign-off staff for the departments named and returns the helpers. */
export async function bundleKit(ctx: TestContext, clerk: Agent, departments: string[], prefix = 'bk'): Promise<BundleKit> {
  const dept: BundleKit['dept'] = {};
  for (const key of departments) {
    const names: [string, StaffRole][] = [['h', 'approver_handle'], ['r', 'approver_review'], ['s', 'approver_signoff']];
    const agents: Record<string, Agent> = {};
    for (const [suffix, role] of names) {
      await buildStaff(ctx.handle.db, { username: `${prefix}_${key}_${suffix}`, orgKey: `county-${key}`, roles: [{ role, scopeKey: `county-${key}` }] });
      agents[suffix] = await ctx.as(`${prefix}_${key}_${suffix}`);
    }
    dept[key] = agents as { h: Agent; r: Agent; s: Agent };
  }
  const upload = async (agent: Agent, name: string) => {
    const boundary = '----tongban' + Math.random().toString(16).slice(2);
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`), PDF, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
    expect(res.statusCode, res.body).toBe(201);
    return { fileId: (res.json() as { id: string }).id, fileName: name };
  };
  const guideOf = async (name: string, choose: string[]) => {
    const list = (await ctx.anon().get('/api/public/bundles')).json() as { bundles: { bundleId: string; name: string }[] };
    const id = list.bundles.find((b) => b.name === name)!.bundleId;
    return (await ctx.anon().get(`/api/public/bundles/${id}${choose.length ? `?${choose.map((c) => `choose=${c}`).join('&')}` : ''}`)).json() as Guide;
  };
  const apply: BundleKit['apply'] = async (agent, name, answers, extra = {}) => {
    const guide = await guideOf(name, Object.entries(answers).map(([q, [o]]) => `${q}:${o}`));
    const { formData } = sampleApplication({ form: guide.form, situations: [] });
    const materials = [];
    for (const m of guide.materials) materials.push({ code: m.code, ...(await upload(agent, `${m.code}.pdf`)) });
    return agent.post('/api/bundle-cases', { bundleId: guide.bundleId, answers, formData, materials, ...extra }, { 'idempotency-key': `k-${Math.random().toString(36).slice(2)}` });
  };
  const view = async (agent: Agent, id: string) => (await agent.get(`/api/bundle-cases/${id}`)).json() as BundleView;
  const act = (agent: Agent, caseId: string, body: Record<string, unknown>) => agent.post(`/api/cases/${caseId}/actions`, body);
  const snapshotOf = async (caseId: string) => {
    const r = await ctx.handle.db.selectFrom('cases').select(['snapshot', 'state']).where('id', '=', caseId).executeTakeFirstOrThrow();
    return { state: r.state, s: r.snapshot as { stepIndex: number; item: { steps: { role: string; decision: boolean }[] } } };
  };
  const work: BundleKit['work'] = async (caseId, deptKey, decision = 'approved') => {
    const accepted = await act(clerk, caseId, await withChecklist(clerk, caseId, { type: 'accept' }));
    expect(accepted.statusCode, accepted.body).toBe(200);
    const d = dept[deptKey]!;
    const who = { approver_handle: d.h, approver_review: d.r, approver_signoff: d.s } as Record<string, Agent>;
    for (;;) {
      const { state, s } = await snapshotOf(caseId);
      if (state !== 'in_review' && state !== 'accepted') break;
      const step = s.item.steps[s.stepIndex]!;
      const a = who[step.role]!;
      expect((await act(a, caseId, { type: 'claim' })).statusCode).toBe(200);
      const r = step.decision ? await act(a, caseId, { type: 'decide', decision, reason: decision === 'approved' ? '符合条件' : '不符合法定条件' }) : await act(a, caseId, { type: 'advance', comment: '同意' });
      expect(r.statusCode, r.body).toBe(200);
    }
    const done = await act(d.s, caseId, { type: 'complete' });
    expect(done.statusCode, done.body).toBe(200);
  };
  return { upload, apply, view, work, dept };
}

/**
 * A 一件事 for enterprises whose members both ask the 营业执照 (one merged material, `licence:营业执照`, that a
 * licence or a read of 法人基础信息 can replace — ADR 0044): 食品经营许可 and 营业执照变更登记 of 市场监管局.
 * Made by one catalogue administrator and published by another.
 */
export async function publishEnterpriseBundle(ctx: TestContext, hallId: string, name = '企业餐饮门店开业（测试）'): Promise<{ bundleId: string; versionId: string }> {
  const implId = async (q: string) => {
    const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(q)}`)).json() as { items: { implId: string; name: string }[] };
    const hit = res.items.find((i) => i.name.startsWith(q));
    if (!hit) throw new Error(`no item ${q}`);
    return hit.implId;
  };
  const content = {
    name,
    description: '已取得营业执照的企业开设餐饮门店：食品经营许可和营业执照变更登记（经营范围）一次申请。',
    regionCode: '330523',
    topic: '开办餐饮店',
    category: '市场准入',
    applicantTypes: ['legal_person'],
    questions: [],
    members: [
      { key: 'food', itemId: await implId('食品经营许可') },
      { key: 'change', itemId: await implId('营业执照变更登记') },
    ],
    refusalPolicy: 'continue',
    limitDays: 20,
  };
  const catadmin = await ctx.as('catadmin');
  const provadmin = await ctx.as('provadmin');
  const made = await catadmin.post('/api/admin/bundles', { orgId: hallId, content });
  expect(made.statusCode, made.body).toBe(201);
  const { bundleId, versionId } = made.json() as { bundleId: string; versionId: string };
  expect((await catadmin.post(`/api/admin/bundle-versions/${versionId}/submit`, {})).statusCode).toBe(200);
  const published = await provadmin.post(`/api/admin/bundle-versions/${versionId}/publish`, {});
  expect(published.statusCode, published.body).toBe(200);
  return { bundleId, versionId };
}
