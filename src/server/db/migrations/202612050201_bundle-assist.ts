import { sql, type Kysely } from 'kysely';

/**
 * 帮办代办 for a 一件事 bundle at the window (ADR 0041): the authorisation a clerk files a bundle with is
 * claimed by the bundle case (one authorisation, one case or one bundle case — never both).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table assist_authorisations add column bundle_case_id uuid references bundle_cases (id)`.execute(db);
  await sql`alter table assist_authorisations add constraint assist_authorisations_one_case check (case_id is null or bundle_case_id is null)`.execute(db);
  await sql`create unique index assist_authorisations_bundle_case_idx on assist_authorisations (bundle_case_id) where bundle_case_id is not null`.execute(db);
}
