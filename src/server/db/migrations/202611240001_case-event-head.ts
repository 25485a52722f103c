import { sql, type Kysely } from 'kysely';

// The head of each case's timeline (last seq and hash) kept on the case row: a command then writes the
// case and its next hash-chained event in one statement, guarded by lock_version, without first reading
// the last event. The head also anchors the chain's end for verification (a removed tail shows).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('cases')
    .addColumn('event_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('event_hash', 'text', (c) => c.notNull().defaultTo('0'.repeat(64)))
    .execute();
  await sql`
    update cases c set event_seq = e.seq, event_hash = e.hash
    from (select distinct on (case_id) case_id, seq, hash from case_events order by case_id, seq desc) e
    where e.case_id = c.id`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').dropColumn('event_seq').dropColumn('event_hash').execute();
}
