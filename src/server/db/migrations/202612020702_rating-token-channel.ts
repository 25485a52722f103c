import { sql, type Kysely } from 'kysely';

/** A rating token is handed over on the window's tablet or sent by SMS (issue 12); the rating records which. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table rating_tokens add column channel text not null default 'sms' check (channel in ('sms', 'tablet'))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table rating_tokens drop column if exists channel`.execute(db);
}
