import { sql, type Kysely } from 'kysely';

/**
 * The public title of a submitted case is written by the submission itself (it holds the pinned item
 * content); the insert trigger now runs only for a writer that leaves it unset (drafts, imports, older
 * code), so a submission no longer reads and unpacks the whole item version inside its statement
 * (issue 8's benchmark). An update of the title or the version still recomputes it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists cases_public_title on cases`.execute(db);
  await sql`create trigger cases_public_title_insert before insert on cases for each row when (new.public_title is null) execute function cases_public_title()`.execute(db);
  await sql`create trigger cases_public_title before update of title, version_id on cases for each row execute function cases_public_title()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists cases_public_title_insert on cases`.execute(db);
  await sql`drop trigger if exists cases_public_title on cases`.execute(db);
  await sql`create trigger cases_public_title before insert or update of title, version_id on cases for each row execute function cases_public_title()`.execute(db);
}
