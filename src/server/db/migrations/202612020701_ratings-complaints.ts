import { sql, type Kysely } from 'kysely';

/**
 * 好差评 and 咨询投诉 (issue 12): ratings (one per service and a follow-up), the rectification task each
 * 差评 opens, appeals against ratings, one-time SMS rating tokens, consultations and complaints, and the
 * per-region deadlines (ADR 0024). Each row keeps its responsible org's path for scope filters.
 */
// Kysely's advice: migrations are written against Kysely<any>, independent of today's schema types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table accountability_settings (
      region_code text primary key references regions(code),
      revisit_days integer not null default 1 check (revisit_days between 0 and 30),
      rectify_days integer not null default 15 check (rectify_days between 1 and 60),
      complaint_days integer not null default 5 check (complaint_days between 1 and 60),
      updated_by uuid references users(id),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table ratings (
      id uuid primary key default gen_random_uuid(),
      service_kind text not null check (service_kind in ('case', 'window')),
      case_id uuid not null references cases(id),
      org_id uuid not null references orgs(id),
      org_path text not null,
      region_code text not null,
      window_id uuid references windows(id),
      staff_id uuid references users(id),
      rater_id uuid references users(id),
      anonymous boolean not null default false,
      level smallint not null check (level between 1 and 5),
      tags jsonb not null default '[]',
      comment text,
      channel text not null check (channel in ('online', 'tablet', 'sms')),
      follow_up_of uuid references ratings(id),
      kind text not null default 'rating' check (kind in ('rating', 'follow_up', 're_rating')),
      rated_on date not null,
      created_at timestamptz not null default now(),
      removed_at timestamptz,
      removed_reason text
    )`.execute(db);
  // 一次一评: one rating per service of a case; one follow-up (追评) and one re-rating per rating.
  await sql`create unique index ratings_once_per_service on ratings (case_id, service_kind) where follow_up_of is null`.execute(db);
  await sql`create unique index ratings_one_follow_up on ratings (follow_up_of, kind) where follow_up_of is not null`.execute(db);
  await sql`create index ratings_org_path_day on ratings (org_path text_pattern_ops, rated_on)`.execute(db);
  await sql`create index ratings_rated_on on ratings (rated_on)`.execute(db);

  await sql`
    create table rating_tokens (
      token_hash text primary key,
      case_id uuid not null references cases(id),
      service_kind text not null check (service_kind in ('case', 'window')),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);

  await sql`
    create table rectifications (
      id uuid primary key default gen_random_uuid(),
      rating_id uuid not null unique references ratings(id),
      case_id uuid not null references cases(id),
      org_id uuid not null references orgs(id),
      org_path text not null,
      named boolean not null,
      status text not null default 'open' check (status in ('open', 'revisited', 'rectified', 'withdrawn')),
      revisit_due date,
      revisited_at timestamptz,
      revisited_on date,
      revisited_by uuid references users(id),
      revisit_outcome text,
      rectify_due date not null,
      rectified_at timestamptz,
      rectified_on date,
      rectified_by uuid references users(id),
      rectification text,
      re_rating_requested_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index rectifications_org_path on rectifications (org_path text_pattern_ops, status)`.execute(db);

  await sql`
    create table rating_appeals (
      id uuid primary key default gen_random_uuid(),
      rating_id uuid not null references ratings(id),
      org_path text not null,
      reason text not null,
      evidence jsonb not null default '[]',
      filed_by uuid not null references users(id),
      filed_at timestamptz not null default now(),
      status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
      decided_by uuid references users(id),
      decided_at timestamptz,
      decision_note text
    )`.execute(db);
  // One open appeal per rating at a time; a rejected appeal is final (one appeal per rating).
  await sql`create unique index rating_appeals_one_per_rating on rating_appeals (rating_id)`.execute(db);

  await sql`
    create table complaints (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('consultation', 'complaint')),
      subject_kind text not null check (subject_kind in ('case', 'item', 'window', 'staff', 'general')),
      case_id uuid references cases(id),
      impl_id uuid references item_impls(id),
      window_id uuid references windows(id),
      staff_id uuid references users(id),
      org_id uuid not null references orgs(id),
      org_path text not null,
      region_code text not null,
      complainant_id uuid references users(id),
      complainant_name text,
      complainant_phone text,
      entered_by uuid references users(id),
      channel text not null check (channel in ('online', 'phone', 'window')),
      content text not null,
      submitted_at timestamptz not null,
      submitted_on date not null,
      due_on date not null,
      status text not null default 'open' check (status in ('open', 'replied', 'closed')),
      reply text,
      replied_at timestamptz,
      replied_on date,
      replied_by uuid references users(id),
      satisfaction text check (satisfaction in ('satisfied', 'dissatisfied')),
      reopened integer not null default 0 check (reopened between 0 and 1),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index complaints_org_path_day on complaints (org_path text_pattern_ops, submitted_on)`.execute(db);
  await sql`create index complaints_open_due on complaints (due_on) where status = 'open'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['complaints', 'rating_appeals', 'rectifications', 'rating_tokens', 'ratings', 'accountability_settings']) await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
