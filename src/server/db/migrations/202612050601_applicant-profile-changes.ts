import { sql, type Kysely } from 'kysely';

/**
 * 我的资料 (issue 10, ADR 0045): every change an applicant makes to their profile is recorded — when,
 * from where (the profile page or an application's save-back), which keys, and the values before and
 * after in one sealed record; `id` orders them (two saves may share a clock reading) (personal data, ADR 0011; the key names alone are plain).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('applicant_profile_changes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('profile', 'application')`))
    .addColumn('keys', 'jsonb', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .execute();
  await sql`create index applicant_profile_changes_user_idx on applicant_profile_changes (user_id, id desc)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('applicant_profile_changes').ifExists().execute();
}
