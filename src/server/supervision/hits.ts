import type { Db } from '../db/transaction.js';
import { RULE_SEVERITY, type RuleId } from '../../core/supervision/rules.js';

/** A rule hit against an object, its org and (where known) a person. */
export interface HitRow {
  rule: RuleId;
  object_type: 'case' | 'rectification' | 'complaint';
  object_id: string;
  org_id: string;
  org_path: string;
  staff_id: string | null;
}

/**
 * Records hits of `today`, each once per object and rule: the unique key turns a repeat — a later sweep,
 * another replica, the event and the sweep both seeing it — into a no-op. Answers the number of new hits.
 * (Case commands record theirs inside their own write instead: src/server/supervision/case-hook.ts.)
 */
export async function recordHits(db: Db, hits: readonly HitRow[], today: string): Promise<number> {
  let added = 0;
  for (let i = 0; i < hits.length; i += 500) {
    const batch = hits.slice(i, i + 500).map((h) => ({ ...h, severity: RULE_SEVERITY[h.rule], detected_on: today }));
    const r = await db.insertInto('supervision_hits').values(batch).onConflict((oc) => oc.columns(['object_type', 'object_id', 'rule']).doNothing()).returning('id').execute();
    added += r.length;
  }
  return added;
}
