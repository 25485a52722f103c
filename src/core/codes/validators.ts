/**
 * One entry point for checking identifiers typed by people or imported from other systems, with
 * a stable code and a zh-CN / en-US message for each failure. The registry is pluggable: a
 * deployment whose province writes base codes differently replaces that validator at start-up.
 */
import { creditCodeProblem, type CreditCodeProblem } from './credit-code.js';
import { idNumberProblem, type IdNumberProblem } from './id-number.js';
import { regionCodeProblem, type RegionCodeProblem } from './region-code.js';
import { baseCodeProblem, type BaseCodeProblem } from './base-code.js';
import { implCodeProblem, type ImplCodeProblem } from './impl-code.js';
import { mobilePhoneProblem, phoneProblem, type PhoneProblem } from './phone.js';

export const CODE_KINDS = ['idNumber', 'creditCode', 'regionCode', 'baseCode', 'implCode', 'phone', 'mobilePhone'] as const;
export type CodeKind = (typeof CODE_KINDS)[number];

export type CodeValidation = { ok: true } | { ok: false; code: string; zh: string; en: string };
export type CodeValidator = (value: string) => CodeValidation;

/** Every failure code the built-in validators produce. */
export type CodeProblem =
  | 'CODE_EMPTY'
  | IdNumberProblem
  | CreditCodeProblem
  | RegionCodeProblem
  | BaseCodeProblem
  | ImplCodeProblem
  | PhoneProblem;

export const CODE_PROBLEM_MESSAGES: Readonly<Record<CodeProblem, { zh: string; en: string }>> = Object.freeze({
  CODE_EMPTY: { zh: '请填写', en: 'This is required' },
  ID_NUMBER_FORMAT: {
    zh: '身份证号码应为18位，前17位为数字，最后一位为数字或大写X',
    en: 'The ID number must be 18 characters: 17 digits then a digit or a capital X',
  },
  ID_NUMBER_REGION: { zh: '身份证号码的地区码不正确', en: "The ID number's region code is wrong" },
  ID_NUMBER_BIRTH_DATE: { zh: '身份证号码中的出生日期不正确', en: "The ID number's date of birth is not a real date" },
  ID_NUMBER_CHECK_DIGIT: {
    zh: '身份证号码校验位错误，请检查是否输错',
    en: "The ID number's check digit is wrong; please check it for typing errors",
  },
  CREDIT_CODE_FORMAT: {
    zh: '统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z），第3至8位为数字',
    en: 'The unified social credit code must be 18 digits or capital letters (no I, O, S, V, Z), with digits in positions 3–8',
  },
  CREDIT_CODE_CHECK_CHAR: {
    zh: '统一社会信用代码校验位错误，请检查是否输错',
    en: "The unified social credit code's check character is wrong; please check it for typing errors",
  },
  REGION_CODE_FORMAT: {
    zh: '行政区划代码应为6位、9位或12位数字',
    en: 'The administrative division code must be 6, 9 or 12 digits',
  },
  REGION_CODE_PROVINCE: {
    zh: '行政区划代码的前两位不是省级行政区代码',
    en: 'The first two digits of the administrative division code are not a province',
  },
  REGION_CODE_STRUCTURE: {
    zh: '行政区划代码的层级不完整（下级代码须有上级代码）',
    en: 'The administrative division code skips a level (a lower level needs the level above it)',
  },
  BASE_CODE_FORMAT: {
    zh: '事项基本编码应为事项类型字母加5位主项编码和3位子项编码，如XK12345000',
    en: 'The base item code must be item-type letters, a 5-digit main item and a 3-digit sub-item, e.g. XK12345000',
  },
  BASE_CODE_ITEM_TYPE: {
    zh: '事项基本编码的类型字母不对应任何事项类型',
    en: "The base item code's letters do not name an item type",
  },
  BASE_CODE_MAIN_ITEM: { zh: '事项基本编码的主项编码不能为00000', en: "The base item code's main item cannot be 00000" },
  IMPL_CODE_FORMAT: {
    zh: '实施编码应为31位数字或大写字母',
    en: 'The implementation code must be 31 digits or capital letters',
  },
  IMPL_CODE_CREDIT_CODE: {
    zh: '实施编码的前18位不是有效的统一社会信用代码',
    en: 'The first 18 characters of the implementation code are not a valid unified social credit code',
  },
  IMPL_CODE_LEVEL: {
    zh: '实施编码第19位行使层级代码应为1至6',
    en: "The implementation code's 19th character (exercise level) must be 1 to 6",
  },
  IMPL_CODE_BASE_CODE: {
    zh: '实施编码第20至29位不是有效的事项基本编码',
    en: 'Characters 20–29 of the implementation code are not a valid base item code',
  },
  IMPL_CODE_SEQUENCE: {
    zh: '实施编码最后两位应为数字序号',
    en: 'The last two characters of the implementation code must be a 2-digit sequence number',
  },
  PHONE_INVALID: {
    zh: '请填写正确的电话号码（手机号或带区号的固定电话）',
    en: 'Enter a valid phone number (a mobile number or a landline with its area code)',
  },
  MOBILE_PHONE_INVALID: { zh: '请填写正确的11位手机号码', en: 'Enter a valid 11-digit mobile number' },
});

const OK: CodeValidation = Object.freeze({ ok: true });

/** Wraps a problem-finding function into a validator with the built-in messages. */
export function validatorFromProblems(find: (value: string) => CodeProblem | undefined): CodeValidator {
  return (value) => {
    const problem = value === '' ? 'CODE_EMPTY' : find(value);
    return problem === undefined ? OK : { ok: false, code: problem, ...CODE_PROBLEM_MESSAGES[problem] };
  };
}

const BUILT_IN: Readonly<Record<CodeKind, CodeValidator>> = Object.freeze({
  idNumber: validatorFromProblems((v) => idNumberProblem(v)),
  creditCode: validatorFromProblems(creditCodeProblem),
  regionCode: validatorFromProblems(regionCodeProblem),
  baseCode: validatorFromProblems(baseCodeProblem),
  implCode: validatorFromProblems(implCodeProblem),
  phone: validatorFromProblems(phoneProblem),
  mobilePhone: validatorFromProblems(mobilePhoneProblem),
});

const registry = new Map<CodeKind, CodeValidator>();

/**
 * Checks a value exactly as given (no trimming or case folding; normalise typed input first with
 * the normalize* functions). A registered replacement takes precedence over the built-in check.
 */
export function validateCode(kind: CodeKind, value: string): CodeValidation {
  return (registry.get(kind) ?? BUILT_IN[kind])(value);
}

/**
 * Replaces the validator for one kind, e.g. a province's own base-code format. Returns a function
 * that restores the previous one. Call at start-up; the replacement should use stable codes and
 * give both zh and en messages, as the built-in ones do.
 */
export function registerCodeValidator(kind: CodeKind, validator: CodeValidator): () => void {
  const previous = registry.get(kind);
  registry.set(kind, validator);
  return () => {
    if (previous === undefined) registry.delete(kind);
    else registry.set(kind, previous);
  };
}

/** The built-in validator for a kind, for a replacement that extends rather than replaces it. */
export function builtInCodeValidator(kind: CodeKind): CodeValidator {
  return BUILT_IN[kind];
}
