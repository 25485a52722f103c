import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PROVINCE_CODES,
  isValidRegionCode,
  isWithinRegion,
  normalizeRegionCode,
  parentRegionCode,
  provinceNameOf,
  regionAncestry,
  regionCodeProblem,
  regionLevel,
} from './region-code.js';

describe('administrative division codes (GB/T 2260 and the statistical extension)', () => {
  it('gives the level of each length', () => {
    expect(regionLevel('330000')).toBe(1); // 浙江省
    expect(regionLevel('330500')).toBe(2); // 湖州市
    expect(regionLevel('330523')).toBe(3); // 安吉县
    expect(regionLevel('330523101')).toBe(4); // 递铺街道? any township
    expect(regionLevel('330523101201')).toBe(5);
    expect(regionLevel('110101001001')).toBe(5); // 东城区 东华门街道 多福巷社区
  });

  it('reads trailing zero groups as the higher level', () => {
    expect(regionLevel('110101000000')).toBe(3);
    expect(regionLevel('110000000')).toBe(1);
    expect(normalizeRegionCode('110101000000')).toBe('110101');
    expect(normalizeRegionCode('110101001000')).toBe('110101001');
    expect(normalizeRegionCode('330000000000')).toBe('330000');
  });

  it('gives the parent in shortest form', () => {
    expect(parentRegionCode('110101001001')).toBe('110101001');
    expect(parentRegionCode('110101001')).toBe('110101');
    expect(parentRegionCode('110101')).toBe('110100'); // 北京市 市辖区
    expect(parentRegionCode('110100')).toBe('110000');
    expect(parentRegionCode('110000')).toBeUndefined();
    expect(parentRegionCode('110101000000')).toBe('110100');
    expect(parentRegionCode('abc')).toBeUndefined();
  });

  it('puts a township of a city without counties directly under the city', () => {
    expect(isValidRegionCode('441900003')).toBe(true); // 东莞市 东城街道
    expect(regionLevel('441900003')).toBe(4);
    expect(parentRegionCode('441900003')).toBe('441900');
    expect(regionAncestry('441900003001')).toEqual(['440000', '441900', '441900003', '441900003001']);
  });

  it('handles province-administered county-level units (省直辖县级行政区划)', () => {
    expect(regionAncestry('429004')).toEqual(['420000', '429000', '429004']); // 仙桃市
  });

  it('says what is wrong', () => {
    expect(regionCodeProblem('33052')).toBe('REGION_CODE_FORMAT');
    expect(regionCodeProblem('3305231')).toBe('REGION_CODE_FORMAT');
    expect(regionCodeProblem('33052a')).toBe('REGION_CODE_FORMAT');
    expect(regionCodeProblem('990000')).toBe('REGION_CODE_PROVINCE');
    expect(regionCodeProblem('000000')).toBe('REGION_CODE_PROVINCE');
    expect(regionCodeProblem('330023')).toBe('REGION_CODE_STRUCTURE'); // county without a city
    expect(regionCodeProblem('330000101')).toBe('REGION_CODE_STRUCTURE'); // township under a province
    expect(regionCodeProblem('330523000201')).toBe('REGION_CODE_STRUCTURE'); // village without a township
    expect(regionLevel('330023')).toBeUndefined();
  });

  it('answers containment questions', () => {
    expect(isWithinRegion('330523101201', '330500')).toBe(true);
    expect(isWithinRegion('330523', '330523000000')).toBe(true);
    expect(isWithinRegion('330523', '330600')).toBe(false);
    expect(isWithinRegion('330500', '330523')).toBe(false);
    expect(isWithinRegion('bad', '330000')).toBe(false);
  });

  it('names the province', () => {
    expect(provinceNameOf('330523')).toBe('浙江省');
    expect(provinceNameOf('820000')).toBe('澳门特别行政区');
    expect(provinceNameOf('990000')).toBeUndefined();
    expect(PROVINCE_CODES).toHaveLength(34);
  });

  const validCode = fc
    .tuple(
      fc.constantFrom(...PROVINCE_CODES),
      fc.integer({ min: 1, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 1, max: 999 }),
      fc.integer({ min: 1, max: 999 }),
      fc.integer({ min: 1, max: 5 }),
    )
    .map(([p, c, k, t, v, level]) => {
      const pad = (n: number, w: number) => String(n).padStart(w, '0');
      const parts = [p, pad(c, 2), pad(k, 2), pad(t, 3), pad(v, 3)];
      const used = level === 1 ? [p, '00', '00'] : level === 2 ? [p, parts[1], '00'] : parts.slice(0, Math.max(3, level));
      return used.join('');
    });

  it('walks every valid code up to its province, one level at a time', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        const chain = regionAncestry(code);
        expect(chain[0]).toBe(`${code.slice(0, 2)}0000`);
        expect(chain[chain.length - 1]).toBe(normalizeRegionCode(code));
        for (const c of chain) expect(isValidRegionCode(c)).toBe(true);
        for (let i = 1; i < chain.length; i++) {
          expect(parentRegionCode(chain[i] as string)).toBe(chain[i - 1]);
          expect((regionLevel(chain[i] as string) as number) > (regionLevel(chain[i - 1] as string) as number)).toBe(true);
          expect((chain[i] as string).startsWith((chain[i - 1] as string).replace(/0+$/, ''))).toBe(true);
        }
      }),
    );
  });

  it('padding a code with zero groups never changes its meaning', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        const padded = code.padEnd(12, '0');
        expect(normalizeRegionCode(padded)).toBe(normalizeRegionCode(code));
        expect(regionLevel(padded)).toBe(regionLevel(code));
      }),
    );
  });
});
