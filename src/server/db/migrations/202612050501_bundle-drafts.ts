import { sql, type Kysely } from 'kysely';

/**
 * Drafts of 一件事 applications and 免证办 in bundles and drafts (issue 10, ADR 0044).
 *
 * - `bundle_drafts`: the applicant's saved bundle application, pinned to the bundle version it was saved
 *   against — answers, the merged form (sealed like case form data), uploads, 我的材料 choices, licence
 *   and data uses by material code. `bundle_case_id` is set when it is submitted (a second submission
 *   answers that case).
 * - `bundle_cases.fulfilments`: the licence and data uses the bundle was filed with, by material code;
 *   each member case that a material serves uses them when it is filed.
 * - `case_draft_uses`: an item draft's licence and data uses, checked when saved and again when submitted.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table bundle_drafts (
      id uuid primary key,
      applicant_id uuid not null references users(id),
      bundle_id uuid not null references bundles(id),
      version_id uuid not null references bundle_versions(id),
      answers jsonb not null default '{}',
      form_data jsonb not null default '{}',
      materials jsonb not null default '[]',
      from_library jsonb not null default '[]',
      licences jsonb not null default '[]',
      data_uses jsonb not null default '[]',
      bundle_case_id uuid references bundle_cases(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index bundle_drafts_applicant on bundle_drafts (applicant_id, updated_at desc)`.execute(db);
  await sql`alter table bundle_cases add column fulfilments jsonb not null default '[]'`.execute(db);
  await sql`
    create table case_draft_uses (
      case_id uuid not null references cases(id) on delete cascade,
      material_id text not null,
      kind text not null check (kind in ('licence', 'data')),
      identifier text,
      purpose text,
      primary key (case_id, material_id)
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists case_draft_uses`.execute(db);
  await sql`alter table bundle_cases drop column if exists fulfilments`.execute(db);
  await sql`drop table if exists bundle_drafts`.execute(db);
}
