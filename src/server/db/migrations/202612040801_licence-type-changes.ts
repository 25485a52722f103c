import { sql, type Kysely } from 'kysely';

/**
 * 证照类型 editing (issue 11, ADR 0039): a change to a licence type is proposed by one catalogue
 * administrator and applied by another (四眼原则). Each proposal keeps the type as it was (`before`,
 * null for a new type) and as proposed (`after`); at most one proposal per type is open at a time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table licence_type_changes (
      id uuid primary key default gen_random_uuid(),
      type_code text not null,
      before jsonb,
      after jsonb not null,
      reason text not null,
      proposed_by uuid not null references users(id),
      proposed_by_name text not null,
      proposed_at timestamptz not null,
      decided_by uuid references users(id),
      decided_by_name text,
      decided_at timestamptz,
      outcome text check (outcome in ('applied', 'rejected')),
      decision_note text,
      check ((outcome is null) = (decided_at is null)),
      -- 四眼原则 in the database too: nobody applies their own proposal.
      check (outcome is distinct from 'applied' or decided_by <> proposed_by)
    )`.execute(db);
  await sql`create unique index licence_type_changes_one_open on licence_type_changes (type_code) where outcome is null`.execute(db);
  await sql`alter table licence_types add column updated_at timestamptz`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table licence_types drop column if exists updated_at`.execute(db);
  await sql`drop table if exists licence_type_changes`.execute(db);
}
