import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, invariantViolations } from './machine.js';
import { chainEvent, verifyChain, type TimelineEvent } from './timeline.js';
import { FINAL_STATES, type CaseCommand, type CaseRole, type CaseSnapshot } from './types.js';
import { addDays } from '../calendar/index.js';
import { buildCase, calendar, CHECKLIST_OWING_PLAN, FULL_CHECKLIST } from './test-support.js';
import { createHash } from 'node:crypto';

const sm3 = (t: string) => createHash('sm3').update(t).digest('hex');
const ROLES: CaseRole[] = ['applicant', 'window_clerk', 'approver_handle', 'approver_review', 'approver_signoff', 'system'];

const command: fc.Arbitrary<CaseCommand> = fc.oneof(
  fc.constant<CaseCommand>({ type: 'submit' }),
  fc.constant<CaseCommand>({ type: 'request_correction', missing: [{ materialId: 'm-plan', reason: '缺' }] }),
  fc.constant<CaseCommand>({ type: 'accept', received: FULL_CHECKLIST }),
  fc.integer({ min: 1, max: 8 }).map<CaseCommand>((d) => ({ type: 'accept_with_gaps', received: CHECKLIST_OWING_PLAN, owed: [{ materialId: 'm-plan', dueDate: addDays('2026-03-02', d) }] })),
  fc.constant<CaseCommand>({ type: 'refuse', reason: '不符合', remedies: '复议或诉讼' }),
  fc.constant<CaseCommand>({ type: 'deem_accepted' }),
  fc.constant<CaseCommand>({ type: 'claim' }),
  fc.constant<CaseCommand>({ type: 'release' }),
  fc.constant<CaseCommand>({ type: 'advance', comment: 'ok' }),
  fc.constant<CaseCommand>({ type: 'suspend', procedure: '专家评审', reason: 'r' }),
  fc.constant<CaseCommand>({ type: 'resume' }),
  fc.integer({ min: 0, max: 16 }).map<CaseCommand>((days) => ({ type: 'extend', days, reason: 'r' })),
  fc.constantFrom<'approved' | 'denied'>('approved', 'denied').map<CaseCommand>((d) => ({ type: 'decide', decision: d, reason: 'r' })),
  fc.constant<CaseCommand>({ type: 'supply_owed', materialId: 'm-plan' }),
  fc.constant<CaseCommand>({ type: 'expire_gaps' }),
  fc.constant<CaseCommand>({ type: 'complete', resultNo: 'R' }),
  fc.constant<CaseCommand>({ type: 'deliver', method: 'window' }),
  fc.constant<CaseCommand>({ type: 'withdraw', reason: 'r' }),
  fc.constant<CaseCommand>({ type: 'terminate', reason: 'r' }),
);

const action = fc.record({ command, role: fc.constantFrom(...ROLES), days: fc.integer({ min: 0, max: 4 }) });

describe('case state machine properties', () => {
  it('random actions by random roles never reach an invalid state, never move a due date earlier, and the timeline verifies', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        let s: CaseSnapshot = buildCase();
        let today = '2026-03-02';
        const events: TimelineEvent[] = [];
        for (const a of actions) {
          today = calendar.addWorkingDays(today, a.days).date;
          const r = decide(s, a.command, { today, actor: { id: `u-${a.role}`, role: a.role }, calendar });
          if (!r.ok) continue;
          const before = s;
          s = r.next;
          expect(invariantViolations(s)).toEqual([]);
          if (before.dueDate && s.dueDate && before.acceptedOn === s.acceptedOn) expect(s.dueDate >= before.dueDate).toBe(true);
          if (before.state === 'suspended' && s.state === 'suspended') expect(s.dueDate).toBe(before.dueDate);
          events.push(
            chainEvent(events.at(-1), { caseId: 'c1', seq: events.length + 1, at: today, actorId: `u-${a.role}`, actorRole: a.role, orgId: null, action: a.command.type, fromState: before.state, toState: s.state, comment: null, files: [], data: {} }, sm3),
          );
        }
        expect(verifyChain(events, sm3)).toEqual({ ok: true });
      }),
      { numRuns: 400 },
    );
  });

  it('every reachable non-final state has a legal exit', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), (actions) => {
        let s: CaseSnapshot = buildCase();
        let today = '2026-03-02';
        for (const a of actions) {
          today = calendar.addWorkingDays(today, a.days).date;
          const r = decide(s, a.command, { today, actor: { id: `u-${a.role}`, role: a.role }, calendar });
          if (r.ok) s = r.next;
        }
        if (FINAL_STATES.includes(s.state)) return;
        const exits: [CaseCommand, CaseRole][] = [
          [{ type: 'withdraw', reason: 'r' }, 'applicant'],
          [{ type: 'complete', resultNo: 'R' }, 'approver_signoff'],
          [{ type: 'deliver', method: 'window' }, 'window_clerk'],
          [{ type: 'supply_owed', materialId: 'm-plan' }, 'applicant'],
        ];
        expect(exits.some(([c, role]) => decide(s, c, { today, actor: { id: 'x', role }, calendar }).ok)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('timeline hash chain (SM3)', () => {
  it('uses SM3 as published: SM3("abc")', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('detects a changed, removed or reordered event', () => {
    const events: TimelineEvent[] = [];
    for (let i = 1; i <= 4; i++) events.push(chainEvent(events.at(-1), { caseId: 'c', seq: i, at: `2026-03-0${i}`, actorId: null, actorRole: 'system', orgId: null, action: `a${i}`, fromState: null, toState: 's', comment: null, files: [], data: {} }, sm3));
    expect(verifyChain(events, sm3)).toEqual({ ok: true });
    const changed = events.map((e) => (e.seq === 2 ? { ...e, comment: '篡改' } : e));
    expect(verifyChain(changed, sm3)).toMatchObject({ ok: false, seq: 2, reason: 'hash' });
    expect(verifyChain([events[0], events[2], events[3]] as TimelineEvent[], sm3)).toMatchObject({ ok: false, seq: 3 });
  });
});

describe('免证办 in the intake checklist (property)', () => {
  const MATERIALS = ['m-id', 'm-plan', 'm-note'] as const;
  it('accept succeeds exactly when every required material is fulfilled at filing or received (original seen where asked)', () => {
    fc.assert(
      fc.property(fc.subarray([...MATERIALS]), fc.subarray([...MATERIALS]), fc.boolean(), (fulfilledIds, receivedIds, seen) => {
        const s = { ...buildCase({ state: 'submitted', submissionNo: 1, submittedOn: '2026-03-02' }), fulfilled: fulfilledIds.map((materialId) => ({ materialId, by: 'licence' as const })) };
        const r = decide(s, { type: 'accept', received: receivedIds.map((materialId) => ({ materialId, originalSeen: seen })) }, { today: '2026-03-02', actor: { id: 'u', role: 'window_clerk' }, calendar });
        const idOk = fulfilledIds.includes('m-id') || (receivedIds.includes('m-id') && seen);
        const planOk = fulfilledIds.includes('m-plan') || receivedIds.includes('m-plan');
        expect(r.ok).toBe(idOk && planOk);
      }),
      { numRuns: 200 },
    );
  });
});
