import type { ItemContent } from './types.js';

/**
 * A readable diff between two versions of an item: scalar fields by label, and list elements
 * (materials, fees, flow steps, situations, special procedures, form fields) matched by id or name,
 * so a renamed material reads as "changed", not as "removed + added".
 */
export interface ContentChange {
  path: string;
  element: string;
  kind: 'added' | 'removed' | 'changed';
  labelZh: string;
  labelEn: string;
  before?: unknown;
  after?: unknown;
}

export const FIELD_LABELS: Record<string, { zh: string; en: string }> = {
  mainName: { zh: '主项名称', en: 'Main item name' },
  subName: { zh: '子项名称', en: 'Sub-item name' },
  itemType: { zh: '事项类型', en: 'Item type' },
  baseCode: { zh: '事项编码', en: 'Base code' },
  implCode: { zh: '实施编码', en: 'Implementation code' },
  basis: { zh: '设定依据', en: 'Legal basis' },
  implementingBody: { zh: '实施主体', en: 'Implementing body' },
  category: { zh: '窗口类别', en: 'Window category' },
  applicantTypes: { zh: '服务对象', en: 'Applicants' },
  topics: { zh: '主题分类', en: 'Topics' },
  legalLimitDays: { zh: '法定时限', en: 'Legal time limit' },
  promisedLimitDays: { zh: '承诺时限', en: 'Promised time limit' },
  caseKind: { zh: '办件类型', en: 'Case kind' },
  handlingForms: { zh: '办理形式', en: 'Handling forms' },
  onlineDepth: { zh: '网办深度', en: 'Online depth' },
  trips: { zh: '到现场次数', en: 'Trips' },
  acceptsPost: { zh: '支持邮寄申请', en: 'Accepts post' },
  serviceScope: { zh: '通办范围', en: 'Service scope' },
  place: { zh: '办理地点', en: 'Place' },
  hours: { zh: '办理时间', en: 'Hours' },
  consultPhone: { zh: '咨询电话', en: 'Enquiry phone' },
  complaintPhone: { zh: '投诉电话', en: 'Complaint phone' },
  resultName: { zh: '办理结果', en: 'Result' },
  resultSampleUrl: { zh: '结果样本', en: 'Result sample' },
  fees: { zh: '收费', en: 'Fees' },
  materials: { zh: '申请材料', en: 'Materials' },
  situations: { zh: '情形引导', en: 'Situations' },
  form: { zh: '表单内容', en: 'Form' },
  flow: { zh: '办理流程', en: 'Flow' },
  specialProcedures: { zh: '特别程序', en: 'Special procedures' },
  conditions: { zh: '受理条件', en: 'Conditions' },
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function diffList<T>(
  element: keyof ItemContent,
  before: readonly T[],
  after: readonly T[],
  keyOf: (x: T) => string,
  nameOf: (x: T) => string,
  out: ContentChange[],
): void {
  const label = FIELD_LABELS[element] ?? { zh: String(element), en: String(element) };
  const b = new Map(before.map((x) => [keyOf(x), x]));
  const a = new Map(after.map((x) => [keyOf(x), x]));
  for (const [k, x] of b) {
    if (!a.has(k)) out.push({ path: `${element}[${k}]`, element, kind: 'removed', labelZh: `${label.zh}：${nameOf(x)}`, labelEn: `${label.en}: ${nameOf(x)}`, before: x });
  }
  for (const [k, x] of a) {
    const old = b.get(k);
    if (old === undefined) out.push({ path: `${element}[${k}]`, element, kind: 'added', labelZh: `${label.zh}：${nameOf(x)}`, labelEn: `${label.en}: ${nameOf(x)}`, after: x });
    else if (!same(old, x)) out.push({ path: `${element}[${k}]`, element, kind: 'changed', labelZh: `${label.zh}：${nameOf(x)}`, labelEn: `${label.en}: ${nameOf(x)}`, before: old, after: x });
  }
  // Same members in another order is a change of the list order (e.g. flow steps reordered).
  if (before.length === after.length && [...b.keys()].every((k) => a.has(k)) && !same(before.map(keyOf), after.map(keyOf))) {
    out.push({ path: String(element), element, kind: 'changed', labelZh: `${label.zh}顺序`, labelEn: `${label.en} order`, before: before.map(nameOf), after: after.map(nameOf) });
  }
}

export function diffItemContent(older: ItemContent, newer: ItemContent): ContentChange[] {
  const out: ContentChange[] = [];
  const listKeys = new Set(['materials', 'fees', 'flow', 'situations', 'specialProcedures', 'form']);
  const keys = new Set([...Object.keys(older), ...Object.keys(newer)]) as Set<keyof ItemContent>;
  for (const key of keys) {
    if (listKeys.has(key)) continue;
    const b = older[key];
    const a = newer[key];
    if (same(b, a)) continue;
    const label = FIELD_LABELS[key] ?? { zh: key, en: key };
    const kind = b === undefined ? 'added' : a === undefined ? 'removed' : 'changed';
    out.push({ path: key, element: key, kind, labelZh: label.zh, labelEn: label.en, before: b, after: a });
  }
  diffList('materials', older.materials, newer.materials, (m) => m.id, (m) => m.name, out);
  diffList('fees', older.fees, newer.fees, (f) => f.name, (f) => f.name, out);
  diffList('flow', older.flow, newer.flow, (s) => s.id, (s) => s.name, out);
  diffList('situations', older.situations, newer.situations, (s) => s.id, (s) => s.question, out);
  diffList('specialProcedures', older.specialProcedures, newer.specialProcedures, (s) => s.name, (s) => s.name, out);
  const fb = Object.entries(older.form.properties).map(([k, v]) => ({ k, ...v, required: (older.form.required ?? []).includes(k) }));
  const fa = Object.entries(newer.form.properties).map(([k, v]) => ({ k, ...v, required: (newer.form.required ?? []).includes(k) }));
  diffList('form', fb, fa, (f) => f.k, (f) => f.title, out);
  if (!same(older.form.title, newer.form.title)) {
    out.push({ path: 'form.title', element: 'form', kind: 'changed', labelZh: '表单标题', labelEn: 'Form title', before: older.form.title, after: newer.form.title });
  }
  return out;
}
