import { sql, type Kysely } from 'kysely';

// 一件事 bundles (issue 10, ADR 0025): versioned bundle definitions owned by a region's hall
// administration, and bundle cases that own one member case per applicable member.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bundles')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // 一件事编码, e.g. YJS330523001: the prefix of the bundle's case numbers.
    .addColumn('code', 'text', (c) => c.notNull().unique().check(sql`code ~ '^YJS[0-9]{9}$'`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('published_version_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('bundle_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('bundle_id', 'uuid', (c) => c.notNull().references('bundles.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','in_review','published','retired')`))
    .addColumn('content', 'json', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('published_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('retired_at', 'timestamptz')
    .addColumn('review_comment', 'text')
    .addUniqueConstraint('bundle_versions_no_uq', ['bundle_id', 'version_no'])
    .execute();
  await sql`create unique index bundle_versions_one_open_uq on bundle_versions (bundle_id) where status in ('draft','in_review')`.execute(db);
  await sql`create unique index bundle_versions_one_published_uq on bundle_versions (bundle_id) where status = 'published'`.execute(db);
  await sql`alter table bundles add constraint bundles_published_fk foreign key (published_version_id) references bundle_versions(id)`.execute(db);
  await db.schema
    .createTable('bundle_version_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('bundle_versions.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('comment', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('bundle_version_events_version_idx').on('bundle_version_events').column('version_id').execute();

  await db.schema
    .createTable('bundle_cases')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('case_no', 'text', (c) => c.notNull().unique())
    .addColumn('query_code', 'text', (c) => c.notNull())
    .addColumn('bundle_id', 'uuid', (c) => c.notNull().references('bundles.id'))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('bundle_versions.id'))
    // The hall that owns the bundle (supervisor scope).
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('applicant_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('submitted_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online','window')`))
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    // Sealed like a case's form data (personal data at rest).
    .addColumn('form_data', 'jsonb', (c) => c.notNull())
    .addColumn('materials', 'jsonb', (c) => c.notNull())
    .addColumn('refusal_policy', 'text', (c) => c.notNull().check(sql`refusal_policy in ('continue','stop')`))
    .addColumn('limit_days', 'integer', (c) => c.notNull())
    .addColumn('submitted_on', 'date', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('withdrawn', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('delivery', 'jsonb')
    .addColumn('idempotency_key', 'text')
    .addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('bundle_cases_idem_uq', ['submitted_by', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('bundle_cases_applicant_idx').on('bundle_cases').columns(['applicant_id', 'created_at']).execute();
  await db.schema.createIndex('bundle_cases_due_idx').on('bundle_cases').columns(['state', 'due_date']).execute();

  await db.schema
    .createTable('bundle_members')
    .addColumn('bundle_case_id', 'uuid', (c) => c.notNull().references('bundle_cases.id'))
    .addColumn('member_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('impl_id', 'uuid', (c) => c.notNull().references('item_impls.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('depends_on', 'jsonb', (c) => c.notNull())
    .addColumn('case_id', 'uuid', (c) => c.unique().references('cases.id'))
    .addColumn('started_at', 'timestamptz')
    // Why the member did not start (a dependency failed, the bundle stopped, its form was refused …).
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('bundle_members_pk', ['bundle_case_id', 'member_key'])
    .execute();
  await db.schema.createIndex('bundle_members_case_idx').on('bundle_members').column('case_id').execute();

  // Bundle-level timeline (the members keep their own hash-chained timelines), append-only.
  await db.schema
    .createTable('bundle_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('bundle_case_id', 'uuid', (c) => c.notNull().references('bundle_cases.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('actor_name', 'text')
    .addColumn('member_key', 'text')
    .addColumn('comment', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('bundle_events_case_idx').on('bundle_events').columns(['bundle_case_id', 'id']).execute();

  // 一次性告知 for the bundle: gathered while open, sent once, answered once.
  await db.schema
    .createTable('bundle_corrections')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('bundle_case_id', 'uuid', (c) => c.notNull().references('bundle_cases.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open','sent','answered')`))
    .addColumn('items', 'jsonb', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('answered_at', 'timestamptz')
    .execute();
  await sql`create unique index bundle_corrections_one_open_uq on bundle_corrections (bundle_case_id) where status in ('open','sent')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['bundle_corrections', 'bundle_events', 'bundle_members', 'bundle_cases', 'bundle_version_events']) await db.schema.dropTable(t).execute();
  await sql`alter table bundles drop constraint bundles_published_fk`.execute(db);
  await db.schema.dropTable('bundle_versions').execute();
  await db.schema.dropTable('bundles').execute();
}
