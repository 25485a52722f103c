import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { act, implByName, submitOnline, type Team } from './support/accountability.js';
import { orgIdByKey } from './support/factories.js';
import { outboxHandlers, runSweep } from '../src/server/jobs/scheduler.js';

/** 电子监察 over the sweep and the API (issue 12): each rule hit once per object and rule, cards by thresholds, scope. */
let ctx: TestContext;
let applicant: Agent;
let supervisor: Agent;
let team: Team;
let gth: string;
let samr: string;

const sweep = (at: string) => runSweep(ctx.handle.db, new Date(at), outboxHandlers(ctx.handle.db, ctx.messages));

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-04-01T02:00:00Z'); // Wednesday
  applicant = await ctx.as('zhangsan');
  team = { clerk: await ctx.as('clerk'), handler: await ctx.as('samr_handler'), signer: await ctx.as('samr_signer') };
  gth = await implByName(ctx, '个体工商户设立登记');
  samr = await orgIdByKey(ctx.handle.db, 'county-samr');
});
afterAll(async () => ctx.close());

type Hit = { rule: string; objectId: string; severity: string; department: { id: string } };

describe('电子监察', () => {
  it('records each hit once per object and rule, however often and however many replicas sweep', async () => {
    const a = await submitOnline(applicant, gth);
    const b = await submitOnline(applicant, gth);
    await act(team.clerk, a.id, { type: 'accept' }); // due 2026-04-02 (1 working day)
    await act(team.clerk, b.id, { type: 'accept' });
    await act(team.handler, b.id, { type: 'claim' });
    const waiting = await submitOnline(applicant, gth); // never taken in
    await Promise.all([sweep('2026-04-01T03:00:00Z'), sweep('2026-04-01T03:00:00Z')]);
    const late = await Promise.all([sweep('2026-04-08T03:00:00Z'), sweep('2026-04-08T03:00:00Z')]);
    expect(late[0].supervisionHits + late[1].supervisionHits).toBeGreaterThan(0);
    expect((await sweep('2026-04-09T03:00:00Z')).supervisionHits).toBe(0); // nothing new: already recorded
    const rows = await ctx.handle.db.selectFrom('supervision_hits').select(['rule', 'object_id', 'staff_id']).orderBy('rule').execute();
    const of = (id: string) => rows.filter((r) => r.object_id === id).map((r) => r.rule).sort();
    expect(of(a.id)).toEqual(['near_due', 'overdue', 'unclaimed']);
    expect(of(b.id)).toEqual(['near_due', 'overdue']);
    expect(rows.find((r) => r.object_id === b.id && r.rule === 'overdue')?.staff_id).toBeTruthy(); // counts against the handler
    // 2026-04-01 + 5 working days (清明 on 4–6 April) is 2026-04-10: not yet late on the 9th.
    expect(of(waiting.id)).toEqual([]);
    await sweep('2026-04-13T03:00:00Z');
    const after = await ctx.handle.db.selectFrom('supervision_hits').select('rule').where('object_id', '=', waiting.id).execute();
    // Deemed accepted on receipt by the same sweep (第32条): late intake, and its clock has been running since.
    expect(after.map((r) => r.rule)).toContain('late_intake');
  });

  it('the supervisor sees the hits and the cards: two red hits in a month → 红牌; scope keeps other departments out', async () => {
    ctx.clock.set('2026-04-13T03:00:00Z');
    supervisor = await ctx.as('supervisor');
    const hits = (await supervisor.get('/api/supervision/hits?month=2026-04')).json() as { hits: Hit[] };
    expect(hits.hits.filter((h) => h.rule === 'overdue').length).toBeGreaterThanOrEqual(2);
    expect(hits.hits.every((h) => h.department.id === samr)).toBe(true);
    const cards = (await supervisor.get('/api/supervision/cards?month=2026-04')).json() as { departments: { id: string; card: string; red: number }[]; staff: { card: string }[] };
    expect(cards.departments).toEqual([expect.objectContaining({ id: samr, card: 'red' })]); // two overdue cases and a late intake
    expect(cards.staff.map((s) => s.card)).toEqual(['yellow']); // the handler: one overdue case, red for 3 working days → 黄牌
    expect(((await supervisor.get('/api/supervision/cards?month=2026-03')).json() as { departments: unknown[] }).departments).toEqual([]);
    expect((await supervisor.get('/api/supervision/cards?month=2026-13')).statusCode).toBe(400);
    const mca = await ctx.as('mca_handler');
    expect(((await mca.get('/api/supervision/hits?month=2026-04')).json() as { hits: Hit[] }).hits).toEqual([]);
    // Five more working days with the red light on: the handler's card turns red.
    ctx.clock.set('2026-04-20T03:00:00Z');
    supervisor = await ctx.as('supervisor');
    const later = (await supervisor.get('/api/supervision/cards?month=2026-04')).json() as { staff: { card: string }[] };
    expect(later.staff.map((s) => s.card)).toEqual(['red']);
    const own = (await (await ctx.as('samr_handler')).get('/api/supervision/cards?month=2026-04')).json() as { departments: { id: string }[] };
    expect(own.departments.map((d) => d.id)).toEqual([samr]); // the offender sees its own card
    expect((await (await ctx.as('zhangsan')).get('/api/supervision/hits?month=2026-04')).statusCode).toBe(403);
    expect((await ctx.anon().get('/api/supervision/cards?month=2026-04')).statusCode).toBe(401);
  });
});
