import { sql, type Kysely } from 'kysely';

// Data backfill for 202612010200: files already attached to cases count as uploaded by whoever attached
// them (case_materials.uploaded_by). Files never attached have no known uploader and stay unreadable
// until uploaded again (the upload is idempotent: same bytes, same id).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    insert into file_uploads (file_id, uploaded_by, created_at)
    select m.file_id, m.uploaded_by, min(m.created_at) from case_materials m
    where m.file_id is not null and m.uploaded_by is not null
    group by m.file_id, m.uploaded_by
    on conflict do nothing`.execute(db);
}

export async function down(): Promise<void> {}
