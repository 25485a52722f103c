import { describe, expect, it } from 'vitest';
import { addSums, emptySums, figuresOf, isFirstTimeRight, sumsOfCase, sumsOfComplaint, sumsOfRating, sumsOfTicket, type CaseFacts } from './figures.js';
import { exportChannel, tripsOf, workingDaysUsed } from './facts.js';
import { builtInCalendar } from '../calendar/index.js';

const period = { from: '2025-03-01', to: '2025-03-31' };
const c = (over: Partial<CaseFacts>): CaseFacts => ({
  caseNo: 'n',
  departmentId: 'd',
  channel: 'online',
  submittedAt: null,
  submittedOn: '2025-03-03',
  acceptedOn: '2025-03-03',
  completedOn: '2025-03-10',
  dueDate: '2025-03-12',
  legalLimitDays: 20,
  promisedLimitDays: 7,
  workingDaysUsed: 5,
  trips: 0,
  correctionNotices: 0,
  rating: null,
  ...over,
});

describe('scorecard figures', () => {
  it('counts a case received and completed in the period in both', () => {
    const f = figuresOf(sumsOfCase(c({}), period));
    expect(f).toMatchObject({ received: 1, completed: 1, completionRate: 1, onTimeRate: 1, avgWorkingDays: 5, onlineShare: 1, avgTrips: 0, firstTimeRightRate: 1 });
    expect(f.promisedSpeedup).toBeCloseTo(1 - 7 / 20);
    expect(f.actualSpeedup).toBeCloseTo(1 - 5 / 20);
  });

  it('counts a case received before the period only as completed in it', () => {
    const s = sumsOfCase(c({ submittedOn: '2025-02-20', acceptedOn: '2025-02-20' }), period);
    expect(s).toMatchObject({ received: 0, completed: 1, receivedCompleted: 0 });
  });

  it('a case received in the period but completed after it lowers the completion rate', () => {
    const s = addSums(sumsOfCase(c({}), period), sumsOfCase(c({ completedOn: '2025-04-02' }), period));
    expect(figuresOf(s).completionRate).toBe(0.5);
    expect(figuresOf(s).completed).toBe(1);
  });

  it('a decision after the due date is not on time', () => {
    expect(figuresOf(sumsOfCase(c({ completedOn: '2025-03-13' }), period)).onTimeRate).toBe(0);
    expect(figuresOf(sumsOfCase(c({ completedOn: '2025-03-12' }), period)).onTimeRate).toBe(1);
  });

  it('一次办成 means no correction notice and at most one trip', () => {
    expect(isFirstTimeRight(c({ trips: 1 }))).toBe(true);
    expect(isFirstTimeRight(c({ trips: 2 }))).toBe(false);
    expect(isFirstTimeRight(c({ correctionNotices: 1 }))).toBe(false);
  });

  it('the window and the kiosk are not online; the mobile app is', () => {
    for (const [ch, online] of [['window', 0], ['kiosk', 0], ['mobile', 1], ['online', 1]] as const) expect(sumsOfCase(c({ channel: ch }), period).receivedOnline).toBe(online);
    expect(exportChannel('terminal')).toBe('kiosk');
  });

  it('good rate and rectified rate count 差评 and only named 差评 for rectification', () => {
    const s = [sumsOfRating({ level: 5, named: true, rectifiedInTime: false }), sumsOfRating({ level: 2, named: true, rectifiedInTime: true }), sumsOfRating({ level: 1, named: false, rectifiedInTime: false }), sumsOfRating({ level: 1, named: true, rectifiedInTime: false })].reduce(addSums, emptySums());
    const f = figuresOf(s);
    expect(f).toMatchObject({ ratings: 4, badRatings: 3, goodRate: 0.25, rectifiedRate: 0.5 });
  });

  it('a complaint counts for the on-time rate once replied or past its deadline', () => {
    expect(sumsOfComplaint({ dueOn: '2025-03-10', repliedOn: null }, '2025-03-05')).toMatchObject({ complaints: 1, complaintsDue: 0 });
    expect(sumsOfComplaint({ dueOn: '2025-03-10', repliedOn: null }, '2025-03-11')).toMatchObject({ complaintsDue: 1, complaintsOnTime: 0 });
    expect(sumsOfComplaint({ dueOn: '2025-03-10', repliedOn: '2025-03-10' }, '2025-03-31')).toMatchObject({ complaintsDue: 1, complaintsOnTime: 1 });
    expect(sumsOfComplaint({ dueOn: '2025-03-10', repliedOn: '2025-03-12' }, '2025-03-31')).toMatchObject({ complaintsDue: 1, complaintsOnTime: 0 });
  });

  it('waitMinutesAvg: first call − taking the number, averaged over the called tickets; null without any', () => {
    const at = Date.parse('2025-03-03T09:00:00+08:00');
    const min = 60_000;
    const s = [
      sumsOfTicket({ issuedAt: at, firstCalledAt: at + 10 * min }),
      sumsOfTicket({ issuedAt: at, firstCalledAt: at + 25 * min }),
      sumsOfTicket({ issuedAt: at, firstCalledAt: null }), // never called: no wait
      sumsOfTicket({ issuedAt: at, firstCalledAt: at - min }), // a clock step back counts as no wait
    ].reduce(addSums, emptySums());
    expect(s).toMatchObject({ calledTickets: 3, waitMs: 35 * min });
    expect(figuresOf(s).waitMinutesAvg).toBeCloseTo(35 / 3, 10);
    expect(figuresOf(sumsOfTicket({ issuedAt: at, firstCalledAt: null })).waitMinutesAvg).toBeNull();
  });

  it('working days used exclude the paused days and the acceptance day', () => {
    expect(workingDaysUsed('2025-03-03', '2025-03-10', 0, builtInCalendar)).toBe(5);
    expect(workingDaysUsed('2025-03-03', '2025-03-10', 2, builtInCalendar)).toBe(3);
    expect(workingDaysUsed('2025-03-03', null, 0, builtInCalendar)).toBeNull();
    // 2025 劳动节 (May 1–5) is not counted.
    expect(workingDaysUsed('2025-04-30', '2025-05-06', 0, builtInCalendar)).toBe(1);
  });

  it('trips are the days the applicant was at a window for the case', () => {
    const e = (actorRole: string, action: string, on: string, deliveryMethod?: string) => ({ actorRole, action, on, deliveryMethod: deliveryMethod ?? null });
    // Intake and acceptance on one day, back-office work, collection at the window: two trips.
    expect(tripsOf([e('window_clerk', 'submit', '2025-03-03'), e('window_clerk', 'accept', '2025-03-03'), e('approver_handle', 'claim', '2025-03-04'), e('window_clerk', 'deliver', '2025-03-10', 'window')])).toBe(2);
    // Online, accepted in the back office, result by post: no trip.
    expect(tripsOf([e('applicant', 'submit', '2025-03-03'), e('window_clerk', 'accept', '2025-03-03'), e('window_clerk', 'deliver', '2025-03-10', 'express')])).toBe(0);
    // A resubmission at the window after a correction notice is a second trip.
    expect(tripsOf([e('window_clerk', 'submit', '2025-03-03'), e('window_clerk', 'request_correction', '2025-03-03'), e('window_clerk', 'submit', '2025-03-05')])).toBe(2);
  });
});
