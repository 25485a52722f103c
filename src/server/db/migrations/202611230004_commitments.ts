import { sql, type Kysely } from 'kysely';

// 告知承诺 verification tasks for the regulator and credit records for broken commitments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('commitment_checks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (c) => c.notNull().unique().references('cases.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('material_ids', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','verified','false')`))
    .addColumn('note', 'text')
    .addColumn('checked_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('checked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index commitment_checks_pending_idx on commitment_checks (created_at) where status = 'pending'`.execute(db);

  await db.schema
    .createTable('credit_records')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('case_id', 'uuid', (c) => c.references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('credit_records_user_idx').on('credit_records').column('user_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('credit_records').execute();
  await db.schema.dropTable('commitment_checks').execute();
}
