import { FINAL_STATES, type CaseSnapshot, type IsoDate } from './types.js';
import { intakeDeadline, type WorkingDays } from './machine.js';

export type TimeStatus = 'normal' | 'near_due' | 'overdue' | 'paused' | 'closed' | 'not_started';

/** Working days before the due date at which a case shows as near due (临近超期, yellow). */
export const NEAR_DUE_DAYS = 2;

/** normal / near due / overdue of a case on a day (the intake deadline before acceptance). */
export function timeStatus(s: CaseSnapshot, today: IsoDate, cal: WorkingDays, nearDue = NEAR_DUE_DAYS): TimeStatus {
  if (FINAL_STATES.includes(s.state) || s.state === 'completed') return 'closed';
  if (s.state === 'suspended') return 'paused';
  const due = s.state === 'submitted' && s.submittedOn ? intakeDeadline(s.submittedOn, cal) : ['accepted', 'in_review'].includes(s.state) ? s.dueDate : s.state === 'approved' || s.state === 'denied' ? s.certificateDue : null;
  if (!due) return 'not_started';
  if (today > due) return 'overdue';
  return cal.countWorkingDays(today, due).count <= nearDue ? 'near_due' : 'normal';
}

/** Working days left until the due date (negative when overdue). */
export function remainingWorkingDays(due: IsoDate, today: IsoDate, cal: WorkingDays): number {
  return today <= due ? cal.countWorkingDays(today, due).count : -cal.countWorkingDays(due, today).count;
}
