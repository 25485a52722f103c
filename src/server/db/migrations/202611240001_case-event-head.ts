import { sql, type Kysely } from 'kysely';
import { ACTION_LABELS } from '../../cases/labels.js';

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
    // json, not jsonb: kept as written, so a look-up returns it without conversion.
    .addColumn('public_timeline', 'json', (c) => c.notNull().defaultTo(sql`'[]'::json`))
    .addColumn('timeline_checked_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('timeline_checked_at', 'timestamptz')
    .addColumn('timeline_ok', 'boolean')
    .execute();
  await sql`
    update cases c set event_seq = e.seq, event_hash = e.hash
    from (select distinct on (case_id) case_id, seq, hash from case_events order by case_id, seq desc) e
    where e.case_id = c.id`.execute(db);
  const labels = sql.join(Object.entries(ACTION_LABELS).map(([action, l]) => sql`(${sql.lit(action)}, ${sql.lit(l.zh)}, ${sql.lit(l.en)})`));
  await sql`
    update cases c set public_timeline = e.items
    from (select ev.case_id, json_agg(json_build_object('seq', ev.seq, 'at', to_char(ev.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'action', ev.action,
            'labelZh', coalesce(l.zh, ev.action), 'labelEn', coalesce(l.en, ev.action), 'toState', ev.to_state, 'actorName', null, 'actorRole', ev.actor_role,
            'comment', null, 'files', '[]'::json, 'data', '{}'::json) order by ev.seq) as items
          from case_events ev left join (values ${labels}) as l(action, zh, en) on l.action = ev.action
          group by ev.case_id) e
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
