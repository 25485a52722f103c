import { sql, type Kysely } from 'kysely';

/**
 * A case row is about 3 KB (the snapshot, the sealed form data, the public timeline) and is rewritten by
 * every command. Past PostgreSQL's 2 KB toast threshold the row's widest values were compressed with pglz
 * on every write and decompressed on every read — and eight times more per write by the scorecard
 * trigger's WHEN clause, which compares four values inside the old and the new snapshot. With
 * `toast_tuple_target` at its maximum a row is stored as written up to 8 KB (no compression, nothing
 * moved out of line); larger rows are toasted as before. Issue 8's benchmark; ADR 0055.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table cases set (toast_tuple_target = 8160)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table cases reset (toast_tuple_target)`.execute(db);
}
