import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CREDIT_CODE_ALPHABET,
  completeCreditCode,
  creditCodeCheckChar,
  creditCodeProblem,
  isValidCreditCode,
  normalizeCreditCode,
  registrationRegionOfCreditCode,
} from './credit-code.js';
import { creditCodeArb, substitutions } from './test-arbitraries.js';

describe('unified social credit code (GB 32100)', () => {
  it('accepts codes of real implementing bodies', () => {
    for (const code of ['114507210081153718', '11450721MB15580811', '12441500196720244T']) {
      expect(creditCodeProblem(code), code).toBeUndefined();
    }
  });

  it('computes the check character', () => {
    expect(creditCodeCheckChar('12441500196720244')).toBe('T');
    expect(completeCreditCode('11450721MB1558081')).toBe('11450721MB15580811');
    expect(creditCodeCheckChar('1234')).toBeUndefined();
    expect(creditCodeCheckChar('1245150019672024I')).toBeUndefined();
  });

  it('tells a wrong check character from a wrong shape', () => {
    expect(creditCodeProblem('12441500196720244U')).toBe('CREDIT_CODE_CHECK_CHAR');
    expect(creditCodeProblem('12441500196720244')).toBe('CREDIT_CODE_FORMAT');
    expect(creditCodeProblem('1244150019672024IT')).toBe('CREDIT_CODE_FORMAT'); // I is not used
    expect(creditCodeProblem('12A41500196720244T')).toBe('CREDIT_CODE_FORMAT'); // region must be digits
    expect(creditCodeProblem('12441500196720244t')).toBe('CREDIT_CODE_FORMAT'); // exact: upper case
    expect(creditCodeProblem(' 12441500196720244T')).toBe('CREDIT_CODE_FORMAT');
  });

  it('refuses to complete a malformed prefix', () => {
    expect(() => completeCreditCode('1244150019672024')).toThrow();
    expect(() => completeCreditCode('12A4150019672024X')).toThrow();
  });

  it('normalises typed input and reads the registration region', () => {
    expect(normalizeCreditCode(' 1244 1500 1967 2024 4t ')).toBe('12441500196720244T');
    expect(registrationRegionOfCreditCode('12441500196720244T')).toBe('441500');
  });

  it('every completed code validates', () => {
    fc.assert(fc.property(creditCodeArb, (code) => isValidCreditCode(code)));
  });

  it('detects every single-character substitution (MOD 31 with weights prime to 31)', () => {
    fc.assert(
      fc.property(creditCodeArb, (code) => {
        for (const changed of substitutions(code, `${CREDIT_CODE_ALPHABET}IOSVZa -`)) {
          expect(isValidCreditCode(changed), changed).toBe(false);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('detects every swap of two different adjacent characters', () => {
    fc.assert(
      fc.property(creditCodeArb, (code) => {
        for (let i = 0; i < 17; i++) {
          if (code[i] === code[i + 1]) continue;
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          expect(isValidCreditCode(swapped), swapped).toBe(false);
        }
      }),
    );
  });
});
