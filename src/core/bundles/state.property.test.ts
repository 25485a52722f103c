import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseState } from '../cases/types.js';
import { blockedMembers, bundleState, memberMoveMatters, memberPhase, membersToEnd, startableMembers, type BundleFacts, type BundleGraphMember, type MemberCase } from './state.js';

/**
 * Random acyclic bundle graphs (a member may only depend on members defined before it) and random
 * member outcomes, driven through the scheduler as the server drives it: start what may start, end
 * what must end, let a random running member move.
 */
const graph: fc.Arbitrary<BundleGraphMember[]> = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => `m${j}`)))).map((deps) => deps.map((d, i) => ({ key: `m${i}`, dependsOn: d }))),
);

type Move = { pick: number; to: 'correct' | 'resubmit' | 'approve' | 'deny' | 'refuse' | 'deliver' | 'withdraw_bundle' | 'noop' };
const move: fc.Arbitrary<Move> = fc.record({
  pick: fc.nat(10),
  to: fc.constantFrom<Move['to']>('correct', 'resubmit', 'approve', 'approve', 'approve', 'deny', 'refuse', 'deliver', 'withdraw_bundle', 'noop'),
});

const running: CaseState[] = ['submitted', 'in_review', 'approved', 'correction_requested'];

function apply(c: MemberCase, to: Move['to']): MemberCase {
  if (c === null) return c;
  switch (to) {
    case 'correct':
      return c.state === 'submitted' ? { ...c, state: 'correction_requested' } : c;
    case 'resubmit':
      return c.state === 'correction_requested' ? { ...c, state: 'submitted' } : c;
    case 'approve':
      if (c.state === 'submitted') return { ...c, state: 'in_review' };
      if (c.state === 'in_review') return { state: 'approved', decision: 'approved' };
      if (c.state === 'approved') return { ...c, state: 'completed' };
      return c;
    case 'deny':
      return c.state === 'in_review' ? { state: 'completed', decision: 'denied' } : c;
    case 'refuse':
      return c.state === 'submitted' ? { ...c, state: 'refused' } : c;
    case 'deliver':
      return c.state === 'completed' ? { ...c, state: 'delivered' } : c;
    default:
      return c;
  }
}

describe('bundle state properties', () => {
  it('never completes while a member runs, never starts a member before its dependencies, and the state is a function of the members', () => {
    fc.assert(
      fc.property(graph, fc.constantFrom<'continue' | 'stop'>('continue', 'stop'), fc.array(move, { maxLength: 60 }), (members, policy, moves) => {
        const f: BundleFacts & { cases: Record<string, MemberCase> } = { members, cases: {}, policy, withdrawn: false };
        const settle = () => {
          for (const k of membersToEnd(f)) f.cases[k] = { state: f.withdrawn ? 'withdrawn' : 'terminated', decision: f.cases[k]?.decision ?? null };
          for (const k of startableMembers(f)) {
            const m = members.find((x) => x.key === k)!;
            // Never before its dependencies: each dependency's result exists.
            for (const d of m.dependsOn) expect(memberPhase(f.cases[d] ?? null)).toBe('done');
            f.cases[k] = { state: 'submitted', decision: null };
          }
        };
        settle();
        for (const mv of moves) {
          if (mv.to === 'withdraw_bundle') f.withdrawn = true;
          else {
            const live = members.filter((m) => running.includes(f.cases[m.key]?.state as CaseState) || f.cases[m.key]?.state === 'completed');
            const target = live[mv.pick % Math.max(1, live.length)];
            if (target) f.cases[target.key] = apply(f.cases[target.key] ?? null, mv.to);
          }
          settle();
          const s = bundleState(f);
          const anyRunning = members.some((m) => ['running', 'correcting'].includes(memberPhase(f.cases[m.key] ?? null)));
          if (anyRunning) expect(['in_progress', 'correction_requested']).toContain(s);
          if (s === 'completed' || s === 'delivered') {
            for (const m of members) expect(memberPhase(f.cases[m.key] ?? null)).toBe('done');
          }
          // A function of the members' states: a fresh copy with members in another order agrees.
          const copy: BundleFacts = { members: [...members].reverse(), cases: JSON.parse(JSON.stringify(f.cases)) as Record<string, MemberCase>, policy, withdrawn: f.withdrawn };
          expect(bundleState(copy)).toBe(s);
          // Blocked members never appear as startable.
          for (const b of blockedMembers(f)) expect(startableMembers(f)).not.toContain(b);
        }
        // Once settled with no moves left, the bundle reached an end or still has live members.
        const end = bundleState(f);
        const live = members.some((m) => ['running', 'correcting'].includes(memberPhase(f.cases[m.key] ?? null)));
        expect(live || ['completed', 'delivered', 'partially_completed', 'stopped', 'withdrawn'].includes(end)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  // ADR 0047: the after-command hook reads nothing of the bundle when memberMoveMatters says no, so the
  // rules must not tell two such member cases apart — whatever the other members, policy and withdrawal.
  const anyState: fc.Arbitrary<CaseState> = fc.constantFrom<CaseState>('draft', 'submitted', 'accepted', 'in_review', 'suspended', 'approved', 'denied', 'correction_requested', 'completed', 'delivered', 'refused', 'terminated', 'revoked', 'withdrawn');
  const anyCase: fc.Arbitrary<MemberCase> = fc.option(fc.record({ state: anyState, decision: fc.constantFrom<'approved' | 'denied' | null>('approved', 'denied', null) }), { nil: null });
  it('a member move that does not matter changes nothing the bundle computes', () => {
    fc.assert(
      fc.property(graph, fc.constantFrom<'continue' | 'stop'>('continue', 'stop'), fc.boolean(), fc.array(anyCase, { minLength: 6, maxLength: 6 }), fc.nat(5), anyCase, anyCase, (members, policy, withdrawn, cases, pick, before, after) => {
        fc.pre(!memberMoveMatters(before, after));
        const key = members[pick % members.length]!.key;
        const base = Object.fromEntries(members.map((m, i) => [m.key, cases[i] ?? null]));
        const f1: BundleFacts = { members, policy, withdrawn, cases: { ...base, [key]: before } };
        const f2: BundleFacts = { members, policy, withdrawn, cases: { ...base, [key]: after } };
        expect(bundleState(f2)).toBe(bundleState(f1));
        expect(startableMembers(f2)).toEqual(startableMembers(f1));
        expect(membersToEnd(f2)).toEqual(membersToEnd(f1));
        expect(blockedMembers(f2)).toEqual(blockedMembers(f1));
      }),
      { numRuns: 2000 },
    );
  });

  it('the moves of a plain member lifecycle that matter: completion and delivery (and correction, refusal, withdrawal)', () => {
    const c = (state: CaseState, decision: 'approved' | 'denied' | null = null): MemberCase => ({ state, decision });
    expect(memberMoveMatters(c('submitted'), c('accepted'))).toBe(false);
    expect(memberMoveMatters(c('accepted'), c('in_review'))).toBe(false);
    expect(memberMoveMatters(c('in_review'), c('approved', 'approved'))).toBe(false);
    expect(memberMoveMatters(c('approved', 'approved'), c('completed', 'approved'))).toBe(true);
    expect(memberMoveMatters(c('completed', 'approved'), c('delivered', 'approved'))).toBe(true);
    expect(memberMoveMatters(c('submitted'), c('correction_requested'))).toBe(true);
    expect(memberMoveMatters(c('submitted'), c('refused'))).toBe(true);
    expect(memberMoveMatters(null, c('submitted'))).toBe(true);
  });
});
