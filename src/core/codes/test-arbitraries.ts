/** fast-check generators of valid identifiers, shared by the codes tests. */
import fc from 'fast-check';
import { CREDIT_CODE_ALPHABET, completeCreditCode } from './credit-code.js';
import { completeIdNumber } from './id-number.js';
import { PROVINCE_CODES } from './region-code.js';
import { ITEM_TYPES } from '../catalogue/types.js';
import { composeBaseCode } from './base-code.js';

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const creditChars = (n: number) => fc.string({ unit: fc.constantFrom(...CREDIT_CODE_ALPHABET), minLength: n, maxLength: n });

export const creditCodeArb: fc.Arbitrary<string> = fc
  .tuple(creditChars(2), digits(6), creditChars(9))
  .map(([head, region, body]) => completeCreditCode(head + region + body));

const birthDateArb = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));

export const idNumberArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...PROVINCE_CODES), digits(4), birthDateArb, digits(3))
  .map(([province, rest, birth, seq]) => completeIdNumber(province + rest + birth + seq));

export const baseCodeArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...ITEM_TYPES), fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 999 }))
  .map(([type, main, sub]) => composeBaseCode(type, main, sub));

/** Every single-character substitution of a code, with replacements drawn from `alphabet`. */
export function substitutions(code: string, alphabet: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < code.length; i++) {
    for (const c of alphabet) if (c !== code[i]) out.push(code.slice(0, i) + c + code.slice(i + 1));
  }
  return out;
}
