import { ACTION_GRANTS, type Action, type StaffRoleName } from '../../core/access/grants.js';
import type { SessionInfo } from './session.js';

/**
 * Which screens and buttons each person sees — the one place the web decides it (issue 9, item 7).
 * Screens behind a server permission take their roles from the same grants table the server's
 * policies use (src/core/access/grants.ts), so a menu is shown exactly when its data would load.
 */
export type Screen =
  | 'my' // 我的办件: applicants
  | 'workbench' // 工作台 inbox
  | 'workbench.intake' // 窗口受理
  | 'supervision' // 时限监察 on the workbench
  | 'accountability' // 差评整改 and 申诉 (departments; supervisors read and decide appeals)
  | 'scorecards' // 工作成绩单 (own department; supervisors everything in scope)
  | 'admin.catalogue' // 事项管理
  | 'admin.catalogue.import' // 导入 JSON / Excel
  | 'admin.catalogue.export'
  | 'admin.consistency' // 三级十同
  | 'admin.synonyms' // 检索同义词
  | 'admin.calendar' // 工作日历
  | 'admin.org' // 机构与人员
  | 'admin.staff.manage' // create, disable accounts (系统管理员)
  | 'admin.staff.grant' // roles and scopes (安全管理员)
  | 'admin.audit' // 审计日志 (审计管理员)
  | 'admin.hall' // 大厅运行指标 (大厅管理员)
  | 'admin.licenceTypes' // 证照类型 (catalogue readers)
  | 'admin.licenceTypes.edit'; // propose, apply, reject licence type changes (catalogue administrators, ADR 0039)

type Rule = { applicant: true } | { roles: readonly StaffRoleName[] };

const byAction = (action: Action): Rule => ({ roles: ACTION_GRANTS[action].roles });

export const SCREEN_RULES: Record<Screen, Rule> = {
  my: { applicant: true },
  // The inbox lists cases at intake (clerks) or at a back-office step (approvers); supervisors and
  // system administrators see the time-limit overview there.
  workbench: { roles: ['window_clerk', 'approver_handle', 'approver_review', 'approver_signoff', 'supervisor', 'system_admin'] },
  'workbench.intake': { roles: ['window_clerk'] },
  supervision: { roles: ['supervisor', 'system_admin'] },
  accountability: { roles: ['approver_handle', 'approver_review', 'approver_signoff', 'hall_admin', 'supervisor'] },
  scorecards: { roles: ['window_clerk', 'approver_handle', 'approver_review', 'approver_signoff', 'supervisor', 'system_admin'] },
  'admin.catalogue': byAction('catalogue.read_draft'),
  'admin.catalogue.import': byAction('catalogue.edit'),
  'admin.catalogue.export': byAction('catalogue.read_draft'),
  'admin.consistency': byAction('catalogue.report'),
  'admin.synonyms': byAction('search.synonyms.manage'),
  'admin.calendar': byAction('calendar.manage'),
  'admin.org': byAction('staff.read'),
  'admin.staff.manage': byAction('staff.manage'),
  'admin.staff.grant': byAction('staff.grant'),
  'admin.audit': byAction('audit.read'),
  'admin.hall': byAction('hall.manage'),
  'admin.licenceTypes': byAction('catalogue.read_draft'),
  'admin.licenceTypes.edit': byAction('licence_type.manage'),
};

/** The admin sections in menu order, with their paths. */
export const ADMIN_SECTIONS = [
  { key: 'catalogue', screen: 'admin.catalogue', path: '/admin' },
  { key: 'bundles', screen: 'admin.catalogue', path: '/admin/bundles' },
  { key: 'consistency', screen: 'admin.consistency', path: '/admin/consistency' },
  { key: 'synonyms', screen: 'admin.synonyms', path: '/admin/synonyms' },
  { key: 'calendar', screen: 'admin.calendar', path: '/admin/calendar' },
  { key: 'org', screen: 'admin.org', path: '/admin/org' },
  { key: 'audit', screen: 'admin.audit', path: '/admin/audit' },
  { key: 'licence-types', screen: 'admin.licenceTypes', path: '/admin/licence-types' },
] as const satisfies readonly { key: string; screen: Screen; path: string }[];

/** 经办人管理 (ADR 0037): an enterprise (legal-person account) registers its own agents. */
export function managesAgents(session: SessionInfo | null | undefined): boolean {
  return session?.user.kind === 'legal_person';
}

export function canSee(session: SessionInfo | null | undefined, screen: Screen): boolean {
  if (!session) return false;
  const rule = SCREEN_RULES[screen];
  if ('applicant' in rule) return session.user.kind !== 'staff';
  if (session.user.kind !== 'staff') return false;
  return rule.roles.some((r) => session.roles.some((g) => g.role === r));
}

/** The roles that open a screen (for the 403 page: "this page needs one of …"). */
export function rolesFor(screen: Screen): readonly StaffRoleName[] {
  const rule = SCREEN_RULES[screen];
  return 'roles' in rule ? rule.roles : [];
}

/** Where a person lands after logging in (or on a screen their roles do not open). */
export function homePath(session: SessionInfo | null | undefined): string {
  if (!session) return '/';
  if (session.user.kind !== 'staff') return '/my/cases';
  if (canSee(session, 'workbench')) return '/workbench';
  const admin = ADMIN_SECTIONS.find((s) => canSee(session, s.screen));
  return admin ? admin.path : '/';
}
