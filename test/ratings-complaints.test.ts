import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { implByName, submitOnline, userId } from './support/accountability.js';
import { orgIdByKey } from './support/factories.js';

/** 咨询投诉 over the API (issue 12): dispatch, deadline, reply, satisfaction, reopen once, overdue, who sees a complaint about a person. */
let ctx: TestContext;
let applicant: Agent;
let other: Agent;
let handler: Agent;
let reviewer: Agent;
let supervisor: Agent;
let mca: Agent;
let clerk: Agent;
let samr: string;
let caseId: string;

type View = { id: string; status: string; dueOn: string; overdue: boolean; orgId: string; channel: string; abilities: { reply: boolean; rate: boolean; reopen: boolean } };

async function loginAll() {
  applicant = await ctx.as('zhangsan');
  other = await ctx.as('lisi');
  handler = await ctx.as('samr_handler');
  reviewer = await ctx.as('samr_reviewer');
  supervisor = await ctx.as('supervisor');
  mca = await ctx.as('mca_handler');
  clerk = await ctx.as('clerk');
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-06T02:00:00Z'); // Friday
  await loginAll();
  samr = await orgIdByKey(ctx.handle.db, 'county-samr');
  caseId = (await submitOnline(applicant, await implByName(ctx, '个体工商户设立登记'))).id;
});
afterAll(async () => ctx.close());

describe('咨询投诉', () => {
  it('dispatches an applicant’s complaint about their case to its department with a 5-working-day deadline', async () => {
    expect((await ctx.anon().post('/api/complaints', { kind: 'complaint', subject: { kind: 'case', caseId }, content: 'x' })).statusCode).toBe(401);
    expect((await applicant.post('/api/complaints', { kind: 'complaint', subject: { kind: 'case', caseId }, content: '' })).statusCode).toBe(400);
    expect((await other.post('/api/complaints', { kind: 'complaint', subject: { kind: 'case', caseId }, content: '办理太慢' })).statusCode).toBe(404);
    const res = await applicant.post('/api/complaints', { kind: 'complaint', subject: { kind: 'case', caseId }, content: '办理太慢，多次催问无果' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ orgId: samr, status: 'open', dueOn: '2026-03-13', channel: 'online', overdue: false });
  });

  it('staff enter a phone call with the caller’s name and number', async () => {
    expect((await clerk.post('/api/complaints', { kind: 'consultation', subject: { kind: 'general', orgId: samr }, content: '咨询个体户登记需要哪些材料' })).statusCode).toBe(400);
    const res = await clerk.post('/api/complaints', { kind: 'consultation', subject: { kind: 'general', orgId: samr }, content: '咨询个体户登记需要哪些材料', complainantName: '王五', complainantPhone: '13700000001' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'phone', complainantName: '王五', complainantPhone: '13700000001' });
    const stored = await ctx.handle.db.selectFrom('complaints').select('complainant_phone').where('id', '=', (res.json() as View).id).executeTakeFirstOrThrow();
    expect(stored.complainant_phone).not.toContain('13700000001'); // sealed at rest
  });

  it('the department sees what was dispatched to it; another department does not', async () => {
    const mine = (await handler.get('/api/complaints')).json() as { complaints: View[] };
    expect(mine.complaints).toHaveLength(2);
    expect(((await mca.get('/api/complaints')).json() as { complaints: View[] }).complaints).toEqual([]);
    expect((await mca.get(`/api/complaints/${mine.complaints[0]!.id}`)).statusCode).toBe(404);
    expect((await mca.post(`/api/complaints/${mine.complaints[0]!.id}/reply`, { reply: 'x' })).statusCode).toBe(404);
  });

  it('a complaint about a person is not visible to that person’s peers (nor to the person); the supervisor answers it', async () => {
    const res = await applicant.post('/api/complaints', { kind: 'complaint', subject: { kind: 'staff', staffId: await userId(ctx, 'samr_reviewer') }, content: '审核人员态度恶劣' });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as View).id;
    for (const peer of [handler, reviewer]) {
      expect(((await peer.get('/api/complaints')).json() as { complaints: View[] }).complaints.map((c) => c.id)).not.toContain(id);
      expect((await peer.get(`/api/complaints/${id}`)).statusCode).toBe(404);
      expect((await peer.post(`/api/complaints/${id}/reply`, { reply: '不属实' })).statusCode).toBe(404);
    }
    const seen = (await supervisor.get(`/api/complaints/${id}`)).json() as View;
    expect(seen.abilities.reply).toBe(true);
    expect((await supervisor.post(`/api/complaints/${id}/reply`, { reply: '已约谈当事人，责令整改' })).statusCode).toBe(200);
  });

  it('reply, dissatisfied, reopen once with a new deadline; a second reopen is refused', async () => {
    const id = ((await applicant.get('/api/complaints')).json() as { complaints: (View & { kind: string; subjectKind: string })[] }).complaints.find((c) => c.subjectKind === 'case')!.id;
    expect((await applicant.post(`/api/complaints/${id}/reopen`, { reason: 'x' })).statusCode).toBe(409); // not answered yet
    expect((await handler.post(`/api/complaints/${id}/reply`, { reply: '已督促承办人加快办理' })).statusCode).toBe(200);
    expect((await handler.post(`/api/complaints/${id}/reply`, { reply: 'again' })).statusCode).toBe(409);
    expect((await other.post(`/api/complaints/${id}/satisfaction`, { satisfied: false })).statusCode).toBe(404);
    expect((await applicant.post(`/api/complaints/${id}/satisfaction`, { satisfied: false })).statusCode).toBe(200);
    const reopened = await applicant.post(`/api/complaints/${id}/reopen`, { reason: '答复未解决问题' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'open', dueOn: '2026-03-13' });
    expect((await handler.post(`/api/complaints/${id}/reply`, { reply: '已办结' })).statusCode).toBe(200);
    const again = (await applicant.get(`/api/complaints/${id}`)).json() as View;
    expect(again.abilities.reopen).toBe(false);
    expect((await applicant.post(`/api/complaints/${id}/reopen`, { reason: '还是不满意' })).statusCode).toBe(409);
    expect((await applicant.post(`/api/complaints/${id}/satisfaction`, { satisfied: true })).json()).toMatchObject({ status: 'closed' });
  });

  it('an unanswered complaint past its deadline is overdue and counts against the on-time rate', async () => {
    const res = await applicant.post('/api/complaints', { kind: 'complaint', subject: { kind: 'item', implId: await implByName(ctx, '个体工商户设立登记') }, content: '办事指南与窗口要求不一致' });
    const id = (res.json() as View).id;
    ctx.clock.set('2026-03-16T02:00:00Z'); // the next Monday, after the deadline of Friday the 13th
    await loginAll();
    expect((await handler.get(`/api/complaints/${id}`)).json()).toMatchObject({ overdue: true, status: 'open' });
    const card = (await supervisor.get('/api/scorecards?from=2026-03-01&to=2026-03-31&level=department')).json() as { rows: { id: string; complaints: number; complaintOnTimeRate: number | null }[] };
    // Three complaints to the department: two answered in time, one overdue (the consultation does not count).
    expect(card.rows.find((r) => r.id === samr)).toMatchObject({ complaints: 3, complaintOnTimeRate: 0.6667 });
  });
});
