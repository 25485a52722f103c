import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { up as dropInternalSteps } from '../src/server/db/migrations/202612010701_public-timeline-milestones.js';

/** Issue 9, item 8: the public progress look-up shows milestones, never internal steps such as 签收. */
let ctx: TestContext;
let applicant: Agent;
let clerk: Agent;
let handler: Agent;
let reviewer: Agent; // 审核: a second 民政 approver (one person acts on one step of a case)
let signer: Agent;
let implId: string; // 临时救助 (民政: handler, then sign-off)

const RELIEF_FORM = { name: '张三', idNumber: '330523199003071234', reason: '家中失火' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function upload(agent: Agent): Promise<string> {
  const boundary = '----tongban' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="id.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await ctx.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

type CaseView = { id: string; caseNo: string; queryCode: string; state: string };
type Progress = { state: string; timeline: { action: string; actorName: null; comment: null }[] };

const act = async (agent: Agent, id: string, body: Record<string, unknown>) => {
  const res = await agent.post(`/api/cases/${id}/actions`, body);
  expect(res.statusCode, `${String(body.type)}: ${res.body}`).toBe(200);
};
/** Every required material received with its original seen (the intake checklist of the case view). */
const accept = async (c: CaseView) => {
  const v = (await clerk.get(`/api/cases/${c.id}`)).json() as { checklist: { id: string; required: boolean }[] };
  await act(clerk, c.id, { type: 'accept', received: v.checklist.filter((m) => m.required).map((m) => ({ materialId: m.id, originalSeen: true })) });
};
const progress = async (c: CaseView) => (await ctx.anon().get(`/api/public/progress?caseNo=${c.caseNo}&code=${c.queryCode}`)).json() as Progress;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  applicant = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
  handler = await ctx.as('mca_handler');
  signer = await ctx.as('mca_signer');
  reviewer = await ctx.as('mca_reviewer');
  const items = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('临时救助')}`)).json() as { items: { implId: string; name: string }[] };
  implId = items.items.find((i) => i.name.startsWith('临时救助'))?.implId ?? '';
});
afterAll(async () => ctx.close());

async function submitCase(): Promise<CaseView> {
  const fileId = await upload(applicant);
  const res = await applicant.post('/api/cases', { implId, formData: RELIEF_FORM, situationAnswers: {}, materials: [{ materialId: 'm-application', fileId, fileName: 'application.pdf' }] });
  expect([200, 201], res.body).toContain(res.statusCode);
  return res.json() as CaseView;
}

describe('item 8: public progress milestones', () => {
  it('finding 8: the public timeline shows submitted, correction, accepted, decision, completed, delivered — not 签收 or 转下一环节', async () => {
    const c = await submitCase();
    await act(clerk, c.id, { type: 'request_correction', missing: [{ materialId: 'm-proof', reason: '缺少遭遇突发事件的相关证明' }] });
    await act(applicant, c.id, { type: 'submit' });
    await accept(c);
    await act(handler, c.id, { type: 'claim' });
    await act(handler, c.id, { type: 'release' });
    await act(handler, c.id, { type: 'claim' });
    await act(handler, c.id, { type: 'advance', comment: '材料齐全，符合条件' });
    const midway = await progress(c);
    expect(midway.state).toBe('in_review');
    expect(midway.timeline.map((e) => e.action)).toEqual(['submit', 'request_correction', 'submit', 'accept']);
    await act(reviewer, c.id, { type: 'claim' });
    await act(reviewer, c.id, { type: 'advance', comment: '同意' });
    await act(signer, c.id, { type: 'claim' });
    await act(signer, c.id, { type: 'decide', decision: 'approved', reason: '申请材料齐全，符合法定条件' });
    await act(signer, c.id, { type: 'complete' });
    await act(clerk, c.id, { type: 'deliver', method: 'window' });
    const done = await progress(c);
    expect(done.state).toBe('delivered');
    expect(done.timeline.map((e) => e.action)).toEqual(['submit', 'request_correction', 'submit', 'accept', 'decide', 'complete', 'deliver']);
    expect(done.timeline.every((e) => e.actorName === null && e.comment === null)).toBe(true);
    // The applicant's own view still has every step.
    const own = (await applicant.get(`/api/cases/${c.id}`)).json() as { timeline: { action: string }[] };
    expect(own.timeline.map((e) => e.action)).toContain('claim');
  });

  it('finding 8: cases written before the change lose their internal steps from the public timeline (migration 202612010701)', async () => {
    const c = await submitCase();
    await accept(c);
    // A row as the old projection wrote it: every event, the internal 签收 included.
    const old = [
      { seq: 1, at: '2026-03-02T02:00:00.000Z', action: 'submit', labelZh: '提交申请', labelEn: 'Application submitted', toState: 'submitted', actorName: null, actorRole: 'applicant', comment: null, files: [], data: {} },
      { seq: 2, at: '2026-03-02T03:00:00.000Z', action: 'accept', labelZh: '受理', labelEn: 'Accepted', toState: 'accepted', actorName: null, actorRole: 'window_clerk', comment: null, files: [], data: {} },
      { seq: 3, at: '2026-03-02T04:00:00.000Z', action: 'claim', labelZh: '签收', labelEn: 'Claimed', toState: 'in_review', actorName: null, actorRole: 'approver_handle', comment: null, files: [], data: {} },
    ];
    await sql`update cases set public_timeline = ${JSON.stringify(old)}::json where id = ${c.id}::uuid`.execute(ctx.handle.db);
    expect((await progress(c)).timeline.map((e) => e.action)).toEqual(['submit', 'accept', 'claim']);
    await dropInternalSteps(ctx.handle.db);
    const after = await progress(c);
    expect(after.timeline.map((e) => e.action)).toEqual(['submit', 'accept']);
    expect(after.timeline[1]).toEqual(old[1]);
  });
});
