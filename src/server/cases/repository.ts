import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import type { CaseEventRow } from '../db/schema.js';
import { chainEvent, type TimelineEvent, type TimelineEventBody } from '../../core/cases/timeline.js';
import { sm3Hex } from './timeline-hash.js';

export function findCase(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('cases').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findCaseByNo(db: Db, caseNo: string) {
  return db.selectFrom('cases').selectAll().where('case_no', '=', caseNo).executeTakeFirst();
}

export function toTimelineEvent(r: CaseEventRow): TimelineEvent {
  return {
    caseId: r.case_id,
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorRole: r.actor_role,
    orgId: r.org_id,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    comment: r.comment,
    files: r.files,
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export async function listEvents(db: Db, caseId: string) {
  return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
}

/** Appends the next hash-chained event (the caller holds the case row lock, so seq is race-free). */
export async function appendEvent(db: Db, body: Omit<TimelineEventBody, 'seq'>, actorName: string | null): Promise<TimelineEvent> {
  const last = await db.selectFrom('case_events').selectAll().where('case_id', '=', body.caseId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const event = chainEvent(last ? toTimelineEvent(last) : undefined, { ...body, seq: (last?.seq ?? 0) + 1 }, sm3Hex);
  await db
    .insertInto('case_events')
    .values({
      case_id: event.caseId,
      seq: event.seq,
      at: event.at,
      actor_id: event.actorId,
      actor_role: event.actorRole,
      actor_name: actorName,
      org_id: event.orgId,
      action: event.action,
      from_state: event.fromState,
      to_state: event.toState,
      comment: event.comment,
      files: JSON.stringify(event.files),
      data: JSON.stringify(event.data),
      prev_hash: event.prevHash,
      hash: event.hash,
    })
    .execute();
  return event;
}

/** The next daily sequence for a case-number prefix (implementation code + day), atomically. */
export async function nextCaseSeq(db: Db, prefix: string): Promise<number> {
  const r = await sql<{ last_seq: number }>`
    insert into case_no_sequences (prefix, last_seq) values (${prefix}, 1)
    on conflict (prefix) do update set last_seq = case_no_sequences.last_seq + 1
    returning last_seq`.execute(db);
  return Number(r.rows[0]?.last_seq ?? 1);
}

export function listApplicantCases(db: Db, applicantId: string) {
  return db.selectFrom('cases').selectAll().where('applicant_id', '=', applicantId).orderBy('created_at', 'desc').limit(200).execute();
}

/** Inbox: running cases under the scope paths whose current step is one of the roles. */
export function listInbox(db: Db, scopePaths: string[], states: string[]) {
  if (scopePaths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('cases')
    .selectAll()
    .where((eb) => eb.or(scopePaths.map((p) => eb('org_path', 'like', `${p}%`))))
    .where('state', 'in', states)
    .orderBy('due_date')
    .limit(500)
    .execute();
}

export function listCaseMaterials(db: Db, caseId: string) {
  return db.selectFrom('case_materials').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
}
