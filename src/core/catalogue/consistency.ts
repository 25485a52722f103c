import type { GovLevel, ItemContent } from './types.js';

/**
 * 三级十同: the same base item implemented at province, city and county level should agree on the ten
 * unified elements. Each lower level is compared with the nearest higher level present. Differences
 * that naturally vary (implementation code, body, place, phones) are not deviations; a lower level that
 * promises fewer days, asks fewer materials or charges less is reported as 'better', not as a deviation.
 */
export const TEN_ELEMENTS = ['mainName', 'subName', 'itemType', 'baseCode', 'basis', 'materials', 'flow', 'fees', 'timeLimit', 'form'] as const;
export type TenElement = (typeof TEN_ELEMENTS)[number];

export const TEN_ELEMENT_LABELS: Record<TenElement, { zh: string; en: string }> = {
  mainName: { zh: '主项名称', en: 'Main item name' },
  subName: { zh: '子项名称', en: 'Sub-item name' },
  itemType: { zh: '事项类型', en: 'Item type' },
  baseCode: { zh: '事项编码', en: 'Item code' },
  basis: { zh: '设定依据', en: 'Legal basis' },
  materials: { zh: '申请材料', en: 'Materials' },
  flow: { zh: '办理流程', en: 'Flow' },
  fees: { zh: '收费', en: 'Fees' },
  timeLimit: { zh: '办理时限', en: 'Time limit' },
  form: { zh: '表单内容', en: 'Form' },
};

export type ElementVerdict = 'same' | 'better' | 'deviation';

export interface ElementComparison {
  element: TenElement;
  elementZh: string;
  elementEn: string;
  kind: ElementVerdict;
  zh: string;
  en: string;
}

export interface LevelImplementation {
  level: GovLevel;
  orgName: string;
  content: ItemContent;
}

export interface LevelComparison {
  level: GovLevel;
  orgName: string;
  againstLevel: GovLevel;
  againstOrgName: string;
  deviations: ElementComparison[];
  deviationCount: number;
}

const LEVEL_ORDER: GovLevel[] = ['province', 'city', 'county', 'township', 'village'];
const LEVEL_ZH: Record<GovLevel, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇级', village: '村级' };

const norm = (s: string | undefined) => (s ?? '').replace(/[\s（）()《》]/g, '');
const listZh = (xs: string[]) => xs.map((x) => `“${x}”`).join('、');
const listEn = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');

function result(element: TenElement, kind: ElementVerdict, zh: string, en: string): ElementComparison {
  const l = TEN_ELEMENT_LABELS[element];
  return { element, elementZh: l.zh, elementEn: l.en, kind, zh, en };
}

function compareText(element: TenElement, ref: string | undefined, cand: string | undefined): ElementComparison {
  if (norm(ref) === norm(cand)) return result(element, 'same', '一致', 'Same');
  return result(element, 'deviation', `上级为“${ref ?? ''}”，本级为“${cand ?? ''}”`, `Higher level "${ref ?? ''}", this level "${cand ?? ''}"`);
}

function compareSets(element: TenElement, ref: string[], cand: string[], fewerIsBetter: boolean): ElementComparison {
  const r = new Set(ref.map(norm));
  const c = new Set(cand.map(norm));
  const extra = cand.filter((x) => !r.has(norm(x)));
  const missing = ref.filter((x) => !c.has(norm(x)));
  if (extra.length === 0 && missing.length === 0) return result(element, 'same', '一致', 'Same');
  const zh: string[] = [];
  const en: string[] = [];
  if (extra.length) {
    zh.push(`本级多出${extra.length}项：${listZh(extra)}`);
    en.push(`${extra.length} more at this level: ${listEn(extra)}`);
  }
  if (missing.length) {
    zh.push(`本级缺少${missing.length}项：${listZh(missing)}`);
    en.push(`${missing.length} missing at this level: ${listEn(missing)}`);
  }
  const kind: ElementVerdict = extra.length === 0 && fewerIsBetter ? 'better' : 'deviation';
  return result(element, kind, zh.join('；'), en.join('; '));
}

function compareLimits(ref: ItemContent, cand: ItemContent): ElementComparison {
  if (ref.legalLimitDays !== cand.legalLimitDays) {
    return result('timeLimit', 'deviation', `法定时限不一致：上级${ref.legalLimitDays}个工作日，本级${cand.legalLimitDays}个工作日`, `Legal limits differ: ${ref.legalLimitDays} vs ${cand.legalLimitDays} working days`);
  }
  if (cand.promisedLimitDays > ref.promisedLimitDays) {
    return result('timeLimit', 'deviation', `承诺时限长于上级：上级${ref.promisedLimitDays}个工作日，本级${cand.promisedLimitDays}个工作日`, `Promises more days than the higher level: ${ref.promisedLimitDays} vs ${cand.promisedLimitDays}`);
  }
  if (cand.promisedLimitDays < ref.promisedLimitDays) {
    return result('timeLimit', 'better', `承诺时限短于上级（提速）：上级${ref.promisedLimitDays}个工作日，本级${cand.promisedLimitDays}个工作日`, `Faster than the higher level: ${ref.promisedLimitDays} vs ${cand.promisedLimitDays} working days`);
  }
  return result('timeLimit', 'same', '一致', 'Same');
}

function compareFees(ref: ItemContent, cand: ItemContent): ElementComparison {
  const total = (c: ItemContent) => c.fees.reduce((a, f) => a + (f.amountFen ?? 0), 0);
  const set = compareSets('fees', ref.fees.map((f) => `${f.name}:${f.standard}`), cand.fees.map((f) => `${f.name}:${f.standard}`), true);
  if (set.kind === 'same') return set;
  if (total(cand) > total(ref) || cand.fees.length > ref.fees.length) return { ...set, kind: 'deviation' };
  return { ...set, kind: 'better' };
}

export function compareImplementations(ref: ItemContent, cand: ItemContent): ElementComparison[] {
  return [
    compareText('mainName', ref.mainName, cand.mainName),
    compareText('subName', ref.subName, cand.subName),
    compareText('itemType', ref.itemType, cand.itemType),
    compareText('baseCode', ref.baseCode, cand.baseCode),
    compareSets('basis', ref.basis.map((b) => `${b.law}${b.article ?? ''}`), cand.basis.map((b) => `${b.law}${b.article ?? ''}`), false),
    compareSets('materials', ref.materials.filter((m) => m.required).map((m) => m.name), cand.materials.filter((m) => m.required).map((m) => m.name), true),
    (() => {
      const r = ref.flow.map((s) => s.name).join('→');
      const c = cand.flow.map((s) => s.name).join('→');
      return r === c ? result('flow', 'same', '一致', 'Same') : result('flow', 'deviation', `上级流程：${r}；本级流程：${c}`, `Higher level: ${r}; this level: ${c}`);
    })(),
    compareFees(ref, cand),
    compareLimits(ref, cand),
    compareSets('form', Object.values(ref.form.properties).map((f) => f.title), Object.values(cand.form.properties).map((f) => f.title), false),
  ];
}

/** Compares every level with the nearest higher level present (province is the reference). */
export function consistencyReport(impls: LevelImplementation[]): LevelComparison[] {
  const sorted = [...impls].sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
  const out: LevelComparison[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const cand = sorted[i] as LevelImplementation;
    const ref = [...sorted.slice(0, i)].reverse().find((r) => LEVEL_ORDER.indexOf(r.level) < LEVEL_ORDER.indexOf(cand.level));
    if (!ref) continue;
    const deviations = compareImplementations(ref.content, cand.content);
    out.push({
      level: cand.level,
      orgName: cand.orgName,
      againstLevel: ref.level,
      againstOrgName: ref.orgName,
      deviations,
      deviationCount: deviations.filter((d) => d.kind === 'deviation').length,
    });
  }
  return out;
}

export const levelLabelZh = (l: GovLevel) => LEVEL_ZH[l];
