import { sql, type Kysely } from 'kysely';

// Issue 8 finding 6: who uploaded each file. Files are content-addressed (the id is the SHA-256 of the
// bytes), so two people uploading the same scan share one `files` row; each upload is one row here and
// a file may be attached or read as an unattached upload only by someone listed for it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('file_uploads')
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('file_uploads_pk', ['file_id', 'uploaded_by'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('file_uploads').execute();
}
