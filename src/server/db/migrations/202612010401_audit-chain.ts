import { sql, type Kysely } from 'kysely';

// The audit log you can trust (issue 8; GB/T 22239-2019 8.1.4.3 安全审计): each entry names the object
// acted on and is hash-chained with SM3 like the case timeline (seq, prev_hash, hash). The chain head
// (last seq and hash) is one row, locked by each append, so concurrent appends form one chain.
// Existing entries are chained by 202612010402; 202612010403 then makes the columns required and the
// table append-only.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('audit_events')
    .addColumn('seq', 'bigint')
    .addColumn('object_type', 'text')
    .addColumn('object_id', 'text')
    .addColumn('prev_hash', 'text')
    .addColumn('hash', 'text')
    .execute();
  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'smallint', (c) => c.primaryKey().defaultTo(1).check(sql`id = 1`))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into audit_chain_head (id, seq, hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);
  // Search screen filters: by object, by user, by kind within a time range, by address.
  await db.schema.createIndex('audit_events_object_idx').on('audit_events').column('object_id').execute();
  await db.schema.createIndex('audit_events_user_idx').on('audit_events').column('user_id').execute();
  await db.schema.createIndex('audit_events_kind_at_idx').on('audit_events').columns(['kind', 'at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['audit_events_object_idx', 'audit_events_user_idx', 'audit_events_kind_at_idx']) await db.schema.dropIndex(i).ifExists().execute();
  await db.schema.dropTable('audit_chain_head').execute();
  await db.schema.alterTable('audit_events').dropColumn('seq').dropColumn('object_type').dropColumn('object_id').dropColumn('prev_hash').dropColumn('hash').execute();
}
