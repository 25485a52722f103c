import type { CaseState, IsoDate } from '../cases/types.js';
import type { WorkingDays } from '../cases/machine.js';
import type { BundleState } from '../bundles/state.js';
import { isBadRating, type RatingLevel } from './levels.js';

/**
 * 好差评 rules (国办发〔2019〕51号; GB/T 39734-2020): what may be rated when, the reason tags of each
 * level, the deadlines of the rectification a 差评 opens, and the steps of that rectification and of an
 * appeal. Pure: the server loads, calls these, and writes.
 */

/** Reason tags offered (and accepted) per level. */
export const REASON_TAGS: Record<RatingLevel, readonly string[]> = {
  5: ['服务热情', '办事高效', '一次办成', '指引清楚', '环境便利'],
  4: ['服务热情', '办事高效', '一次办成', '指引清楚', '环境便利'],
  3: ['等候较久', '流程较多', '指引不够清楚'],
  2: ['态度不好', '办事拖延', '多次跑动', '材料要求不明确', '系统故障', '其他'],
  1: ['态度不好', '办事拖延', '多次跑动', '材料要求不明确', '系统故障', '其他'],
};

/** `bundle`: a 一件事 rated as one service (ADR 0043). */
export type RatingService = 'case' | 'window' | 'bundle';
export type RatingRuleError = 'NOT_FINISHED' | 'NOT_AT_WINDOW' | 'BUNDLE_MEMBER' | 'BUNDLE_NOT_FINISHED' | 'BAD_TAGS' | 'COMMENT_REQUIRED' | 'NOT_BAD' | 'ILLEGAL_STEP';

export const RULE_MESSAGES: Record<RatingRuleError, { zh: string; en: string }> = {
  NOT_FINISHED: { zh: '办件办结后才能评价', en: 'A case can be rated once it is finished' },
  NOT_AT_WINDOW: { zh: '该办件不是在窗口受理的，无窗口服务可评价', en: 'This case was not taken in at a window; there is no window service to rate' },
  BUNDLE_MEMBER: { zh: '该办件属于一件事，请对一件事整体评价（一事一评）', en: 'This case is part of a life-event bundle; rate the bundle as one service' },
  BUNDLE_NOT_FINISHED: { zh: '一件事办结后才能评价', en: 'A bundle can be rated once it is finished' },
  BAD_TAGS: { zh: '评价标签与评价等级不符', en: 'These reason tags do not belong to this level' },
  COMMENT_REQUIRED: { zh: '差评请选择原因或填写意见', en: 'A bad rating needs a reason tag or a comment' },
  NOT_BAD: { zh: '只能对差评提出申诉', en: 'Only a bad rating can be appealed' },
  ILLEGAL_STEP: { zh: '整改任务当前状态不允许该操作', en: 'The rectification task is not in a state that allows this' },
};

/** States in which the case's service is finished (办结): a decision, a refusal, a delivery. */
export const FINISHED_STATES: readonly CaseState[] = ['approved', 'denied', 'completed', 'delivered', 'refused'];

/**
 * 一次一评: the case service is rated after it is finished; the window service once the case was taken in
 * at a window. A 一件事 member case is rated through its bundle, neither service separately (一事一评:
 * the applicant asked for one service; its intake was one intake for every member).
 */
export function canRate(service: Exclude<RatingService, 'bundle'>, state: CaseState, takenInAtWindow: boolean, bundleMember = false): RatingRuleError | null {
  if (bundleMember) return 'BUNDLE_MEMBER';
  if (service === 'window') return takenInAtWindow && state !== 'draft' ? null : 'NOT_AT_WINDOW';
  return FINISHED_STATES.includes(state) ? null : 'NOT_FINISHED';
}

/** Bundle states in which the bundle's service is finished: every member ended (approved, refused or stopped). */
export const FINISHED_BUNDLE_STATES: readonly BundleState[] = ['completed', 'delivered', 'partially_completed', 'stopped'];

/** 一事一评: a bundle is rated as one service once every member has ended (not when withdrawn). */
export function canRateBundle(state: BundleState): RatingRuleError | null {
  return FINISHED_BUNDLE_STATES.includes(state) ? null : 'BUNDLE_NOT_FINISHED';
}

/** Tags must belong to the level; a 差评 needs at least a tag or a comment (so the department knows what to fix). */
export function checkRating(level: RatingLevel, tags: readonly string[], comment: string | null): RatingRuleError | null {
  if (tags.some((t) => !REASON_TAGS[level].includes(t)) || new Set(tags).size !== tags.length) return 'BAD_TAGS';
  if (isBadRating(level) && tags.length === 0 && !comment?.trim()) return 'COMMENT_REQUIRED';
  return null;
}

export interface AccountabilityDeadlines {
  /** 回访核实 of a named 差评, working days (default 1). */
  revisitDays: number;
  /** 整改, working days (default 15). */
  rectifyDays: number;
  /** Reply to a consultation or complaint, working days (default 5). */
  complaintDays: number;
}
export const DEFAULT_DEADLINES: AccountabilityDeadlines = { revisitDays: 1, rectifyDays: 15, complaintDays: 5 };

/** The deadlines of the rectification a 差评 opens: 回访 only for 实名差评 (an anonymous rater cannot be called). */
export function rectificationDeadlines(ratedOn: IsoDate, named: boolean, d: AccountabilityDeadlines, cal: WorkingDays): { revisitDue: IsoDate | null; rectifyDue: IsoDate } {
  return { revisitDue: named ? cal.addWorkingDays(ratedOn, d.revisitDays).date : null, rectifyDue: cal.addWorkingDays(ratedOn, d.rectifyDays).date };
}

export type RectificationStatus = 'open' | 'revisited' | 'rectified' | 'withdrawn';
export type RectificationStep = 'revisit' | 'rectify' | 'withdraw';

/**
 * The rectification's steps: a named 差评 is revisited first (回访核实), then rectified; an anonymous one
 * is rectified directly; an accepted appeal withdraws an unfinished task.
 */
export function nextRectificationStatus(status: RectificationStatus, named: boolean, step: RectificationStep): RectificationStatus | null {
  switch (step) {
    case 'revisit':
      return status === 'open' && named ? 'revisited' : null;
    case 'rectify':
      return status === 'revisited' || (status === 'open' && !named) ? 'rectified' : null;
    case 'withdraw':
      return status === 'open' || status === 'revisited' ? 'withdrawn' : null;
  }
}

/** 姓名脱敏 for the public page: the surname and a star per other character (张三 → 张*, 欧阳娜娜 → 欧***). */
export function maskName(name: string | null): string {
  if (!name) return '匿名';
  const chars = [...name.trim()];
  if (chars.length === 0) return '匿名';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
