import type { CaseState } from '../cases/types.js';
import type { RefusalPolicy } from './types.js';

/**
 * The state of a bundle case is a pure function of its members' case states (and whether the
 * applicant withdrew it): nothing about the bundle's progress is stored apart from the members, so it
 * can never disagree with them. `startableMembers` is the scheduler: which members may start now.
 */

/** A member case as the bundle sees it: null = not started (no case yet). */
export type MemberCase = { state: CaseState; decision: 'approved' | 'denied' | null } | null;

/**
 * - waiting: no case yet
 * - running: a case that has not ended (draft … approved)
 * - correcting: running, waiting for the applicant's correction (补正)
 * - done: completed or delivered with approval — its result exists
 * - failed: refused at intake, denied, terminated or revoked
 * - withdrawn: the applicant withdrew it
 */
export type MemberPhase = 'waiting' | 'running' | 'correcting' | 'done' | 'failed' | 'withdrawn';

export function memberPhase(c: MemberCase): MemberPhase {
  if (c === null) return 'waiting';
  switch (c.state) {
    case 'draft':
    case 'submitted':
    case 'accepted':
    case 'in_review':
    case 'suspended':
    case 'approved':
    case 'denied':
      return 'running';
    case 'correction_requested':
      return 'correcting';
    case 'completed':
    case 'delivered':
      return c.decision === 'approved' ? 'done' : 'failed';
    case 'refused':
    case 'terminated':
    case 'revoked':
      return 'failed';
    case 'withdrawn':
      return 'withdrawn';
  }
}

/**
 * All the bundle rules read of a member case (`bundleState`, `startableMembers`, `membersToEnd`,
 * `blockedMembers`): its phase and, for an ended case, whether it was delivered. Two cases with the
 * same view are the same to the bundle (property test in state.property.test.ts).
 */
export type MemberView = MemberPhase | `${MemberPhase}+delivered`;

export function memberView(c: MemberCase): MemberView {
  const phase = memberPhase(c);
  return c?.state === 'delivered' ? `${phase}+delivered` : phase;
}

/**
 * Whether a command that moved a member case from `before` to `after` can change anything of its
 * bundle — its state, a member to start, end or note as blocked (ADR 0047). Claims, steps, decisions,
 * intake, suspensions, due-date changes … keep the member running: the bundle need not be read at all.
 */
export function memberMoveMatters(before: MemberCase, after: MemberCase): boolean {
  return memberView(before) !== memberView(after);
}

export interface BundleGraphMember {
  key: string;
  /** Keys of the applicable members it waits for. */
  dependsOn: readonly string[];
}

/**
 * - in_progress: some member runs or can still start
 * - correction_requested: no member can move until the applicant answers the gathered notice
 * - completed: every member done (results ready for 统一出件)
 * - delivered: every member done and delivered
 * - partially_completed: refusal policy "continue": the members that could finish did, at least one failed
 * - stopped: refusal policy "stop": a member failed, nothing runs any more
 * - withdrawn: the applicant withdrew and nothing runs any more
 */
export type BundleState = 'in_progress' | 'correction_requested' | 'completed' | 'delivered' | 'partially_completed' | 'stopped' | 'withdrawn';

export interface BundleFacts {
  members: readonly BundleGraphMember[];
  cases: Readonly<Record<string, MemberCase>>;
  policy: RefusalPolicy;
  /** The applicant withdrew the bundle. */
  withdrawn: boolean;
}

const phases = (f: BundleFacts) => new Map(f.members.map((m) => [m.key, memberPhase(f.cases[m.key] ?? null)]));

/** A member that waits for a failed or withdrawn member (directly or through others) can never start. */
function blocked(f: BundleFacts, ph: Map<string, MemberPhase>): Set<string> {
  const out = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const m of f.members) {
      if (out.has(m.key) || ph.get(m.key) !== 'waiting') continue;
      if (m.dependsOn.some((d) => out.has(d) || ph.get(d) === 'failed' || ph.get(d) === 'withdrawn')) {
        out.add(m.key);
        changed = true;
      }
    }
  }
  return out;
}

/** Members that may start now: not started, every dependency done, bundle neither withdrawn nor stopped. */
export function startableMembers(f: BundleFacts): string[] {
  if (f.withdrawn) return [];
  const ph = phases(f);
  const anyFailed = [...ph.values()].some((p) => p === 'failed' || p === 'withdrawn');
  if (anyFailed && f.policy === 'stop') return [];
  return f.members.filter((m) => ph.get(m.key) === 'waiting' && m.dependsOn.every((d) => ph.get(d) === 'done')).map((m) => m.key);
}

/** Members still running that the bundle must end (withdrawal, or a refusal under policy "stop"). */
export function membersToEnd(f: BundleFacts): string[] {
  const ph = phases(f);
  const failed = [...ph.values()].some((p) => p === 'failed');
  if (!f.withdrawn && !(failed && f.policy === 'stop')) return [];
  return f.members.filter((m) => ph.get(m.key) === 'running' || ph.get(m.key) === 'correcting').map((m) => m.key);
}

/** Members that will never start (a dependency failed, or the bundle stopped or was withdrawn). */
export function blockedMembers(f: BundleFacts): string[] {
  const ph = phases(f);
  const b = blocked(f, ph);
  const ended = f.withdrawn || (f.policy === 'stop' && [...ph.values()].some((p) => p === 'failed' || p === 'withdrawn'));
  return f.members.filter((m) => ph.get(m.key) === 'waiting' && (ended || b.has(m.key))).map((m) => m.key);
}

export function bundleState(f: BundleFacts): BundleState {
  const ph = phases(f);
  const all = [...ph.values()];
  const active = all.filter((p) => p === 'running' || p === 'correcting').length;
  if (active > 0) {
    return all.includes('correcting') && !all.includes('running') ? 'correction_requested' : 'in_progress';
  }
  if (f.withdrawn) return 'withdrawn';
  const failed = all.some((p) => p === 'failed' || p === 'withdrawn');
  if (failed && f.policy === 'stop') return 'stopped';
  const b = blocked(f, ph);
  const waitingFree = f.members.some((m) => ph.get(m.key) === 'waiting' && !b.has(m.key));
  if (waitingFree) return 'in_progress';
  if (failed) return 'partially_completed';
  const delivered = f.members.every((m) => f.cases[m.key]?.state === 'delivered');
  return delivered ? 'delivered' : 'completed';
}

/** Final: nothing will happen to the bundle any more except delivering finished results. */
export const FINAL_BUNDLE_STATES: readonly BundleState[] = ['delivered', 'stopped', 'withdrawn'];

export const BUNDLE_STATE_LABELS: Record<BundleState, { zh: string; en: string }> = {
  in_progress: { zh: '联办中', en: 'In progress' },
  correction_requested: { zh: '待补正', en: 'Awaiting correction' },
  completed: { zh: '已办结，待统一出件', en: 'Completed, awaiting delivery' },
  delivered: { zh: '已统一出件', en: 'Delivered' },
  partially_completed: { zh: '部分办结', en: 'Partially completed' },
  stopped: { zh: '已终止', en: 'Stopped' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

export const MEMBER_PHASE_LABELS: Record<MemberPhase | 'blocked', { zh: string; en: string }> = {
  waiting: { zh: '等待前置事项', en: 'Waiting for a prior member' },
  running: { zh: '办理中', en: 'In progress' },
  correcting: { zh: '待补正', en: 'Awaiting correction' },
  done: { zh: '已办结', en: 'Completed' },
  failed: { zh: '未通过', en: 'Not granted' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  blocked: { zh: '不再办理', en: 'Will not proceed' },
};
