import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleApplicationFor } from './support/applications.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { withChecklist } from './support/checklist.js';
import { outboxHandlers, runSweep } from '../src/server/jobs/scheduler.js';

let ctx: TestContext;
let applicant: Agent;
let clerk: Agent;
let implId: string;

async function submit(): Promise<{ id: string }> {
  const res = await applicant.post('/api/cases', { implId, ...(await sampleApplicationFor(applicant, implId)), materials: [] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const sweep = (at: string) => runSweep(ctx.handle.db, new Date(at), outboxHandlers(ctx.handle.db, ctx.messages));

beforeAll(async () => {
  ctx = await createTestContext();
  applicant = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json() as { items: { implId: string }[] };
  implId = res.items[0]?.implId as string;
});
afterAll(async () => ctx.close());

describe('background sweeps', () => {
  it('deems a submission accepted on receipt after 5 working days without intake, exactly once with two sweeps at once', async () => {
    ctx.clock.set('2026-03-02T02:00:00Z');
    const c = await submit();
    const early = await sweep('2026-03-09T02:00:00Z'); // the 5th working day: still in time
    expect(early.deemedAccepted).toBe(0);
    const [a, b] = await Promise.all([sweep('2026-03-10T02:00:00Z'), sweep('2026-03-10T02:00:00Z')]);
    expect(a.deemedAccepted + b.deemedAccepted).toBe(1);
    const row = await ctx.handle.db.selectFrom('cases').select(['state', 'accepted_on']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'accepted', accepted_on: '2026-03-02' });
    const events = await ctx.handle.db.selectFrom('case_events').select(['action', 'actor_role']).where('case_id', '=', c.id).orderBy('seq').execute();
    expect(events.at(-1)).toEqual({ action: 'deem_accepted', actor_role: 'system' });
  });

  it('records each near-due and overdue warning exactly once per case and threshold', async () => {
    ctx.clock.set('2026-04-01T02:00:00Z');
    const c = await submit();
    await clerk.post(`/api/cases/${c.id}/actions`, await withChecklist(clerk, c.id, { type: 'accept' })); // due 2026-04-02 (1 working day)
    await Promise.all([sweep('2026-04-01T03:00:00Z'), sweep('2026-04-01T03:00:00Z'), sweep('2026-04-02T03:00:00Z')]);
    await Promise.all([sweep('2026-04-08T03:00:00Z'), sweep('2026-04-08T03:00:00Z')]);
    await sweep('2026-04-09T03:00:00Z');
    const warnings = await ctx.handle.db.selectFrom('case_warnings').select(['threshold']).where('case_id', '=', c.id).orderBy('threshold').execute();
    expect(warnings).toEqual([{ threshold: 'near_due' }, { threshold: 'overdue' }]);
    const events = await ctx.handle.db.selectFrom('outbox').select('payload').where('topic', '=', 'case.warning').execute();
    expect(events.filter((e) => (e.payload as { caseId: string }).caseId === c.id)).toHaveLength(2);
  });

  it('audits the SM3 chain of every case whose timeline changed, and only those, on each sweep', async () => {
    ctx.clock.set('2026-04-10T02:00:00Z');
    const c = await submit();
    const first = await sweep('2026-04-10T02:01:00Z');
    expect(first.timelinesChecked).toBeGreaterThanOrEqual(1);
    expect(first.timelinesBroken).toBe(0);
    const audited = await ctx.handle.db.selectFrom('cases').select(['timeline_ok', 'timeline_checked_seq']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(audited).toEqual({ timeline_ok: true, timeline_checked_seq: 1 });
    expect((await sweep('2026-04-10T02:02:00Z')).timelinesChecked).toBe(0); // nothing changed since
    await clerk.post(`/api/cases/${c.id}/actions`, await withChecklist(clerk, c.id, { type: 'accept' }));
    expect((await sweep('2026-04-10T02:03:00Z')).timelinesChecked).toBe(1);
    const again = await ctx.handle.db.selectFrom('cases').select(['timeline_ok', 'timeline_checked_seq']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(again).toEqual({ timeline_ok: true, timeline_checked_seq: 2 });
  });

  it('delivers notifications through the SMS adapter (development sink)', async () => {
    await sweep('2026-04-09T04:00:00Z');
    expect(ctx.messages.sent.some((m) => m.channel === 'sms' && m.body.includes('个体工商户设立登记'))).toBe(true);
    const pending = await ctx.handle.db.selectFrom('outbox').select('id').where('delivered_at', 'is', null).execute();
    expect(pending).toHaveLength(0);
  });
});
