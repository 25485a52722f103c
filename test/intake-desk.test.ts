import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemContent } from '../src/core/catalogue/types.js';
import { sampleApplicationFor } from './support/applications.js';
import { withChecklist } from './support/checklist.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';

/**
 * ADR 0020 (issue 9 item 5 follow-up): approvers were offered 受理/容缺受理/不予受理 on submitted cases.
 * Intake belongs to the comprehensive window (一窗受理); at an item with no window (online only), to the
 * handling department's handler; 不予受理 is the handler's (窗口无否决权), never the reviewer's or signer's.
 */
let ctx: TestContext;
let applicant: Agent;
let clerk: Agent;
let handler: Agent;
let reviewer: Agent;
let signer: Agent;

type View = { id: string; state: string; lockVersion: number; abilities: { type: string; role: string }[] };
const INTAKE = ['accept', 'accept_with_gaps', 'request_correction', 'complete_on_the_spot'];

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

async function submitted(implId: string): Promise<string> {
  const res = await applicant.post('/api/cases', { implId, ...(await sampleApplicationFor(applicant, implId)), materials: [] });
  expect([200, 201], res.body).toContain(res.statusCode);
  return (res.json() as { id: string }).id;
}

async function abilities(who: Agent, id: string): Promise<string[]> {
  const res = await who.get(`/api/cases/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as View).abilities.map((a) => a.type);
}
const inboxIds = async (who: Agent) => ((await who.get('/api/workbench/inbox?pageSize=100')).json() as { cases: { id: string }[] }).cases.map((c) => c.id);
const stateOf = async (id: string) => ((await clerk.get(`/api/cases/${id}`)).json() as View).state;

/** Makes the published version of an item online only (no window), as a catalogue administrator could publish it. */
async function makeOnlineOnly(implId: string): Promise<void> {
  const db = ctx.handle.db;
  const impl = await db.selectFrom('item_impls').select('published_version_id').where('id', '=', implId).executeTakeFirstOrThrow();
  const v = await db.selectFrom('item_versions').select(['id', 'content']).where('id', '=', impl.published_version_id as string).executeTakeFirstOrThrow();
  const content: ItemContent = { ...v.content, handlingForms: ['online', 'mobile'], acceptsPost: true };
  await db.updateTable('item_versions').set({ content: JSON.stringify(content) }).where('id', '=', v.id).execute();
}

beforeAll(async () => {
  ctx = await createTestContext();
  applicant = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
  handler = await ctx.as('samr_handler');
  reviewer = await ctx.as('samr_reviewer');
  signer = await ctx.as('samr_signer');
});
afterAll(async () => ctx.close());

describe('who takes a submitted case in (ADR 0020)', () => {
  it('at a window item the clerk takes it in; the back office is offered no intake command, and only the handler may refuse', async () => {
    const id = await submitted(await implByName('个体工商户设立登记'));
    expect(await abilities(clerk, id)).toEqual(expect.arrayContaining(['accept', 'request_correction']));
    for (const who of [handler, signer]) for (const t of INTAKE) expect(await abilities(who, id)).not.toContain(t);
    // This item's flow has no 审核 step: its reviewer has no relation to the case at all.
    expect((await reviewer.get(`/api/cases/${id}`)).statusCode).toBe(403);
    expect(await abilities(handler, id)).toEqual(['refuse']);
    expect(await abilities(signer, id)).toEqual([]);
    expect(await inboxIds(clerk)).toContain(id);
    for (const who of [handler, reviewer, signer]) expect(await inboxIds(who)).not.toContain(id);

    // A back-office approver's 受理 is refused with the reason, and nothing changes.
    const byHandler = await handler.post(`/api/cases/${id}/actions`, await withChecklist(clerk, id, { type: 'accept' }));
    expect(byHandler.statusCode).toBe(403);
    expect(byHandler.body).toContain('一窗受理');
    const bySigner = await signer.post(`/api/cases/${id}/actions`, { type: 'refuse', reason: '不属于本机关职权范围', remedies: '可依法申请行政复议或者提起行政诉讼' });
    expect(bySigner.statusCode).toBe(403);
    expect(await stateOf(id)).toBe('submitted');
    const refused = await handler.post(`/api/cases/${id}/actions`, { type: 'refuse', reason: '不属于本机关职权范围', remedies: '可依法申请行政复议或者提起行政诉讼' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect((refused.json() as View).state).toBe('refused');
  });

  it('at an item without a window the handling department’s handler takes it in, from the inbox; the clerk cannot', async () => {
    const implId = await implByName('食品经营许可');
    await makeOnlineOnly(implId);
    const id = await submitted(implId);
    expect(await abilities(clerk, id)).toEqual([]);
    expect(await inboxIds(clerk)).not.toContain(id);
    expect(await abilities(handler, id)).toEqual(expect.arrayContaining(['accept', 'accept_with_gaps', 'request_correction', 'refuse']));
    for (const who of [reviewer, signer]) expect(await abilities(who, id)).toEqual([]);
    expect(await inboxIds(handler)).toContain(id);
    expect(await inboxIds(signer)).not.toContain(id);

    const byClerk = await clerk.post(`/api/cases/${id}/actions`, await withChecklist(clerk, id, { type: 'accept' }));
    expect(byClerk.statusCode).toBe(403);
    expect(byClerk.body).toContain('不设窗口');
    expect(await stateOf(id)).toBe('submitted');
    const accepted = await handler.post(`/api/cases/${id}/actions`, await withChecklist(handler, id, { type: 'accept' }));
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((accepted.json() as View).state).toBe('accepted');
    // Then the back office goes on as usual: the handler is offered 签收 of 审查.
    expect(await abilities(handler, id)).toContain('claim');
  });
});
