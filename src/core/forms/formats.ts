import type { FormFormat } from '../catalogue/types.js';
import { validateCode, type CodeKind } from '../codes/validators.js';

/**
 * The typed formats of form fields. Code formats reuse the src/core/codes validators (GB 11643 ID
 * number, GB 32100 credit code, mainland phone numbers, GB/T 2260 region codes), so the online
 * wizard, the window and the server refuse exactly the same values.
 */
export interface FormatRule {
  /** The JSON type the format applies to (Ajv skips formats on other types). */
  type: 'string' | 'number';
  validate: (value: never) => boolean;
  zh: string;
  en: string;
}

const code = (kind: CodeKind, zh: string, en: string): FormatRule => ({ type: 'string', validate: (v: string) => validateCode(kind, v).ok, zh, en });

function isRealIsoDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && y >= 1900 && y <= 2200;
}

/** A personal name: 1–50 characters, letters (any script), the middle dot of minority names, spaces. */
const PERSON_NAME = /^[\p{L}\p{M}·•.\- ]{1,50}$/u;

export const FORMAT_RULES: Readonly<Record<FormFormat, FormatRule>> = Object.freeze({
  idNumber: code('idNumber', '不是有效的公民身份号码（请检查出生日期和校验位）', 'is not a valid citizen ID number (check the date of birth and the check digit)'),
  creditCode: code('creditCode', '不是有效的统一社会信用代码（请检查校验位）', 'is not a valid unified social credit code (check the check character)'),
  phone: code('phone', '不是有效的电话号码（手机号或带区号的固定电话）', 'is not a valid phone number (a mobile number or a landline with its area code)'),
  mobilePhone: code('mobilePhone', '不是有效的11位手机号码', 'is not a valid 11-digit mobile number'),
  regionCode: code('regionCode', '不是有效的行政区划代码', 'is not a valid administrative division code'),
  personName: { type: 'string', validate: (v: string) => PERSON_NAME.test(v), zh: '应为姓名（文字，不含数字或符号）', en: 'must be a name (letters, no digits or symbols)' },
  // Money in yuan: not negative, at most two decimals (fen), below a trillion.
  amount: { type: 'number', validate: (v: number) => Number.isFinite(v) && v >= 0 && v < 1e12 && Math.abs(Math.round(v * 100) - v * 100) < 1e-6, zh: '应为不小于0、最多两位小数的金额', en: 'must be an amount of at least 0 with at most two decimals' },
  date: { type: 'string', validate: (v: string) => isRealIsoDate(v), zh: '应为有效日期（YYYY-MM-DD）', en: 'must be a real date (YYYY-MM-DD)' },
});

/** Formats that mark a field as personal data (masked for roles that do not need it). */
export const PERSONAL_FORMATS: readonly FormFormat[] = ['idNumber', 'phone', 'mobilePhone', 'personName'];
