import type { IsoDate } from '../cases/types.js';
import type { WorkingDays } from '../cases/machine.js';

/**
 * 咨询投诉: a consultation or complaint is dispatched to the responsible department, answered by a
 * deadline in working days, rated by the complainant (满意 / 不满意) and may be reopened once.
 */
export type ComplaintStatus = 'open' | 'replied' | 'closed';
export type ComplaintStep = 'reply' | 'satisfied' | 'dissatisfied' | 'reopen';

export function complaintDue(from: IsoDate, days: number, cal: WorkingDays): IsoDate {
  return cal.addWorkingDays(from, days).date;
}

/** The next status, or null when the step is not allowed (reopen only once, only after a reply). */
export function nextComplaintStatus(status: ComplaintStatus, reopened: number, step: ComplaintStep): ComplaintStatus | null {
  switch (step) {
    case 'reply':
      return status === 'open' ? 'replied' : null;
    case 'satisfied':
      return status === 'replied' ? 'closed' : null;
    // Dissatisfied: the complainant may still reopen it once; after that the answer stands.
    case 'dissatisfied':
      return status === 'replied' ? (reopened >= 1 ? 'closed' : 'replied') : null;
    case 'reopen':
      return status === 'replied' && reopened < 1 ? 'open' : null;
  }
}

/** Overdue: still unanswered after its deadline day. */
export function isComplaintOverdue(status: ComplaintStatus, dueOn: IsoDate, today: IsoDate): boolean {
  return status === 'open' && today > dueOn;
}
