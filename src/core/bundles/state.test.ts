import { describe, expect, it } from 'vitest';
import { blockedMembers, bundleState, memberPhase, membersToEnd, startableMembers, type BundleFacts } from './state.js';

const members = [
  { key: 'licence', dependsOn: [] },
  { key: 'food', dependsOn: ['licence'] },
  { key: 'fire', dependsOn: [] },
];
const facts = (cases: BundleFacts['cases'], policy: 'continue' | 'stop' = 'continue', withdrawn = false): BundleFacts => ({ members, cases, policy, withdrawn });
const run = { state: 'in_review', decision: null } as const;
const done = { state: 'completed', decision: 'approved' } as const;
const denied = { state: 'completed', decision: 'denied' } as const;

describe('bundle state', () => {
  it('starts the members without dependencies at once (parallel) and the dependent one after its result', () => {
    expect(startableMembers(facts({}))).toEqual(['licence', 'fire']);
    expect(startableMembers(facts({ licence: run, fire: run }))).toEqual([]);
    expect(startableMembers(facts({ licence: done, fire: run }))).toEqual(['food']);
  });
  it('maps case states to member phases', () => {
    expect(memberPhase(null)).toBe('waiting');
    expect(memberPhase({ state: 'correction_requested', decision: null })).toBe('correcting');
    expect(memberPhase({ state: 'denied', decision: 'denied' })).toBe('running');
    expect(memberPhase(denied)).toBe('failed');
    expect(memberPhase({ state: 'delivered', decision: 'approved' })).toBe('done');
    expect(memberPhase({ state: 'refused', decision: null })).toBe('failed');
    expect(memberPhase({ state: 'withdrawn', decision: null })).toBe('withdrawn');
  });
  it('is complete only when every member is done, delivered when every one is delivered', () => {
    expect(bundleState(facts({ licence: done, fire: done }))).toBe('in_progress');
    expect(bundleState(facts({ licence: done, fire: done, food: done }))).toBe('completed');
    const d = { state: 'delivered', decision: 'approved' } as const;
    expect(bundleState(facts({ licence: d, fire: d, food: d }))).toBe('delivered');
  });
  it('shows a gathered correction when every live member waits for the applicant', () => {
    const c = { state: 'correction_requested', decision: null } as const;
    expect(bundleState(facts({ licence: c, fire: c }))).toBe('correction_requested');
    expect(bundleState(facts({ licence: c, fire: run }))).toBe('in_progress');
  });
  it('policy continue: the others finish, the dependent one is blocked, the bundle ends partially completed', () => {
    const f = facts({ licence: denied, fire: run });
    expect(membersToEnd(f)).toEqual([]);
    expect(blockedMembers(f)).toEqual(['food']);
    expect(bundleState(f)).toBe('in_progress');
    expect(bundleState(facts({ licence: denied, fire: done }))).toBe('partially_completed');
  });
  it('policy stop: running members are ended, nothing starts, the bundle is stopped', () => {
    const f = facts({ licence: run, fire: { state: 'refused', decision: null } }, 'stop');
    expect(membersToEnd(f)).toEqual(['licence']);
    expect(startableMembers(facts({ licence: done, fire: denied }, 'stop'))).toEqual([]);
    expect(bundleState(facts({ licence: { state: 'terminated', decision: null }, fire: denied }, 'stop'))).toBe('stopped');
  });
  it('withdrawal ends every running member and starts nothing', () => {
    const f = facts({ licence: run, fire: done }, 'continue', true);
    expect(membersToEnd(f)).toEqual(['licence']);
    expect(startableMembers(f)).toEqual([]);
    expect(blockedMembers(f)).toEqual(['food']);
    expect(bundleState(facts({ licence: { state: 'withdrawn', decision: null }, fire: done }, 'continue', true))).toBe('withdrawn');
  });
});
