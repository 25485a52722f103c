import { sql, type Kysely } from 'kysely';

/**
 * Reuse (一次收齐、反复使用, issue 10): the applicant's profile and material library (我的材料).
 * - applicant_profiles: the facts an applicant keeps (phone, address, business scope …), one sealed
 *   JSON record per account (personal data, ADR 0011).
 * - library_materials: a material handed in on a case that was accepted, kept with its material code,
 *   the file, the source case and the last day it may be used. One entry per (case, material, file).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('applicant_profiles')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id'))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('library_materials')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('form', 'text')
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('source_case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('source_material_id', 'text', (c) => c.notNull())
    .addColumn('accepted_on', 'date', (c) => c.notNull())
    .addColumn('valid_until', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index library_materials_source_idx on library_materials (source_case_id, source_material_id, file_id)`.execute(db);
  // 我的材料 and the offers of an application: an owner's entries by code.
  await sql`create index library_materials_owner_idx on library_materials (owner_id, code, accepted_on desc)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('library_materials').ifExists().execute();
  await db.schema.dropTable('applicant_profiles').ifExists().execute();
}
