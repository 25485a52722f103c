import { sql, type Kysely } from 'kysely';

/**
 * A member case names its bundle (issue 10, ADR 0028): the case command reads it with the row it already
 * reads, so a command on an ordinary case no longer looks the bundle up, and a member case does not
 * notify the applicant itself (the bundle sends one notification per bundle event).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table cases add column bundle_case_id uuid references bundle_cases (id)`.execute(db);
  await sql`create index cases_bundle_case_id on cases (bundle_case_id) where bundle_case_id is not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table cases drop column if exists bundle_case_id`.execute(db);
}
