import type { ContentChange } from '../catalogue/diff.js';
import { canonicalJson } from '../cases/timeline.js';
import type { BundleContent } from './types.js';

/**
 * A readable diff between two versions of a bundle: scalar fields by label, members matched by key
 * and questions by id (a changed member reads as "changed", not as "removed + added").
 */
const LABELS: Record<string, { zh: string; en: string }> = {
  name: { zh: '一件事名称', en: 'Bundle name' },
  description: { zh: '说明', en: 'Description' },
  regionCode: { zh: '行政区划', en: 'Region' },
  topic: { zh: '主题', en: 'Topic' },
  category: { zh: '窗口类别', en: 'Window category' },
  applicantTypes: { zh: '服务对象', en: 'Applicants' },
  refusalPolicy: { zh: '成员不予办理时', en: 'When a member is refused' },
  limitDays: { zh: '办理时限', en: 'Time limit' },
  basis: { zh: '依据', en: 'Basis' },
  members: { zh: '成员事项', en: 'Member items' },
  questions: { zh: '情形', en: 'Questions' },
};

// Key order does not make a change: a definition read back from a file compares equal to the stored one.
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

function listChanges<T>(path: 'members' | 'questions', before: readonly T[], after: readonly T[], id: (x: T) => string): ContentChange[] {
  const label = LABELS[path]!;
  const out: ContentChange[] = [];
  const old = new Map(before.map((x) => [id(x), x]));
  const neu = new Map(after.map((x) => [id(x), x]));
  for (const [k, b] of old) {
    const a = neu.get(k);
    if (!a) out.push({ path, element: k, kind: 'removed', labelZh: label.zh, labelEn: label.en, before: b });
    else if (!same(a, b)) out.push({ path, element: k, kind: 'changed', labelZh: label.zh, labelEn: label.en, before: b, after: a });
  }
  for (const [k, a] of neu) if (!old.has(k)) out.push({ path, element: k, kind: 'added', labelZh: label.zh, labelEn: label.en, after: a });
  return out;
}

export function diffBundleContent(before: BundleContent, after: BundleContent): ContentChange[] {
  const out: ContentChange[] = [];
  for (const key of ['name', 'description', 'regionCode', 'topic', 'category', 'applicantTypes', 'refusalPolicy', 'limitDays', 'basis'] as const) {
    if (!same(before[key], after[key])) out.push({ path: key, element: '', kind: 'changed', labelZh: LABELS[key]!.zh, labelEn: LABELS[key]!.en, before: before[key], after: after[key] });
  }
  return [...out, ...listChanges('members', before.members, after.members, (m) => m.key), ...listChanges('questions', before.questions, after.questions, (q) => q.id)];
}
