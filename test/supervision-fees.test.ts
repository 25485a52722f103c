import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { act, implByName, submitOnline, type Team } from './support/accountability.js';
import { sampleApplicationFor } from './support/applications.js';
import { withChecklist } from './support/checklist.js';
import { openCountingTestDb } from './support/databases.js';
import { orgIdByKey } from './support/factories.js';
import { buildItemContent } from '../src/core/catalogue/test-factory.js';
import { composeImplCode } from '../src/core/codes/impl-code.js';
import { standardFlow } from '../src/server/demo/items/build.js';
import type { Fee, ItemContent } from '../src/core/catalogue/types.js';
import type { CaseSnapshot } from '../src/core/cases/types.js';
import { outboxHandlers, runSweep } from '../src/server/jobs/scheduler.js';

/**
 * 收费与目录不符 (issue 12, ADR 0048): a case pins the catalogue fee for the situations the applicant chose
 * when it is filed; the decision (决定, or 即办) records the fee charged on the snapshot and on the
 * timeline; 电子监察 records a `fee_mismatch` hit in the command's own write — once per case — when the
 * two differ, and nothing when they agree. A charge that is not a whole, non-negative number of fen is
 * refused with 400 and changes nothing.
 */
let ctx: TestContext;
let counter: { statements: number };
let applicant: Agent;
let team: Team;
let registration: string; // 80 元 a case, +10 元 when filed by an agent
let onTheSpot: string; // 即办, 20 元
let varying: string; // 收费标准 varies

const law = { law: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》', article: '发改价格规〔2016〕2559号' };
const FEES: Fee[] = [
  { name: '登记费', standard: '每件80元', amountFen: 8000, basis: law, onlinePayment: false },
  { name: '代理登记加收', standard: '委托代理人办理的每件加收10元', amountFen: 1000, basis: law, onlinePayment: false, situationOptionIds: ['o-agent'] },
];

const hitsOf = async (caseId: string) =>
  (await ctx.handle.db.selectFrom('supervision_hits').select(['rule', 'severity', 'detected_on']).where('object_id', '=', caseId).where('rule', '=', 'fee_mismatch').execute()).map((h) => ({ ...h, detected_on: String(h.detected_on) }));
const caseRow = (id: string) => ctx.handle.db.selectFrom('cases').select(['state', 'lock_version', 'snapshot', 'event_seq']).where('id', '=', id).executeTakeFirstOrThrow();
const snapshotOf = async (id: string) => (await caseRow(id)).snapshot as unknown as CaseSnapshot;
const decideEvent = async (id: string) => (await ctx.handle.db.selectFrom('case_events').select(['action', 'data']).where('case_id', '=', id).where('action', 'in', ['decide', 'complete_on_the_spot']).executeTakeFirstOrThrow()).data as Record<string, unknown>;

/** Publishes an item of 市场监管局 (drafted by one catalogue administrator, published by another). */
async function publish(main: number, overrides: Partial<ItemContent>): Promise<string> {
  const samrId = await orgIdByKey(ctx.handle.db, 'county-samr');
  const credit = (await ctx.handle.db.selectFrom('orgs').select('credit_code').where('id', '=', samrId).executeTakeFirstOrThrow()).credit_code as string;
  const baseCode = `XK${String(main).padStart(5, '0')}000`;
  const content = buildItemContent({ baseCode, implCode: composeImplCode(credit, baseCode), implementingBody: { name: '安吉县市场监督管理局', creditCode: credit }, mainName: `收费测试事项${main}`, ...overrides });
  const created = await (await ctx.as('catadmin')).post('/api/admin/catalogue/impls', { orgId: samrId, level: 'county', content });
  expect(created.statusCode, created.body).toBe(201);
  const { implId, versionId } = created.json() as { implId: string; versionId: string };
  expect((await (await ctx.as('catadmin')).post(`/api/admin/catalogue/versions/${versionId}/submit`, {})).statusCode).toBe(200);
  const published = await (await ctx.as('provadmin')).post(`/api/admin/catalogue/versions/${versionId}/publish`, {});
  expect(published.statusCode, published.body).toBe(200);
  return implId;
}

/** Filed online with the given situation answers, taken in, handled and claimed for sign-off. */
async function atSignOff(implId: string, answers: Record<string, string[]> = {}): Promise<string> {
  const res = await applicant.post('/api/cases', { implId, ...(await sampleApplicationFor(applicant, implId, answers)), materials: [] });
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as { id: string }).id;
  await act(team.clerk, id, { type: 'accept' });
  await act(team.handler, id, { type: 'claim' });
  await act(team.handler, id, { type: 'advance', comment: '材料齐全，符合条件' });
  await act(team.signer, id, { type: 'claim' });
  return id;
}

/** One command through the API with the statements it ran. */
async function counted(agent: Agent, caseId: string, body: Record<string, unknown>): Promise<number> {
  const full = await withChecklist(agent, caseId, body);
  counter.statements = 0;
  const res = await agent.post(`/api/cases/${caseId}/actions`, full, { prefer: 'return=minimal' });
  expect(res.statusCode, `${String(body.type)}: ${res.body}`).toBe(200);
  return counter.statements;
}

beforeAll(async () => {
  const counting = await openCountingTestDb();
  counter = counting.counter;
  // Counted as a request that reads its session (no session cache on PostgreSQL, ADR 0053): the figures stay one set on both databases.
  ctx = await createTestContext({ handle: counting.handle, env: { SESSION_CACHE: 'false' } });
  ctx.clock.set('2026-04-01T02:00:00Z'); // Wednesday
  applicant = await ctx.as('zhangsan');
  team = { clerk: await ctx.as('clerk'), handler: await ctx.as('samr_handler'), signer: await ctx.as('samr_signer') };
  registration = await publish(971, { fees: FEES });
  onTheSpot = await publish(972, { caseKind: 'on_the_spot', promisedLimitDays: 0, flow: standardFlow(0), fees: [{ name: '工本费', standard: '每证20元', amountFen: 2000, basis: law, onlinePayment: false }] });
  varying = await publish(973, { fees: [{ name: '评估费', standard: '按评估价值的0.1%收取', basis: law, onlinePayment: false }] });
}, 600_000);
afterAll(async () => ctx.close());

describe('收费与目录不符 on the decision', () => {
  it('pins the catalogue fee of the chosen situations at submission and shows it with the fees that apply', async () => {
    const self = await submitOnline(applicant, registration); // 本人办理: the first option
    const agent = await applicant.post('/api/cases', { implId: registration, ...(await sampleApplicationFor(applicant, registration, { 's-who': ['o-agent'] })), materials: [] });
    expect(agent.statusCode, agent.body).toBe(201);
    expect((await snapshotOf(self.id)).item.feeFen).toBe(8000);
    expect((await snapshotOf((agent.json() as { id: string }).id)).item.feeFen).toBe(9000);
    // A free item pins 0; an item whose fee varies pins null (not judged).
    const freeCase = await submitOnline(applicant, await implByName(ctx, '个体工商户设立登记'));
    expect((await snapshotOf(freeCase.id)).item.feeFen).toBe(0);
    const varyingCase = await submitOnline(applicant, varying);
    expect((await snapshotOf(varyingCase.id)).item.feeFen).toBeNull();

    const view = (await team.clerk.get(`/api/cases/${(agent.json() as { id: string }).id}`)).json() as { fee: unknown };
    expect(view.fee).toEqual({
      lines: [
        { name: '登记费', standard: '每件80元', amountFen: 8000 },
        { name: '代理登记加收', standard: '委托代理人办理的每件加收10元', amountFen: 1000 },
      ],
      catalogueFen: 9000,
      chargedFen: null,
    });
  });

  it('a charge equal to the catalogue fee records no hit; a different one records exactly one fee_mismatch, in the 3 statements of a plain decision', async () => {
    const exact = await atSignOff(registration);
    const over = await atSignOff(registration, { 's-who': ['o-agent'] }); // 90 元 listed, 80 元 charged
    expect(await counted(team.signer, exact, { type: 'decide', decision: 'approved', reason: '符合法定条件', chargedFen: 8000 })).toBe(3);
    expect(await counted(team.signer, over, { type: 'decide', decision: 'approved', reason: '符合法定条件', chargedFen: 8000 })).toBe(3);

    expect(await hitsOf(exact)).toEqual([]);
    expect(await hitsOf(over)).toEqual([{ rule: 'fee_mismatch', severity: 'red', detected_on: '2026-04-01' }]);
    // 全程留痕: the charge is on the snapshot and on the decision's timeline event.
    for (const id of [exact, over]) {
      expect((await snapshotOf(id)).chargedFen).toBe(8000);
      expect(await decideEvent(id)).toMatchObject({ decision: 'approved', chargedFen: 8000 });
    }
    expect(((await team.signer.get(`/api/cases/${over}`)).json() as { fee: { catalogueFen: number; chargedFen: number } }).fee).toMatchObject({ catalogueFen: 9000, chargedFen: 8000 });

    // Once per case and rule: later commands and the sweep find the same hit and add none.
    await act(team.signer, over, { type: 'complete' });
    await act(team.clerk, over, { type: 'deliver', method: 'window' });
    await runSweep(ctx.handle.db, new Date('2026-04-02T03:00:00Z'), outboxHandlers(ctx.handle.db, ctx.messages));
    expect(await hitsOf(over)).toHaveLength(1);
    expect(await hitsOf(exact)).toEqual([]);
  });

  it('a decision without a charge, or a charge against a fee that varies, is not judged', async () => {
    const uncharged = await atSignOff(registration);
    await act(team.signer, uncharged, { type: 'decide', decision: 'approved', reason: '符合法定条件' });
    expect('chargedFen' in (await snapshotOf(uncharged))).toBe(false);
    expect(await decideEvent(uncharged)).not.toHaveProperty('chargedFen');
    const vary = await atSignOff(varying);
    await act(team.signer, vary, { type: 'decide', decision: 'approved', reason: '符合法定条件', chargedFen: 12345 });
    expect(await hitsOf(uncharged)).toEqual([]);
    expect(await hitsOf(vary)).toEqual([]);
  });

  it('即办: a charge recorded with complete_on_the_spot is judged the same way', async () => {
    const exact = await submitOnline(applicant, onTheSpot);
    const under = await submitOnline(applicant, onTheSpot);
    await act(team.clerk, exact.id, { type: 'complete_on_the_spot', chargedFen: 2000 });
    expect(await counted(team.clerk, under.id, { type: 'complete_on_the_spot', chargedFen: 0 })).toBe(3);
    expect(await hitsOf(exact.id)).toEqual([]);
    expect(await hitsOf(under.id)).toEqual([{ rule: 'fee_mismatch', severity: 'red', detected_on: '2026-04-01' }]);
    expect(await decideEvent(under.id)).toMatchObject({ chargedFen: 0 });
  });

  it('a fee hit counts against the person who recorded the charge — the signer, or the clerk of a 即办 — on the command and in the sweep alike', async () => {
    const userId = async (username: string) => (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const staffOf = async (caseId: string) => (await ctx.handle.db.selectFrom('supervision_hits').select('staff_id').where('object_id', '=', caseId).where('rule', '=', 'fee_mismatch').executeTakeFirstOrThrow()).staff_id;
    const [signer, clerk] = [await userId('samr_signer'), await userId('clerk')];
    // The decision releases the case, so the handler (who claimed it first) must not be the one named.
    const decided = await atSignOff(registration);
    await act(team.signer, decided, { type: 'decide', decision: 'approved', reason: '符合法定条件', chargedFen: 9050 });
    expect(await staffOf(decided)).toBe(signer);
    const spot = await submitOnline(applicant, onTheSpot);
    await act(team.clerk, spot.id, { type: 'complete_on_the_spot', chargedFen: 2500 });
    expect(await staffOf(spot.id)).toBe(clerk);
    // A hit the command did not write (data repair, import) is found by the sweep, against the same person.
    await ctx.handle.db.deleteFrom('supervision_hits').where('object_id', 'in', [decided, spot.id]).execute();
    await runSweep(ctx.handle.db, new Date('2026-04-01T03:00:00Z'), outboxHandlers(ctx.handle.db, ctx.messages));
    expect(await staffOf(decided)).toBe(signer);
    expect(await staffOf(spot.id)).toBe(clerk);
  });

  it('refuses a charge that is negative, fractional, absurd or not a number with 400, and changes nothing', async () => {
    const id = await atSignOff(registration);
    const before = await caseRow(id);
    const bad: [unknown, string][] = [
      [-1, '不能小于 0'],
      [1.5, '应为整数'],
      [10_000_000_001, '不能大于 10000000000'],
      // Only a JSON number is a charge: bodies are not coerced (ADR 0050), so the schema refuses the rest.
      ['八十元', '应为整数'],
      ['8000', '应为整数'], // text is refused even when it reads as a number
      [null, '应为整数'],
      [true, '应为整数'],
    ];
    for (const [chargedFen, zh] of bad) {
      const res = await team.signer.post(`/api/cases/${id}/actions`, { type: 'decide', decision: 'approved', reason: '符合法定条件', chargedFen });
      expect(res.statusCode, `${JSON.stringify(chargedFen)}: ${res.body}`).toBe(400);
      const body = res.json() as { error: string; message: string; messageEn: string; details: { path: string }[] };
      expect(body.error).toBe('VALIDATION_FAILED');
      expect(body.message).toContain('实收金额（分）');
      expect(body.message).toContain(zh);
      expect(body.messageEn).toContain('Amount charged (fen)');
      expect(body.details.map((d) => d.path)).toEqual(['body/chargedFen']);
    }
    // The same refusal on 即办.
    const spot = await submitOnline(applicant, onTheSpot);
    const spotRes = await team.clerk.post(`/api/cases/${spot.id}/actions`, await withChecklist(team.clerk, spot.id, { type: 'complete_on_the_spot', chargedFen: -100 }));
    expect(spotRes.statusCode, spotRes.body).toBe(400);
    expect((await caseRow(spot.id)).state).toBe('submitted');

    expect(await caseRow(id)).toEqual(before);
    expect(await hitsOf(id)).toEqual([]);
  });
});
