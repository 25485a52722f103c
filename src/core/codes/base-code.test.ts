import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  baseCodeMatchesItemType,
  baseCodeProblem,
  composeBaseCode,
  hasSubItem,
  isValidBaseCode,
  itemTypeOfBaseCode,
  mainItemBaseCode,
  parseBaseCode,
} from './base-code.js';
import { ITEM_TYPES, ITEM_TYPE_LETTERS } from '../catalogue/types.js';
import { baseCodeArb } from './test-arbitraries.js';

describe('base item code (基本编码)', () => {
  it('parses letters, main item and sub-item', () => {
    expect(parseBaseCode('XK12345000')).toEqual({ letters: 'XK', main: '12345', sub: '000', itemType: 'administrative_licensing' });
    expect(parseBaseCode('GG00001002')).toMatchObject({ itemType: 'public_service', sub: '002' });
    expect(parseBaseCode('ZZ12345000')).toMatchObject({ letters: 'ZZ', itemType: undefined });
    expect(parseBaseCode('XK1234500')).toBeUndefined();
  });

  it('validates and says what is wrong', () => {
    expect(isValidBaseCode('XK12345000')).toBe(true);
    expect(baseCodeProblem('xk12345000')).toBe('BASE_CODE_FORMAT');
    expect(baseCodeProblem('XK-12345-000')).toBe('BASE_CODE_FORMAT');
    expect(baseCodeProblem('12345000')).toBe('BASE_CODE_FORMAT');
    expect(baseCodeProblem('XK123450001')).toBe('BASE_CODE_FORMAT');
    expect(baseCodeProblem('ZZ12345000')).toBe('BASE_CODE_ITEM_TYPE');
    expect(baseCodeProblem('XK00000000')).toBe('BASE_CODE_MAIN_ITEM');
  });

  it('knows the item type of each letter pair', () => {
    for (const type of ITEM_TYPES) {
      const code = `${ITEM_TYPE_LETTERS[type]}00100000`;
      expect(itemTypeOfBaseCode(code)).toBe(type);
      expect(baseCodeMatchesItemType(code, type)).toBe(true);
    }
    expect(baseCodeMatchesItemType('XK12345000', 'public_service')).toBe(false);
  });

  it('composes codes and refuses out-of-range parts', () => {
    expect(composeBaseCode('administrative_licensing', 12345)).toBe('XK12345000');
    expect(composeBaseCode('administrative_confirmation', 7, 12)).toBe('QR00007012');
    expect(() => composeBaseCode('administrative_licensing', 0)).toThrow(RangeError);
    expect(() => composeBaseCode('administrative_licensing', 100_000)).toThrow(RangeError);
    expect(() => composeBaseCode('administrative_licensing', 1, 1000)).toThrow(RangeError);
    expect(() => composeBaseCode('administrative_licensing', 1.5)).toThrow(RangeError);
  });

  it('tells main items from sub-items', () => {
    expect(hasSubItem('XK12345000')).toBe(false);
    expect(hasSubItem('XK12345002')).toBe(true);
    expect(mainItemBaseCode('XK12345002')).toBe('XK12345000');
    expect(mainItemBaseCode('nope')).toBeUndefined();
  });

  it('every composed code validates and parses back', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ITEM_TYPES), fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 999 }), (type, main, sub) => {
        const code = composeBaseCode(type, main, sub);
        expect(isValidBaseCode(code)).toBe(true);
        expect(parseBaseCode(code)).toEqual({
          letters: ITEM_TYPE_LETTERS[type],
          main: String(main).padStart(5, '0'),
          sub: String(sub).padStart(3, '0'),
          itemType: type,
        });
        expect(mainItemBaseCode(code)).toBe(composeBaseCode(type, main));
      }),
    );
  });

  it('has no check character: only the shape and letters are checked', () => {
    fc.assert(fc.property(baseCodeArb, (code) => isValidBaseCode(code) && code.length === 10));
  });
});
