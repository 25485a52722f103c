import { sql, type Kysely } from 'kysely';

/**
 * Monthly scorecard rollup rows (issue 12 "Scale", ADR 0046): the sums of a unit's day rows per calendar
 * month, so that a year's scorecard reads twelve rows per unit instead of one per day with activity. A
 * period reads its whole months from these and its ragged edges from the day rows (`splitByMonths` in
 * src/core/scorecards/rollup.ts). The fold (src/server/scorecards/rollups.ts) moves a case's or a
 * rating's contribution in the month rows whenever it moves it in the day rows.
 *
 * Filled here from the day rows, in one statement each. A row's `cell` is its key as the fold writes
 * it: the JSON array of its unit columns and its month (JSON.stringify, no spaces).
 */
const unitCell = (month: string) =>
  `'[' || to_json(region_code)::text || ',' || to_json(org_id::text)::text || ',' || to_json(org_path)::text || ',' || coalesce(to_json(window_id::text)::text, 'null') || ',' || coalesce(to_json(staff_id::text)::text, 'null') || ',' || to_json(${month})::text || ']'`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table scorecard_case_months (
      cell text primary key,
      region_code text not null,
      org_id uuid not null,
      org_path text not null,
      window_id uuid,
      staff_id uuid,
      month date not null check (extract(day from month) = 1),
      received integer not null,
      online integer not null,
      completed integer not null,
      on_time integer not null,
      working_days integer not null,
      promised integer not null,
      legal integer not null,
      trips integer not null,
      first_time_right integer not null
    )`.execute(db);
  await sql`create index scorecard_case_months_month on scorecard_case_months (month)`.execute(db);
  await sql`
    create table scorecard_rating_months (
      cell text primary key,
      region_code text not null,
      org_id uuid not null,
      org_path text not null,
      window_id uuid,
      staff_id uuid,
      month date not null check (extract(day from month) = 1),
      ratings integer not null,
      bad integer not null,
      named_bad integer not null,
      rectified_in_time integer not null
    )`.execute(db);
  await sql`create index scorecard_rating_months_month on scorecard_rating_months (month)`.execute(db);

  await fillMonthRows(db);
}

/** Fills the (empty) month rows from the day rows (test/scorecard-rollups.test.ts checks it against the fold). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function fillMonthRows(db: Kysely<any>): Promise<void> {
  await sql`
    insert into scorecard_case_months (cell, region_code, org_id, org_path, window_id, staff_id, month, received, online, completed, on_time, working_days, promised, legal, trips, first_time_right)
    select ${sql.raw(unitCell("to_char(m.month, 'YYYY-MM-DD')"))}, region_code, org_id, org_path, window_id, staff_id, m.month,
      sum(received), sum(online), sum(completed), sum(on_time), sum(working_days), sum(promised), sum(legal), sum(trips), sum(first_time_right)
    from scorecard_case_days, lateral (select date_trunc('month', day)::date as month) m
    group by region_code, org_id, org_path, window_id, staff_id, m.month`.execute(db);
  await sql`
    insert into scorecard_rating_months (cell, region_code, org_id, org_path, window_id, staff_id, month, ratings, bad, named_bad, rectified_in_time)
    select ${sql.raw(unitCell("to_char(m.month, 'YYYY-MM-DD')"))}, region_code, org_id, org_path, window_id, staff_id, m.month,
      sum(ratings), sum(bad), sum(named_bad), sum(rectified_in_time)
    from scorecard_rating_days, lateral (select date_trunc('month', rated_on)::date as month) m
    group by region_code, org_id, org_path, window_id, staff_id, m.month`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists scorecard_rating_months`.execute(db);
  await sql`drop table if exists scorecard_case_months`.execute(db);
}
