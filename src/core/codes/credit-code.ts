/**
 * GB 32100-2015 unified social credit code (统一社会信用代码): 18 characters from 0-9A-HJ-NPQRTUWXY
 * (no I, O, S, V, Z): 1 registration department + 1 institution category + 6-digit registration
 * region (GB/T 2260) + 9-character body identifier (GB 11714) + 1 check character.
 * Check (GB/T 17710 style MOD 31): weights 3^(i-1) mod 31; check = (31 − Σ mod 31) mod 31.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export type CreditCodeProblem = 'CREDIT_CODE_FORMAT' | 'CREDIT_CODE_CHECK_CHAR';

/** The check character for the first 17 characters, or undefined if they are not well-formed. */
export function creditCodeCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i] as string);
    if (v < 0) return undefined;
    sum += v * (WEIGHTS[i] as number);
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Why a code is not a valid credit code, or undefined when it is. Exact: no trimming, upper case only. */
export function creditCodeProblem(code: string): CreditCodeProblem | undefined {
  if (!SHAPE.test(code)) return 'CREDIT_CODE_FORMAT';
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return 'CREDIT_CODE_CHECK_CHAR';
  return undefined;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === undefined;
}

/** Completes 17 characters into a valid code (for demo data and tests). */
export function completeCreditCode(first17: string): string {
  const check = creditCodeCheckChar(first17);
  if (check === undefined || !SHAPE.test(first17 + check)) throw new Error(`Not a credit code prefix: ${first17}`);
  return first17 + check;
}

/** The 6-digit registration region (登记管理机关行政区划码), characters 3–8. */
export function registrationRegionOfCreditCode(code: string): string {
  return code.slice(2, 8);
}

/** Removes spaces and upper-cases what a person typed; validation itself is exact. */
export function normalizeCreditCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}
