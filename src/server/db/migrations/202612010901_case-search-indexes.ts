import { sql, type Kysely } from 'kysely';

/**
 * Staff case search (办件查询, ADR 0015): the applicant's name from its start (`like '张%'`) and the
 * submitted-date range are served by indexes; scope, case number and ID number (blind index) already are.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index users_display_name_idx on users (display_name text_pattern_ops)`.execute(db);
  await sql`create index cases_submitted_at_idx on cases (submitted_at)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists cases_submitted_at_idx`.execute(db);
  await sql`drop index if exists users_display_name_idx`.execute(db);
}
