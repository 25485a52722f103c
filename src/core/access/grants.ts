/**
 * Which staff role grants which action — the one table both the server's policies
 * (src/server/policies) and the web's menus (src/web/shared/access.ts) read, so a menu is shown
 * exactly when the server would allow what is behind it. Scope (which org subtree a grant covers)
 * is checked by the server on each object; the menus only need the roles.
 */
export const STAFF_ROLES = [
  'window_clerk', // 综合窗口受理
  'approver_handle', // 承办
  'approver_review', // 审核
  'approver_signoff', // 签批
  'catalogue_admin', // 事项管理员
  'hall_admin', // 大厅管理员
  'supervisor', // 电子监察
  'system_admin', // 系统管理员: accounts and configuration (三权分立, ADR 0010)
  'security_admin', // 安全管理员: roles, grants, security settings
  'audit_admin', // 审计管理员: reads and exports the audit log, nothing else
] as const;

export type StaffRoleName = (typeof STAFF_ROLES)[number];

export type Action =
  | 'org.read'
  | 'org.manage'
  | 'staff.read'
  | 'staff.manage'
  | 'applicant.read'
  | 'catalogue.read_draft'
  | 'catalogue.edit'
  | 'catalogue.publish'
  | 'catalogue.report'
  | 'calendar.manage'
  | 'search.synonyms.manage'
  | 'staff.grant'
  | 'security.manage'
  | 'audit.read'
  | 'audit.export'
  | 'hall.serve'
  | 'hall.manage'
  | 'hall.figures'
  | 'hall.assist'
  // 电子证照 (ADR 0021): the issuing department revokes, renews and changes its licences; keys rotate under security.
  | 'licence.manage'
  | 'signing_key.rotate'
  // 电子监察 settings (ADR 0031): the region's supervisor sets the card thresholds and rule limits.
  | 'supervision.settings.manage'
  // 证照类型 in the catalogue (ADR 0039): proposed by one catalogue administrator, applied by another.
  | 'licence_type.manage';

export const ACTION_GRANTS: Record<Action, { roles: readonly StaffRoleName[]; scoped: boolean }> = {
  'org.read': { roles: STAFF_ROLES, scoped: true },
  'org.manage': { roles: ['system_admin', 'hall_admin'], scoped: true },
  'staff.read': { roles: ['system_admin', 'security_admin', 'hall_admin', 'supervisor'], scoped: true },
  'staff.manage': { roles: ['system_admin'], scoped: true },
  // Applicants have no org; clerks look them up at the window by ID number or credit code.
  'applicant.read': { roles: ['window_clerk', 'system_admin'], scoped: false },
  'catalogue.read_draft': { roles: ['catalogue_admin', 'system_admin', 'supervisor'], scoped: true },
  'catalogue.edit': { roles: ['catalogue_admin'], scoped: true },
  'catalogue.publish': { roles: ['catalogue_admin'], scoped: true },
  'catalogue.report': { roles: ['catalogue_admin', 'supervisor', 'system_admin'], scoped: true },
  'calendar.manage': { roles: ['system_admin'], scoped: false },
  // One synonym list serves the whole portal (检索同义词).
  'search.synonyms.manage': { roles: ['catalogue_admin', 'system_admin'], scoped: false },
  // 三权分立 (GB/T 22239-2019 8.1.4.2 c: separation of administrator duties): accounts, grants and audit in three hands.
  'staff.grant': { roles: ['security_admin'], scoped: true },
  'security.manage': { roles: ['security_admin'], scoped: true },
  'audit.read': { roles: ['audit_admin'], scoped: false },
  'audit.export': { roles: ['audit_admin'], scoped: false },
  // The service hall (issue 13): clerks serve at their own window; the hall administrator sets up
  // categories, capacity and priority rules and reads the figures; 帮办 is done by window clerks of the hall.
  'hall.serve': { roles: ['window_clerk'], scoped: true },
  'hall.manage': { roles: ['hall_admin'], scoped: true },
  'hall.figures': { roles: ['hall_admin', 'supervisor'], scoped: true },
  'hall.assist': { roles: ['window_clerk'], scoped: true },
  'licence.manage': { roles: ['approver_signoff'], scoped: true },
  'signing_key.rotate': { roles: ['security_admin'], scoped: true },
  'supervision.settings.manage': { roles: ['supervisor'], scoped: true },
  // Licence types serve every department of the installation (like the synonym list): not scoped.
  'licence_type.manage': { roles: ['catalogue_admin'], scoped: false },
};

/** True when one of `roles` grants `action` somewhere (the object's scope is the server's to check). */
export function rolesGrant(roles: readonly string[], action: Action): boolean {
  return ACTION_GRANTS[action].roles.some((r) => roles.includes(r));
}
