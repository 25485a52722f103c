import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import type { Period } from '../../core/scorecards/index.js';

/**
 * The rows the scorecard is computed from (SQL you can read: one query per source). A scope filter is
 * either org paths (the rows' responsible org lies under one of them) or one window.
 */
export type RowFilter = { paths: string[] } | { windowId: string };

const beijingStart = (date: string) => `${date}T00:00:00+08:00`;
/** The day after `date` (ISO), for half-open timestamp ranges. */
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The window a case came in at: cases.window_id when set, else the window of the clerk who recorded the
 * submission (a walk-in is submitted by the clerk at their window).
 */
const caseWindow = sql`coalesce(c.window_id, (select u.window_id from case_events e join users u on u.id = e.actor_id where e.case_id = c.id and e.seq = 1 and e.actor_role = 'window_clerk'))`;

function filterSql(alias: 'c' | 'r' | 'q', f: RowFilter) {
  if ('windowId' in f) return sql`${alias === 'c' ? caseWindow : sql.ref(`${alias}.window_id`)} = ${f.windowId}::uuid`;
  if (f.paths.length === 0) return sql`false`;
  return sql.join(
    f.paths.map((p) => sql`${sql.ref(`${alias}.org_path`)} like ${`${p}%`}`),
    sql` or `,
  );
}

export interface CaseFactRow {
  id: string;
  case_no: string | null;
  org_id: string;
  org_path: string;
  region_code: string;
  window_id: string | null;
  channel: 'online' | 'window' | 'terminal' | 'mobile';
  submitted_at: Date;
  accepted_on: string | null;
  decided_on: string | null;
  due_date: string | null;
  legal_limit_days: number;
  promised_limit_days: number;
  paused_days: number;
  correction_notices: number;
  handler_id: string | null;
  trips: number;
  rating: number | null;
}

/** The columns of a case's facts (trips as tripsOf in the core counts them, the handler, the rating). */
const caseFactColumns = sql`c.id, c.case_no, c.org_id, c.org_path, c.region_code, ${caseWindow} as window_id, c.channel, c.submitted_at, c.accepted_on, c.decided_on, c.due_date,
      coalesce((c.snapshot->'item'->>'legalLimitDays')::int, 0) as legal_limit_days,
      coalesce((c.snapshot->'item'->>'promisedLimitDays')::int, 0) as promised_limit_days,
      coalesce((c.snapshot->>'pausedDays')::int, 0) as paused_days,
      coalesce(jsonb_array_length(c.snapshot->'correctionNoticeFor'), 0) as correction_notices,
      (select e.actor_id from case_events e where e.case_id = c.id and e.actor_role = 'approver_handle' order by e.seq limit 1) as handler_id,
      (select count(distinct ((e.at at time zone 'UTC') + interval '8 hours')::date)::int from case_events e where e.case_id = c.id and e.actor_role = 'window_clerk'
         and (e.action in ('submit', 'complete_on_the_spot', 'supply_owed') or (e.action = 'deliver' and e.data->>'method' = 'window'))) as trips,
      (select r.level from ratings r where r.case_id = c.id and r.service_kind = 'case' and r.follow_up_of is null and r.removed_at is null) as rating`;

/** Cases submitted or decided (办结) in the period, with their trips (as tripsOf in the core counts them), handler and rating. */
export async function caseFactRows(db: Db, p: Period, f: RowFilter): Promise<CaseFactRow[]> {
  const r = await sql<CaseFactRow>`
    select ${caseFactColumns}
    from cases c
    where c.submitted_at is not null
      and ((c.submitted_at >= ${beijingStart(p.from)}::timestamptz and c.submitted_at < ${beijingStart(nextDay(p.to))}::timestamptz)
        or (c.decided_on >= ${p.from}::date and c.decided_on <= ${p.to}::date))
      and (${filterSql('c', f)})
    order by c.submitted_at, c.id`.execute(db);
  return r.rows;
}

/** The facts of the given cases that were submitted (the rollup's fold, ADR 0035). */
export async function caseFactRowsByIds(db: Db, ids: readonly string[]): Promise<CaseFactRow[]> {
  if (ids.length === 0) return [];
  const r = await sql<CaseFactRow>`
    select ${caseFactColumns}
    from cases c
    where c.id in (select x::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) x) and c.submitted_at is not null`.execute(db);
  return r.rows;
}

/** One page of submitted cases' facts in id order (refolding every case, ADR 0035). */
export async function caseFactRowsPage(db: Db, after: string, limit: number): Promise<CaseFactRow[]> {
  const r = await sql<CaseFactRow>`
    select ${caseFactColumns}
    from cases c
    where c.id > ${after}::uuid and c.submitted_at is not null
    order by c.id limit ${limit}`.execute(db);
  return r.rows;
}

export interface RatingFactRow {
  id: string;
  region_code: string;
  org_path: string;
  rated_on: string;
  org_id: string;
  window_id: string | null;
  staff_id: string | null;
  level: number;
  anonymous: boolean;
  rectified_in_time: boolean;
}

const ratingFactColumns = sql`r.id, r.region_code, r.org_id, r.org_path, r.window_id, r.staff_id, r.rated_on, r.level, r.anonymous,
      coalesce(k.rectified_on is not null and k.rectified_on <= k.rectify_due, false) as rectified_in_time`;

/** Ratings given in the period (first ratings only, not 追评 or re-ratings; none removed by an appeal). */
export async function ratingFactRows(db: Db, p: Period, f: RowFilter): Promise<RatingFactRow[]> {
  const r = await sql<RatingFactRow>`
    select ${ratingFactColumns}
    from ratings r left join rectifications k on k.rating_id = r.id
    where r.follow_up_of is null and r.removed_at is null and r.rated_on >= ${p.from}::date and r.rated_on <= ${p.to}::date
      and (${filterSql('r', f)})`.execute(db);
  return r.rows;
}

/** The given ratings that count (first ratings, not removed): the rollup's fold (ADR 0035). */
export async function ratingFactRowsByIds(db: Db, ids: readonly string[]): Promise<RatingFactRow[]> {
  if (ids.length === 0) return [];
  const r = await sql<RatingFactRow>`
    select ${ratingFactColumns}
    from ratings r left join rectifications k on k.rating_id = r.id
    where r.id in (select x::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) x) and r.follow_up_of is null and r.removed_at is null`.execute(db);
  return r.rows;
}

export interface ComplaintFactRow {
  region_code: string;
  org_id: string;
  window_id: string | null;
  staff_id: string | null;
  due_on: string;
  replied_on: string | null;
}

/** One page of counted ratings in id order (refolding every rating, ADR 0035). */
export async function ratingFactRowsPage(db: Db, after: string, limit: number): Promise<RatingFactRow[]> {
  const r = await sql<RatingFactRow>`
    select ${ratingFactColumns}
    from ratings r left join rectifications k on k.rating_id = r.id
    where r.id > ${after}::uuid and r.follow_up_of is null and r.removed_at is null
    order by r.id limit ${limit}`.execute(db);
  return r.rows;
}

/** Complaints (not consultations) received in the period. */
export async function complaintFactRows(db: Db, p: Period, f: RowFilter): Promise<ComplaintFactRow[]> {
  const r = await sql<ComplaintFactRow>`
    select q.region_code, q.org_id, q.window_id, q.staff_id, q.due_on, q.replied_on
    from complaints q
    where q.kind = 'complaint' and q.submitted_on >= ${p.from}::date and q.submitted_on <= ${p.to}::date and (${filterSql('q', f)})`.execute(db);
  return r.rows;
}

/**
 * Hall tickets (issue 13) for the scorecard's `waitMinutesAvg` (ADR 0042): tickets of the period's days
 * that were called, each in the unit of a level — region: its hall's region; department: the department
 * of the first case taken in from it (a ticket with no case belongs to no department); window and staff:
 * the window and clerk that called it last (who served). Scope: the department's path at department
 * level, else the hall's path; a window filter is the calling window.
 */
type TicketLevel = 'region' | 'department' | 'window' | 'staff';
const TICKET_UNIT: Record<TicketLevel, string> = { region: 'h.region_code', department: 'c.org_id', window: 't.window_id', staff: 't.clerk_id' };

function ticketSource(p: Period, f: RowFilter, level: TicketLevel, onlyStaff?: string) {
  const unit = sql.raw(TICKET_UNIT[level]);
  const dept = level === 'department'
    ? sql`join lateral (select c.org_id, c.org_path from hall_ticket_cases tc join cases c on c.id = tc.case_id where tc.ticket_id = t.id order by tc.linked_at, c.id limit 1) c on true`
    : sql``;
  const pathCol = level === 'department' ? 'c.org_path' : 'h.path';
  const scope = 'windowId' in f
    ? sql`t.window_id = ${f.windowId}::uuid`
    : f.paths.length === 0 ? sql`false` : sql.join(f.paths.map((x) => sql`${sql.ref(pathCol)} like ${`${x}%`}`), sql` or `);
  return sql`from hall_tickets t join orgs h on h.id = t.hall_id ${dept}
    where t.first_called_at is not null and t.day >= ${p.from}::date and t.day <= ${p.to}::date
      and ${unit} is not null and (${scope}) ${onlyStaff ? sql`and t.clerk_id = ${onlyStaff}::uuid` : sql``}`;
}

const waitMs = sql`greatest(0, round(extract(epoch from (t.first_called_at - t.issued_at)) * 1000))`;

/** The called tickets and their summed waits (whole ms) per unit: one indexed aggregate (`hall_tickets_called_by_day`). */
export async function ticketWaitSums(db: Db, p: Period, f: RowFilter, level: TicketLevel, onlyStaff?: string): Promise<{ unit: string; called: number; wait_ms: number }[]> {
  const r = await sql<{ unit: string; called: number; wait_ms: number }>`
    select ${sql.raw(TICKET_UNIT[level])}::text as unit, count(*)::int as called, sum(${waitMs})::float8 as wait_ms
    ${ticketSource(p, f, level, onlyStaff)}
    group by 1`.execute(db);
  return r.rows;
}

/** The same tickets one by one (the direct computation the aggregate is tested against). */
export async function ticketFactRows(db: Db, p: Period, f: RowFilter, level: TicketLevel, onlyStaff?: string): Promise<{ unit: string; issued_at: Date; first_called_at: Date }[]> {
  const r = await sql<{ unit: string; issued_at: Date; first_called_at: Date }>`
    select ${sql.raw(TICKET_UNIT[level])}::text as unit, t.issued_at, t.first_called_at
    ${ticketSource(p, f, level, onlyStaff)}`.execute(db);
  return r.rows;
}

/** Display names of units by level. */
export async function unitNames(db: Db, level: 'region' | 'department' | 'window' | 'staff', ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  if (level === 'region') {
    const rows = await db.selectFrom('regions').select(['code as id', 'name']).where('code', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  if (level === 'department') {
    const rows = await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  if (level === 'window') {
    const rows = await db.selectFrom('windows as w').innerJoin('orgs as h', 'h.id', 'w.hall_id').select(['w.id', 'w.number', 'w.name', 'h.short_name']).where('w.id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, `${r.short_name} ${r.number} ${r.name}`]));
  }
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
