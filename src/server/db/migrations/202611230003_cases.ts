import { sql, type Kysely } from 'kysely';

// Cases (办件): the case row with its pinned catalogue version, the append-only hash-chained timeline,
// materials and files, idempotency keys, case-number sequences, notifications, outbox and warnings.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey()) // SHA-256 of the content (content-addressed)
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_no', 'text', (c) => c.unique())
    .addColumn('query_code', 'text')
    .addColumn('impl_id', 'uuid', (c) => c.notNull().references('item_impls.id'))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('item_versions.id'))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('applicant_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online','window','terminal','mobile')`))
    .addColumn('window_id', 'uuid', (c) => c.references('windows.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addColumn('form_data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('situation_answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('accepted_on', 'date')
    .addColumn('due_date', 'date')
    .addColumn('decided_on', 'date')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('current_step', 'text')
    .addColumn('claimed_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Inbox: open cases of a department subtree by state and step, oldest due first.
  await sql`create index cases_inbox_idx on cases (org_path text_pattern_ops, state, due_date)`.execute(db);
  // Near-due / overdue sweeps and supervision lists: only running cases carry a due date that matters.
  await sql`create index cases_running_due_idx on cases (due_date) where state in ('accepted','in_review','suspended')`.execute(db);
  await db.schema.createIndex('cases_applicant_idx').on('cases').columns(['applicant_id', 'created_at']).execute();
  await sql`create index cases_intake_idx on cases (submitted_at) where state in ('submitted','resubmitted')`.execute(db);

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_id', 'uuid')
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text')
    .addColumn('org_id', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('files', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('case_events_case_seq_uq', ['case_id', 'seq'])
    .execute();
  // 全程留痕: the timeline is append-only; the database itself refuses UPDATE, DELETE and TRUNCATE.
  await sql`
    create function case_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'case_events is append-only (全程留痕): % refused', tg_op using errcode = 'P0001';
    end $$`.execute(db);
  await sql`create trigger case_events_no_update before update or delete on case_events for each row execute function case_events_append_only()`.execute(db);
  await sql`create trigger case_events_no_truncate before truncate on case_events for each statement execute function case_events_append_only()`.execute(db);

  await db.schema
    .createTable('case_materials')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('material_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.references('files.id'))
    .addColumn('file_name', 'text')
    .addColumn('uploaded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('case_materials_case_idx').on('case_materials').column('case_id').execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('case_id', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute();

  await db.schema
    .createTable('case_no_sequences')
    .addColumn('prefix', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('case_id', 'uuid', (c) => c.references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at']).execute();

  // Transactional outbox: events for SMS/e-mail, regulators and data consumers, delivered by a worker.
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute();
  await sql`create index outbox_pending_idx on outbox (next_attempt_at) where delivered_at is null`.execute(db);

  // Time-limit warnings: exactly one per case and threshold (the unique key makes the sweep idempotent
  // across replicas: a second insert of the same warning is a no-op).
  await db.schema
    .createTable('case_warnings')
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('threshold', 'text', (c) => c.notNull().check(sql`threshold in ('near_due','overdue','intake_deemed')`))
    .addColumn('due_date', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('case_warnings_pk', ['case_id', 'threshold'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['case_warnings', 'outbox', 'notifications', 'case_no_sequences', 'idempotency_keys', 'case_materials', 'case_events', 'cases', 'files']) {
    await db.schema.dropTable(t).execute();
  }
  await sql`drop function if exists case_events_append_only()`.execute(db);
}
