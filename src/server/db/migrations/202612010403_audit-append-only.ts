import { sql, type Kysely } from 'kysely';

// With every entry chained (202612010402): the chain columns are required, seq is unique, and the audit
// log is append-only — the database itself refuses UPDATE, DELETE and TRUNCATE, like case_events.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_events alter column seq set not null, alter column prev_hash set not null, alter column hash set not null`.execute(db);
  await sql`alter table audit_events add constraint audit_events_seq_uq unique (seq)`.execute(db);
  await sql`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only (安全审计): % refused', tg_op using errcode = 'P0001';
    end $$`.execute(db);
  await sql`create trigger audit_events_no_update before update or delete on audit_events for each row execute function audit_events_append_only()`.execute(db);
  await sql`create trigger audit_events_no_truncate before truncate on audit_events for each statement execute function audit_events_append_only()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists audit_events_no_truncate on audit_events`.execute(db);
  await sql`drop trigger if exists audit_events_no_update on audit_events`.execute(db);
  await sql`drop function if exists audit_events_append_only()`.execute(db);
  await sql`alter table audit_events drop constraint if exists audit_events_seq_uq`.execute(db);
  await sql`alter table audit_events alter column seq drop not null, alter column prev_hash drop not null, alter column hash drop not null`.execute(db);
}
