import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handedInProblem } from './merge.js';

const list = [{ code: 'A' }, { code: 'B' }, { code: 'C' }];

describe('handedInProblem (一次告知: each merged material handed in once)', () => {
  it('accepts codes on the list, each once, in any order, and nothing at all', () => {
    expect(handedInProblem(list, [])).toBeNull();
    expect(handedInProblem(list, [{ code: 'C' }, { code: 'A' }])).toBeNull();
  });
  it('names an unknown code and a code handed in twice', () => {
    expect(handedInProblem(list, [{ code: 'A' }, { code: 'X' }])).toEqual({ code: 'BUNDLE_MATERIAL_UNKNOWN', material: 'X' });
    expect(handedInProblem(list, [{ code: 'B' }, { code: 'B' }])).toEqual({ code: 'BUNDLE_MATERIAL_TWICE', material: 'B' });
  });
  it('is null exactly when every code is on the list and none repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('A', 'B', 'C', 'D')), (codes) => {
        const ok = codes.every((c) => c !== 'D') && new Set(codes).size === codes.length;
        expect(handedInProblem(list, codes.map((code) => ({ code }))) === null).toBe(ok);
      }),
    );
  });
});
