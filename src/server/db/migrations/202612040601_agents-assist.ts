import { sql, type Kysely } from 'kysely';

/**
 * 经办人 and 帮办代办 (issue 13, ADR 0037).
 * 1. enterprise_agents: a legal-person account's agents (natural-person accounts) with a scope and a last day;
 *    revoked by the enterprise (kept, never deleted: the timeline of past cases names the grant).
 * 2. assist_authorisations: a hall assistant's authorisation to file for a person — a 委托书 (file) or the
 *    person's SMS confirmation — used for exactly one case.
 * 3. verification_codes.purpose gains 'assist_confirm' (the person's confirmation code).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table enterprise_agents (
      id uuid primary key default gen_random_uuid(),
      enterprise_id uuid not null references users (id),
      agent_id uuid not null references users (id),
      scope jsonb not null,
      valid_from text not null,
      valid_until text not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      check (enterprise_id <> agent_id),
      check (valid_from <= valid_until)
    )`.execute(db);
  // The session reads an agent's grants by agent_id; the enterprise lists its own by enterprise_id.
  await sql`create index enterprise_agents_agent_idx on enterprise_agents (agent_id)`.execute(db);
  await sql`create index enterprise_agents_enterprise_idx on enterprise_agents (enterprise_id, created_at desc)`.execute(db);
  await sql`
    create table assist_authorisations (
      id uuid primary key default gen_random_uuid(),
      clerk_id uuid not null references users (id),
      applicant_id uuid not null references users (id),
      kind text not null check (kind in ('letter', 'sms')),
      file_id text references files (id),
      file_name text,
      verification_id uuid,
      confirmed_at timestamptz,
      used_at timestamptz,
      case_id uuid references cases (id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      check (kind <> 'letter' or (file_id is not null and confirmed_at is not null)),
      check (clerk_id <> applicant_id)
    )`.execute(db);
  await sql`create unique index assist_authorisations_case_idx on assist_authorisations (case_id) where case_id is not null`.execute(db);
  await sql`create index assist_authorisations_file_idx on assist_authorisations (file_id) where file_id is not null`.execute(db);
  await sql`alter table verification_codes drop constraint if exists verification_codes_purpose_check`.execute(db);
  await sql`alter table verification_codes add constraint verification_codes_purpose_check check (purpose in ('register','password_reset','account_claim','kiosk_login','assist_confirm'))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from verification_codes where purpose = 'assist_confirm'`.execute(db);
  await sql`alter table verification_codes drop constraint if exists verification_codes_purpose_check`.execute(db);
  await sql`alter table verification_codes add constraint verification_codes_purpose_check check (purpose in ('register','password_reset','account_claim','kiosk_login'))`.execute(db);
  await sql`drop table if exists assist_authorisations`.execute(db);
  await sql`drop table if exists enterprise_agents`.execute(db);
}
