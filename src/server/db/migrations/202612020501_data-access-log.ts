import { sql, type Kysely } from 'kysely';

/**
 * 数据共享 (issue 11): every read of a shared data source for a case is logged — who, in which role and
 * org, for which case and purpose, from which source, which items came back, when, and whether the
 * source answered. The person the data is about reads their own entries (数据使用记录); the audit
 * administrator exports them. Like the audit log (202612010403) the table is append-only: the database
 * itself refuses UPDATE, DELETE and TRUNCATE. Names (actor, org, source owner) are kept as they were at
 * the time of the read, so a later rename does not rewrite history.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_access_log')
    .addColumn('id', 'uuid', (c) => c.primaryKey()) // the query id
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('org_id', 'uuid', (c) => c.references('orgs.id'))
    .addColumn('org_name', 'text')
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('case_no', 'text')
    .addColumn('subject_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_owner', 'text', (c) => c.notNull())
    .addColumn('fields', 'jsonb', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('answered', 'failed')`))
    .addColumn('error', 'text')
    .addColumn('material_id', 'text')
    .addColumn('answer_digest', 'text')
    .execute();
  // 数据使用记录: a person's entries, newest first; a case's entries for its approver.
  await sql`create index data_access_log_subject_idx on data_access_log (subject_id, at desc)`.execute(db);
  await sql`create index data_access_log_case_idx on data_access_log (case_id, at)`.execute(db);
  await sql`create index data_access_log_at_idx on data_access_log (at)`.execute(db);
  await sql`
    create function data_access_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'data_access_log is append-only (数据使用记录): % refused', tg_op using errcode = 'P0001';
    end $$`.execute(db);
  await sql`create trigger data_access_log_no_update before update or delete on data_access_log for each row execute function data_access_log_append_only()`.execute(db);
  await sql`create trigger data_access_log_no_truncate before truncate on data_access_log for each statement execute function data_access_log_append_only()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists data_access_log_no_truncate on data_access_log`.execute(db);
  await sql`drop trigger if exists data_access_log_no_update on data_access_log`.execute(db);
  await db.schema.dropTable('data_access_log').ifExists().execute();
  await sql`drop function if exists data_access_log_append_only()`.execute(db);
}
