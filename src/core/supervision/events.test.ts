import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildCase, calendar } from '../cases/test-support.js';
import { decide } from '../cases/machine.js';
import { caseEventHits, complaintEventHits, rectificationEventHits } from './events.js';
import { caseRuleHits, type RuleId } from './rules.js';

// Week of Monday 2026-03-02.
const running = (over: Parameters<typeof buildCase>[0] = {}) => buildCase({ state: 'in_review', submittedOn: '2026-03-02', acceptedOn: '2026-03-02', dueDate: '2026-03-09', claimedBy: 'u1', stepStartedOn: '2026-03-02', ...over });

describe('电子监察 rules on each event', () => {
  it('an acceptance after the 5-day intake limit is a late intake (it held just before the acceptance)', () => {
    const waiting = buildCase({ state: 'submitted', submittedOn: '2026-03-02' });
    const accepted = { ...waiting, state: 'accepted' as const, acceptedOn: '2026-03-10', dueDate: '2026-03-30' };
    expect(caseEventHits(waiting, accepted, '2026-03-09', calendar)).toEqual([]);
    expect(caseEventHits(waiting, accepted, '2026-03-10', calendar)).toEqual([{ rule: 'late_intake', held: 'before' }]);
    // The state after the acceptance alone no longer shows it: why the event looks at both sides.
    expect(caseRuleHits(accepted, '2026-03-10', calendar)).toEqual([]);
  });

  it('a second correction notice is a hit of the command that issues it', () => {
    const before = running({ correctionNoticeFor: [1] });
    expect(caseEventHits(before, running({ correctionNoticeFor: [1, 2] }), '2026-03-03', calendar)).toEqual([{ rule: 'second_correction', held: 'after' }]);
    expect(caseEventHits(before, before, '2026-03-03', calendar)).toEqual([]);
  });

  it('a decision past the due date is overdue; a claim after a long wait is unclaimed; both counted on the side they held', () => {
    expect(caseEventHits(running(), running({ state: 'approved', decidedOn: '2026-03-10' }), '2026-03-10', calendar)).toEqual([{ rule: 'overdue', held: 'before' }]);
    const waiting = running({ claimedBy: null, dueDate: '2026-03-30' });
    expect(caseEventHits(waiting, { ...waiting, claimedBy: 'u2' }, '2026-03-05', calendar)).toEqual([{ rule: 'unclaimed', held: 'before' }]);
  });

  it('resuming after an overlong special procedure: the overrun (stored limit) and, if the paused clock left it late, overdue', () => {
    const suspended = running({ state: 'suspended', suspension: { since: '2026-03-02', procedure: '专家评审', reason: 'x' } });
    const r = decide(suspended, { type: 'resume' }, { today: '2026-03-10', actor: { id: 'u1', role: 'approver_handle' }, calendar });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(caseEventHits(suspended, r.next, '2026-03-10', calendar)).toEqual([]);
    expect(caseEventHits(suspended, r.next, '2026-03-10', calendar, { specialProcedureDays: 5, unclaimedDays: 2 })).toEqual([{ rule: 'special_procedure_overrun', held: 'before' }]);
  });

  it('law: each rule at most once, and exactly the rules that held on either side', () => {
    const day = fc.integer({ min: 0, max: 40 }).map((n) => calendar.addWorkingDays('2026-03-02', n).date);
    const snap = fc.record({
      state: fc.constantFrom<'submitted' | 'accepted' | 'in_review' | 'suspended' | 'approved'>('submitted', 'accepted', 'in_review', 'suspended', 'approved'),
      claimed: fc.boolean(),
      notices: fc.integer({ min: 0, max: 3 }),
      due: day,
    });
    const build = (s: { state: 'submitted' | 'accepted' | 'in_review' | 'suspended' | 'approved'; claimed: boolean; notices: number; due: string }) =>
      running({ state: s.state, claimedBy: s.claimed ? 'u1' : null, correctionNoticeFor: Array.from({ length: s.notices }, (_, i) => i + 1), dueDate: s.due, suspension: s.state === 'suspended' ? { since: '2026-03-02', procedure: '听证', reason: 'x' } : null });
    fc.assert(
      fc.property(snap, snap, day, (a, b, today) => {
        const before = build(a);
        const after = build(b);
        const hits = caseEventHits(before, after, today, calendar);
        const rules = hits.map((h) => h.rule);
        expect(new Set(rules).size).toBe(rules.length);
        const expected = new Set<RuleId>([...caseRuleHits(before, today, calendar), ...caseRuleHits(after, today, calendar)]);
        expect(new Set(rules)).toEqual(expected);
        for (const h of hits) expect(h.held === 'before').toBe(caseRuleHits(before, today, calendar).includes(h.rule));
      }),
    );
  });

  it('a late 回访 or 整改 and a late reply to a complaint are hits of the step', () => {
    const open = { status: 'open' as const, named: true, revisitDue: '2026-03-03', rectifyDue: '2026-03-23' };
    expect(rectificationEventHits(open, { ...open, status: 'revisited' }, '2026-03-03')).toEqual([]);
    expect(rectificationEventHits(open, { ...open, status: 'revisited' }, '2026-03-04')).toEqual([{ rule: 'rating_not_revisited', held: 'before' }]);
    expect(rectificationEventHits({ ...open, status: 'revisited' }, { ...open, status: 'rectified' }, '2026-03-24')).toEqual([{ rule: 'rating_not_rectified', held: 'before' }]);
    expect(complaintEventHits({ status: 'open', dueOn: '2026-03-09' }, { status: 'replied', dueOn: '2026-03-09' }, '2026-03-09')).toEqual([]);
    expect(complaintEventHits({ status: 'open', dueOn: '2026-03-09' }, { status: 'replied', dueOn: '2026-03-09' }, '2026-03-10')).toEqual([{ rule: 'complaint_overdue', held: 'before' }]);
  });
});
