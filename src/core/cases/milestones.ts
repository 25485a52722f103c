/**
 * The public progress page (办件进度查询) shows milestones the applicant and the public care about —
 * submitted, accepted, corrections, special procedures, decision, completed, delivered — never the
 * hall's internal steps (签收 claim, 退回待办 release, 转下一环节 advance, drafts). Issue 9, item 8.
 */
export type Milestone =
  | 'submitted' // 提交申请 (and re-submission after a correction notice)
  | 'correction' // 一次性告知补正 / 补交容缺材料
  | 'accepted' // 受理 / 容缺受理 / 逾期视为受理
  | 'refused' // 不予受理
  | 'special_procedure' // 特别程序开始 / 结束 (clock paused / resumed)
  | 'extended' // 延长办理期限 (行政许可法 第42条: the applicant is told)
  | 'decided' // 作出决定
  | 'completed' // 办结 / 当场办结
  | 'delivered' // 送达
  | 'ended'; // 撤回 / 终止 / 撤销

const MILESTONE_OF_ACTION: Readonly<Record<string, Milestone>> = {
  submit: 'submitted',
  request_correction: 'correction',
  supply_owed: 'correction',
  accept: 'accepted',
  accept_with_gaps: 'accepted',
  deem_accepted: 'accepted',
  refuse: 'refused',
  suspend: 'special_procedure',
  resume: 'special_procedure',
  extend: 'extended',
  decide: 'decided',
  complete: 'completed',
  complete_on_the_spot: 'completed',
  deliver: 'delivered',
  withdraw: 'ended',
  terminate: 'ended',
  expire_gaps: 'ended',
  revoke: 'ended',
};

/**
 * The milestone a timeline action shows as publicly, or null for an internal step. Unknown actions are
 * internal until listed here: the public page never shows more than was decided to be public.
 */
export function milestoneOf(action: string): Milestone | null {
  return Object.hasOwn(MILESTONE_OF_ACTION, action) ? (MILESTONE_OF_ACTION[action] ?? null) : null;
}

/** Actions shown publicly (the backfill migration froze this list as of its date). */
export const PUBLIC_ACTIONS: readonly string[] = Object.keys(MILESTONE_OF_ACTION);
