import type { Db } from '../db/transaction.js';
import { DEFAULT_DEADLINES, type AccountabilityDeadlines } from '../../core/ratings/rules.js';

/** The region's 回访 / 整改 / 答复 deadlines (accountability_settings), or the defaults. */
export async function deadlinesFor(db: Db, regionCode: string): Promise<AccountabilityDeadlines> {
  const row = await db.selectFrom('accountability_settings').select(['revisit_days', 'rectify_days', 'complaint_days']).where('region_code', '=', regionCode).executeTakeFirst();
  return row ? { revisitDays: row.revisit_days, rectifyDays: row.rectify_days, complaintDays: row.complaint_days } : DEFAULT_DEADLINES;
}
