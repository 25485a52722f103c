import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  birthDateOfIdNumber,
  completeIdNumber,
  genderOfIdNumber,
  idNumberCheckChar,
  idNumberProblem,
  isValidIdNumber,
  normalizeIdNumber,
  upgradeIdNumber15,
} from './id-number.js';
import { idNumberArb, substitutions } from './test-arbitraries.js';

describe('citizen identity number (GB 11643)', () => {
  it("accepts the standard's example", () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(birthDateOfIdNumber('11010519491231002X')).toBe('1949-12-31');
    expect(genderOfIdNumber('11010519491231002X')).toBe('female');
  });

  it('computes the check character, X for 10', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(completeIdNumber('33052319900307123')).toMatch(/^33052319900307123[\dX]$/);
    expect(idNumberCheckChar('1101051949123100')).toBeUndefined();
  });

  it('says what is wrong', () => {
    expect(idNumberProblem('110105194912310029')).toBe('ID_NUMBER_CHECK_DIGIT');
    expect(idNumberProblem('11010519491231002x')).toBe('ID_NUMBER_FORMAT');
    expect(idNumberProblem('1101051949123100')).toBe('ID_NUMBER_FORMAT');
    expect(idNumberProblem(completeIdNumber('99010519491231002'))).toBe('ID_NUMBER_REGION');
    expect(idNumberProblem(completeIdNumber('11010519490231002'))).toBe('ID_NUMBER_BIRTH_DATE'); // 31 Feb
    expect(idNumberProblem(completeIdNumber('11010520230229002'))).toBe('ID_NUMBER_BIRTH_DATE'); // not a leap year
    expect(idNumberProblem(completeIdNumber('11010520240229002'))).toBeUndefined();
  });

  it('refuses births before 1900, even the standard\'s 1880 example, since no applicant is that old', () => {
    expect(idNumberProblem('440524188001010014')).toBe('ID_NUMBER_BIRTH_DATE');
  });

  it('refuses a birth date after today only when today is given', () => {
    const id = completeIdNumber('11010520300101002');
    expect(idNumberProblem(id)).toBeUndefined();
    expect(idNumberProblem(id, { today: '2026-01-01' })).toBe('ID_NUMBER_BIRTH_DATE');
    expect(idNumberProblem(id, { today: '2030-01-01' })).toBeUndefined();
  });

  it('accepts residence permits of Hong Kong, Macao and Taiwan residents', () => {
    for (const prefix of ['81000019900101123', '82000019900101123', '83000019900101123']) {
      expect(isValidIdNumber(completeIdNumber(prefix)), prefix).toBe(true);
    }
  });

  it('upgrades 15-digit numbers', () => {
    expect(upgradeIdNumber15('110105491231002')).toBe('11010519491231002X');
    expect(upgradeIdNumber15('11010549123100')).toBeUndefined();
    expect(upgradeIdNumber15('110105491331002')).toBeUndefined(); // month 13
  });

  it('normalises typed input', () => {
    expect(normalizeIdNumber(' 110105 19491231 002x ')).toBe('11010519491231002X');
  });

  it('every completed number validates', () => {
    fc.assert(fc.property(idNumberArb, (id) => isValidIdNumber(id)));
  });

  it('detects every single-character substitution (MOD 11-2)', () => {
    fc.assert(
      fc.property(idNumberArb, (id) => {
        for (const changed of substitutions(id, '0123456789Xx -')) {
          expect(isValidIdNumber(changed), changed).toBe(false);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('detects every swap of two different adjacent digits before the check digit', () => {
    fc.assert(
      fc.property(idNumberArb, (id) => {
        for (let i = 0; i < 16; i++) {
          if (id[i] === id[i + 1]) continue;
          const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
          expect(isValidIdNumber(swapped), swapped).toBe(false);
        }
      }),
    );
  });
});
