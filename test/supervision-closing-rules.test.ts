import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from './support/test-app.js';
import { act, decide, implByName, submitOnline, type Team } from './support/accountability.js';
import { outboxHandlers, runSweep } from '../src/server/jobs/scheduler.js';

/**
 * 电子监察's rules over how a case ended (DESIGN.md §2 item 7): 未受理即作出决定, found on the timeline of a
 * case whose state was repaired past its intake, and 收费与目录不符 over a recorded charge — each hit
 * recorded once per case and rule by the sweep, none for a normal case.
 */
let ctx: TestContext;
let team: Team;
let gth: string;

const sweep = (at: string) => runSweep(ctx.handle.db, new Date(at), outboxHandlers(ctx.handle.db, ctx.messages));
// The closing rules' hits (a case may also light near_due on the way: not what is tested here).
const hitsOf = async (caseId: string) =>
  (await ctx.handle.db.selectFrom('supervision_hits').select(['rule', 'severity']).where('object_id', '=', caseId).where('rule', 'in', ['decision_without_acceptance', 'fee_mismatch']).execute()).map((h) => `${h.rule}:${h.severity}`).sort();

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-04-01T02:00:00Z'); // Wednesday
  team = { clerk: await ctx.as('clerk'), handler: await ctx.as('samr_handler'), signer: await ctx.as('samr_signer') };
  gth = await implByName(ctx, '个体工商户设立登记');
}, 600_000);
afterAll(async () => ctx.close());

describe('closing rules', () => {
  it('finds a decision without acceptance on the timeline once, and nothing on a normal case', async () => {
    const applicant = await ctx.as('zhangsan');
    const normal = await submitOnline(applicant, gth);
    await decide(team, normal.id);

    // A data repair moved a submitted case into review without an acceptance on its timeline.
    const repaired = await submitOnline(applicant, gth);
    await sql`update cases set state = 'in_review', accepted_on = '2026-04-01', due_date = '2026-04-29',
      snapshot = jsonb_set(jsonb_set(jsonb_set(snapshot, '{state}', '"in_review"'), '{acceptedOn}', '"2026-04-01"'), '{dueDate}', '"2026-04-29"')
      where id = ${repaired.id}`.execute(ctx.handle.db);
    await act(team.handler, repaired.id, { type: 'claim' });
    await act(team.handler, repaired.id, { type: 'advance', comment: '同意' });
    await act(team.signer, repaired.id, { type: 'claim' });
    await act(team.signer, repaired.id, { type: 'decide', decision: 'approved', reason: '符合法定条件' });

    await Promise.all([sweep('2026-04-02T03:00:00Z'), sweep('2026-04-02T03:00:00Z')]);
    await sweep('2026-04-03T03:00:00Z');
    expect(await hitsOf(repaired.id)).toEqual(['decision_without_acceptance:red']);
    expect(await hitsOf(normal.id)).toEqual([]);
  });

  it('finds a charge different from the catalogue fee once, and nothing for a charge equal to it', async () => {
    const applicant = await ctx.as('zhangsan');
    const over = await submitOnline(applicant, gth);
    await decide(team, over.id);
    const exact = await submitOnline(applicant, gth);
    await decide(team, exact.id);
    // A charge written by a data repair or an import, not by a command (commands record it themselves and
    // the hit with it: test/supervision-fees.test.ts). The catalogue lists this item free of charge: 0 fen.
    for (const [id, charged] of [[over.id, 5000], [exact.id, 0]] as const) {
      await sql`update cases set snapshot = jsonb_set(jsonb_set(snapshot, '{chargedFen}', ${String(charged)}::jsonb), '{item,feeFen}', '0'::jsonb) where id = ${id}`.execute(ctx.handle.db);
    }
    await sweep('2026-04-02T03:00:00Z');
    await sweep('2026-04-03T03:00:00Z');
    expect(await hitsOf(over.id)).toEqual(['fee_mismatch:red']);
    expect(await hitsOf(exact.id)).toEqual([]);
  });
});
