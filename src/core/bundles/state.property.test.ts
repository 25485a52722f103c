import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseState } from '../cases/types.js';
import { blockedMembers, bundleState, memberPhase, membersToEnd, startableMembers, type BundleFacts, type BundleGraphMember, type MemberCase } from './state.js';

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
});
