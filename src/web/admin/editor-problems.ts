import { checkFormDraft, draftPathOf, draftToForm, type FormDraft } from '../../core/catalogue/form-draft.js';
import { validateItem, type CatalogueProblem } from '../../core/catalogue/rules.js';
import type { FormFormat, ItemContent } from '../../core/catalogue/types.js';

/** A problem shown inline beside the row it concerns. */
export interface InlineProblem {
  path: string;
  zh: string;
  en: string;
}

export interface EditorProblems {
  /** The catalogue rules (the server's authority) over the whole content, by content path. */
  rules: CatalogueProblem[];
  /** Draft problems and form rule problems, by draft path (`fields[2].key`, `fieldConditions[0]` …). */
  form: InlineProblem[];
  /** Draft problems that stop a save (the JSON Schema could not hold the draft). */
  blocking: InlineProblem[];
}

/**
 * The problems of what is on screen, computed as the user types by the same core rules the server
 * runs on save, so the inline words are the server's words.
 */
export function editorProblems(content: Omit<ItemContent, 'form'>, draft: FormDraft): EditorProblems {
  const blocking = checkFormDraft(draft);
  const rules = validateItem({ ...content, form: draftToForm(draft) } as ItemContent);
  const form: InlineProblem[] = [...blocking];
  for (const p of rules) {
    const at = p.path.startsWith('form') ? draftPathOf(draft, p.path) : undefined;
    if (at !== undefined) form.push({ path: at, zh: p.zh, en: p.en });
  }
  return { rules, form, blocking };
}

/** The problems at `prefix` or inside it (`fields[1]` covers `fields[1].key`, not `fields[10]`). */
export function problemsAt(problems: readonly InlineProblem[], prefix: string): InlineProblem[] {
  return problems.filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`));
}

/** 表单字段格式 in words (FORM_FORMATS). */
export const FORMAT_WORDS: Record<FormFormat, { zh: string; en: string }> = {
  idNumber: { zh: '公民身份号码', en: 'Citizen ID number' },
  creditCode: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  phone: { zh: '电话号码（手机或固话）', en: 'Phone (mobile or landline)' },
  mobilePhone: { zh: '手机号码', en: 'Mobile number' },
  regionCode: { zh: '行政区划代码', en: 'Region code' },
  personName: { zh: '姓名', en: 'Person’s name' },
  amount: { zh: '金额（元）', en: 'Amount (yuan)' },
  date: { zh: '日期', en: 'Date' },
};

export const FIELD_TYPE_WORDS: Record<'string' | 'number' | 'integer' | 'boolean', { zh: string; en: string }> = {
  string: { zh: '文本', en: 'Text' },
  number: { zh: '数字', en: 'Number' },
  integer: { zh: '整数', en: 'Whole number' },
  boolean: { zh: '是/否', en: 'Yes/no' },
};

/** Profile sources a field may be prefilled from (ALLOWED_PREFILLS). */
export const PREFILL_WORDS: Record<string, { zh: string; en: string }> = {
  'profile.name': { zh: '申请人姓名/名称', en: 'Applicant’s name' },
  'profile.idNumber': { zh: '身份证号', en: 'ID number' },
  'profile.phone': { zh: '手机号码', en: 'Phone' },
  'profile.address': { zh: '地址', en: 'Address' },
  'profile.email': { zh: '电子邮箱', en: 'E-mail' },
  'profile.creditCode': { zh: '统一社会信用代码', en: 'Credit code' },
  'profile.legalRepresentative': { zh: '法定代表人', en: 'Legal representative' },
  'profile.companyName': { zh: '企业名称', en: 'Company name' },
};
