import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { act, decide, implByName, submitOnline, type Team } from './support/accountability.js';
import { withChecklist } from './support/checklist.js';
import { openCountingTestDb } from './support/databases.js';
import { orgIdByKey } from './support/factories.js';
import { outboxHandlers, runSweep } from '../src/server/jobs/scheduler.js';

/**
 * 电子监察 on each event (issue 12, ADR 0031): a command, a 回访 or a reply that makes a rule hit records
 * it at once — no sweep runs in this file until the last test — inside the case command's own write
 * (the statements per command are counted, as in test/command-statements.test.ts); and the region's
 * stored thresholds and limits, edited by its supervisor and audited, drive the cards, the commands and
 * the sweep.
 */
let ctx: TestContext;
let counter: { statements: number };
let applicant: Agent;
let supervisor: Agent;
let team: Team;
let gth: string;
let samr: string;
const ids: Record<string, string> = {};

type Cards = { departments: { id: string; card: string | null; red: number; thresholds: { redAt: number } }[] };
const at = async (iso: string) => {
  ctx.clock.set(iso);
  applicant = await ctx.as('zhangsan');
  supervisor = await ctx.as('supervisor');
  team = { clerk: await ctx.as('clerk'), handler: await ctx.as('samr_handler'), signer: await ctx.as('samr_signer') };
};
const hitsOf = async (objectId: string) =>
  (await ctx.handle.db.selectFrom('supervision_hits').select(['rule', 'severity', 'detected_on', 'staff_id']).where('object_id', '=', objectId).orderBy('rule').execute()).map((h) => ({ ...h, detected_on: String(h.detected_on) }));
const rulesOf = async (objectId: string) => (await hitsOf(objectId)).map((h) => h.rule);

/** One case command through the API, with the statements it ran (the checklist is read before counting). */
async function counted(agent: Agent, caseId: string, body: Record<string, unknown>): Promise<number> {
  const full = await withChecklist(agent, caseId, body);
  counter.statements = 0;
  const res = await agent.post(`/api/cases/${caseId}/actions`, full, { prefer: 'return=minimal' });
  expect(res.statusCode, `${String(body.type)}: ${res.body}`).toBeLessThan(300);
  return counter.statements;
}

const settings = (over: { redAt?: number; unclaimedDays?: number } = {}) => ({ thresholds: { yellowAt: 1, redAt: over.redAt ?? 2, staleRedDays: 5 }, limits: { specialProcedureDays: 30, unclaimedDays: over.unclaimedDays ?? 2 } });

beforeAll(async () => {
  const counting = await openCountingTestDb();
  counter = counting.counter;
  // Counted as a request that reads its session (no session cache on PostgreSQL, ADR 0053): the figures stay one set on both databases.
  ctx = await createTestContext({ handle: counting.handle, env: { SESSION_CACHE: 'false' } });
  await at('2026-03-02T02:00:00Z'); // Monday
  gth = await implByName(ctx, '个体工商户设立登记'); // promised limit: 1 working day
  samr = await orgIdByKey(ctx.handle.db, 'county-samr');
});
afterAll(async () => ctx.close());

describe('rules evaluated on each event', () => {
  it('an acceptance after the 5-working-day intake limit records late_intake at once, in the 3 statements of a plain command', async () => {
    for (const k of ['late', 'warm']) ids[k] = (await submitOnline(applicant, gth)).id;
    await act(team.clerk, ids.warm as string, { type: 'accept' }); // the calendar and settings caches
    await at('2026-03-10T02:00:00Z'); // the intake limit ended on 9 March
    expect(await counted(team.clerk, ids.late as string, { type: 'accept' })).toBe(3);
    expect(await hitsOf(ids.late as string)).toContainEqual({ rule: 'late_intake', severity: 'red', detected_on: '2026-03-10', staff_id: null });
    // Taken in on the day they came: no late intake. They wait unclaimed for the tests below.
    for (const k of ['claimLate', 'sweptLate', 'claimDefault']) {
      ids[k] = (await submitOnline(applicant, gth)).id;
      await act(team.clerk, ids[k] as string, { type: 'accept' });
      expect(await rulesOf(ids[k] as string)).not.toContain('late_intake');
    }
    expect(await ctx.handle.db.selectFrom('case_warnings').select('case_id').execute()).toEqual([]); // no sweep has run
  });

  it('a correction notice on a second submission records second_correction with the notice (still 3 statements)', async () => {
    const c = await submitOnline(applicant, gth);
    await act(team.clerk, c.id, { type: 'request_correction', missing: [{ materialId: 'm-premises', reason: '缺少经营场所使用证明' }] });
    await act(applicant, c.id, { type: 'submit' });
    expect(await rulesOf(c.id)).toEqual([]);
    expect(await counted(team.clerk, c.id, { type: 'request_correction', missing: [{ materialId: 'm-premises', reason: '租赁合同未盖章' }] })).toBe(3);
    expect(await hitsOf(c.id)).toEqual([{ rule: 'second_correction', severity: 'yellow', detected_on: '2026-03-10', staff_id: null }]);
  });
});

describe('stored thresholds and limits per region (the supervisor’s, audited)', () => {
  it('401 → 400 → 403 → 404 → saved, with the values before and after in the audit log; nothing changes on a refusal', async () => {
    const put = (agent: Agent, region: string, body: unknown) => agent.put(`/api/admin/supervision-settings/${region}`, body);
    expect((await ctx.anon().put('/api/admin/supervision-settings/330523', settings())).statusCode).toBe(401);
    expect((await put(supervisor, '330523', settings({ redAt: 0 }))).statusCode).toBe(400);
    const crossed = await put(supervisor, '330523', { thresholds: { yellowAt: 3, redAt: 2, staleRedDays: 5 }, limits: { specialProcedureDays: 30, unclaimedDays: 2 } });
    expect(crossed.statusCode).toBe(400);
    expect(crossed.json()).toMatchObject({ details: [expect.objectContaining({ path: '/body/thresholds/redAt' })] });
    expect((await put(supervisor, '330523', { ...settings(), extra: 1 })).statusCode).toBe(400);
    expect((await put(team.handler, '330523', settings())).statusCode).toBe(403);
    expect((await put(await ctx.as('admin'), '330523', settings())).statusCode).toBe(403); // the system administrator reads, the supervisor decides
    expect((await put(supervisor, '330000', settings())).statusCode).toBe(403); // the province is above the county supervisor
    expect((await put(supervisor, '990000', settings())).statusCode).toBe(404);
    expect(await ctx.handle.db.selectFrom('supervision_settings').selectAll().execute()).toEqual([]);

    // One red hit (the late intake) this month: 黄牌 by the defaults …
    const before = (await supervisor.get('/api/supervision/cards?month=2026-03')).json() as Cards;
    expect(before.departments).toEqual([expect.objectContaining({ id: samr, red: 1, card: 'yellow', thresholds: expect.objectContaining({ redAt: 2 }) })]);
    const saved = await put(supervisor, '330523', settings({ redAt: 1, unclaimedDays: 1 }));
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ regionCode: '330523', from: '330523', canEdit: true, thresholds: { redAt: 1 }, limits: { unclaimedDays: 1 }, updatedBy: '电子监察 马骏' });
    // … 红牌 once the county's supervisor counts a single red hit for one.
    const after = (await supervisor.get('/api/supervision/cards?month=2026-03')).json() as Cards;
    expect(after.departments).toEqual([expect.objectContaining({ id: samr, red: 1, card: 'red', thresholds: expect.objectContaining({ redAt: 1 }) })]);

    const listed = (await supervisor.get('/api/admin/supervision-settings')).json() as { regions: { regionCode: string; from: string | null; canEdit: boolean }[] };
    expect(listed.regions).toEqual([expect.objectContaining({ regionCode: '330523', from: '330523', canEdit: true })]);
    const asAdmin = (await (await ctx.as('admin')).get('/api/admin/supervision-settings')).json() as { regions: { canEdit: boolean }[] };
    expect(asAdmin.regions.every((r) => !r.canEdit)).toBe(true);
    expect((await team.handler.get('/api/admin/supervision-settings')).statusCode).toBe(403);

    const audit = await ctx.handle.db.selectFrom('audit_events').select(['kind', 'object_type', 'object_id', 'detail']).where('kind', '=', 'supervision_settings_saved').execute();
    expect(audit).toEqual([
      expect.objectContaining({ object_type: 'region', object_id: '330523', detail: { before: expect.objectContaining({ from: null, thresholds: expect.objectContaining({ redAt: 2 }) }), after: settings({ redAt: 1, unclaimedDays: 1 }) } }),
    ]);
  });

  it('a claim and the sweep judge an unclaimed wait by the stored limit; a changed setting applies from the next command, still without an extra statement', async () => {
    await at('2026-03-12T02:00:00Z'); // accepted on the 10th: 2 working days unclaimed
    expect((await supervisor.put('/api/admin/supervision-settings/330523', settings({ redAt: 1, unclaimedDays: 2 }))).statusCode).toBe(200);
    expect(await counted(team.handler, ids.claimDefault as string, { type: 'claim' })).toBe(3);
    expect(await rulesOf(ids.claimDefault as string)).not.toContain('unclaimed'); // 2 > 2 is false
    expect((await supervisor.put('/api/admin/supervision-settings/330523', settings({ redAt: 1, unclaimedDays: 1 }))).statusCode).toBe(200);
    expect(await counted(team.handler, ids.claimLate as string, { type: 'claim' })).toBe(3);
    expect(await rulesOf(ids.claimLate as string)).toContain('unclaimed'); // 2 > 1 (stored), recorded by the claim
    await runSweep(ctx.handle.db, new Date('2026-03-12T03:00:00Z'), outboxHandlers(ctx.handle.db, ctx.messages));
    expect(await rulesOf(ids.sweptLate as string)).toContain('unclaimed'); // the sweep reads the same stored limit
  });

  it('a late 回访 and a late reply to a complaint record their hits at the step', async () => {
    const c = await submitOnline(applicant, gth);
    await decide(team, c.id);
    const rated = await applicant.post(`/api/cases/${c.id}/ratings`, { service: 'case', level: 2, tags: ['办事拖延'], comment: '等了很久' });
    expect(rated.statusCode, rated.body).toBe(201);
    const task = (rated.json() as { rectificationId: string }).rectificationId;
    const complaint = await applicant.post('/api/complaints', { kind: 'complaint', subject: { kind: 'case', caseId: c.id }, content: '办理太慢' });
    expect(complaint.statusCode, complaint.body).toBe(201);
    const complaintId = (complaint.json() as { id: string }).id;
    await at('2026-03-24T02:00:00Z'); // the 回访 was due on the 13th, the reply on the 19th
    expect((await team.handler.post(`/api/rectifications/${task}/revisit`, { text: '电话回访：情况属实' })).statusCode).toBe(200);
    expect(await rulesOf(task)).toEqual(['rating_not_revisited']);
    expect((await team.handler.post(`/api/complaints/${complaintId}/reply`, { reply: '已督促加快办理' })).statusCode).toBe(200);
    expect(await hitsOf(complaintId)).toEqual([{ rule: 'complaint_overdue', severity: 'red', detected_on: '2026-03-24', staff_id: null }]);
  });
});
