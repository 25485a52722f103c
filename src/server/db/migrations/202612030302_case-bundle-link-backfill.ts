import { sql, type Kysely } from 'kysely';

/** Data: member cases filed before 202612030301 get their bundle from bundle_members. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update cases c set bundle_case_id = m.bundle_case_id from bundle_members m where m.case_id = c.id and c.bundle_case_id is null`.execute(db);
}

export async function down(): Promise<void> {
  // Nothing to undo: the column goes with 202612030301's down.
}
