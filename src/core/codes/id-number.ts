/**
 * GB 11643-1999 citizen identity number (公民身份号码): 6-digit region (GB/T 2260) + 8-digit birth
 * date + 3-digit sequence (odd = male) + check; ISO 7064 MOD 11-2: weights 7,9,10,5,8,4,2,1,6,3,7,9,
 * 10,5,8,4,2; check = "10X98765432"[Σ mod 11].
 */
import { PROVINCE_CODES } from './region-code.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * First two digits an ID number may start with: the GB/T 2260 provinces, plus 83 used by residence
 * permits for Taiwan residents (港澳台居民居住证申领发放办法: 810000 / 820000 / 830000).
 */
const ID_PREFIXES = new Set([...PROVINCE_CODES, '83']);

export type IdNumberProblem =
  | 'ID_NUMBER_FORMAT'
  | 'ID_NUMBER_REGION'
  | 'ID_NUMBER_BIRTH_DATE'
  | 'ID_NUMBER_CHECK_DIGIT';

export function idNumberCheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK[sum % 11];
}

function isValidBirthDate(yyyymmdd: string, today: string | undefined): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return false;
  return today === undefined || `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6)}` <= today;
}

export interface IdNumberCheckOptions {
  /** 'YYYY-MM-DD'; when given, a birth date after it is refused. Omitted to keep the check pure. */
  today?: string;
}

/** Why a value is not a valid 18-digit ID number, or undefined when it is. Exact: upper-case X only. */
export function idNumberProblem(id: string, options: IdNumberCheckOptions = {}): IdNumberProblem | undefined {
  if (!/^\d{17}[\dX]$/.test(id)) return 'ID_NUMBER_FORMAT';
  if (!ID_PREFIXES.has(id.slice(0, 2))) return 'ID_NUMBER_REGION';
  if (!isValidBirthDate(id.slice(6, 14), options.today)) return 'ID_NUMBER_BIRTH_DATE';
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return 'ID_NUMBER_CHECK_DIGIT';
  return undefined;
}

export function isValidIdNumber(id: string): boolean {
  return idNumberProblem(id) === undefined;
}

/** Completes 17 digits into a valid ID number (for demo data and tests). */
export function completeIdNumber(first17: string): string {
  const check = idNumberCheckChar(first17);
  if (check === undefined) throw new Error(`Not an ID number prefix: ${first17}`);
  return first17 + check;
}

/**
 * Upgrades a first-generation 15-digit number (6 region + yymmdd + 3 sequence, all born 19xx) to
 * the 18-digit form, as GB 11643-1999 did. Returns undefined for anything else.
 */
export function upgradeIdNumber15(id15: string): string | undefined {
  if (!/^\d{15}$/.test(id15)) return undefined;
  const id = completeIdNumber(`${id15.slice(0, 6)}19${id15.slice(6)}`);
  return isValidIdNumber(id) ? id : undefined;
}

export function birthDateOfIdNumber(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

export function genderOfIdNumber(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

/** Removes spaces and upper-cases a trailing x, as people type it; validation itself is exact. */
export function normalizeIdNumber(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}
