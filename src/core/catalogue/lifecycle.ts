import type { VersionStatus } from './types.js';

/**
 * Version lifecycle of an implementation (同源发布): draft → in_review → published → retired.
 * A reviewer may return an in-review version to draft; publishing a newer version retires the old one.
 * Editing a published or retired item never changes it: it opens a new draft (version_no + 1).
 */
export type VersionAction = 'submit' | 'reject' | 'publish' | 'retire';

const TRANSITIONS: Record<VersionStatus, Partial<Record<VersionAction, VersionStatus>>> = {
  draft: { submit: 'in_review' },
  in_review: { publish: 'published', reject: 'draft' },
  published: { retire: 'retired' },
  retired: {},
};

export const VERSION_STATUS_LABELS: Record<VersionStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  in_review: { zh: '审核中', en: 'In review' },
  published: { zh: '已发布', en: 'Published' },
  retired: { zh: '已停用', en: 'Retired' },
};

const ACTION_LABELS: Record<VersionAction, { zh: string; en: string }> = {
  submit: { zh: '提交审核', en: 'submitted for review' },
  reject: { zh: '退回修改', en: 'returned to draft' },
  publish: { zh: '发布', en: 'published' },
  retire: { zh: '停用', en: 'retired' },
};

export type TransitionResult =
  | { ok: true; next: VersionStatus }
  | { ok: false; error: { code: 'CATALOGUE_ILLEGAL_TRANSITION'; zh: string; en: string } };

export function transitionVersion(status: VersionStatus, action: VersionAction): TransitionResult {
  const next = TRANSITIONS[status][action];
  if (next) return { ok: true, next };
  const s = VERSION_STATUS_LABELS[status];
  const a = ACTION_LABELS[action];
  return {
    ok: false,
    error: { code: 'CATALOGUE_ILLEGAL_TRANSITION', zh: `“${s.zh}”状态的版本不能${a.zh}`, en: `A version in status "${s.en}" cannot be ${a.en}` },
  };
}

export function allowedActions(status: VersionStatus): VersionAction[] {
  return Object.keys(TRANSITIONS[status]) as VersionAction[];
}

/** Statuses from which an edit opens a new draft instead of changing the version. */
export function editOpensNewVersion(status: VersionStatus): boolean {
  return status === 'published' || status === 'retired';
}
