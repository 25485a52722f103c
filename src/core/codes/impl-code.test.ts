import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EXERCISE_LEVEL_DIGITS,
  type ExerciseLevel,
  composeImplCode,
  exerciseLevelOfCreditCode,
  implCodeProblem,
  isValidImplCode,
  parseImplCode,
} from './impl-code.js';
import { completeCreditCode } from './credit-code.js';
import { baseCodeArb, creditCodeArb } from './test-arbitraries.js';

// A county-level bureau in Anji, Zhejiang (region 330523), as demo data would build it.
const COUNTY_BODY = completeCreditCode('11330523MB1234567');
const CITY_BODY = completeCreditCode('11330500MB1234567');
const PROVINCE_BODY = completeCreditCode('11330000MB1234567');
const CENTRAL_BODY = completeCreditCode('11100000MB1234567');

describe('implementation code (实施编码)', () => {
  it('is the credit code, the level digit, the base code and a 2-digit sequence', () => {
    const code = composeImplCode(COUNTY_BODY, 'XK12345000');
    expect(code).toBe(`${COUNTY_BODY}4XK1234500000`);
    expect(code).toHaveLength(31);
    expect(parseImplCode(code)).toEqual({ creditCode: COUNTY_BODY, level: 'county', baseCode: 'XK12345000', sequence: 0 });
    expect(composeImplCode(COUNTY_BODY, 'XK12345002', 3)).toBe(`${COUNTY_BODY}4XK1234500203`);
  });

  it('infers the level from where the body is registered', () => {
    expect(exerciseLevelOfCreditCode(CENTRAL_BODY)).toBe('national');
    expect(exerciseLevelOfCreditCode(PROVINCE_BODY)).toBe('province');
    expect(exerciseLevelOfCreditCode(CITY_BODY)).toBe('city');
    expect(exerciseLevelOfCreditCode(COUNTY_BODY)).toBe('county');
    // The published examples agree: a Guangxi county body has level 4, a Shanwei city body level 3.
    expect(exerciseLevelOfCreditCode('114507210081153718')).toBe('county');
    expect(exerciseLevelOfCreditCode('12441500196720244T')).toBe('city');
    expect(exerciseLevelOfCreditCode(completeCreditCode('11990000MB1234567'))).toBeUndefined();
  });

  it('takes an explicit level for township and village bodies', () => {
    expect(composeImplCode(COUNTY_BODY, 'GG00001000', 0, 'township').charAt(18)).toBe('5');
    expect(() => composeImplCode(completeCreditCode('11990000MB1234567'), 'GG00001000')).toThrow(RangeError);
  });

  it('refuses invalid parts when composing', () => {
    expect(() => composeImplCode('11330523MB12345670', 'XK12345000')).toThrow(RangeError);
    expect(() => composeImplCode(COUNTY_BODY, 'XK00000000')).toThrow(RangeError);
    expect(() => composeImplCode(COUNTY_BODY, 'XK12345000', 100)).toThrow(RangeError);
    expect(() => composeImplCode(COUNTY_BODY, 'XK12345000', -1)).toThrow(RangeError);
  });

  it('says what is wrong', () => {
    const good = composeImplCode(COUNTY_BODY, 'XK12345000');
    expect(implCodeProblem(good)).toBeUndefined();
    expect(implCodeProblem(good.slice(1))).toBe('IMPL_CODE_FORMAT');
    expect(implCodeProblem(good.toLowerCase())).toBe('IMPL_CODE_FORMAT');
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0') + good.slice(18);
    expect(implCodeProblem(badCheck)).toBe('IMPL_CODE_CREDIT_CODE');
    expect(implCodeProblem(`${good.slice(0, 18)}7${good.slice(19)}`)).toBe('IMPL_CODE_LEVEL');
    expect(implCodeProblem(`${good.slice(0, 19)}ZZ${good.slice(21)}`)).toBe('IMPL_CODE_BASE_CODE');
    expect(implCodeProblem(`${good.slice(0, 29)}0A`)).toBe('IMPL_CODE_SEQUENCE');
    expect(parseImplCode(badCheck)).toBeUndefined();
  });

  it('every composed code validates and parses back', () => {
    const levels = Object.keys(EXERCISE_LEVEL_DIGITS) as ExerciseLevel[];
    fc.assert(
      fc.property(creditCodeArb, baseCodeArb, fc.integer({ min: 0, max: 99 }), fc.constantFrom(...levels), (cc, base, seq, level) => {
        const code = composeImplCode(cc, base, seq, level);
        expect(isValidImplCode(code)).toBe(true);
        expect(parseImplCode(code)).toEqual({ creditCode: cc, level, baseCode: base, sequence: seq });
      }),
    );
  });

  it('detects any single change inside the credit code part', () => {
    fc.assert(
      fc.property(creditCodeArb, baseCodeArb, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'), (cc, base, i, c) => {
        const code = composeImplCode(cc, base, 0, 'county');
        fc.pre(code[i] !== c);
        expect(isValidImplCode(code.slice(0, i) + c + code.slice(i + 1))).toBe(false);
      }),
    );
  });
});
