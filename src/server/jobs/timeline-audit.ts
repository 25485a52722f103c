import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { recordAudit } from '../identity/audit.js';
import { verifyTimeline } from '../cases/verify.js';
import { enqueue } from './outbox.js';

export interface TimelineAuditReport {
  checked: number;
  broken: { caseId: string; caseNo: string | null; seq: number; reason: string }[];
}

/**
 * 全程留痕 audit: re-computes the SM3 chain of cases whose timeline changed since their last check
 * (commands clear `timeline_checked_at`) and of cases not checked for `recheckHours`, a batch at a time,
 * and records the result on the case (the public progress page shows it). A newly broken chain is a
 * security audit event and an outbox message for the supervisors. Safe with several replicas: two
 * auditors checking the same case write the same result.
 */
export async function auditTimelines(db: Kysely<Database>, now: Date, opts: { batch?: number; recheckHours?: number } = {}): Promise<TimelineAuditReport> {
  const batch = opts.batch ?? 2000;
  const cutoff = new Date(now.getTime() - (opts.recheckHours ?? 24) * 3600_000);
  const cases = await db
    .selectFrom('cases')
    .select(['id', 'case_no', 'event_seq', 'event_hash', 'timeline_ok'])
    .where((eb) => eb.or([eb('timeline_checked_at', 'is', null), eb('timeline_checked_at', '<', cutoff)]))
    .orderBy(sql`timeline_checked_at nulls first`)
    .limit(batch)
    .execute();
  if (cases.length === 0) return { checked: 0, broken: [] };
  const events = await db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', 'in', cases.map((c) => c.id))
    .orderBy('case_id')
    .orderBy('seq')
    .execute();
  const byCase = new Map<string, typeof events>();
  for (const e of events) {
    const list = byCase.get(e.case_id) ?? [];
    list.push(e);
    byCase.set(e.case_id, list);
  }
  const broken: TimelineAuditReport['broken'] = [];
  const results = cases.map((c) => {
    const r = verifyTimeline(c, byCase.get(c.id) ?? []);
    if (!r.ok) {
      broken.push({ caseId: c.id, caseNo: c.case_no, seq: r.seq, reason: r.reason });
    }
    return { id: c.id, seq: c.event_seq, ok: r.ok, was_ok: c.timeline_ok };
  });
  // One statement for the batch; a case that moved on meanwhile stays due for its next check.
  await sql`
    update cases c set timeline_ok = x.ok, timeline_checked_seq = x.seq,
      timeline_checked_at = case when c.event_seq = x.seq then ${now}::timestamptz else null end
    from jsonb_to_recordset(${JSON.stringify(results)}::jsonb) as x(id uuid, seq int, ok boolean)
    where c.id = x.id`.execute(db);
  for (const b of broken) {
    const before = results.find((r) => r.id === b.caseId)?.was_ok;
    if (before === false) continue; // already reported
    await recordAudit(db, { kind: 'timeline_broken', detail: { caseId: b.caseId, caseNo: b.caseNo, seq: b.seq, reason: b.reason } });
    await enqueue(db, 'case.timeline_broken', { caseId: b.caseId, caseNo: b.caseNo, seq: b.seq, reason: b.reason });
  }
  return { checked: cases.length, broken };
}
