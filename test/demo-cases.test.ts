import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/test-app.js';
import { DEMO_CASE_TARGETS, Dice, demoApplication, seededRandom, seedDemoCasesIfEmpty, type DemoCasesReport } from '../src/server/demo/cases.js';
import { DEMO_ITEMS } from '../src/server/demo/items/index.js';
import { DEMO_APPLICANTS } from '../src/server/demo/seed.js';
import { identityProblems, validateApplication, withVerifiedIdentity } from '../src/core/forms/index.js';
import { listEvents } from '../src/server/cases/repository.js';
import { verifyTimeline } from '../src/server/cases/verify.js';
import { outboxHandlers, runSweep } from '../src/server/jobs/scheduler.js';
import { isoDateInChina } from '../src/core/calendar/index.js';
import type { CaseSnapshot } from '../src/core/cases/types.js';

// Issue 9, "Finish the screens": a fresh install shows a living hall (ADR 0017).
let ctx: TestContext;
let report: DemoCasesReport | null;
const COUNT = 40;

beforeAll(async () => {
  ctx = await createTestContext();
  report = await seedDemoCasesIfEmpty(ctx.handle.db, { count: COUNT, now: ctx.clock.now() });
}, 120_000);
afterAll(async () => ctx.close());

describe('demo application forms', () => {
  it('are valid for every demo item, applicant kind and many seeds (as the service checks them)', () => {
    const people = {
      natural_person: { kind: 'natural_person' as const, name: '张三', idNumber: DEMO_APPLICANTS[0]?.idNumber ?? null, creditCode: null, legalRepresentative: null },
      legal_person: { kind: 'legal_person' as const, name: '安吉白茶生态农业有限公司', idNumber: null, creditCode: DEMO_APPLICANTS[2]?.creditCode ?? null, legalRepresentative: '王建国' },
    };
    for (let seed = 1; seed <= 20; seed++) {
      const dice = new Dice(seededRandom(seed));
      for (const { content } of DEMO_ITEMS) {
        for (const kind of content.applicantTypes) {
          const who = people[kind];
          const input = demoApplication(content, dice, kind);
          const formData = withVerifiedIdentity(content.form, input.formData, who);
          const problems = [...identityProblems(content.form, input.formData, who), ...validateApplication(content, { formData, situationAnswers: input.situationAnswers }, kind)];
          expect(problems, `${content.mainName} (${kind}, seed ${seed})`).toEqual([]);
        }
      }
    }
  });
});

describe('demo cases (a living hall)', () => {
  it('makes the asked number of cases, with every target state present', async () => {
    expect(report?.created).toBe(COUNT);
    const rows = await ctx.handle.db.selectFrom('cases').select(['state']).execute();
    expect(rows).toHaveLength(COUNT);
    const states = new Set(rows.map((r) => r.state));
    for (const s of DEMO_CASE_TARGETS) expect(states, s).toContain(s);
  });

  it('spreads the cases over recent working days, none in the future, online and at the window, with 容缺 among them', async () => {
    const rows = await ctx.handle.db.selectFrom('cases').select(['submitted_at', 'channel', 'snapshot', 'case_no']).execute();
    const days = new Set(rows.map((r) => isoDateInChina(r.submitted_at as Date)));
    expect(days.size).toBeGreaterThan(5);
    const today = isoDateInChina(ctx.clock.now());
    for (const d of days) expect(d < today).toBe(true);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['online', 'window']));
    expect(rows.every((r) => r.case_no)).toBe(true);
    expect(rows.some((r) => (r.snapshot as unknown as CaseSnapshot).owed.length > 0)).toBe(true);
    const events = await ctx.handle.db.selectFrom('case_events').select(['at']).execute();
    expect(events.every((e) => new Date(e.at as unknown as string).getTime() <= ctx.clock.now().getTime())).toBe(true);
  });

  it('dates the applicants’ notifications at the actions they tell of, older ones read', async () => {
    const rows = await ctx.handle.db.selectFrom('notifications').select(['created_at', 'read_at']).execute();
    expect(rows.length).toBeGreaterThan(COUNT);
    const today = isoDateInChina(ctx.clock.now());
    expect(rows.every((r) => isoDateInChina(r.created_at as Date) < today)).toBe(true);
    expect(rows.some((r) => r.read_at !== null)).toBe(true);
    expect(rows.some((r) => r.read_at === null)).toBe(true);
  });

  it('gives every case a timeline that verifies', async () => {
    const rows = await ctx.handle.db.selectFrom('cases').select(['id', 'event_seq', 'event_hash']).execute();
    for (const r of rows) expect(verifyTimeline(r, await listEvents(ctx.handle.db, r.id)), r.id).toEqual({ ok: true });
  });

  it('fills the supervisor’s time-limit view and the clerk’s and approvers’ inboxes', async () => {
    const supervisor = await ctx.as('supervisor');
    const limits = (await supervisor.get('/api/supervision/time-limits')).json() as { cases: { status: string }[] };
    expect(limits.cases.length).toBeGreaterThan(0);
    const clerk = await ctx.as('clerk');
    const inbox = (await clerk.get('/api/workbench/inbox')).json() as { total: number };
    expect(inbox.total).toBeGreaterThan(0);
    const handler = await ctx.as('samr_handler');
    const mcaHandler = await ctx.as('mca_handler');
    const handled = ((await handler.get('/api/workbench/inbox')).json() as { total: number }).total + ((await mcaHandler.get('/api/workbench/inbox')).json() as { total: number }).total;
    expect(handled).toBeGreaterThan(0);
  });

  it('leaves nothing for the background sweep to change (no late intake, no overdue 容缺, no old messages to send)', async () => {
    const sentBefore = ctx.messages.sent.length;
    const r = await runSweep(ctx.handle.db, ctx.clock.now(), outboxHandlers(ctx.handle.db, ctx.messages));
    expect(r.deemedAccepted).toBe(0);
    expect(r.gapsExpired).toBe(0);
    expect(r.timelinesBroken).toBe(0);
    // The demo's history was told at the time: no flood of old SMS on first start.
    expect(ctx.messages.sent.slice(sentBefore).filter((m) => m.channel === 'sms')).toHaveLength(0);
  });

  it('runs once: a second run adds nothing', async () => {
    const before = await ctx.handle.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(await seedDemoCasesIfEmpty(ctx.handle.db, { count: COUNT, now: ctx.clock.now() })).toBeNull();
    const after = await ctx.handle.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const users = await ctx.handle.db.selectFrom('users').select('username').where('username', 'like', 'w\\_demo%').execute();
    expect(users).toHaveLength(7);
  });
});
