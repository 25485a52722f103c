import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { caseCommandHooks, type CaseCommandHook } from '../src/server/cases/service.js';
import { findCase } from '../src/server/cases/repository.js';
import type { CaseRow } from '../src/server/db/schema.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { sampleApplicationFor } from './support/applications.js';
import { withChecklist } from './support/checklist.js';

/**
 * A case command's write returns no columns (issue 8's benchmark): the row a command answers with, and
 * hands to the after-command hooks (licences, 一件事, 电子监察), is the row it was decided on with the
 * columns its update sets (`rowAfterCommand`). This holds the two in step: after every command of a
 * lifecycle with a correction round, a special procedure and a completion that issues a licence, the
 * row the hooks saw equals the row stored — column for column.
 */
let ctx: TestContext;
let applicant: Agent;
let clerk: Agent;
let handler: Agent;
let signer: Agent;
let implId: string;
const seen: CaseRow[] = [];
const capture: CaseCommandHook = {
  name: 'test-capture',
  probe: () => null,
  run: async (_db, _deps, _actor, row) => {
    seen.push(structuredClone(row));
  },
};

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  applicant = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
  handler = await ctx.as('samr_handler');
  signer = await ctx.as('samr_signer');
  implId = ((await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json() as { items: { implId: string }[] }).items[0]?.implId ?? '';
  caseCommandHooks.push(capture);
});
afterAll(async () => {
  caseCommandHooks.splice(caseCommandHooks.indexOf(capture), 1);
  await ctx.close();
});

describe('the row a case command returns is the row it stored', () => {
  it('after every command of a lifecycle, column for column', async () => {
    const made = await applicant.post('/api/cases', { implId, ...(await sampleApplicationFor(applicant, implId)), materials: [] });
    expect(made.statusCode, made.body).toBe(201);
    const id = (made.json() as { id: string }).id;
    const steps: [string, Agent, Record<string, unknown>][] = [
      ['request_correction', clerk, { type: 'request_correction', missing: [{ materialId: 'm-premises', reason: '缺少经营场所使用证明' }] }],
      ['submit', applicant, { type: 'submit' }],
      ['accept', clerk, { type: 'accept' }],
      ['claim', handler, { type: 'claim' }],
      ['suspend', handler, { type: 'suspend', procedure: '现场核查', reason: '核查经营场所' }],
      ['resume', handler, { type: 'resume' }],
      ['advance', handler, { type: 'advance', comment: '符合条件' }],
      ['claim', signer, { type: 'claim' }],
      ['decide', signer, { type: 'decide', decision: 'approved', reason: '符合法定条件' }],
      ['complete', signer, { type: 'complete' }],
      ['deliver', clerk, { type: 'deliver', method: 'window' }],
    ];
    for (const [name, who, body] of steps) {
      seen.length = 0;
      const res = await who.post(`/api/cases/${id}/actions`, await withChecklist(who, id, body));
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
      expect(seen, name).toHaveLength(1);
      const stored = await findCase(ctx.handle.db, id);
      expect(seen[0], name).toEqual(stored);
    }
    // The lifecycle happened: every milestone is on the public timeline, the head moved with each command.
    const last = seen[0] as CaseRow;
    expect(last.state).toBe('delivered');
    expect(last.event_seq).toBe(steps.length + 1);
    expect(last.lock_version).toBeGreaterThanOrEqual(steps.length);
    expect(last.public_timeline.map((e) => e.action)).toContain('complete');
    // Every command rewrites the row: its wide values are stored as written, not compressed on each
    // write and decompressed on each read (migration 202612070101, ADR 0055).
    const stored = await sql<{ width: number; compressed: string[] }>`
      select pg_column_size(c.*) as width,
        array_remove(array[pg_column_compression(snapshot), pg_column_compression(form_data), pg_column_compression(public_timeline)], null) as compressed
      from cases c where id = ${id}::uuid`.execute(ctx.handle.db);
    expect(stored.rows[0]?.width).toBeGreaterThan(2100); // past the 2 KB toast threshold, where compression used to start
    expect(stored.rows[0]?.compressed).toEqual([]);
  });

  it('of two claims at once one is written, the other refused with nothing written', async () => {
    const made = await applicant.post('/api/cases', { implId, ...(await sampleApplicationFor(applicant, implId)), materials: [] });
    const id = (made.json() as { id: string }).id;
    expect((await clerk.post(`/api/cases/${id}/actions`, await withChecklist(clerk, id, { type: 'accept' }))).statusCode).toBe(200);
    const [a, b] = await Promise.all([handler.post(`/api/cases/${id}/actions`, { type: 'claim' }), handler.post(`/api/cases/${id}/actions`, { type: 'claim' })]);
    // The loser is decided again on the claimed case: already claimed (409 from another claimer, 422 for the same person).
    expect([a.statusCode, b.statusCode].filter((s) => s === 200)).toHaveLength(1);
    expect(Math.max(a.statusCode, b.statusCode)).toBeGreaterThanOrEqual(409);
    const stored = await findCase(ctx.handle.db, id);
    expect(stored?.event_seq).toBe(3);
  });
});
