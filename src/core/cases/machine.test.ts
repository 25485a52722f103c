import { describe, expect, it } from 'vitest';
import { decide, intakeDeadline, invariantViolations, stepDueDate, type DecideContext } from './machine.js';
import { timeStatus } from './time.js';
import type { CaseCommand, CaseRole, CaseSnapshot } from './types.js';
import { buildCase, calendar, CHECKLIST_OWING_PLAN, FULL_CHECKLIST } from './test-support.js';

const ctx = (role: CaseRole, today = '2026-03-02', id = `u-${role}`): DecideContext => ({ today, actor: { id, role }, calendar });

function run(s: CaseSnapshot, steps: [CaseCommand, CaseRole, string?][]): CaseSnapshot {
  let cur = s;
  for (const [cmd, role, today] of steps) {
    const r = decide(cur, cmd, ctx(role, today));
    if (!r.ok) throw new Error(`${cmd.type} by ${role}: ${r.error.en}`);
    cur = r.next;
  }
  return cur;
}

const submitted = (today = '2026-03-02') => run(buildCase(), [[{ type: 'submit' }, 'applicant', today]]);

describe('intake', () => {
  it('accepts and sets the due date from the promised limit in working days', () => {
    const s = run(submitted(), [[{ type: 'accept', received: FULL_CHECKLIST }, 'window_clerk', '2026-03-02']]);
    expect(s.state).toBe('accepted');
    expect(s.acceptedOn).toBe('2026-03-02');
    expect(s.dueDate).toBe('2026-03-09'); // Mon + 5 working days
  });

  it('refuses a second correction notice for the same submission', () => {
    const s = run(submitted(), [[{ type: 'request_correction', missing: [{ materialId: 'm-plan', reason: '缺少' }] }, 'window_clerk']]);
    expect(s.state).toBe('correction_requested');
    const again = run(s, [[{ type: 'submit' }, 'applicant']]);
    // A new submission may get its own notice; the same submission may not get two.
    const first = decide(again, { type: 'request_correction', missing: [{ materialId: 'm-id', reason: 'x' }] }, ctx('window_clerk'));
    expect(first.ok).toBe(true);
    const twice = decide({ ...again, correctionNoticeFor: [again.submissionNo] }, { type: 'request_correction', missing: [{ materialId: 'm-id', reason: 'x' }] }, ctx('window_clerk'));
    expect(twice).toMatchObject({ ok: false, error: { code: 'CASE_RULE_VIOLATION', rule: 'SECOND_CORRECTION_NOTICE' } });
  });

  it('a correction notice lists at least one missing material', () => {
    expect(decide(submitted(), { type: 'request_correction', missing: [] }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'CORRECTION_EMPTY' } });
  });

  it('a clerk cannot refuse (窗口无否决权); an approver can, with reason and remedies', () => {
    expect(decide(submitted(), { type: 'refuse', reason: '不符合条件', remedies: '可申请行政复议或提起行政诉讼' }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'WINDOW_NO_VETO' } });
    expect(decide(submitted(), { type: 'refuse', reason: '不符合条件', remedies: '' }, ctx('approver_handle'))).toMatchObject({ ok: false, error: { rule: 'REFUSAL_REASON' } });
    const r = decide(submitted(), { type: 'refuse', reason: '不符合条件', remedies: '可申请行政复议或提起行政诉讼' }, ctx('approver_handle'));
    expect(r.ok && r.next.state).toBe('refused');
  });

  it('counts an application not handled within 5 working days as accepted on receipt (第32条)', () => {
    const s = submitted('2025-09-26'); // Friday before National Day
    // 9/28 (make-up Sunday), 9/29, 9/30, then the holiday 10/1–10/8, then 10/9, 10/10.
    expect(intakeDeadline('2025-09-26', calendar)).toBe('2025-10-10');
    expect(decide(s, { type: 'deem_accepted' }, ctx('system', '2025-10-10'))).toMatchObject({ ok: false, error: { rule: 'INTAKE_NOT_LATE' } });
    const r = decide(s, { type: 'deem_accepted' }, ctx('system', '2025-10-11'));
    expect(r.ok && r.next).toMatchObject({ state: 'accepted', acceptedOn: '2025-09-26', deemedAccepted: true });
  });

  it('completes an on-the-spot item at the window in the same visit', () => {
    const s = run(buildCase({}, { caseKind: 'on_the_spot', promisedLimitDays: 0, steps: [] }), [[{ type: 'submit' }, 'window_clerk']]);
    expect(decide(s, { type: 'accept', received: FULL_CHECKLIST }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'ON_THE_SPOT_ACCEPT' } });
    const r = decide(s, { type: 'complete_on_the_spot', resultNo: 'R1', received: FULL_CHECKLIST }, ctx('window_clerk'));
    expect(r.ok && r.next).toMatchObject({ state: 'completed', decision: 'approved', decidedOn: '2026-03-02' });
  });
});

describe('who takes a case in (ADR 0020: 一窗受理; the handler where the item has no window)', () => {
  const INTAKE: CaseCommand[] = [
    { type: 'accept', received: FULL_CHECKLIST },
    { type: 'accept_with_gaps', received: CHECKLIST_OWING_PLAN, owed: [{ materialId: 'm-plan', dueDate: '2026-03-06' }] },
    { type: 'request_correction', missing: [{ materialId: 'm-plan', reason: '平面图未标注面积' }] },
  ];
  const noWindow = () => run(buildCase({}, { intake: 'department' }), [[{ type: 'submit' }, 'applicant']]);

  it.each(INTAKE.map((c) => [c.type, c] as const))('%s at a window item: the clerk only, never a back-office approver', (_t, c) => {
    expect(decide(submitted(), c, ctx('window_clerk')).ok).toBe(true);
    for (const role of ['approver_handle', 'approver_review', 'approver_signoff'] as const) {
      expect(decide(submitted(), c, ctx(role))).toMatchObject({ ok: false, error: { code: 'CASE_FORBIDDEN_ROLE', rule: 'INTAKE_DESK' } });
    }
  });

  it.each(INTAKE.map((c) => [c.type, c] as const))('%s at an item without a window: the handling department’s handler only', (_t, c) => {
    expect(decide(noWindow(), c, ctx('approver_handle')).ok).toBe(true);
    for (const role of ['window_clerk', 'approver_review', 'approver_signoff'] as const) {
      expect(decide(noWindow(), c, ctx(role))).toMatchObject({ ok: false, error: { code: 'CASE_FORBIDDEN_ROLE', rule: 'INTAKE_DESK' } });
    }
  });

  it('an on-the-spot item without a window is completed by the handler, not the clerk', () => {
    const s = run(buildCase({}, { caseKind: 'on_the_spot', promisedLimitDays: 0, steps: [], intake: 'department' }), [[{ type: 'submit' }, 'applicant']]);
    expect(decide(s, { type: 'complete_on_the_spot', resultNo: 'R1', received: FULL_CHECKLIST }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'INTAKE_DESK' } });
    expect(decide(s, { type: 'complete_on_the_spot', resultNo: 'R1', received: FULL_CHECKLIST }, ctx('approver_handle')).ok).toBe(true);
  });

  it('不予受理 is the handling department’s handler’s (窗口无否决权), not the reviewer’s or the signer’s', () => {
    const refusal: CaseCommand = { type: 'refuse', reason: '不属于本机关职权范围', remedies: '可依法申请行政复议或者提起行政诉讼' };
    for (const s of [submitted(), noWindow()]) {
      expect(decide(s, refusal, ctx('approver_handle')).ok).toBe(true);
      expect(decide(s, refusal, ctx('approver_review'))).toMatchObject({ ok: false, error: { code: 'CASE_FORBIDDEN_ROLE' } });
      expect(decide(s, refusal, ctx('approver_signoff'))).toMatchObject({ ok: false, error: { code: 'CASE_FORBIDDEN_ROLE' } });
    }
  });
});

describe('intake checklist (finding 1: accepted with nothing checked)', () => {
  it('finding 1: refuses to accept with no material checked, naming everything not accounted for', () => {
    const r = decide(submitted(), { type: 'accept', received: [] }, ctx('window_clerk'));
    expect(r).toMatchObject({ ok: false, error: { code: 'CASE_RULE_VIOLATION', rule: 'MATERIALS_NOT_CHECKED' } });
    expect(!r.ok && r.error.zh).toContain('申请人有效身份证件（未收取）');
    expect(!r.ok && r.error.zh).toContain('经营场所平面图（未收取）');
    // An optional material is never demanded.
    expect(!r.ok && r.error.zh).not.toContain('情况说明');
  });

  it('finding 1: the original must be seen where the item asks for it', () => {
    const r = decide(submitted(), { type: 'accept', received: [{ materialId: 'm-id', originalSeen: false }, { materialId: 'm-plan', originalSeen: false }] }, ctx('window_clerk'));
    expect(!r.ok && r.error.zh).toContain('申请人有效身份证件（未核验原件）');
    expect(decide(submitted(), { type: 'accept', received: FULL_CHECKLIST }, ctx('window_clerk')).ok).toBe(true);
  });

  it('finding 1: a material is accounted for when owed under 容缺 or replaced by a signed commitment (告知承诺)', () => {
    expect(decide(submitted(), { type: 'accept_with_gaps', received: [], owed: [{ materialId: 'm-plan', dueDate: '2026-03-06' }] }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'MATERIALS_NOT_CHECKED' } });
    expect(decide(submitted(), { type: 'accept_with_gaps', received: CHECKLIST_OWING_PLAN, owed: [{ materialId: 'm-plan', dueDate: '2026-03-06' }] }, ctx('window_clerk')).ok).toBe(true);
    const promised = { ...submitted(), commitments: ['m-plan'] };
    expect(decide(promised, { type: 'accept', received: CHECKLIST_OWING_PLAN }, ctx('window_clerk')).ok).toBe(true);
    // A material promised by commitment cannot also be owed.
    expect(decide(promised, { type: 'accept_with_gaps', received: CHECKLIST_OWING_PLAN, owed: [{ materialId: 'm-plan', dueDate: '2026-03-06' }] }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'GAP_NONE' } });
  });

  it('免证办: a material fulfilled at filing by a licence or a data read is accounted for — not received, not owed, no original to see', () => {
    // m-id needs its original seen: a licence stands in for it, so nothing is ticked for it.
    const byLicence = { ...submitted(), fulfilled: [{ materialId: 'm-id', by: 'licence' as const }] };
    expect(decide(byLicence, { type: 'accept', received: [{ materialId: 'm-plan', originalSeen: false }] }, ctx('window_clerk')).ok).toBe(true);
    // Without the licence the same checklist is refused, naming the material.
    const r = decide(submitted(), { type: 'accept', received: [{ materialId: 'm-plan', originalSeen: false }] }, ctx('window_clerk'));
    expect(!r.ok && r.error.zh).toContain('申请人有效身份证件（未收取）');
    const byData = { ...submitted(), fulfilled: [{ materialId: 'm-plan', by: 'data' as const }] };
    expect(decide(byData, { type: 'accept', received: CHECKLIST_OWING_PLAN }, ctx('window_clerk')).ok).toBe(true);
    // A fulfilled material cannot also be owed (容缺): m-plan was the only owable one.
    expect(decide(byData, { type: 'accept_with_gaps', received: CHECKLIST_OWING_PLAN, owed: [{ materialId: 'm-plan', dueDate: '2026-03-06' }] }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'GAP_NONE' } });
    // An on-the-spot item counts them the same way.
    const spot = run(buildCase({}, { caseKind: 'on_the_spot', promisedLimitDays: 0, steps: [] }), [[{ type: 'submit' }, 'window_clerk']]);
    expect(decide({ ...spot, fulfilled: [{ materialId: 'm-id', by: 'licence' }, { materialId: 'm-plan', by: 'data' }] }, { type: 'complete_on_the_spot', resultNo: 'R1', received: [] }, ctx('window_clerk')).ok).toBe(true);
  });

  it('finding 1: refuses a checklist naming a material the case does not have, and a material both received and owed', () => {
    expect(decide(submitted(), { type: 'accept', received: [...FULL_CHECKLIST, { materialId: 'm-other', originalSeen: true }] }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'UNKNOWN_MATERIAL' } });
    expect(decide(submitted(), { type: 'accept_with_gaps', received: FULL_CHECKLIST, owed: [{ materialId: 'm-plan', dueDate: '2026-03-06' }] }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'OWED_AND_RECEIVED' } });
  });

  it('finding 1: an on-the-spot completion needs the same complete checklist', () => {
    const s = run(buildCase({}, { caseKind: 'on_the_spot', promisedLimitDays: 0, steps: [] }), [[{ type: 'submit' }, 'window_clerk']]);
    expect(decide(s, { type: 'complete_on_the_spot', resultNo: 'R1', received: [] }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'MATERIALS_NOT_CHECKED' } });
  });
});

describe('容缺受理 (accept with gaps)', () => {
  it('owes only non-key materials, due no later than the promised due date', () => {
    const ok = decide(submitted(), { type: 'accept_with_gaps', received: CHECKLIST_OWING_PLAN, owed: [{ materialId: 'm-plan', dueDate: '2026-03-06' }] }, ctx('window_clerk'));
    expect(ok.ok && ok.next.owed).toEqual([{ materialId: 'm-plan', dueDate: '2026-03-06', supplied: false }]);
    expect(decide(submitted(), { type: 'accept_with_gaps', received: CHECKLIST_OWING_PLAN, owed: [{ materialId: 'm-id', dueDate: '2026-03-06' }] }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'GAP_NOT_ALLOWED' } });
    expect(decide(submitted(), { type: 'accept_with_gaps', received: CHECKLIST_OWING_PLAN, owed: [{ materialId: 'm-plan', dueDate: '2026-03-10' }] }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'GAP_DUE_AFTER_LIMIT' } });
  });

  it('is not offered to an applicant with a bad credit record', () => {
    const s = { ...submitted(), badCredit: true };
    expect(decide(s, { type: 'accept_with_gaps', received: CHECKLIST_OWING_PLAN, owed: [{ materialId: 'm-plan', dueDate: '2026-03-06' }] }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'GAP_BAD_CREDIT' } });
  });

  it('issues no result while the owed material is outstanding, and ends the case when it is late', () => {
    const accepted = run(submitted(), [[{ type: 'accept_with_gaps', received: CHECKLIST_OWING_PLAN, owed: [{ materialId: 'm-plan', dueDate: '2026-03-06' }] }, 'window_clerk']]);
    const approved = { ...accepted, state: 'approved' as const, decision: 'approved' as const, decidedOn: '2026-03-05' };
    expect(decide(approved, { type: 'complete', resultNo: 'R1' }, ctx('approver_signoff'))).toMatchObject({ ok: false, error: { rule: 'OWED_MATERIAL_OUTSTANDING' } });
    const supplied = run(approved, [[{ type: 'supply_owed', materialId: 'm-plan' }, 'applicant']]);
    expect(decide(supplied, { type: 'complete', resultNo: 'R1' }, ctx('approver_signoff')).ok).toBe(true);
    expect(decide(accepted, { type: 'expire_gaps' }, ctx('system', '2026-03-06'))).toMatchObject({ ok: false });
    const ended = decide(accepted, { type: 'expire_gaps' }, ctx('system', '2026-03-09'));
    expect(ended.ok && ended.next.state).toBe('terminated');
  });
});

describe('back office', () => {
  const accepted = () => run(submitted(), [[{ type: 'accept', received: FULL_CHECKLIST }, 'window_clerk']]);

  it('moves through handle → review → sign-off and decides', () => {
    const s = run(accepted(), [
      [{ type: 'claim' }, 'approver_handle'],
      [{ type: 'advance', comment: '材料齐全' }, 'approver_handle'],
      [{ type: 'claim' }, 'approver_review'],
      [{ type: 'advance', comment: '同意' }, 'approver_review'],
      [{ type: 'claim' }, 'approver_signoff'],
      [{ type: 'decide', decision: 'approved', reason: '符合条件' }, 'approver_signoff', '2026-03-04'],
    ]);
    expect(s).toMatchObject({ state: 'approved', decidedOn: '2026-03-04', certificateDue: '2026-03-18' });
  });

  it('records the fee charged with a decision (收费), and refuses a charge that is not a whole, non-negative number of fen', () => {
    const atSignOff = run(accepted(), [
      [{ type: 'claim' }, 'approver_handle'],
      [{ type: 'advance', comment: '材料齐全' }, 'approver_handle'],
      [{ type: 'claim' }, 'approver_review'],
      [{ type: 'advance', comment: '同意' }, 'approver_review'],
      [{ type: 'claim' }, 'approver_signoff'],
    ]);
    const charged = decide(atSignOff, { type: 'decide', decision: 'approved', reason: '符合条件', chargedFen: 8000 }, ctx('approver_signoff'));
    expect(charged.ok && charged.next.chargedFen).toBe(8000);
    const none = decide(atSignOff, { type: 'decide', decision: 'approved', reason: '符合条件' }, ctx('approver_signoff'));
    expect(none.ok && 'chargedFen' in none.next).toBe(false);
    for (const bad of [-1, 1.5, 10_000_000_001, Number.NaN]) {
      expect(decide(atSignOff, { type: 'decide', decision: 'approved', reason: '符合条件', chargedFen: bad }, ctx('approver_signoff'))).toMatchObject({ ok: false, error: { code: 'CASE_RULE_VIOLATION', rule: 'CHARGE_INVALID' } });
    }
    const spot = run(buildCase({}, { caseKind: 'on_the_spot', promisedLimitDays: 0, steps: [] }), [[{ type: 'submit' }, 'window_clerk']]);
    const onTheSpot = decide(spot, { type: 'complete_on_the_spot', resultNo: 'R1', received: FULL_CHECKLIST, chargedFen: 2000 }, ctx('window_clerk'));
    expect(onTheSpot.ok && onTheSpot.next).toMatchObject({ state: 'completed', chargedFen: 2000 });
    expect(decide(spot, { type: 'complete_on_the_spot', resultNo: 'R1', received: FULL_CHECKLIST, chargedFen: -5 }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'CHARGE_INVALID' } });
  });

  it('counts each step’s own limit from when the step began (环节时限)', () => {
    const s = run(submitted(), [[{ type: 'accept', received: FULL_CHECKLIST }, 'window_clerk']]);
    const limited = { ...s, item: { ...s.item, steps: s.item.steps.map((x, i) => ({ ...x, limitDays: i + 1 })) } };
    expect(stepDueDate(limited, calendar)).toBe('2026-03-03');
    const next = run(limited, [
      [{ type: 'claim' }, 'approver_handle'],
      [{ type: 'advance', comment: 'ok' }, 'approver_handle', '2026-03-04'],
    ]);
    expect(stepDueDate(next, calendar)).toBe('2026-03-06');
  });

  it('only the role of the current step can claim it, and a claimed case is not taken by another', () => {
    expect(decide(accepted(), { type: 'claim' }, ctx('approver_review'))).toMatchObject({ ok: false, error: { rule: 'STEP_ROLE' } });
    const claimed = run(accepted(), [[{ type: 'claim' }, 'approver_handle']]);
    expect(decide(claimed, { type: 'claim' }, ctx('approver_handle', '2026-03-02', 'someone-else'))).toMatchObject({ ok: false, error: { rule: 'ALREADY_CLAIMED' } });
  });

  it('finding 5: a repeated 签收 is refused (nothing is written twice)', () => {
    const claimed = run(accepted(), [[{ type: 'claim' }, 'approver_handle']]);
    expect(decide(claimed, { type: 'claim' }, ctx('approver_handle'))).toMatchObject({ ok: false, error: { rule: 'ALREADY_CLAIMED_BY_YOU' } });
  });

  it('finding 6: the same person cannot do 审查 and 审核 of one case (职责分离)', () => {
    const both = (role: CaseRole): DecideContext => ctx(role, '2026-03-02', 'u-both');
    let s = accepted();
    for (const [c, role] of [[{ type: 'claim' }, 'approver_handle'], [{ type: 'advance', comment: '同意' }, 'approver_handle']] as const) {
      const r = decide(s, c, both(role));
      if (!r.ok) throw new Error(r.error.en);
      s = r.next;
    }
    expect(decide(s, { type: 'claim' }, both('approver_review'))).toMatchObject({ ok: false, error: { rule: 'SEPARATION_OF_DUTIES' } });
    // Another person may take the step; an item flow may allow one person to act on several steps.
    expect(decide(s, { type: 'claim' }, ctx('approver_review')).ok).toBe(true);
    expect(decide({ ...s, item: { ...s.item, separationOfDuties: false } }, { type: 'claim' }, both('approver_review')).ok).toBe(true);
  });

  it('finding 6: releasing a step untouched does not count as acting on it', () => {
    const both = (role: CaseRole): DecideContext => ctx(role, '2026-03-02', 'u-both');
    const claimed = decide(accepted(), { type: 'claim' }, both('approver_handle'));
    const released = claimed.ok ? decide(claimed.next, { type: 'release' }, both('approver_handle')) : claimed;
    expect(released.ok && released.next.stepActors).toEqual({});
  });

  it('pausing across the 2026 Spring Festival moves the due date by the paused working days', () => {
    const s = run(submitted('2026-02-09'), [
      [{ type: 'accept', received: FULL_CHECKLIST }, 'window_clerk', '2026-02-09'],
      [{ type: 'claim' }, 'approver_handle', '2026-02-09'],
    ]);
    expect(s.dueDate).toBe('2026-02-14'); // Sat 2/14 is a make-up working day
    const paused = run(s, [[{ type: 'suspend', procedure: '现场核查', reason: '需现场核查经营场所' }, 'approver_handle', '2026-02-12']]);
    expect(timeStatus(paused, '2026-02-20', calendar)).toBe('paused');
    const resumed = run(paused, [[{ type: 'resume' }, 'approver_handle', '2026-02-25']]);
    // Paused (2/12, 2/25]: 2/13, 2/14 (make-up), 2/24, 2/25 = 4 working days; 2/15–2/23 is the holiday.
    expect(resumed.pausedDays).toBe(4);
    expect(resumed.dueDate).toBe(calendar.addWorkingDays('2026-02-14', 4).date);
    expect(resumed.dueDate).toBe('2026-02-27');
  });

  it('extends once by at most 10 working days, by sign-off only (第42条)', () => {
    const s = accepted();
    expect(decide(s, { type: 'extend', days: 5, reason: '情况复杂' }, ctx('approver_handle'))).toMatchObject({ ok: false, error: { code: 'CASE_FORBIDDEN_ROLE' } });
    expect(decide(s, { type: 'extend', days: 11, reason: '情况复杂' }, ctx('approver_signoff'))).toMatchObject({ ok: false, error: { rule: 'EXTENSION_TOO_LONG' } });
    const once = run(s, [[{ type: 'extend', days: 10, reason: '情况复杂' }, 'approver_signoff']]);
    expect(once.dueDate).toBe('2026-03-23');
    expect(decide(once, { type: 'extend', days: 1, reason: 'x' }, ctx('approver_signoff'))).toMatchObject({ ok: false, error: { rule: 'EXTENSION_TWICE' } });
    expect(decide({ ...s, item: { ...s.item, joint: true } }, { type: 'extend', days: 15, reason: '联合办理' }, ctx('approver_signoff')).ok).toBe(true);
  });

  it('the applicant may withdraw before the decision, not after', () => {
    expect(decide(accepted(), { type: 'withdraw', reason: '不再需要' }, ctx('applicant')).ok).toBe(true);
    const approved = { ...accepted(), state: 'approved' as const, decision: 'approved' as const, decidedOn: '2026-03-03' };
    expect(decide(approved, { type: 'withdraw', reason: 'x' }, ctx('applicant'))).toMatchObject({ ok: false, error: { rule: 'WITHDRAW_AFTER_DECISION' } });
  });

  it('a false commitment revokes an approval, never a denial', () => {
    const approved = { ...accepted(), state: 'delivered' as const, decision: 'approved' as const, decidedOn: '2026-03-03' };
    const r = decide(approved, { type: 'revoke', reason: '承诺不实', findings: '经核查，经营场所不存在' }, ctx('system'));
    expect(r.ok && r.next.state).toBe('revoked');
    expect(decide({ ...approved, decision: 'denied' as const }, { type: 'revoke', reason: 'x', findings: 'y' }, ctx('system')).ok).toBe(false);
    expect(decide(approved, { type: 'revoke', reason: 'x', findings: 'y' }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { code: 'CASE_FORBIDDEN_ROLE' } });
  });

  it('express delivery needs a tracking number', () => {
    const completed = { ...accepted(), state: 'completed' as const, decision: 'approved' as const, decidedOn: '2026-03-03' };
    expect(decide(completed, { type: 'deliver', method: 'express' }, ctx('window_clerk'))).toMatchObject({ ok: false, error: { rule: 'TRACKING_NO' } });
    expect(decide(completed, { type: 'deliver', method: 'express', trackingNo: 'SF123' }, ctx('window_clerk')).ok).toBe(true);
  });

  it('shows normal, near due and overdue', () => {
    const s = accepted(); // due 2026-03-09
    expect(timeStatus(s, '2026-03-02', calendar)).toBe('normal');
    expect(timeStatus(s, '2026-03-05', calendar)).toBe('near_due');
    expect(timeStatus(s, '2026-03-10', calendar)).toBe('overdue');
    expect(invariantViolations(s)).toEqual([]);
  });
});
