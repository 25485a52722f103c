import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildCase, calendar } from '../cases/test-support.js';
import { cardFor, caseRuleHits, complaintRuleHits, rectificationRuleHits, RULE_IDS, RULE_NAMES, RULE_SEVERITY, type HitForCard } from './rules.js';

// Week of Monday 2026-03-02.
const running = (over: Parameters<typeof buildCase>[0] = {}) => buildCase({ state: 'in_review', submittedOn: '2026-03-02', acceptedOn: '2026-03-02', dueDate: '2026-03-09', claimedBy: 'u1', stepStartedOn: '2026-03-02', ...over });

describe('电子监察 rules', () => {
  it('near due (黄灯) within two working days, overdue (红灯) after the due date, never both', () => {
    expect(caseRuleHits(running(), '2026-03-03', calendar)).toEqual([]);
    expect(caseRuleHits(running(), '2026-03-05', calendar)).toEqual(['near_due']); // Thu → Mon: 2 working days
    expect(caseRuleHits(running(), '2026-03-09', calendar)).toEqual(['near_due']);
    expect(caseRuleHits(running(), '2026-03-10', calendar)).toEqual(['overdue']);
    expect(caseRuleHits(running({ state: 'suspended', suspension: { since: '2026-03-05', procedure: '听证', reason: 'x' } }), '2026-03-10', calendar)).toEqual([]);
    expect(caseRuleHits(running({ state: 'approved' }), '2026-03-10', calendar)).toEqual([]);
  });

  it('intake later than 5 working days: a submission still waiting, or one deemed accepted', () => {
    const waiting = buildCase({ state: 'submitted', submittedOn: '2026-03-02' });
    expect(caseRuleHits(waiting, '2026-03-09', calendar)).toEqual([]);
    expect(caseRuleHits(waiting, '2026-03-10', calendar)).toEqual(['late_intake']);
    expect(caseRuleHits(running({ deemedAccepted: true }), '2026-03-03', calendar)).toContain('late_intake');
  });

  it('a correction notice on a second submission', () => {
    expect(caseRuleHits(running({ correctionNoticeFor: [1] }), '2026-03-03', calendar)).toEqual([]);
    expect(caseRuleHits(running({ correctionNoticeFor: [1, 2] }), '2026-03-03', calendar)).toEqual(['second_correction']);
  });

  it('a special procedure longer than allowed (30 working days by default, configurable)', () => {
    const s = running({ state: 'suspended', suspension: { since: '2026-03-02', procedure: '专家评审', reason: 'x' } });
    expect(caseRuleHits(s, '2026-04-10', calendar)).toEqual([]);
    expect(caseRuleHits(s, '2026-04-15', calendar)).toEqual(['special_procedure_overrun']);
    expect(caseRuleHits(s, '2026-03-10', calendar, { specialProcedureDays: 5, unclaimedDays: 2 })).toEqual(['special_procedure_overrun']);
  });

  it('a case waiting unclaimed in an inbox more than two working days', () => {
    const s = running({ claimedBy: null, dueDate: '2026-03-30' });
    expect(caseRuleHits(s, '2026-03-04', calendar)).toEqual([]);
    expect(caseRuleHits(s, '2026-03-05', calendar)).toEqual(['unclaimed']);
  });

  it('差评 not revisited or not rectified in time; complaint not answered in time', () => {
    const t = { status: 'open' as const, named: true, revisitDue: '2026-03-03', rectifyDue: '2026-03-23' };
    expect(rectificationRuleHits(t, '2026-03-03')).toEqual([]);
    expect(rectificationRuleHits(t, '2026-03-04')).toEqual(['rating_not_revisited']);
    expect(rectificationRuleHits({ ...t, status: 'revisited' }, '2026-03-24')).toEqual(['rating_not_rectified']);
    expect(rectificationRuleHits({ ...t, status: 'rectified' }, '2026-03-24')).toEqual([]);
    expect(rectificationRuleHits({ ...t, named: false, revisitDue: null }, '2026-03-04')).toEqual([]);
    expect(complaintRuleHits({ status: 'open', dueOn: '2026-03-09' }, '2026-03-10')).toEqual(['complaint_overdue']);
    expect(complaintRuleHits({ status: 'replied', dueOn: '2026-03-09' }, '2026-03-10')).toEqual([]);
  });

  it('every rule has a name and a severity', () => {
    for (const r of RULE_IDS) {
      expect(RULE_NAMES[r].zh).toBeTruthy();
      expect(['yellow', 'red']).toContain(RULE_SEVERITY[r]);
    }
  });

  it('cards: one red hit → 黄牌, a second in the month or a stale red light → 红牌, yellow hits alone → none', () => {
    const red = (age = 0): HitForCard => ({ severity: 'red', ageWorkingDays: age });
    const yellow: HitForCard = { severity: 'yellow', ageWorkingDays: 0 };
    expect(cardFor([])).toBeNull();
    expect(cardFor([yellow, yellow, yellow])).toBeNull();
    expect(cardFor([red()])).toBe('yellow');
    expect(cardFor([red(), red()])).toBe('red');
    expect(cardFor([red(6)])).toBe('red');
    expect(cardFor([red()], { yellowAt: 2, redAt: 3, staleRedDays: 5 })).toBeNull();
  });

  it('law: more hits never lower the card', () => {
    const hit = fc.record({ severity: fc.constantFrom<'yellow' | 'red'>('yellow', 'red'), ageWorkingDays: fc.integer({ min: 0, max: 20 }) });
    const rank = { null: 0, yellow: 1, red: 2 } as const;
    fc.assert(
      fc.property(fc.array(hit, { maxLength: 6 }), hit, (hits, extra) => {
        expect(rank[String(cardFor([...hits, extra])) as keyof typeof rank]).toBeGreaterThanOrEqual(rank[String(cardFor(hits)) as keyof typeof rank]);
      }),
    );
  });

  it('law: near due and overdue never hit the same day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), (offset) => {
        const day = calendar.addWorkingDays('2026-03-02', offset).date;
        const hits = caseRuleHits(running({ dueDate: '2026-03-20' }), day, calendar);
        expect(hits.includes('near_due') && hits.includes('overdue')).toBe(false);
      }),
    );
  });
});
