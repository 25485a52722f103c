import { sql, type Kysely } from 'kysely';

/**
 * Scorecard rollups (issue 12 "Scale", ADR 0035). Small row triggers mark what changed in a queue
 * (`scorecard_dirty`: a case or a rating) inside the writer's own statement — no extra round trip for a
 * case command — and the fold (src/server/scorecards/rollups.ts) recomputes those cases' and ratings'
 * facts with the same code as the direct computation and moves their contributions between rows:
 *  - `scorecard_case_facts` / `scorecard_rating_facts`: what each case or rating last contributed;
 *  - `scorecard_case_days`: sums per unit (region, department path, window, handler) and day;
 *    `scorecard_case_pairs`: cases per unit and (day submitted, day decided), for the cases in flight
 *    at a period's end; `scorecard_rating_days`: rating sums per unit and day rated;
 *  - `scorecard_rollup_state`: the fingerprint of the working-day calendar the facts were computed with
 *    (working days used depend on it; a changed calendar refolds every case).
 * The first fold after this migration finds no fingerprint and folds every case and rating.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table scorecard_dirty (seq bigserial primary key, kind text not null check (kind in ('case', 'rating')), id uuid not null)`.execute(db);
  await sql`create table scorecard_rollup_state (id integer primary key check (id = 1), calendar_hash text, folded_at timestamptz)`.execute(db);
  await sql`insert into scorecard_rollup_state (id) values (1)`.execute(db);

  await sql`create table scorecard_case_facts (case_id uuid primary key, cell text not null, v jsonb not null)`.execute(db);
  // Per unit and day: the received side of the cases submitted that day, the completed side of those decided that day.
  await sql`
    create table scorecard_case_days (
      cell text primary key,
      region_code text not null,
      org_id uuid not null,
      org_path text not null,
      window_id uuid,
      staff_id uuid,
      day date not null,
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
  await sql`create index scorecard_case_days_day on scorecard_case_days (day)`.execute(db);
  // Per unit and (day submitted, day decided): how many cases; the span [submitted, decided) — unbounded
  // while undecided — finds the cases in flight across a period's last day (GiST).
  await sql`
    create table scorecard_case_pairs (
      cell text primary key,
      region_code text not null,
      org_id uuid not null,
      org_path text not null,
      window_id uuid,
      staff_id uuid,
      submitted_on date not null,
      decided_on date,
      span daterange generated always as (daterange(submitted_on, case when decided_on is null then null else greatest(submitted_on, decided_on) end, '[)')) stored,
      n integer not null
    )`.execute(db);
  await sql`create index scorecard_case_pairs_span on scorecard_case_pairs using gist (span)`.execute(db);

  await sql`create table scorecard_rating_facts (rating_id uuid primary key, cell text not null, v jsonb not null)`.execute(db);
  await sql`
    create table scorecard_rating_days (
      cell text primary key,
      region_code text not null,
      org_id uuid not null,
      org_path text not null,
      window_id uuid,
      staff_id uuid,
      rated_on date not null,
      ratings integer not null,
      bad integer not null,
      named_bad integer not null,
      rectified_in_time integer not null
    )`.execute(db);
  await sql`create index scorecard_rating_days_rated on scorecard_rating_days (rated_on)`.execute(db);

  // The marks. A case matters once submitted; an update only when a column the figures read changed.
  await sql`
    create function scorecard_mark_case() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        insert into scorecard_dirty (kind, id) values ('case', old.id);
        return old;
      end if;
      insert into scorecard_dirty (kind, id) values ('case', new.id);
      return new;
    end $$`.execute(db);
  await sql`create trigger cases_scorecard_insert after insert on cases for each row when (new.submitted_at is not null) execute function scorecard_mark_case()`.execute(db);
  await sql`
    create trigger cases_scorecard_update after update on cases for each row when (
      old.submitted_at is distinct from new.submitted_at or old.accepted_on is distinct from new.accepted_on
      or old.decided_on is distinct from new.decided_on or old.due_date is distinct from new.due_date
      or old.org_id is distinct from new.org_id or old.org_path is distinct from new.org_path
      or old.region_code is distinct from new.region_code or old.window_id is distinct from new.window_id
      or old.channel is distinct from new.channel
      or (old.snapshot -> 'item' -> 'legalLimitDays') is distinct from (new.snapshot -> 'item' -> 'legalLimitDays')
      or (old.snapshot -> 'item' -> 'promisedLimitDays') is distinct from (new.snapshot -> 'item' -> 'promisedLimitDays')
      or (old.snapshot -> 'pausedDays') is distinct from (new.snapshot -> 'pausedDays')
      or (old.snapshot -> 'correctionNoticeFor') is distinct from (new.snapshot -> 'correctionNoticeFor')
    ) execute function scorecard_mark_case()`.execute(db);
  await sql`create trigger cases_scorecard_delete after delete on cases for each row execute function scorecard_mark_case()`.execute(db);

  // Timeline entries the figures read: a window clerk's (trips, the intake window) and the handler's.
  await sql`
    create function scorecard_mark_case_event() returns trigger language plpgsql as $$
    begin
      insert into scorecard_dirty (kind, id) values ('case', new.case_id);
      return new;
    end $$`.execute(db);
  await sql`create trigger case_events_scorecard after insert on case_events for each row when (new.actor_role in ('window_clerk', 'approver_handle')) execute function scorecard_mark_case_event()`.execute(db);

  // A clerk moved to another window moves the walk-ins they took in (the intake window is read through them).
  await sql`
    create function scorecard_mark_clerk_cases() returns trigger language plpgsql as $$
    begin
      insert into scorecard_dirty (kind, id)
        select 'case', e.case_id from case_events e where e.actor_id = new.id and e.seq = 1 and e.actor_role = 'window_clerk';
      return new;
    end $$`.execute(db);
  await sql`create index case_events_intake_clerk on case_events (actor_id) where seq = 1 and actor_role = 'window_clerk'`.execute(db);
  await sql`create trigger users_scorecard_window after update of window_id on users for each row when (old.window_id is distinct from new.window_id) execute function scorecard_mark_clerk_cases()`.execute(db);

  // Ratings: first ratings count; a removal (accepted appeal) or a rectification changes the sums.
  await sql`
    create function scorecard_mark_rating() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        insert into scorecard_dirty (kind, id) values ('rating', old.id);
        return old;
      end if;
      insert into scorecard_dirty (kind, id) values ('rating', new.id);
      return new;
    end $$`.execute(db);
  await sql`create trigger ratings_scorecard after insert or update or delete on ratings for each row execute function scorecard_mark_rating()`.execute(db);
  await sql`
    create function scorecard_mark_rectification() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        insert into scorecard_dirty (kind, id) values ('rating', old.rating_id);
        return old;
      end if;
      insert into scorecard_dirty (kind, id) values ('rating', new.rating_id);
      if tg_op = 'UPDATE' and old.rating_id is distinct from new.rating_id then
        insert into scorecard_dirty (kind, id) values ('rating', old.rating_id);
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger rectifications_scorecard after insert or update or delete on rectifications for each row execute function scorecard_mark_rectification()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists rectifications_scorecard on rectifications`.execute(db);
  await sql`drop trigger if exists ratings_scorecard on ratings`.execute(db);
  await sql`drop trigger if exists users_scorecard_window on users`.execute(db);
  await sql`drop index if exists case_events_intake_clerk`.execute(db);
  await sql`drop trigger if exists case_events_scorecard on case_events`.execute(db);
  for (const t of ['cases_scorecard_insert', 'cases_scorecard_update', 'cases_scorecard_delete']) await sql`drop trigger if exists ${sql.raw(t)} on cases`.execute(db);
  for (const f of ['scorecard_mark_rectification', 'scorecard_mark_rating', 'scorecard_mark_clerk_cases', 'scorecard_mark_case_event', 'scorecard_mark_case']) await sql`drop function if exists ${sql.raw(f)}()`.execute(db);
  for (const t of ['scorecard_rating_days', 'scorecard_rating_facts', 'scorecard_case_pairs', 'scorecard_case_days', 'scorecard_case_facts', 'scorecard_rollup_state', 'scorecard_dirty']) await sql`drop table if exists ${sql.raw(t)}`.execute(db);
}
