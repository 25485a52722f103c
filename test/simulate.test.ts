import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/test-app.js';
import { SCORECARD_KEYS } from '../src/core/scorecards/index.js';
import { formatReport, simulateYear, type SimulateYearResult } from '../src/server/scripts/simulate/year.js';
import { listEvents } from '../src/server/cases/repository.js';
import { verifyTimeline } from '../src/server/cases/verify.js';

/**
 * Issue 12, "A county-year to check it against (seed 002)": `npm run simulate` in the small form CI runs
 * (500 cases). Rare events are made common here (差评, appeals, complaints, late decisions, special
 * procedures) so that a small year has every kind of them; the county's scorecard, computed as
 * GET /api/scorecards computes it, must equal what the simulation recorded as it went.
 */
let ctx: TestContext;
let result: SimulateYearResult;
const CASES = 500;

beforeAll(async () => {
  ctx = await createTestContext();
  result = await simulateYear(ctx.handle.db, {
    year: 2025,
    cases: CASES,
    seed: 2,
    rates: { bad: 0.05, badWhenLate: 0.5, late: 0.03, special: 0.8, extension: 0.03, correction: 0.12, owed: 0.2, complaint: 0.03, consultation: 0.02, appealed: 0.4, rectifiedLate: 0.3, followUp: 0.1 },
  });
}, 600_000);
afterAll(async () => ctx.close());

const year = 'from=2025-01-01&to=2025-12-31';

describe('npm run simulate (a county-year through the real services)', () => {
  it('the county’s scorecard equals what the simulation recorded, figure by figure', () => {
    expect(result.differences).toEqual([]);
    const { id: _id, name: _name, ...figures } = result.scorecard;
    expect(figures).toEqual(result.recorded);
    expect(result.scorecard).toMatchObject({ id: '330523', received: CASES });
  });

  it('GET /api/scorecards answers the same county row to the supervisor', async () => {
    const supervisor = await ctx.as('supervisor');
    const res = await supervisor.get(`/api/scorecards?${year}&level=region`);
    expect(res.statusCode, res.body).toBe(200);
    const row = (res.json() as { rows: Record<string, unknown>[] }).rows.find((r) => r.id === '330523');
    expect(row).toEqual({ ...result.scorecard });
    for (const k of SCORECARD_KEYS) expect(row?.[k], k).toEqual(result.recorded[k]);
    // Departments add up to the county (figures from additive sums).
    const departments = (await supervisor.get(`/api/scorecards?${year}&level=department`)).json() as { rows: { received: number; completed: number; ratings: number }[] };
    const sum = (k: 'received' | 'completed') => departments.rows.reduce((s, r) => s + r[k], 0);
    expect([sum('received'), sum('completed')]).toEqual([result.scorecard.received, result.scorecard.completed]);
  });

  it('the export has one line per case of the year, from which the figures recompute', async () => {
    const supervisor = await ctx.as('supervisor');
    const csv = (await supervisor.get(`/api/supervision/cases.csv?${year}`)).body.trim().split('\r\n');
    const header = (csv[0] as string).split(',');
    const rows = csv.slice(1).map((l) => Object.fromEntries(header.map((k, i) => [k, l.split(',')[i] ?? ''])));
    expect(rows).toHaveLength(CASES);
    const completed = rows.filter((r) => r.completedOn !== '' && (r.completedOn as string) <= '2025-12-31');
    expect(completed).toHaveLength(result.scorecard.completed);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['online', 'window', 'kiosk', 'mobile']));
  });

  it('is a realistic year: about 98% completed, every channel, corrections, special procedures, late cases, 差评 rectified and appealed, complaints', () => {
    const s = result.scorecard;
    const t = result.tally;
    expect(s.completionRate).toBeGreaterThan(0.95);
    expect(s.completionRate).toBeLessThan(1);
    expect(s.onTimeRate).toBeGreaterThan(0.9);
    expect(s.onTimeRate).toBeLessThan(1);
    expect(s.goodRate).toBeGreaterThan(0.9);
    expect(s.goodRate).toBeLessThan(1);
    expect(s.actualSpeedup).toBeGreaterThan(s.promisedSpeedup as number);
    expect(s.complaints).toBeGreaterThan(0);
    expect(Object.keys(t.byChannel).sort()).toEqual(['kiosk', 'mobile', 'online', 'window']);
    for (const k of ['corrections', 'owed', 'specialProcedures', 'extensions', 'late', 'windowRatings', 'badRatings', 'appeals', 'appealsAccepted', 'rectified', 'reRatings', 'complaints', 'consultations'] as const) expect(t[k], k).toBeGreaterThan(0);
    // Every month has cases; the report prints both columns and says they agree.
    expect(new Set(result.ledger.cases.map((c) => c.submittedOn.slice(0, 7))).size).toBe(12);
    const report = formatReport(result, 2);
    expect(report).toContain('The scorecard equals what the simulation recorded.');
    expect(report).toMatch(/received\s+500\s+500\s+✓/);
  });

  it('every simulated case has a timeline that verifies, dated in the simulated year or after', async () => {
    const rows = await ctx.handle.db.selectFrom('cases').select(['id', 'event_seq', 'event_hash', 'submitted_at']).orderBy('submitted_at').limit(40).execute();
    for (const r of rows) {
      expect(verifyTimeline(r, await listEvents(ctx.handle.db, r.id)), r.id).toEqual({ ok: true });
      expect((r.submitted_at as Date).toISOString() >= '2024-12-31T16:00:00.000Z').toBe(true);
    }
  });

  it('refuses a database that already has cases (a scratch database only)', async () => {
    await expect(simulateYear(ctx.handle.db, { year: 2025, cases: 10, seed: 1 })).rejects.toThrow(/already has cases/);
  });
});
