import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import type { WorkingCalendar } from '../../core/calendar/index.js';
import type { CaseSnapshot } from '../../core/cases/types.js';
import { caseRuleHits, complaintRuleHits, rectificationRuleHits, RULE_SEVERITY, type RuleId } from '../../core/supervision/rules.js';

interface Hit {
  rule: RuleId;
  object_type: 'case' | 'rectification' | 'complaint';
  object_id: string;
  org_id: string;
  org_path: string;
  staff_id: string | null;
}

/**
 * Evaluates the 电子监察 rules (src/core/supervision) over the open cases, rectification tasks and
 * complaints, and records each hit once per object and rule: the unique key turns a repeat — a later
 * sweep, another replica, the same event twice — into a no-op. Answers the number of new hits.
 */
export async function sweepSupervision(db: Db, calendar: WorkingCalendar, today: string): Promise<number> {
  const hits: Hit[] = [];
  // Open cases only: a closed case can hit no rule any more (what it hit before stays recorded).
  const cases = await sql<{ id: string; org_id: string; org_path: string; claimed_by: string | null; snapshot: CaseSnapshot; handler_id: string | null }>`
    select c.id, c.org_id, c.org_path, c.claimed_by, c.snapshot,
      (select e.actor_id from case_events e where e.case_id = c.id and e.actor_role = 'approver_handle' order by e.seq limit 1) as handler_id
    from cases c where c.state in ('submitted', 'accepted', 'in_review', 'suspended')`.execute(db);
  for (const c of cases.rows) {
    for (const rule of caseRuleHits(c.snapshot, today, calendar)) hits.push({ rule, object_type: 'case', object_id: c.id, org_id: c.org_id, org_path: c.org_path, staff_id: c.claimed_by ?? c.handler_id });
  }
  const tasks = await db.selectFrom('rectifications as k').innerJoin('ratings as r', 'r.id', 'k.rating_id').select(['k.id', 'k.org_id', 'k.org_path', 'k.status', 'k.named', 'k.revisit_due', 'k.rectify_due', 'r.staff_id']).where('k.status', 'in', ['open', 'revisited']).execute();
  for (const t of tasks) {
    for (const rule of rectificationRuleHits({ status: t.status, named: t.named, revisitDue: t.revisit_due, rectifyDue: t.rectify_due }, today)) hits.push({ rule, object_type: 'rectification', object_id: t.id, org_id: t.org_id, org_path: t.org_path, staff_id: null });
  }
  const complaints = await db.selectFrom('complaints').select(['id', 'org_id', 'org_path', 'status', 'due_on']).where('status', '=', 'open').where('kind', '=', 'complaint').execute();
  for (const c of complaints) {
    for (const rule of complaintRuleHits({ status: c.status, dueOn: c.due_on }, today)) hits.push({ rule, object_type: 'complaint', object_id: c.id, org_id: c.org_id, org_path: c.org_path, staff_id: null });
  }
  let added = 0;
  for (let i = 0; i < hits.length; i += 500) {
    const batch = hits.slice(i, i + 500).map((h) => ({ ...h, severity: RULE_SEVERITY[h.rule], detected_on: today }));
    const r = await db.insertInto('supervision_hits').values(batch).onConflict((oc) => oc.columns(['object_type', 'object_id', 'rule']).doNothing()).returning('id').execute();
    added += r.length;
  }
  return added;
}
