import type { Agent } from './test-app.js';

const INTAKE = ['accept', 'accept_with_gaps', 'complete_on_the_spot'];

/**
 * Fills in the clerk's intake checklist (issue 9 item 1) for tests about something else: every
 * required material of the case received with its original seen, except those owed under 容缺.
 * A body that already carries `received` is sent as it is.
 */
export async function withChecklist(agent: Agent, caseId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (!INTAKE.includes(body.type as string) || 'received' in body) return body;
  const res = await agent.get(`/api/cases/${caseId}`);
  const checklist = res.statusCode === 200 ? (res.json() as { checklist: { id: string; required: boolean }[] }).checklist : [];
  const owed = new Set(((body.owed ?? []) as { materialId: string }[]).map((o) => o.materialId));
  return { ...body, received: checklist.filter((m) => m.required && !owed.has(m.id)).map((m) => ({ materialId: m.id, originalSeen: true })) };
}
