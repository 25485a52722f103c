import { expect } from 'vitest';
import { sampleApplicationFor } from './applications.js';
import { withChecklist } from './checklist.js';
import type { Agent, TestContext } from './test-app.js';

/** Helpers for the accountability tests (ratings, complaints, supervision, scorecards): cases driven through the real API. */
export async function implByName(ctx: TestContext, name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

export async function userId(ctx: TestContext, username: string): Promise<string> {
  return (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

export const act = async (agent: Agent, id: string, body: Record<string, unknown>) => {
  const res = await agent.post(`/api/cases/${id}/actions`, await withChecklist(agent, id, body));
  expect(res.statusCode, `${String(body.type)}: ${res.body}`).toBe(200);
  return res.json() as { state: string; caseNo: string; dueDate: string | null };
};

/** An online application by `applicant`; answers the case id and number. */
export async function submitOnline(applicant: Agent, implId: string): Promise<{ id: string; caseNo: string }> {
  const res = await applicant.post('/api/cases', { implId, ...(await sampleApplicationFor(applicant, implId)), materials: [] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; caseNo: string };
}

/** A walk-in application taken in at the window by `clerk` for the applicant `applicantId`. */
export async function submitAtWindow(clerk: Agent, implId: string, applicantId: string): Promise<{ id: string; caseNo: string }> {
  const res = await clerk.post('/api/cases', { implId, ...(await sampleApplicationFor(clerk, implId)), materials: [], applicantId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; caseNo: string };
}

export interface Team {
  clerk: Agent;
  handler: Agent;
  signer: Agent;
}

/** Intake, handling and sign-off: the case is decided (办结) on the clock's current day. */
export async function decide(team: Team, caseId: string, decision: 'approved' | 'denied' = 'approved'): Promise<void> {
  await act(team.clerk, caseId, { type: 'accept' });
  await act(team.handler, caseId, { type: 'claim' });
  await act(team.handler, caseId, { type: 'advance', comment: '材料齐全，符合条件' });
  await act(team.signer, caseId, { type: 'claim' });
  await act(team.signer, caseId, { type: 'decide', decision, reason: decision === 'approved' ? '申请材料齐全，符合法定条件' : '不符合法定条件' });
}
