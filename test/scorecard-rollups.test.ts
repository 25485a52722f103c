import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { createTestContext, type TestContext } from './support/test-app.js';
import { implByName, submitOnline } from './support/accountability.js';
import type { Database } from '../src/server/db/schema.js';
import type { Actor } from '../src/server/policies/index.js';
import { loadCalendar } from '../src/server/calendar/service.js';
import { computeScorecard, computeScorecardDirect, type ScorecardLevel } from '../src/server/scorecards/service.js';
import { publicRankings, publicRankingsDirect } from '../src/server/scorecards/public-rankings.js';
import { foldPending } from '../src/server/scorecards/rollups.js';
import { fillMonthRows } from '../src/server/db/migrations/202612050701_scorecard-months.js';
import { PUBLIC_FIGURES, type Period } from '../src/core/scorecards/index.js';
import { fromDayNumber, toDayNumber } from '../src/core/calendar/index.js';

/**
 * ADR 0035: the scorecard read from the rollups answers exactly what the direct computation over every
 * case, rating and complaint answers — for any period, level and scope — over randomized data written
 * straight into the tables (so the triggers, not the services, must notice every change), then changed
 * at random (decisions, deliveries at the window, removed ratings, rectifications, departments, a clerk
 * moved to another window, the working-day calendar) and compared again.
 */
let ctx: TestContext;
let db: Kysely<Database>;
let template: { impl_id: string; version_id: string; applicant_id: string };
let orgs: { id: string; path: string; region_code: string }[];
let windows: string[];
let staff: string[];
let actors: { who: string; actor: Actor }[];
let serial = 0;
const TODAY = '2026-06-15';
const BASE = toDayNumber('2025-11-01');
const dayAt = (offset: number) => fromDayNumber(BASE + offset);

async function actorOf(username: string): Promise<Actor> {
  const u = await db.selectFrom('users').select(['id', 'kind', 'display_name', 'org_id']).where('username', '=', username).executeTakeFirstOrThrow();
  const roles = await db.selectFrom('staff_roles as r').innerJoin('orgs as o', 'o.id', 'r.scope_org_id').select(['r.role', 'r.scope_org_id', 'o.path']).where('r.user_id', '=', u.id).execute();
  return { userId: u.id, kind: u.kind, displayName: u.display_name, orgId: u.org_id, roles: roles.map((r) => ({ role: r.role, scopeOrgId: r.scope_org_id, scopePath: r.path })) };
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  db = ctx.handle.db;
  const made = await submitOnline(await ctx.as('zhangsan'), await implByName(ctx, '个体工商户设立登记'));
  template = await db.selectFrom('cases').select(['impl_id', 'version_id', 'applicant_id']).where('id', '=', made.id).executeTakeFirstOrThrow();
  orgs = await db.selectFrom('orgs').select(['id', 'path', 'region_code']).where('kind', '=', 'department').orderBy('path').limit(4).execute();
  windows = (await db.selectFrom('windows').select('id').orderBy('number').limit(3).execute()).map((w) => w.id);
  staff = (await db.selectFrom('users').select('id').where('username', 'in', ['clerk', 'samr_handler', 'samr_signer', 'supervisor']).orderBy('username').execute()).map((u) => u.id);
  actors = [];
  for (const who of ['supervisor', 'samr_handler', 'clerk']) actors.push({ who, actor: await actorOf(who) });
});
afterAll(async () => ctx.close());

const eventArb = fc.record({
  role: fc.constantFrom('window_clerk', 'approver_handle', 'approver_sign'),
  actor: fc.nat(3),
  action: fc.constantFrom('submit', 'complete_on_the_spot', 'supply_owed', 'deliver', 'accept', 'advance'),
  day: fc.integer({ min: 0, max: 40 }),
  hour: fc.integer({ min: 0, max: 23 }),
  method: fc.constantFrom('window', 'post'),
});
const ratingArb = fc.record({
  level: fc.integer({ min: 1, max: 5 }),
  anonymous: fc.boolean(),
  lag: fc.integer({ min: 0, max: 20 }),
  removed: fc.boolean(),
  staff: fc.option(fc.nat(3), { nil: null }),
  rectification: fc.option(fc.record({ due: fc.integer({ min: 0, max: 20 }), done: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }) }), { nil: null }),
  followUp: fc.boolean(),
});
const caseArb = fc.record({
  org: fc.nat(3),
  channel: fc.constantFrom('online', 'window', 'terminal', 'mobile'),
  window: fc.option(fc.nat(2), { nil: null }),
  submitted: fc.option(fc.integer({ min: 0, max: 520 }), { nil: null, freq: 8 }),
  hour: fc.integer({ min: 0, max: 23 }),
  acceptLag: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
  decideLag: fc.option(fc.integer({ min: 0, max: 45 }), { nil: null }),
  dueShift: fc.integer({ min: -5, max: 30 }),
  legal: fc.integer({ min: 0, max: 60 }),
  promised: fc.integer({ min: 0, max: 60 }),
  paused: fc.integer({ min: 0, max: 4 }),
  corrections: fc.integer({ min: 0, max: 2 }),
  events: fc.array(eventArb, { maxLength: 4 }),
  rating: fc.option(ratingArb, { nil: null }),
});
type Spec<A> = A extends fc.Arbitrary<infer T> ? T : never;
type CaseSpec = Spec<typeof caseArb>;
const complaintArb = fc.record({ org: fc.nat(3), window: fc.option(fc.nat(2), { nil: null }), staff: fc.option(fc.nat(3), { nil: null }), day: fc.integer({ min: 0, max: 520 }), due: fc.integer({ min: 0, max: 10 }), replied: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }) });
const changeArb = fc.record({
  kind: fc.constantFrom('decide', 'deliver', 'remove_rating', 'rectify', 'move_org', 'move_clerk', 'undecide'),
  pick: fc.nat(),
  day: fc.integer({ min: 0, max: 520 }),
  to: fc.nat(3),
});
const anyPeriodArb = fc.tuple(fc.integer({ min: 0, max: 540 }), fc.integer({ min: 0, max: 400 })).map(([a, len]): Period => ({ from: dayAt(a), to: dayAt(a + len) }));
/** Whole months (a month, a quarter, a year) and periods with one ragged edge: read from month rows (ADR 0046). */
const monthsPeriodArb = fc.tuple(fc.integer({ min: 0, max: 16 }), fc.constantFrom(1, 2, 3, 12), fc.constantFrom(0, 0, 9, -9)).map(([m, len, ragged]): Period => {
  const from = new Date(Date.UTC(2025, 10 + m, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(2025, 10 + m + len, 0)).toISOString().slice(0, 10);
  if (ragged > 0) return { from: fromDayNumber(toDayNumber(from) + ragged), to };
  if (ragged < 0) return { from, to: fromDayNumber(toDayNumber(to) + ragged) };
  return { from, to };
});
const periodArb = fc.oneof(anyPeriodArb, monthsPeriodArb);

const at = (day: number, hour: number) => new Date(Date.UTC(2025, 10, 1 + day, hour, 7)).toISOString();

async function insertCase(c: CaseSpec): Promise<void> {
  const org = orgs[c.org % orgs.length] as (typeof orgs)[number];
  const no = `RND${String(++serial).padStart(6, '0')}`;
  const submittedAt = c.submitted === null ? null : at(c.submitted, c.hour);
  const acceptedOn = c.submitted !== null && c.acceptLag !== null ? dayAt(c.submitted + 1 + c.acceptLag) : null;
  const decidedOn = acceptedOn && c.submitted !== null && c.decideLag !== null ? dayAt(c.submitted + 1 + (c.acceptLag ?? 0) + c.decideLag) : null;
  const dueDate = acceptedOn && c.submitted !== null ? dayAt(c.submitted + 1 + (c.acceptLag ?? 0) + c.dueShift + 10) : null;
  const snapshot = { item: { legalLimitDays: c.legal, promisedLimitDays: c.promised }, pausedDays: c.paused, correctionNoticeFor: Array.from({ length: c.corrections }, (_, i) => `m${i}`) };
  const row = await sql<{ id: string }>`
    insert into cases (case_no, query_code, impl_id, version_id, org_id, org_path, region_code, applicant_id, channel, window_id, state, snapshot, title, submitted_at, accepted_on, due_date, decided_on)
    values (${no}, '000000', ${template.impl_id}, ${template.version_id}, ${org.id}, ${org.path}, ${org.region_code}, ${template.applicant_id}, ${c.channel},
      ${c.window === null ? null : (windows[c.window % windows.length] ?? null)}, ${decidedOn ? 'completed' : 'accepted'}, ${JSON.stringify(snapshot)}::jsonb, 'random', ${submittedAt}::timestamptz, ${acceptedOn}::date, ${dueDate}::date, ${decidedOn}::date)
    returning id`.execute(db);
  const id = row.rows[0]?.id as string;
  for (const [i, e] of c.events.entries()) await insertEvent(id, i + 1, e.role, staff[e.actor % staff.length] as string, e.action, at((c.submitted ?? 0) + e.day, e.hour), e.method);
  if (c.rating && c.submitted !== null) {
    const r = c.rating;
    const ratedOn = dayAt(c.submitted + r.lag);
    const rated = await sql<{ id: string }>`
      insert into ratings (service_kind, case_id, org_id, org_path, region_code, window_id, staff_id, anonymous, level, channel, rated_on, removed_at)
      values ('case', ${id}, ${org.id}, ${org.path}, ${org.region_code}, ${c.window === null ? null : (windows[c.window % windows.length] ?? null)}, ${r.staff === null ? null : (staff[r.staff % staff.length] ?? null)},
        ${r.anonymous}, ${r.level}, 'online', ${ratedOn}::date, ${r.removed ? new Date().toISOString() : null}::timestamptz)
      returning id`.execute(db);
    const ratingId = rated.rows[0]?.id as string;
    if (r.rectification) {
      const due = dayAt(c.submitted + r.lag + r.rectification.due);
      const done = r.rectification.done === null ? null : dayAt(c.submitted + r.lag + r.rectification.done);
      await sql`insert into rectifications (rating_id, case_id, org_id, org_path, named, status, rectify_due, rectified_on) values (${ratingId}, ${id}, ${org.id}, ${org.path}, ${!r.anonymous}, ${done ? 'rectified' : 'open'}, ${due}::date, ${done}::date)`.execute(db);
    }
    if (r.followUp) {
      await sql`insert into ratings (service_kind, case_id, org_id, org_path, region_code, anonymous, level, channel, rated_on, follow_up_of, kind) values ('case', ${id}, ${org.id}, ${org.path}, ${org.region_code}, false, 1, 'online', ${ratedOn}::date, ${ratingId}, 'follow_up')`.execute(db);
    }
  }
}

async function insertEvent(caseId: string, seq: number, role: string, actorId: string, action: string, when: string, method: string): Promise<void> {
  await sql`
    insert into case_events (case_id, seq, at, actor_id, actor_role, action, to_state, data, prev_hash, hash)
    values (${caseId}, ${seq}, ${when}::timestamptz, ${actorId}, ${role}, ${action}, 'x', ${JSON.stringify(action === 'deliver' ? { method } : {})}::jsonb, '', '')`.execute(db);
}

async function insertComplaint(q: Spec<typeof complaintArb>): Promise<void> {
  const org = orgs[q.org % orgs.length] as (typeof orgs)[number];
  const submittedOn = dayAt(q.day);
  await sql`
    insert into complaints (kind, subject_kind, org_id, org_path, region_code, window_id, staff_id, channel, content, submitted_at, submitted_on, due_on, status, replied_on)
    values ('complaint', 'general', ${org.id}, ${org.path}, ${org.region_code}, ${q.window === null ? null : (windows[q.window % windows.length] ?? null)}, ${q.staff === null ? null : (staff[q.staff % staff.length] ?? null)},
      'online', '随机投诉', ${at(q.day, 3)}::timestamptz, ${submittedOn}::date, ${dayAt(q.day + q.due)}::date, ${q.replied === null ? 'open' : 'replied'}, ${q.replied === null ? null : dayAt(q.day + q.replied)}::date)`.execute(db);
}

async function applyChange(ch: Spec<typeof changeArb>): Promise<void> {
  const cases = await db.selectFrom('cases').select(['id']).where('case_no', 'like', 'RND%').orderBy('case_no').execute();
  const c = cases[ch.pick % Math.max(1, cases.length)];
  if (!c) return;
  switch (ch.kind) {
    case 'decide':
      await sql`update cases set decided_on = ${dayAt(ch.day)}::date, state = 'completed' where id = ${c.id}`.execute(db);
      return;
    case 'undecide':
      await sql`update cases set decided_on = null where id = ${c.id}`.execute(db);
      return;
    case 'deliver': {
      const seq = (await db.selectFrom('case_events').select((eb) => eb.fn.max('seq').as('seq')).where('case_id', '=', c.id).executeTakeFirst())?.seq ?? 0;
      await insertEvent(c.id, Number(seq) + 1, 'window_clerk', staff[ch.to % staff.length] as string, 'deliver', at(ch.day, 4), 'window');
      return;
    }
    case 'remove_rating':
      await sql`update ratings set removed_at = now() where case_id = ${c.id} and follow_up_of is null`.execute(db);
      return;
    case 'rectify':
      await sql`update rectifications set rectified_on = ${dayAt(ch.day)}::date, status = 'rectified' where case_id = ${c.id}`.execute(db);
      return;
    case 'move_org': {
      const org = orgs[ch.to % orgs.length] as (typeof orgs)[number];
      await sql`update cases set org_id = ${org.id}, org_path = ${org.path}, region_code = ${org.region_code} where id = ${c.id}`.execute(db);
      return;
    }
    case 'move_clerk':
      await sql`update users set window_id = ${windows[ch.to % windows.length] ?? null} where id = ${staff[ch.pick % staff.length] ?? null}`.execute(db);
      return;
  }
}

/** Each actor at the levels where their scope differs: a supervisor everywhere, a handler their department and own row, a clerk their window. */
const LEVELS: Record<string, ScorecardLevel[]> = { supervisor: ['region', 'department', 'window', 'staff'], samr_handler: ['department', 'staff'], clerk: ['window'] };

async function compare(periods: Period[]): Promise<number> {
  const cal = await loadCalendar(db);
  let rowsCompared = 0;
  for (const [i, period] of periods.entries()) {
    for (const { who, actor } of actors) {
      for (const level of LEVELS[who] ?? []) {
        const direct = await computeScorecardDirect(db, cal, actor, period, level, TODAY);
        const rolled = await computeScorecard(db, cal, actor, period, level, TODAY);
        expect(rolled, `${who} ${level} ${period.from}…${period.to}`).toEqual(direct);
        rowsCompared += direct.length;
      }
    }
    const by = PUBLIC_FIGURES[(serial + i) % PUBLIC_FIGURES.length] ?? 'received';
    expect(await publicRankings(db, cal, period, by)).toEqual(await publicRankingsDirect(db, cal, period, by));
  }
  return rowsCompared;
}

describe('scorecard rollups answer what the direct computation answers (ADR 0035)', () => {
  it('over randomized cases, timelines, ratings and complaints, then random changes, for any period, level and scope', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArb, { minLength: 5, maxLength: 25 }),
        fc.array(complaintArb, { maxLength: 4 }),
        fc.array(changeArb, { minLength: 1, maxLength: 6 }),
        fc.array(periodArb, { minLength: 1, maxLength: 2 }),
        async (cases, complaints, changes, periods) => {
          for (const c of cases) await insertCase(c);
          for (const q of complaints) await insertComplaint(q);
          const year = { from: '2026-01-01', to: '2026-12-31' };
          compared += await compare([year, ...periods]);
          for (const ch of changes) await applyChange(ch);
          compared += await compare([year, ...periods]);
        },
      ),
      { numRuns: 4, endOnFailure: true },
    );
    expect(compared).toBeGreaterThan(0);
  }, 240_000);

  it('a changed working-day calendar refolds the working days of every case', async () => {
    const cal = await loadCalendar(db);
    const supervisor = actors[0]?.actor as Actor;
    const period = { from: '2026-11-01', to: '2027-03-31' };
    // Decided cases in early 2027, a year the built-in calendar does not cover until it is entered.
    for (let i = 0; i < 6; i++) {
      await insertCase({ org: i, channel: 'online', window: null, submitted: 420 + i, hour: 2, acceptLag: 0, decideLag: 10 + i, dueShift: 5, legal: 20, promised: 10, paused: 0, corrections: 0, events: [], rating: null });
    }
    const before = await computeScorecard(db, cal, supervisor, period, 'department', TODAY);
    await sql`insert into calendar_years (year, source, holidays, workdays) values (2027, '测试', ${JSON.stringify([{ date: '2027-01-04', name: '测试假日' }, { date: '2027-01-05', name: '测试假日' }])}::jsonb, '[]'::jsonb)`.execute(db);
    const cal2 = await loadCalendar(db);
    const after = await computeScorecard(db, cal2, supervisor, period, 'department', TODAY);
    expect(after).toEqual(await computeScorecardDirect(db, cal2, supervisor, period, 'department', TODAY));
    expect(after).not.toEqual(before);
    await sql`delete from calendar_years where year = 2027`.execute(db);
    const cal3 = await loadCalendar(db);
    expect(await computeScorecard(db, cal3, supervisor, period, 'department', TODAY)).toEqual(before);
  });

  it('keeps each month row the sum of its day rows, as the migration fills them (ADR 0046)', async () => {
    await foldPending(db);
    const monthRows = async () => ({
      cases: (await sql`select * from scorecard_case_months order by cell`.execute(db)).rows,
      ratings: (await sql`select * from scorecard_rating_months order by cell`.execute(db)).rows,
    });
    const folded = await monthRows();
    expect(folded.cases.length).toBeGreaterThan(0);
    expect(folded.ratings.length).toBeGreaterThan(0);
    await sql`delete from scorecard_case_months`.execute(db);
    await sql`delete from scorecard_rating_months`.execute(db);
    await fillMonthRows(db);
    expect(await monthRows()).toEqual(folded);
  });

  it('folds nothing when nothing is pending, and leaves the queue empty', async () => {
    await foldPending(db);
    expect(await foldPending(db)).toEqual({ cases: 0, ratings: 0, rebuilt: false });
    const pending = await sql<{ n: number }>`select count(*)::int as n from scorecard_dirty`.execute(db);
    expect(pending.rows[0]?.n).toBe(0);
  });
});
