/**
 * GB 32100-2015 unified social credit code (统一社会信用代码): 18 characters from 0-9A-HJ-NPQRTUWXY
 * (no I, O, S, V, Z); weights 3^(i-1) mod 31; check = (31 − Σ mod 31) mod 31.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

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

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/** Completes 17 characters into a valid code (for demo data and tests). */
export function completeCreditCode(first17: string): string {
  const check = creditCodeCheckChar(first17);
  if (check === undefined) throw new Error(`Not a credit code prefix: ${first17}`);
  return first17 + check;
}
