import { sql, type Kysely } from 'kysely';

// 1. The head of each case's timeline (last seq and hash) kept on the case row: a command then writes the
//    case and its next hash-chained event in one statement, guarded by lock_version, without first reading
//    the last event. The head also anchors the chain's end for verification (a removed tail shows).
// 2. The public progress read model: the public view of each event (what and when, never who or their
//    remarks), appended in the same statement, so a progress look-up is one indexed read of one row.
// 3. The timeline audit: when the SM3 chain was last re-computed in the background, up to which event,
//    and whether it held (a failure is an alarm for the supervisor).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('cases')
    .addColumn('event_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('event_hash', 'text', (c) => c.notNull().defaultTo('0'.repeat(64)))
    .addColumn('public_timeline', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('timeline_checked_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('timeline_checked_at', 'timestamptz')
    .addColumn('timeline_ok', 'boolean')
    .execute();
  await sql`
    update cases c set event_seq = e.seq, event_hash = e.hash
    from (select distinct on (case_id) case_id, seq, hash from case_events order by case_id, seq desc) e
    where e.case_id = c.id`.execute(db);
  // Labels of the public events are filled in by the presenter when missing (rows written before this).
  await sql`
    update cases c set public_timeline = e.items
    from (select case_id, jsonb_agg(jsonb_build_object('seq', seq, 'at', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'action', action,
            'toState', to_state, 'actorRole', actor_role) order by seq) as items
          from case_events group by case_id) e
    where e.case_id = c.id`.execute(db);
  // The audit picks up cases whose timeline moved on since their last check.
  await sql`create index cases_timeline_audit_idx on cases (timeline_checked_at nulls first)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists cases_timeline_audit_idx`.execute(db);
  for (const c of ['event_seq', 'event_hash', 'public_timeline', 'timeline_checked_seq', 'timeline_checked_at', 'timeline_ok']) {
    await db.schema.alterTable('cases').dropColumn(c).execute();
  }
}
