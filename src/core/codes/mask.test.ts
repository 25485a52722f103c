import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskCreditCode, maskIdNumber, maskName, maskPhone } from './mask.js';
import { creditCodeArb, idNumberArb } from './test-arbitraries.js';

const codePoints = (s: string) => Array.from(s);

/** Every shown character is the original one at the same place, and the length is kept. */
function onlyHides(original: string, masked: string): boolean {
  const a = codePoints(original);
  const b = codePoints(masked);
  return a.length === b.length && b.every((c, i) => c === '*' || c === a[i]);
}

describe('masking', () => {
  it('masks ID numbers', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('110105491231002')).toBe('110105******002');
  });

  it('masks phone numbers', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('0571-88889999')).toBe('057*******999');
  });

  it('masks credit codes, hiding the whole body identifier', () => {
    expect(maskCreditCode('12441500196720244T')).toBe('12441500*********T');
  });

  it('masks names', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('张')).toBe('*');
    expect(maskName(' 李四 ')).toBe('李*');
    expect(maskName('𠀀𠀁𠀂')).toBe('𠀀*𠀂'); // characters outside the BMP count as one
    expect(maskName('John Smith')).toBe('J********h');
  });

  it('tolerates short and odd input', () => {
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('123')).toBe('***');
    expect(maskIdNumber('12345678')).toBe('12****78');
    expect(maskPhone('1234')).toBe('1**4');
    expect(maskPhone('12')).toBe('**');
    expect(maskCreditCode('ABC')).toBe('***');
    expect(maskName('')).toBe('');
  });

  it('never reveals the birth date of an ID number', () => {
    fc.assert(
      fc.property(idNumberArb, (id) => {
        const masked = maskIdNumber(id);
        expect(masked.slice(6, 14)).toBe('********');
        expect(onlyHides(id, masked)).toBe(true);
      }),
    );
  });

  it('never reveals the body identifier of a credit code', () => {
    fc.assert(
      fc.property(creditCodeArb, (code) => {
        const masked = maskCreditCode(code);
        expect(masked.slice(8, 17)).toBe('*********');
        expect(onlyHides(code, masked)).toBe(true);
      }),
    );
  });

  it('never reveals the middle four digits of a mobile number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        expect(maskPhone(phone).slice(3, 7)).toBe('****');
      }),
    );
  });

  it('hides at least half of any other input, and only hides', () => {
    const anyText = fc.string({ unit: 'grapheme-composite', maxLength: 40 });
    fc.assert(
      fc.property(anyText, (s) => {
        for (const mask of [maskIdNumber, maskPhone, maskCreditCode]) {
          const masked = mask(s);
          expect(onlyHides(s, masked)).toBe(true);
          const n = codePoints(s).length;
          if (![11, 15, 18].includes(n)) {
            const hidden = codePoints(masked).filter((c, i) => c === '*' && codePoints(s)[i] !== '*').length;
            const alreadyStars = codePoints(s).filter((c) => c === '*').length;
            expect(hidden + alreadyStars).toBeGreaterThanOrEqual(Math.ceil(n / 2));
          }
        }
      }),
    );
  });

  it('shows at most the first and last character of a name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 3, maxLength: 12 }), (raw) => {
        const name = raw.trim();
        fc.pre(codePoints(name).length >= 3);
        const masked = codePoints(maskName(name));
        expect(masked.slice(1, -1).every((c) => c === '*')).toBe(true);
        expect(onlyHides(name, masked.join(''))).toBe(true);
      }),
    );
  });
});
