import { sql, type Kysely } from 'kysely';

/**
 * 电子监察 (issue 12): each rule hit recorded once per object and rule (the unique key makes a second
 * sweep, or two replicas at once, a no-op), with the org and person it counts against.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table supervision_hits (
      id bigint generated always as identity primary key,
      rule text not null,
      object_type text not null check (object_type in ('case', 'rectification', 'complaint')),
      object_id uuid not null,
      org_id uuid not null references orgs(id),
      org_path text not null,
      staff_id uuid references users(id),
      severity text not null check (severity in ('yellow', 'red')),
      detected_on date not null,
      created_at timestamptz not null default now(),
      unique (object_type, object_id, rule)
    )`.execute(db);
  await sql`create index supervision_hits_org_path_day on supervision_hits (org_path text_pattern_ops, detected_on)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists supervision_hits`.execute(db);
}
