import { sql, type Kysely } from 'kysely';

/**
 * 我的材料 in drafts (issue 10, ADR 0038): a case material taken from the applicant's library names the
 * library entry, so a saved draft keeps the choice (and a submitted case shows which materials came
 * from the library). No foreign key, like case_data_uses.query_id: the entry is checked when the draft
 * is saved and again when it is submitted, and the use is recorded on the submission's event.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table case_materials add column library_id uuid`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table case_materials drop column if exists library_id`.execute(db);
}
