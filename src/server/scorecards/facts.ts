import type { WorkingCalendar } from '../../core/calendar/index.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { isRatingLevel } from '../../core/ratings/levels.js';
import { exportChannel, workingDaysUsed, type CaseFacts } from '../../core/scorecards/index.js';
import type { CaseFactRow } from './repository.js';

/** A case row as the export line, the scorecard and the rollups read it. */
export function caseFactsOf(r: CaseFactRow, cal: WorkingCalendar): CaseFacts {
  return {
    caseNo: r.case_no ?? '',
    departmentId: r.org_id,
    channel: exportChannel(r.channel),
    submittedAt: r.submitted_at.toISOString(),
    submittedOn: isoDateInChina(r.submitted_at),
    acceptedOn: r.accepted_on,
    completedOn: r.decided_on,
    dueDate: r.due_date,
    legalLimitDays: r.legal_limit_days,
    promisedLimitDays: r.promised_limit_days,
    workingDaysUsed: workingDaysUsed(r.accepted_on, r.decided_on, r.paused_days, cal),
    trips: r.trips,
    correctionNotices: r.correction_notices,
    rating: isRatingLevel(r.rating) ? r.rating : null,
  };
}
