import { sql, type Kysely } from 'kysely';

/**
 * 自助终端 (issue 13, ADR 0036):
 * 1. kiosk_sessions: a short session a kiosk opens after ID number + SMS code. Apart from `sessions`
 *    so that no route that takes a full login can ever see it; only the token's SHA-256 is stored.
 * 2. verification_codes.purpose gains 'kiosk_login'.
 * 3. Window-service ratings handed over from the window desk name the ticket served
 *    (rating_tokens.ticket_id, ratings.ticket_id).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table kiosk_sessions (
      id text primary key,
      user_id uuid not null references users(id) on delete cascade,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      ip text
    )`.execute(db);
  await sql`create index kiosk_sessions_expires_idx on kiosk_sessions (expires_at)`.execute(db);
  await sql`alter table verification_codes drop constraint if exists verification_codes_purpose_check`.execute(db);
  await sql`alter table verification_codes add constraint verification_codes_purpose_check check (purpose in ('register','password_reset','account_claim','kiosk_login'))`.execute(db);
  await sql`alter table rating_tokens add column ticket_id uuid references hall_tickets(id)`.execute(db);
  await sql`alter table ratings add column ticket_id uuid references hall_tickets(id)`.execute(db);
  await sql`create index ratings_ticket_idx on ratings (ticket_id) where ticket_id is not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table ratings drop column if exists ticket_id`.execute(db);
  await sql`alter table rating_tokens drop column if exists ticket_id`.execute(db);
  await sql`delete from verification_codes where purpose = 'kiosk_login'`.execute(db);
  await sql`alter table verification_codes drop constraint if exists verification_codes_purpose_check`.execute(db);
  await sql`alter table verification_codes add constraint verification_codes_purpose_check check (purpose in ('register','password_reset','account_claim'))`.execute(db);
  await sql`drop table if exists kiosk_sessions`.execute(db);
}
