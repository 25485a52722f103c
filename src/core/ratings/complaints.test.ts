import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { complaintDue, isComplaintOverdue, nextComplaintStatus, type ComplaintStatus, type ComplaintStep } from './complaints.js';
import { builtInCalendar } from '../calendar/index.js';

describe('咨询投诉 rules', () => {
  it('the reply is due 5 working days after submission by default', () => {
    expect(complaintDue('2026-03-06', 5, builtInCalendar)).toBe('2026-03-13');
    expect(complaintDue('2026-09-30', 5, builtInCalendar)).toBe('2026-10-13'); // the 国庆 holiday is skipped (built-in 2026 arrangement)
  });

  it('open → replied → closed when satisfied; reopened once when dissatisfied', () => {
    expect(nextComplaintStatus('open', 0, 'reply')).toBe('replied');
    expect(nextComplaintStatus('replied', 0, 'satisfied')).toBe('closed');
    expect(nextComplaintStatus('replied', 0, 'dissatisfied')).toBe('replied');
    expect(nextComplaintStatus('replied', 0, 'reopen')).toBe('open');
    expect(nextComplaintStatus('replied', 1, 'reopen')).toBeNull();
    expect(nextComplaintStatus('replied', 1, 'dissatisfied')).toBe('closed');
    expect(nextComplaintStatus('open', 0, 'satisfied')).toBeNull();
  });

  it('law: a closed complaint never changes, and reopening needs a reply first', () => {
    fc.assert(
      fc.property(fc.constantFrom<ComplaintStatus>('open', 'replied', 'closed'), fc.integer({ min: 0, max: 1 }), fc.constantFrom<ComplaintStep>('reply', 'satisfied', 'dissatisfied', 'reopen'), (s, r, step) => {
        const next = nextComplaintStatus(s, r, step);
        if (s === 'closed') expect(next).toBeNull();
        if (step === 'reopen' && next !== null) expect(s).toBe('replied');
      }),
    );
  });

  it('overdue only while open and after the deadline day', () => {
    expect(isComplaintOverdue('open', '2026-03-13', '2026-03-13')).toBe(false);
    expect(isComplaintOverdue('open', '2026-03-13', '2026-03-16')).toBe(true);
    expect(isComplaintOverdue('replied', '2026-03-13', '2026-03-16')).toBe(false);
  });
});
