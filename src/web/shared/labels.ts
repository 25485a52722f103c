import type { CaseKind, HandlingForm, ItemType, MaterialForm, MaterialSource, OnlineDepth, ServiceScope, VersionStatus, FlowRole } from '../../core/catalogue/types.js';

/** Bilingual labels of catalogue enums, one place for every page. */
type L = { zh: string; en: string };

export const ITEM_TYPE: Record<ItemType, L> = {
  administrative_licensing: { zh: '行政许可', en: 'Licensing' },
  administrative_payment: { zh: '行政给付', en: 'Benefit payment' },
  administrative_confirmation: { zh: '行政确认', en: 'Confirmation' },
  administrative_levy: { zh: '行政征收', en: 'Levy' },
  administrative_reward: { zh: '行政奖励', en: 'Reward' },
  administrative_ruling: { zh: '行政裁决', en: 'Ruling' },
  other_administrative_power: { zh: '其他行政权力', en: 'Other power' },
  public_service: { zh: '公共服务', en: 'Public service' },
};
export const CASE_KIND: Record<CaseKind, L> = { on_the_spot: { zh: '即办件', en: 'On the spot' }, promised: { zh: '承诺件', en: 'Promised' } };
export const DEPTH: Record<OnlineDepth, L> = {
  1: { zh: 'Ⅰ级 网上咨询', en: 'Level Ⅰ: information' },
  2: { zh: 'Ⅱ级 网上预审', en: 'Level Ⅱ: online pre-check' },
  3: { zh: 'Ⅲ级 网上受理', en: 'Level Ⅲ: online intake' },
  4: { zh: 'Ⅳ级 全程网办', en: 'Level Ⅳ: fully online' },
};
export const FORM: Record<HandlingForm, L> = {
  window: { zh: '窗口办理', en: 'At the window' },
  online: { zh: '网上办理', en: 'Online' },
  post: { zh: '邮寄办理', en: 'By post' },
  self_service_terminal: { zh: '自助终端', en: 'Self-service terminal' },
  mobile: { zh: '移动端', en: 'Mobile' },
};
export const SCOPE: Record<ServiceScope, L> = {
  county: { zh: '全县通办', en: 'County-wide' },
  city: { zh: '全市通办', en: 'City-wide' },
  province: { zh: '全省通办', en: 'Province-wide' },
  cross_province: { zh: '跨省通办', en: 'Cross-province' },
  national: { zh: '全国通办', en: 'Nation-wide' },
};
export const SOURCE: Record<MaterialSource, L> = {
  applicant: { zh: '申请人自备', en: 'Applicant' },
  government: { zh: '政府部门核发', en: 'Government' },
  intermediary: { zh: '中介机构出具', en: 'Intermediary' },
  other: { zh: '其他', en: 'Other' },
};
export const MATERIAL_FORM: Record<MaterialForm, L> = {
  original: { zh: '原件', en: 'Original' },
  copy: { zh: '复印件', en: 'Copy' },
  electronic: { zh: '电子材料', en: 'Electronic' },
  original_and_copy: { zh: '原件和复印件', en: 'Original and copy' },
};
export const ROLE: Record<FlowRole, L> = {
  window_clerk: { zh: '综合窗口', en: 'Window clerk' },
  approver_handle: { zh: '承办', en: 'Handler' },
  approver_review: { zh: '审核', en: 'Reviewer' },
  approver_signoff: { zh: '签批', en: 'Sign-off' },
};
export const STATUS: Record<VersionStatus, L & { color: string }> = {
  draft: { zh: '草稿', en: 'Draft', color: 'default' },
  in_review: { zh: '审核中', en: 'In review', color: 'processing' },
  published: { zh: '已发布', en: 'Published', color: 'success' },
  retired: { zh: '已停用', en: 'Retired', color: 'warning' },
};
export const LEVEL: Record<string, L> = {
  province: { zh: '省级', en: 'Province' },
  city: { zh: '市级', en: 'City' },
  county: { zh: '县级', en: 'County' },
  township: { zh: '乡镇级', en: 'Township' },
};
export const STAFF_ROLE: Record<string, L> = {
  window_clerk: { zh: '综合窗口受理', en: 'Window clerk' },
  approver_handle: { zh: '承办', en: 'Handler' },
  approver_review: { zh: '审核', en: 'Reviewer' },
  approver_signoff: { zh: '签批', en: 'Sign-off' },
  catalogue_admin: { zh: '事项管理员', en: 'Catalogue admin' },
  hall_admin: { zh: '大厅管理员', en: 'Hall admin' },
  supervisor: { zh: '电子监察', en: 'Supervisor' },
  system_admin: { zh: '系统管理员', en: 'System admin' },
  security_admin: { zh: '安全管理员', en: 'Security admin' },
  audit_admin: { zh: '审计管理员', en: 'Audit admin' },
};
