import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import type { WorkingCalendar } from '../../core/calendar/index.js';
import type { CaseSnapshot } from '../../core/cases/types.js';
import { caseRuleHits, complaintRuleHits, rectificationRuleHits, timelineRuleHits, type RuleId } from '../../core/supervision/rules.js';
import { feeDiffers } from '../../core/supervision/closing-rules.js';
import { recordHits, type HitRow } from './hits.js';
import { loadSupervisionSettings } from './settings-cache.js';

/**
 * Evaluates the 电子监察 rules (src/core/supervision) over the open cases, rectification tasks and
 * complaints, with each region's stored limits (ADR 0031), and records each hit once per object and
 * rule. Case commands and the rating and complaint steps record the hits their own event makes at once;
 * the sweep finds what time alone makes (a case that nobody touched went overdue). Answers the number of
 * new hits.
 */
export async function sweepSupervision(db: Db, calendar: WorkingCalendar, today: string): Promise<number> {
  const hits: HitRow[] = [];
  const settings = await loadSupervisionSettings(db);
  // Open cases only: a closed case can hit no rule any more (what it hit before stays recorded).
  const cases = await sql<{ id: string; org_id: string; org_path: string; region_code: string; claimed_by: string | null; snapshot: CaseSnapshot; handler_id: string | null }>`
    select c.id, c.org_id, c.org_path, c.region_code, c.claimed_by, c.snapshot,
      (select e.actor_id from case_events e where e.case_id = c.id and e.actor_role = 'approver_handle' order by e.seq limit 1) as handler_id
    from cases c where c.state in ('submitted', 'accepted', 'in_review', 'suspended')`.execute(db);
  for (const c of cases.rows) {
    const limits = settings.inForce(c.region_code).limits;
    for (const rule of caseRuleHits(c.snapshot, today, calendar, limits)) hits.push({ rule, object_type: 'case', object_id: c.id, org_id: c.org_id, org_path: c.org_path, staff_id: c.claimed_by ?? c.handler_id });
  }
  hits.push(...(await closedCaseHits(db, today)));
  const tasks = await db.selectFrom('rectifications as k').innerJoin('ratings as r', 'r.id', 'k.rating_id').select(['k.id', 'k.org_id', 'k.org_path', 'k.status', 'k.named', 'k.revisit_due', 'k.rectify_due', 'r.staff_id']).where('k.status', 'in', ['open', 'revisited']).execute();
  for (const t of tasks) {
    for (const rule of rectificationRuleHits({ status: t.status, named: t.named, revisitDue: t.revisit_due, rectifyDue: t.rectify_due }, today)) hits.push({ rule, object_type: 'rectification', object_id: t.id, org_id: t.org_id, org_path: t.org_path, staff_id: null });
  }
  const complaints = await db.selectFrom('complaints').select(['id', 'org_id', 'org_path', 'status', 'due_on']).where('status', '=', 'open').where('kind', '=', 'complaint').execute();
  for (const c of complaints) {
    for (const rule of complaintRuleHits({ status: c.status, dueOn: c.due_on }, today)) hits.push({ rule, object_type: 'complaint', object_id: c.id, org_id: c.org_id, org_path: c.org_path, staff_id: null });
  }
  return recordHits(db, hits, today);
}

/** Days back the sweep looks for decided cases written lately (a sweep missed for a week still finds them). */
const CLOSED_LOOKBACK_DAYS = 8;

/**
 * The rules over how a case ended, for decided cases written in the last days — by a command, a data
 * repair or an import: a decision with no acceptance on the timeline, a charge different from the
 * catalogue fee (src/core/supervision/closing-rules.ts). Case commands record the fee hit at once.
 */
async function closedCaseHits(db: Db, today: string): Promise<HitRow[]> {
  const cases = await sql<{ id: string; org_id: string; org_path: string; claimed_by: string | null; snapshot: CaseSnapshot; handler_id: string | null; decider_id: string | null }>`
    select c.id, c.org_id, c.org_path, c.claimed_by, c.snapshot,
      (select e.actor_id from case_events e where e.case_id = c.id and e.actor_role = 'approver_handle' order by e.seq limit 1) as handler_id,
      (select e.actor_id from case_events e where e.case_id = c.id and e.action in ('decide', 'complete_on_the_spot') order by e.seq limit 1) as decider_id
    from cases c where c.decided_on is not null and c.updated_at >= (${today}::date - ${CLOSED_LOOKBACK_DAYS}::int)::timestamptz`.execute(db);
  if (cases.rows.length === 0) return [];
  const events = await sql<{ case_id: string; action: string }>`
    select e.case_id, e.action from case_events e
    where e.case_id in (select x::uuid from jsonb_array_elements_text(${JSON.stringify(cases.rows.map((c) => c.id))}::jsonb) x)
    order by e.case_id, e.seq`.execute(db);
  const timelines = new Map<string, string[]>();
  for (const e of events.rows) timelines.set(e.case_id, [...(timelines.get(e.case_id) ?? []), e.action]);
  const hits: HitRow[] = [];
  for (const c of cases.rows) {
    const rules: RuleId[] = [...timelineRuleHits(timelines.get(c.id) ?? []), ...(feeDiffers(c.snapshot.chargedFen, c.snapshot.item.feeFen) ? (['fee_mismatch'] as const) : [])];
    // A fee hit counts against the person who recorded the charge with the decision, as on the event path.
    for (const rule of rules) hits.push({ rule, object_type: 'case', object_id: c.id, org_id: c.org_id, org_path: c.org_path, staff_id: (rule === 'fee_mismatch' ? c.decider_id : null) ?? c.claimed_by ?? c.handler_id });
  }
  return hits;
}
