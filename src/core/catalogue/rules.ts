import { validateCode } from '../codes/validators.js';
import { baseCodeMatchesItemType, isValidBaseCode } from '../codes/base-code.js';
import { FORM_FORMATS, type FormField, type ItemContent } from './types.js';
import { FORMAT_RULES } from '../forms/formats.js';
import { FIELD_KEY } from './form-draft.js';
import { isValidPhone, normalizePhone } from '../codes/phone.js';
import { dataFulfilmentProblem } from '../data-sharing/material-fulfilment.js';

/**
 * Catalogue rules (DESIGN.md §2.1). `validateItem` lists EVERY problem at once so that an administrator
 * can fix an item in one pass; publishing fails while any problem of severity 'error' remains.
 */
export interface CatalogueProblem {
  rule: string;
  path: string;
  severity: 'error' | 'warning';
  zh: string;
  en: string;
}

export const ALLOWED_PREFILLS = [
  'profile.name',
  'profile.idNumber',
  'profile.phone',
  'profile.address',
  'profile.email',
  'profile.creditCode',
  'profile.legalRepresentative',
  'profile.companyName',
] as const;

type Check = (c: ItemContent, out: CatalogueProblem[]) => void;

const err = (rule: string, path: string, zh: string, en: string): CatalogueProblem => ({ rule, path, severity: 'error', zh, en });
const warn = (rule: string, path: string, zh: string, en: string): CatalogueProblem => ({ rule, path, severity: 'warning', zh, en });

const isNonNegInt = (n: number) => Number.isInteger(n) && n >= 0;

const checkLimits: Check = (c, out) => {
  if (!isNonNegInt(c.legalLimitDays)) out.push(err('LEGAL_LIMIT_INVALID', 'legalLimitDays', '法定时限应为不小于0的整数（工作日）', 'The legal limit must be a whole number of working days ≥ 0'));
  if (!isNonNegInt(c.promisedLimitDays)) out.push(err('PROMISED_LIMIT_INVALID', 'promisedLimitDays', '承诺时限应为不小于0的整数（工作日）', 'The promised limit must be a whole number of working days ≥ 0'));
  if (c.promisedLimitDays > c.legalLimitDays) {
    out.push(
      err(
        'PROMISED_EXCEEDS_LEGAL',
        'promisedLimitDays',
        `承诺时限（${c.promisedLimitDays}个工作日）不能超过法定时限（${c.legalLimitDays}个工作日）`,
        `The promised limit (${c.promisedLimitDays} working days) exceeds the legal limit (${c.legalLimitDays})`,
      ),
    );
  }
  if (c.caseKind === 'on_the_spot' && c.promisedLimitDays !== 0) {
    out.push(err('ON_THE_SPOT_LIMIT', 'promisedLimitDays', '即办件的承诺时限应为0（当场办结）', 'An on-the-spot item must have a promised limit of 0 (decided at once)'));
  }
  if (c.caseKind === 'promised' && c.promisedLimitDays === 0) {
    out.push(err('PROMISED_ITEM_ZERO_LIMIT', 'promisedLimitDays', '承诺件的承诺时限应大于0；当场办结的事项请设为即办件', 'A promised item needs a limit above 0; mark items decided at once as on-the-spot'));
  }
};

const checkCodes: Check = (c, out) => {
  if (!isValidBaseCode(c.baseCode)) {
    out.push(err('BASE_CODE_FORMAT', 'baseCode', `事项编码“${c.baseCode}”格式不正确（类型字母+5位主项+3位子项）`, `The base code "${c.baseCode}" is malformed (type letters + 5-digit main + 3-digit sub item)`));
  } else if (!baseCodeMatchesItemType(c.baseCode, c.itemType)) {
    out.push(err('BASE_CODE_ITEM_TYPE', 'baseCode', `事项编码“${c.baseCode}”的类型字母与事项类型不一致`, `The base code "${c.baseCode}" does not match the item type`));
  }
  const impl = validateCode('implCode', c.implCode);
  if (!impl.ok) out.push(err('IMPL_CODE_INVALID', 'implCode', `实施编码不正确：${impl.zh}`, `The implementation code is not valid: ${impl.en}`));
  else if (!c.implCode.startsWith(c.implementingBody.creditCode)) {
    out.push(err('IMPL_CODE_BODY', 'implCode', '实施编码应以实施主体的统一社会信用代码开头', 'The implementation code must start with the implementing body’s credit code'));
  }
  const cc = validateCode('creditCode', c.implementingBody.creditCode);
  if (!cc.ok) out.push(err('BODY_CREDIT_CODE', 'implementingBody.creditCode', `实施主体统一社会信用代码不正确：${cc.zh}`, `The implementing body's credit code is not valid: ${cc.en}`));
  if (c.basis.length === 0) out.push(err('BASIS_MISSING', 'basis', '设定依据不能为空', 'The legal basis (设定依据) is missing'));
};

const checkMaterials: Check = (c, out) => {
  const ids = new Set<string>();
  const optionIds = new Set(c.situations.flatMap((s) => s.options.map((o) => o.id)));
  c.materials.forEach((m, i) => {
    const p = `materials[${i}]`;
    if (ids.has(m.id)) out.push(err('MATERIAL_ID_DUPLICATE', `${p}.id`, `材料编号“${m.id}”重复`, `Material id "${m.id}" is used twice`));
    ids.add(m.id);
    // 减证便民: a required material without a legal basis should not be asked for.
    if (m.required && (!m.basis || !m.basis.law.trim())) {
      out.push(err('MATERIAL_WITHOUT_BASIS', `${p}.basis`, `材料“${m.name}”没有设定依据（减证便民：无依据的材料一律取消）`, `Material "${m.name}" has no legal basis (materials without a basis must be dropped)`));
    }
    if (m.key && m.gapAllowed) out.push(err('KEY_MATERIAL_GAP', `${p}.gapAllowed`, `关键材料“${m.name}”不能容缺受理`, `Key material "${m.name}" cannot be owed under 容缺受理`));
    if (m.copies < 0) out.push(err('MATERIAL_COPIES', `${p}.copies`, `材料“${m.name}”的份数不能为负`, `Material "${m.name}" has a negative number of copies`));
    const data = dataFulfilmentProblem(m);
    if (data) out.push(err('MATERIAL_DATA_SOURCE', `${p}.dataFulfilment`, data.zh, data.en));
    for (const o of m.situationOptionIds ?? []) {
      if (!optionIds.has(o)) out.push(err('MATERIAL_SITUATION_UNKNOWN', `${p}.situationOptionIds`, `材料“${m.name}”引用了不存在的情形选项“${o}”`, `Material "${m.name}" refers to an unknown situation option "${o}"`));
    }
  });
  if (c.materials.length === 0) out.push(warn('NO_MATERIALS', 'materials', '该事项没有列出任何申请材料', 'The item lists no materials'));
  const sIds = new Set<string>();
  // Materials name options by id alone, so an option id is unique across all questions.
  const oIds = new Set<string>();
  c.situations.forEach((s, i) => {
    const p = `situations[${i}]`;
    if (sIds.has(s.id)) out.push(err('SITUATION_ID_DUPLICATE', `${p}.id`, `情形编号“${s.id}”重复`, `Situation id "${s.id}" is used twice`));
    sIds.add(s.id);
    if (!s.question.trim()) out.push(err('SITUATION_QUESTION_EMPTY', `${p}.question`, `第${i + 1}个情形问题没有填写问题`, `Situation #${i + 1} has no question`));
    // A single choice between fewer than two answers asks nothing; a multiple choice may offer one box to tick.
    if (s.options.length < (s.multiple ? 1 : 2)) {
      out.push(err('SITUATION_TOO_FEW_OPTIONS', `${p}.options`, `情形问题“${s.question}”${s.multiple ? '至少需要一个选项' : '是单选题，至少需要两个选项'}`, `The situation question "${s.question}" needs at least ${s.multiple ? 'one option' : 'two options (single choice)'}`));
    }
    s.options.forEach((o, j) => {
      if (oIds.has(o.id)) out.push(err('SITUATION_OPTION_ID_DUPLICATE', `${p}.options[${j}].id`, `情形选项编号“${o.id}”重复`, `Situation option id "${o.id}" is used twice`));
      oIds.add(o.id);
      if (!o.label.trim()) out.push(err('SITUATION_OPTION_LABEL_EMPTY', `${p}.options[${j}].label`, `情形问题“${s.question}”的第${j + 1}个选项没有填写文字`, `Option #${j + 1} of the situation question "${s.question}" has no label`));
    });
  });
};

const checkDelivery: Check = (c, out) => {
  if (c.onlineDepth === 4 && c.trips !== 0) {
    out.push(err('FULL_ONLINE_TRIPS', 'trips', `网办深度为Ⅳ级（全程网办）的事项到现场次数应为0，当前为${c.trips}`, `A fully online item (depth Ⅳ) must need 0 trips, not ${c.trips}`));
  }
  if (c.trips === 0 && !c.handlingForms.includes('online') && !c.acceptsPost) {
    out.push(err('ZERO_TRIPS_NO_CHANNEL', 'acceptsPost', '零跑动但不支持网上办理的事项必须支持邮寄申请', 'An item with zero trips that cannot be done online must accept applications by post'));
  }
  if (c.handlingForms.length === 0) out.push(err('NO_HANDLING_FORM', 'handlingForms', '至少需要一种办理形式', 'At least one handling form is required'));
};

const checkFees: Check = (c, out) => {
  const optionIds = new Set(c.situations.flatMap((s) => s.options.map((o) => o.id)));
  c.fees.forEach((f, i) => {
    const p = `fees[${i}]`;
    if (!f.name.trim()) out.push(err('FEE_NAME', `${p}.name`, '收费项目名称不能为空', 'The fee needs a name'));
    if (!f.standard.trim()) out.push(err('FEE_STANDARD', `${p}.standard`, `收费项目“${f.name}”缺少收费标准`, `Fee "${f.name}" has no standard`));
    if (!f.basis.law.trim()) out.push(err('FEE_BASIS', `${p}.basis`, `收费项目“${f.name}”缺少收费依据`, `Fee "${f.name}" has no legal basis`));
    if (f.onlinePayment && !c.handlingForms.includes('online') && !c.handlingForms.includes('mobile')) {
      out.push(err('FEE_ONLINE_PAYMENT_OFFLINE', `${p}.onlinePayment`, '支持网上支付的收费需要事项支持网上或移动端办理', 'Online payment needs the item to be available online or on mobile'));
    }
    // A fee names situation options as a material does (情形引导): the fee a case pins follows them.
    for (const o of f.situationOptionIds ?? []) {
      if (!optionIds.has(o)) out.push(err('FEE_SITUATION_UNKNOWN', `${p}.situationOptionIds`, `收费项目“${f.name}”引用了不存在的情形选项“${o}”`, `Fee "${f.name}" refers to an unknown situation option "${o}"`));
    }
  });
};

const checkProcedures: Check = (c, out) => {
  c.specialProcedures.forEach((s, i) => {
    const p = `specialProcedures[${i}]`;
    if (!s.name.trim()) out.push(err('SPECIAL_PROCEDURE_NAME', `${p}.name`, '特别程序名称不能为空', 'The special procedure needs a name'));
    if (!s.timeNeeded.trim()) out.push(err('SPECIAL_PROCEDURE_TIME', `${p}.timeNeeded`, `特别程序“${s.name}”缺少时限说明`, `Special procedure "${s.name}" does not say how long it takes`));
    if (!s.basis.law.trim()) out.push(err('SPECIAL_PROCEDURE_BASIS', `${p}.basis`, `特别程序“${s.name}”缺少依据`, `Special procedure "${s.name}" has no legal basis`));
  });
};

const checkFlow: Check = (c, out) => {
  if (c.flow.length === 0) {
    out.push(err('FLOW_EMPTY', 'flow', '办理流程不能为空', 'The flow has no steps'));
    return;
  }
  const ids = new Set<string>();
  c.flow.forEach((s, i) => {
    if (ids.has(s.id)) out.push(err('FLOW_STEP_ID_DUPLICATE', `flow[${i}].id`, `环节编号“${s.id}”重复`, `Step id "${s.id}" is used twice`));
    ids.add(s.id);
    if (!isNonNegInt(s.limitDays)) out.push(err('FLOW_STEP_LIMIT', `flow[${i}].limitDays`, `环节“${s.name}”的时限应为不小于0的整数`, `Step "${s.name}" needs a limit of 0 or more working days`));
  });
  const decisions = c.flow.filter((s) => s.decision).length;
  if (decisions !== 1) {
    out.push(err('FLOW_DECISION_STEP', 'flow', `办理流程应有且仅有一个决定环节（当前${decisions}个）`, `The flow must have exactly one decision step (has ${decisions})`));
  }
  const sum = c.flow.reduce((a, s) => a + Math.max(0, s.limitDays), 0);
  if (sum > c.promisedLimitDays) {
    out.push(err('FLOW_EXCEEDS_PROMISED', 'flow', `各环节时限之和（${sum}个工作日）超过承诺时限（${c.promisedLimitDays}个工作日）`, `The step limits add up to ${sum} working days, more than the promised ${c.promisedLimitDays}`));
  }
};

const TYPE_WORDS: Record<FormField['type'], { zh: string; en: string }> = {
  string: { zh: '文本', en: 'text' },
  number: { zh: '数字', en: 'number' },
  integer: { zh: '整数', en: 'whole number' },
  boolean: { zh: '是/否', en: 'yes/no' },
};

/** A field's own settings: key, format for its type, lengths and ranges, the choices it offers. */
function checkFormField(key: string, f: FormField, out: CatalogueProblem[]): void {
  const p = `form.properties.${key}`;
  if (!FIELD_KEY.test(key)) out.push(err('FORM_KEY_INVALID', p, `字段名“${key}”不正确：以英文字母开头，只含字母、数字和下划线`, `Field key "${key}" is malformed: start with a letter, then letters, digits or underscores`));
  if (f.format !== undefined && !(FORM_FORMATS as readonly string[]).includes(f.format)) {
    out.push(err('FORM_FORMAT_UNKNOWN', `${p}.format`, `字段“${f.title}”的格式“${f.format}”不受支持`, `Field "${f.title}" has the unsupported format "${f.format}"`));
  } else if (f.format !== undefined) {
    const wants = FORMAT_RULES[f.format].type;
    const fits = wants === 'string' ? f.type === 'string' : f.type === 'number' || f.type === 'integer';
    if (!fits) out.push(err('FORM_FORMAT_TYPE', `${p}.format`, `字段“${f.title}”是${TYPE_WORDS[f.type].zh}类型，不能使用该格式（需要${wants === 'string' ? '文本' : '数字'}类型）`, `Field "${f.title}" is of type ${TYPE_WORDS[f.type].en}; this format needs a ${wants === 'string' ? 'text' : 'number'} field`));
  }
  if (f.maxLength !== undefined && f.type !== 'string') out.push(err('FORM_LENGTH_TYPE', `${p}.maxLength`, `字段“${f.title}”不是文本类型，不能设置最大长度`, `Field "${f.title}" is not text and cannot have a maximum length`));
  const numeric = f.type === 'number' || f.type === 'integer';
  if ((f.minimum !== undefined || f.maximum !== undefined) && !numeric) out.push(err('FORM_RANGE_TYPE', `${p}.minimum`, `字段“${f.title}”不是数字类型，不能设置最小值或最大值`, `Field "${f.title}" is not a number and cannot have a minimum or maximum`));
  if (f.minimum !== undefined && f.maximum !== undefined && f.minimum > f.maximum) out.push(err('FORM_RANGE', `${p}.maximum`, `字段“${f.title}”的最小值（${f.minimum}）大于最大值（${f.maximum}）`, `Field "${f.title}" has a minimum (${f.minimum}) above its maximum (${f.maximum})`));
  if (f.enum !== undefined) {
    if (f.type === 'boolean') out.push(err('FORM_ENUM_TYPE', `${p}.enum`, `是/否字段“${f.title}”不能设置选项`, `Yes/no field "${f.title}" cannot have options`));
    else if (f.enum.length === 0) out.push(err('FORM_ENUM_EMPTY', `${p}.enum`, `字段“${f.title}”的选项列表为空`, `Field "${f.title}" has an empty list of options`));
    else if (f.enum.some((v) => (f.type === 'string' ? typeof v !== 'string' : typeof v !== 'number' || (f.type === 'integer' && !Number.isInteger(v))))) {
      out.push(err('FORM_ENUM_TYPE', `${p}.enum`, `字段“${f.title}”的选项与字段类型（${TYPE_WORDS[f.type].zh}）不符`, `The options of field "${f.title}" do not match its type (${TYPE_WORDS[f.type].en})`));
    } else if (new Set(f.enum).size !== f.enum.length) out.push(err('FORM_ENUM_DUPLICATE', `${p}.enum`, `字段“${f.title}”的选项重复`, `Field "${f.title}" lists an option twice`));
  }
  const pre = f['x-prefill'];
  if (pre && !(ALLOWED_PREFILLS as readonly string[]).includes(pre)) {
    out.push(err('FORM_PREFILL_UNKNOWN', `${p}.x-prefill`, `字段“${f.title}”的预填来源“${pre}”不受支持`, `Field "${f.title}" prefills from unsupported "${pre}"`));
  }
}

/** A value a field condition compares with: of the field's type and, for a field with options, one of them. */
function conditionValueFits(f: FormField, v: unknown): boolean {
  if (f.enum) return f.enum.includes(v as string | number);
  if (f.type === 'boolean') return typeof v === 'boolean';
  if (f.type === 'string') return typeof v === 'string';
  return typeof v === 'number' && (f.type === 'number' || Number.isInteger(v));
}

const shownValue = (v: unknown) => (typeof v === 'boolean' ? (v ? '是' : '否') : String(v));
const shownValueEn = (v: unknown) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));

const checkForm: Check = (c, out) => {
  const props = c.form.properties;
  const has = (k: string) => Object.hasOwn(props, k);
  for (const r of c.form.required ?? []) {
    if (!has(r)) out.push(err('FORM_REQUIRED_UNKNOWN', 'form.required', `表单必填字段“${r}”不存在`, `Required form field "${r}" does not exist`));
  }
  (c.form['x-conditions'] ?? []).forEach((cond, i) => {
    const p = `form.x-conditions[${i}]`;
    const situation = c.situations.find((x) => x.id === cond.situationId);
    if (!situation) {
      out.push(err('FORM_CONDITION_UNKNOWN', `${p}.situationId`, `第${i + 1}条情形条件引用的情形“${cond.situationId}”不存在（可能已被删除）`, `Situation condition #${i + 1} refers to the situation "${cond.situationId}", which does not exist (it may have been removed)`));
    } else if (!situation.options.some((o) => o.id === cond.optionId)) {
      out.push(err('FORM_CONDITION_UNKNOWN', `${p}.optionId`, `第${i + 1}条情形条件引用的选项在情形“${situation.question}”中不存在（可能已被删除）`, `Situation condition #${i + 1} refers to an option that the situation "${situation.question}" does not have (it may have been removed)`));
    }
    for (const r of cond.required) if (!has(r)) out.push(err('FORM_REQUIRED_UNKNOWN', `${p}.required`, `第${i + 1}条情形条件中的必填字段“${r}”不存在`, `Field "${r}" required by situation condition #${i + 1} does not exist`));
  });
  (c.form.allOf ?? []).forEach((cond, i) => {
    const p = `form.allOf[${i}]`;
    const named = new Set([...Object.keys(cond.if.properties), ...cond.if.required]);
    for (const k of named) {
      const f = props[k];
      if (!has(k) || !f) {
        out.push(err('FORM_REQUIRED_UNKNOWN', `${p}.if`, `第${i + 1}条字段条件中的字段“${k}”不存在`, `Field "${k}" of field condition #${i + 1} does not exist`));
        continue;
      }
      const v = cond.if.properties[k]?.const;
      if (Object.hasOwn(cond.if.properties, k) && !conditionValueFits(f, v)) {
        const choices = f.enum ? `，可选：${f.enum.map(String).join('、')}` : '';
        const choicesEn = f.enum ? `; choose one of ${f.enum.map(String).join(', ')}` : '';
        out.push(err('FORM_CONDITION_VALUE', `${p}.if`, `第${i + 1}条字段条件：字段“${f.title}”不会取值“${shownValue(v)}”${choices}`, `Field condition #${i + 1}: field "${f.title}" cannot have the value "${shownValueEn(v)}"${choicesEn}`));
      }
    }
    for (const r of cond.then.required) if (!has(r)) out.push(err('FORM_REQUIRED_UNKNOWN', `${p}.then`, `第${i + 1}条字段条件中的必填字段“${r}”不存在`, `Field "${r}" required by field condition #${i + 1} does not exist`));
  });
  for (const [key, f] of Object.entries(props)) checkFormField(key, f, out);
  // Two fields under one title cannot be told apart by the applicant, nor by an error message that names the field.
  const byTitle = new Map<string, string>();
  for (const [key, f] of Object.entries(props)) {
    const title = f.title.trim();
    const first = byTitle.get(title);
    if (first === undefined) byTitle.set(title, key);
    else out.push(err('FORM_TITLE_DUPLICATE', `form.properties.${key}.title`, `字段“${key}”与字段“${first}”的标题都是“${title}”，申请人无法区分，请修改其中一个`, `Fields "${first}" and "${key}" are both titled "${title}"; applicants cannot tell them apart: rename one`));
  }
};

/** A service hotline dialled with its area code, as guides print them (0572-12366 tax, 0572-12333 social security). */
const AREA_HOTLINE = /^0\d{2,3}-?1\d{4}$/;

/** The guide's 咨询电话 and 监督投诉电话: a fixed line with its area code, a mobile, or a hotline such as 12345. */
const checkContacts: Check = (c, out) => {
  const phones = [
    ['consultPhone', 'CONSULT_PHONE_INVALID', '咨询电话', 'consultation phone'],
    ['complaintPhone', 'COMPLAINT_PHONE_INVALID', '监督投诉电话', 'complaint phone'],
  ] as const;
  for (const [path, rule, zh, en] of phones) {
    const value = (c[path] ?? '').trim();
    const phone = normalizePhone(value);
    if (!isValidPhone(phone) && !AREA_HOTLINE.test(phone)) {
      out.push(
        err(
          rule,
          path,
          value ? `${zh}“${value}”不正确：请填写带区号的固定电话（如0572-5122360）、11位手机号码或12345等服务热线` : `请填写${zh}`,
          value ? `The ${en} "${value}" is not valid: give a fixed line with its area code (e.g. 0572-5122360), an 11-digit mobile number or a hotline such as 12345` : `The ${en} is missing`,
        ),
      );
    }
  }
};

const CHECKS: Check[] = [checkLimits, checkCodes, checkContacts, checkMaterials, checkDelivery, checkFees, checkProcedures, checkFlow, checkForm];

export function validateItem(content: ItemContent): CatalogueProblem[] {
  const out: CatalogueProblem[] = [];
  for (const check of CHECKS) check(content, out);
  return out;
}

export function isPublishable(content: ItemContent): boolean {
  return validateItem(content).every((p) => p.severity !== 'error');
}
