import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { sampleApplicationFor } from './support/applications.js';
import { withChecklist } from './support/checklist.js';
import { openCountingTestDb } from './support/databases.js';

/**
 * Issue 8, the benchmark target: SQL statements per request of a case lifecycle, counted with a Kysely
 * plugin that sees every executed statement. Before the stop-8 features a command was 3 statements
 * (the session, the case with its calendar stamp, one CTE write); the after-command hooks (licences,
 * 一件事 bundles) added one statement to every command and twelve to a completion. The hooks now read
 * what they need in the command's own write, so a plain case is back at 3 per command, and a
 * completion that issues a licence adds one statement (the signed licence and its history entry).
 * A submission is 4: the session; the item with the applicant, credit record and retry key; the case
 * number; one write of the case with its first event, notification and outbox message.
 *
 * On PostgreSQL the session cache (ADR 0053) takes the session statement away from a request whose
 * session was read in the last seconds: every figure is one less there.
 */
let ctx: TestContext;
let counter: { statements: number };
let implId: string;
let applicant: Agent;
let clerk: Agent;
let handler: Agent;
let signer: Agent;

beforeAll(async () => {
  const counting = await openCountingTestDb();
  counter = counting.counter;
  ctx = await createTestContext({ handle: counting.handle });
  ctx.clock.set('2026-03-02T02:00:00Z');
  applicant = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
  handler = await ctx.as('samr_handler');
  signer = await ctx.as('samr_signer');
  implId = ((await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json() as { items: { implId: string }[] }).items[0]?.implId ?? '';
});
afterAll(async () => ctx.close());

/** The bench's lifecycle (bench/run.ts), with the statements each request ran. */
async function lifecycle(key: string): Promise<{ caseId: string; counts: Record<string, number> }> {
  const application = await sampleApplicationFor(applicant, implId);
  const counts: Record<string, number> = {};
  counter.statements = 0;
  const made = await applicant.post('/api/cases', { implId, ...application, materials: [] }, { 'idempotency-key': key, prefer: 'return=minimal' });
  expect(made.statusCode, made.body).toBe(201);
  counts.submit = counter.statements;
  const caseId = (made.json() as { id: string }).id;
  const accept = await withChecklist(clerk, caseId, { type: 'accept' });
  const steps: [string, Agent, Record<string, unknown>][] = [
    ['accept', clerk, accept],
    ['claim', handler, { type: 'claim' }],
    ['advance', handler, { type: 'advance', comment: '符合条件' }],
    ['claim_signoff', signer, { type: 'claim' }],
    ['decide', signer, { type: 'decide', decision: 'approved', reason: '符合法定条件' }],
    ['complete', signer, { type: 'complete' }],
    ['deliver', clerk, { type: 'deliver', method: 'window' }],
  ];
  for (const [name, who, body] of steps) {
    counter.statements = 0;
    const res = await who.post(`/api/cases/${caseId}/actions`, body, { prefer: 'return=minimal' });
    expect(res.statusCode, `${name}: ${res.body}`).toBeLessThan(300);
    counts[name] = counter.statements;
  }
  return { caseId, counts };
}

/** The expected statements of each request: `plain` for a command, `submit` and `complete` as given; one fewer each with the session cache. */
function expected(plain: number, submit: number, complete: number): Record<string, number> {
  const session = ctx.app.sessionCache ? 1 : 0;
  const c = plain - session;
  return { submit: submit - session, accept: c, claim: c, advance: c, claim_signoff: c, decide: c, complete: complete - session, deliver: c };
}

describe('issue 8: statements per case command (the bench lifecycle)', () => {
  it('a completion that issues a licence costs one statement more than a plain command, and still issues it with its history', async () => {
    await lifecycle('statements-warm-up-1'); // the item version and calendar caches
    const { caseId, counts } = await lifecycle('statements-issuing-1');
    expect(counts).toEqual(expected(3, 4, 4));
    const issued = await ctx.handle.db
      .selectFrom('licences as l')
      .innerJoin('licence_events as e', 'e.lineage', 'l.lineage')
      .select(['l.identifier', 'l.version', 'e.seq', 'e.kind', 'e.detail'])
      .where('l.case_id', '=', caseId)
      .execute();
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ version: 1, seq: 1, kind: 'issued', detail: { caseId } });
  });

  it('a plain case (an item that issues no licence, not in a bundle): 3 statements per command — session, case, one write', async () => {
    await ctx.handle.db.updateTable('licence_types').set({ issuing_base_codes: JSON.stringify([]) }).execute();
    const { caseId, counts } = await lifecycle('statements-plain-1');
    expect(counts).toEqual(expected(3, 4, 3));
    expect(await ctx.handle.db.selectFrom('licences').select('id').where('case_id', '=', caseId).execute()).toEqual([]);
    expect(await ctx.handle.db.selectFrom('bundle_members').select('case_id').where('case_id', '=', caseId).execute()).toEqual([]);
  });
});
