/** Timeline action and state labels (zh/en) shown to applicants and staff. */
export const ACTION_LABELS: Record<string, { zh: string; en: string }> = {
  save_draft: { zh: '保存草稿', en: 'Draft saved' },
  submit: { zh: '提交申请', en: 'Application submitted' },
  request_correction: { zh: '一次性告知补正材料', en: 'One-time correction notice issued' },
  accept: { zh: '受理', en: 'Accepted' },
  accept_with_gaps: { zh: '容缺受理', en: 'Accepted with materials owed' },
  complete_on_the_spot: { zh: '当场办结', en: 'Completed on the spot' },
  refuse: { zh: '不予受理', en: 'Refused at intake' },
  deem_accepted: { zh: '逾期视为受理', en: 'Deemed accepted (intake period passed)' },
  claim: { zh: '签收', en: 'Claimed' },
  release: { zh: '退回待办', en: 'Released' },
  advance: { zh: '审查通过，转下一环节', en: 'Passed to the next step' },
  suspend: { zh: '进入特别程序（暂停计时）', en: 'Special procedure started (clock paused)' },
  resume: { zh: '特别程序结束（恢复计时）', en: 'Special procedure ended (clock resumed)' },
  extend: { zh: '延长办理期限', en: 'Time limit extended' },
  decide: { zh: '作出决定', en: 'Decision made' },
  supply_owed: { zh: '补交容缺材料', en: 'Owed material supplied' },
  expire_gaps: { zh: '容缺材料逾期未补，终止办理', en: 'Owed material not supplied in time; case ended' },
  complete: { zh: '办结', en: 'Completed' },
  deliver: { zh: '送达', en: 'Delivered' },
  withdraw: { zh: '申请人撤回', en: 'Withdrawn by the applicant' },
  terminate: { zh: '终止办理', en: 'Terminated' },
  revoke: { zh: '撤销决定（承诺不实）', en: 'Decision revoked (false commitment)' },
  recompute_due_date: { zh: '按录入的放假安排重新计算承诺办结日期', en: 'Due date recomputed on the entered holiday arrangement' },
};

export const STATE_LABELS: Record<string, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '待受理', en: 'Awaiting intake' },
  correction_requested: { zh: '待补正', en: 'Correction requested' },
  accepted: { zh: '已受理', en: 'Accepted' },
  in_review: { zh: '审查中', en: 'In review' },
  suspended: { zh: '特别程序中', en: 'Special procedure' },
  approved: { zh: '已准予', en: 'Approved' },
  denied: { zh: '已决定不予', en: 'Denied' },
  refused: { zh: '不予受理', en: 'Refused' },
  completed: { zh: '已办结', en: 'Completed' },
  delivered: { zh: '已送达', en: 'Delivered' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  terminated: { zh: '已终止', en: 'Terminated' },
  revoked: { zh: '已撤销', en: 'Revoked' },
};

/** An action's label; an unknown action is shown by its code. */
export function actionLabel(action: string): { zh: string; en: string } {
  return ACTION_LABELS[action] ?? { zh: action, en: action };
}
