import { sql, type Kysely } from 'kysely';

/**
 * 一件事 rated as one service (issue 12, ADR 0043): a rating, its token and its rectification task name
 * either a case or a bundle case. A bundle is rated once (its own unique index); its member cases are
 * not rated separately (the rule is in the core; nothing here forbids a member's row).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ratings alter column case_id drop not null`.execute(db);
  await sql`alter table ratings add column bundle_case_id uuid references bundle_cases (id)`.execute(db);
  await sql`alter table ratings drop constraint ratings_service_kind_check`.execute(db);
  await sql`alter table ratings add constraint ratings_service_kind_check check (service_kind in ('case', 'window', 'bundle'))`.execute(db);
  await sql`alter table ratings add constraint ratings_rated_object check (case when service_kind = 'bundle' then bundle_case_id is not null and case_id is null else case_id is not null and bundle_case_id is null end)`.execute(db);
  // 一次一评 for a bundle: one first rating; follow-ups keep ratings_one_follow_up.
  await sql`create unique index ratings_once_per_bundle on ratings (bundle_case_id) where follow_up_of is null and bundle_case_id is not null`.execute(db);

  await sql`alter table rating_tokens alter column case_id drop not null`.execute(db);
  await sql`alter table rating_tokens add column bundle_case_id uuid references bundle_cases (id)`.execute(db);
  await sql`alter table rating_tokens drop constraint rating_tokens_service_kind_check`.execute(db);
  await sql`alter table rating_tokens add constraint rating_tokens_service_kind_check check (service_kind in ('case', 'window', 'bundle'))`.execute(db);
  await sql`alter table rating_tokens add constraint rating_tokens_rated_object check (case when service_kind = 'bundle' then bundle_case_id is not null and case_id is null else case_id is not null and bundle_case_id is null end)`.execute(db);

  await sql`alter table rectifications alter column case_id drop not null`.execute(db);
  await sql`alter table rectifications add column bundle_case_id uuid references bundle_cases (id)`.execute(db);
  await sql`alter table rectifications add constraint rectifications_rated_object check ((case_id is null) <> (bundle_case_id is null))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table rectifications drop constraint if exists rectifications_rated_object`.execute(db);
  await sql`alter table rectifications drop column if exists bundle_case_id`.execute(db);
  await sql`alter table rating_tokens drop constraint if exists rating_tokens_rated_object`.execute(db);
  await sql`alter table rating_tokens drop column if exists bundle_case_id`.execute(db);
  await sql`drop index if exists ratings_once_per_bundle`.execute(db);
  await sql`alter table ratings drop constraint if exists ratings_rated_object`.execute(db);
  await sql`alter table ratings drop column if exists bundle_case_id`.execute(db);
}
