import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';

/**
 * Issue 9 items 1, 5 and 6: acceptance needs the checked materials, each person is offered exactly the
 * commands the core allows them now, and one person acts on at most one back-office step of a case.
 */

let ctx: TestContext;
let applicant: Agent;
let clerk: Agent;
let samrHandler: Agent;
let samrSigner: Agent;
let mcaHandler: Agent;
let mcaSigner: Agent;
let gthImplId: string; // 个体工商户设立登记: 审查 → 决定
let reliefImplId: string; // 临时救助 (行政给付): 审查 → 审核 → 决定

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

type Material = { id: string; name: string; required: boolean; original: boolean };
type View = {
  id: string;
  state: string;
  lockVersion: number;
  checklist: Material[];
  abilities: { type: string; role: string }[];
  actions: string[];
  timeline: { action: string; data: Record<string, unknown>; comment: string | null }[];
};

async function upload(agent: Agent, name: string): Promise<string> {
  const boundary = '----tongban' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
    PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await ctx.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

async function submit(implId: string, formData: Record<string, unknown>, situationAnswers: Record<string, string[]> = {}): Promise<View> {
  const fileId = await upload(applicant, 'application.pdf');
  const res = await applicant.post('/api/cases', { implId, formData, situationAnswers, materials: [{ materialId: 'm-application', fileId, fileName: 'application.pdf' }] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as View;
}

const view = async (agent: Agent, id: string) => (await agent.get(`/api/cases/${id}`)).json() as View;
const act = (agent: Agent, id: string, body: Record<string, unknown>) => agent.post(`/api/cases/${id}/actions`, body);
const types = (v: View) => v.abilities.map((a) => a.type);
/** Every required material received, originals seen. */
const fullChecklist = (v: View) => v.checklist.filter((m) => m.required).map((m) => ({ materialId: m.id, originalSeen: true }));

async function acceptedCase(implId: string, formData: Record<string, unknown>, situationAnswers: Record<string, string[]> = {}): Promise<View> {
  const c = await submit(implId, formData, situationAnswers);
  const v = await view(clerk, c.id);
  const res = await act(clerk, c.id, { type: 'accept', received: fullChecklist(v) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as View;
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing
  applicant = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
  samrHandler = await ctx.as('samr_handler');
  samrSigner = await ctx.as('samr_signer');
  mcaHandler = await ctx.as('mca_handler');
  mcaSigner = await ctx.as('mca_signer');
  gthImplId = await implByName('个体工商户设立登记');
  reliefImplId = await implByName('临时救助');
});
afterAll(async () => ctx.close());

const RELIEF_FORM = { name: '张三', idNumber: '330523199003071234', reason: '家中失火' };
/** A valid 个体工商户设立登记 application (the form is validated against the item's schema). */
const GTH_FORM = { name: '张三', idNumber: '330523199003071234', phone: '13800001234', premises: '递铺街道胜利路18号', scope: '茶叶零售' };
const GTH_SITUATIONS = { 's-who': ['o-self'], 's-name': ['o-no-name'] };

describe('item 1: acceptance needs the checked materials', () => {
  it('finding 1: a clerk cannot accept 临时救助 with no material ticked, and nothing is written', async () => {
    const c = await submit(reliefImplId, RELIEF_FORM);
    const before = await view(clerk, c.id);
    expect(before.checklist.map((m) => m.name)).toEqual(['临时救助申请书', '申请人有效身份证件', '遭遇突发事件、意外事故或重大疾病的相关证明']);
    const nothing = await act(clerk, c.id, { type: 'accept', received: [] });
    expect(nothing.statusCode).toBe(422);
    expect(nothing.json()).toMatchObject({ error: 'CASE_RULE_VIOLATION', details: [{ code: 'MATERIALS_NOT_CHECKED' }] });
    expect(nothing.json().message).toContain('临时救助申请书（未收取）');
    // The old body without a checklist is a clear 400.
    expect((await act(clerk, c.id, { type: 'accept' })).statusCode).toBe(400);
    // Received but the original not seen, where the item asks for the original.
    const unseen = await act(clerk, c.id, { type: 'accept', received: before.checklist.map((m) => ({ materialId: m.id, originalSeen: false })) });
    expect(unseen.statusCode).toBe(422);
    expect(unseen.json().message).toContain('申请人有效身份证件（未核验原件）');
    const after = await view(clerk, c.id);
    expect(after.lockVersion).toBe(before.lockVersion);
    expect(after.timeline.map((e) => e.action)).toEqual(['submit']);
  });

  it('finding 1: the checklist is recorded on the timeline with the acceptance', async () => {
    const c = await submit(reliefImplId, RELIEF_FORM);
    const checklist = fullChecklist(await view(clerk, c.id));
    const res = await act(clerk, c.id, { type: 'accept', received: checklist });
    expect(res.statusCode, res.body).toBe(200);
    const accept = (res.json() as View).timeline.find((e) => e.action === 'accept');
    expect(accept?.data.received).toEqual(checklist);
    expect(accept?.comment).toContain('临时救助申请书');
  });

  it('finding 1: 容缺受理 accounts for the owed material; everything else must be received', async () => {
    const c = await submit(reliefImplId, RELIEF_FORM);
    const v = await view(clerk, c.id);
    const others = fullChecklist(v).filter((m) => m.materialId !== 'm-proof');
    const owed = [{ materialId: 'm-proof', dueDate: '2026-03-05' }];
    expect((await act(clerk, c.id, { type: 'accept_with_gaps', received: [], owed })).statusCode).toBe(422);
    const res = await act(clerk, c.id, { type: 'accept_with_gaps', received: others, owed });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('item 5: abilities from the core', () => {
  it('finding 5: 签收 twice writes one 签收; the second is refused and no longer offered', async () => {
    const c = await acceptedCase(gthImplId, GTH_FORM, GTH_SITUATIONS);
    expect(types(await view(samrHandler, c.id))).toContain('claim');
    expect((await act(samrHandler, c.id, { type: 'claim' })).statusCode).toBe(200);
    const again = await act(samrHandler, c.id, { type: 'claim' });
    expect(again.statusCode).toBe(422);
    const v = await view(samrHandler, c.id);
    expect(v.timeline.filter((e) => e.action === 'claim')).toHaveLength(1);
    expect(types(v)).not.toContain('claim');
  });

  it('finding 5: a handler at 审查 is not offered 作出决定; a signer at 决定 is offered 签收 and then 作出决定, never 转下一环节', async () => {
    const c = await acceptedCase(gthImplId, GTH_FORM, GTH_SITUATIONS);
    await act(samrHandler, c.id, { type: 'claim' });
    const handling = await view(samrHandler, c.id);
    expect(types(handling)).toEqual(expect.arrayContaining(['advance', 'suspend', 'release']));
    expect(types(handling)).not.toContain('decide');
    // The signer has nothing to do while the handler works on 审查.
    expect(types(await view(samrSigner, c.id))).not.toContain('claim');
    expect((await act(samrHandler, c.id, { type: 'advance', comment: '材料齐全' })).statusCode).toBe(200);
    expect(types(await view(samrSigner, c.id))).toContain('claim');
    await act(samrSigner, c.id, { type: 'claim' });
    const signing = await view(samrSigner, c.id);
    expect(types(signing)).toContain('decide');
    expect(types(signing)).not.toContain('advance');
    expect(signing.actions).toEqual(types(signing));
  });

  it('every ability offered to a person is accepted by the server', async () => {
    const c = await acceptedCase(gthImplId, GTH_FORM, GTH_SITUATIONS);
    await act(samrHandler, c.id, { type: 'claim' });
    const v = await view(samrHandler, c.id);
    const body: Record<string, Record<string, unknown>> = { release: { type: 'release' }, advance: { type: 'advance', comment: '同意' }, suspend: { type: 'suspend', procedure: '现场核查', reason: '核查经营场所' } };
    for (const a of v.abilities) expect(body[a.type], a.type).toBeDefined();
    expect((await act(samrHandler, c.id, body.suspend as Record<string, unknown>)).statusCode).toBe(200);
    expect(types(await view(samrHandler, c.id))).toEqual(['resume']);
  });
});

describe('item 6: separation of duties', () => {
  it('finding 6: the same person cannot do 审查 and 审核 of one case', async () => {
    const c = await acceptedCase(reliefImplId, RELIEF_FORM);
    expect((await act(mcaHandler, c.id, { type: 'claim' })).statusCode).toBe(200);
    expect((await act(mcaHandler, c.id, { type: 'advance', comment: '情况属实' })).statusCode).toBe(200);
    // mca_handler also holds the 审核 role, but has acted on 审查 of this case.
    expect(types(await view(mcaHandler, c.id))).not.toContain('claim');
    // Nor is it in their inbox: 审核 waits for another person.
    const inbox = (await mcaHandler.get('/api/workbench/inbox')).json() as { cases: { id: string }[] };
    expect(inbox.cases.some((x) => x.id === c.id)).toBe(false);
    const review = await act(mcaHandler, c.id, { type: 'claim' });
    expect(review.statusCode).toBe(422);
    expect(review.json()).toMatchObject({ details: [{ code: 'SEPARATION_OF_DUTIES' }] });
    expect((await view(mcaSigner, c.id)).timeline.map((e) => e.action)).toEqual(['submit', 'accept', 'claim', 'advance']);
  });
});
