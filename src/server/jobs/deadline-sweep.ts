import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import type { WorkingCalendar } from '../../core/calendar/index.js';

/** Working days before the due date at which a case counts as near due (临近超期). */
export const NEAR_DUE_WORKING_DAYS = 2;

export interface SweepResult {
  nearDue: number;
  overdue: number;
}

/**
 * Records each near-due and overdue warning exactly once per case and threshold. Idempotent and safe
 * with several replicas sweeping at once: the (case_id, threshold) primary key turns a second insert
 * into a no-op, and only rows actually inserted produce an outbox event, in the same statement.
 */
export async function sweepDeadlines(db: Db, calendar: WorkingCalendar, today: string): Promise<SweepResult> {
  const nearDueLimit = calendar.addWorkingDays(today, NEAR_DUE_WORKING_DAYS).date;
  const near = await sql<{ case_id: string }>`
    with candidates as (
      select id, due_date from cases
      where state in ('accepted','in_review') and due_date is not null and due_date >= ${today}::date and due_date <= ${nearDueLimit}::date
    ), inserted as (
      insert into case_warnings (case_id, threshold, due_date)
      select id, 'near_due', due_date from candidates
      on conflict do nothing
      returning case_id, due_date
    )
    insert into outbox (topic, payload, next_attempt_at)
    select 'case.warning', jsonb_build_object('caseId', case_id, 'threshold', 'near_due', 'dueDate', due_date), 'epoch'::timestamptz from inserted
    returning payload->>'caseId' as case_id`.execute(db);
  const over = await sql<{ case_id: string }>`
    with candidates as (
      select id, due_date from cases
      where state in ('accepted','in_review') and due_date is not null and due_date < ${today}::date
    ), inserted as (
      insert into case_warnings (case_id, threshold, due_date)
      select id, 'overdue', due_date from candidates
      on conflict do nothing
      returning case_id, due_date
    )
    insert into outbox (topic, payload, next_attempt_at)
    select 'case.warning', jsonb_build_object('caseId', case_id, 'threshold', 'overdue', 'dueDate', due_date), 'epoch'::timestamptz from inserted
    returning payload->>'caseId' as case_id`.execute(db);
  return { nearDue: near.rows.length, overdue: over.rows.length };
}
