import { sql, type Kysely } from 'kysely';

/**
 * 认领账号 (issue 9, Identity; ADR 0014): an account registered at the window has a random password
 * nobody knows until its owner claims it online with an SMS code to the phone on record.
 * 1. users.password_set_at: when the owner chose the password (registration, claim); NULL for accounts
 *    made by the clerk's applicant look-up. Existing rows: NULL for window-registered applicants
 *    (username `w_…`), otherwise the creation time.
 * 2. verification_codes.purpose gains 'account_claim'.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('password_set_at', 'timestamptz', (c) => c.defaultTo(sql`now()`)).execute();
  await sql`update users set password_set_at = case
      when kind in ('natural_person','legal_person') and username like 'w\\_%' then null
      else created_at end`.execute(db);
  await sql`alter table verification_codes drop constraint if exists verification_codes_purpose_check`.execute(db);
  await sql`alter table verification_codes add constraint verification_codes_purpose_check check (purpose in ('register','password_reset','account_claim'))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from verification_codes where purpose = 'account_claim'`.execute(db);
  await sql`alter table verification_codes drop constraint if exists verification_codes_purpose_check`.execute(db);
  await sql`alter table verification_codes add constraint verification_codes_purpose_check check (purpose in ('register','password_reset'))`.execute(db);
  await db.schema.alterTable('users').dropColumn('password_set_at').execute();
}
