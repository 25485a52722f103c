import { sql, type Kysely } from 'kysely';

// Service catalogue (基本目录 / 实施清单 with versions) and the editable working-day calendar.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('base_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('base_code', 'text', (c) => c.notNull().unique())
    .addColumn('main_name', 'text', (c) => c.notNull())
    .addColumn('sub_name', 'text')
    .addColumn('item_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // One implementation (实施清单) of a base item by one implementing body.
  await db.schema
    .createTable('item_impls')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('base_item_id', 'uuid', (c) => c.notNull().references('base_items.id'))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('impl_code', 'text', (c) => c.notNull().unique())
    .addColumn('published_version_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('item_impls_org_idx').on('item_impls').column('org_id').execute();
  await db.schema.createIndex('item_impls_base_idx').on('item_impls').column('base_item_id').execute();

  await db.schema
    .createTable('item_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('impl_id', 'uuid', (c) => c.notNull().references('item_impls.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','in_review','published','retired')`))
    // json, not jsonb: the order of form fields and list members is part of the content.
    .addColumn('content', 'json', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    // Optimistic concurrency for edits of a draft: the editor sends the revision it read.
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('published_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('retired_at', 'timestamptz')
    .addColumn('review_comment', 'text')
    .addUniqueConstraint('item_versions_impl_no_uq', ['impl_id', 'version_no'])
    .execute();
  // At most one open (draft or in review) and at most one published version per implementation.
  await sql`create unique index item_versions_one_open_uq on item_versions (impl_id) where status in ('draft','in_review')`.execute(db);
  await sql`create unique index item_versions_one_published_uq on item_versions (impl_id) where status = 'published'`.execute(db);
  await sql`alter table item_impls add constraint item_impls_published_fk foreign key (published_version_id) references item_versions(id)`.execute(db);

  // Catalogue change log (who did what to which version), append-only.
  await db.schema
    .createTable('item_version_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('item_versions.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('comment', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('item_version_events_version_idx').on('item_version_events').column('version_id').execute();

  // Official holiday arrangements for years after the built-in ones, edited by an administrator.
  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('holidays', 'jsonb', (c) => c.notNull())
    .addColumn('workdays', 'jsonb', (c) => c.notNull())
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table item_impls drop constraint item_impls_published_fk`.execute(db);
  for (const t of ['calendar_years', 'item_version_events', 'item_versions', 'item_impls', 'base_items']) {
    await db.schema.dropTable(t).execute();
  }
}
