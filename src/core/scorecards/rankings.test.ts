import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPublicFigure, PUBLIC_FIGURES, publicFigures, rankBy, townshipOf } from './rankings.js';
import { emptySums, figuresOf } from './figures.js';

describe('public figures (晒排名)', () => {
  it('keeps only the public keys: no 差评 counts, rectification or complaint figures', () => {
    const shown = publicFigures(figuresOf(emptySums()));
    expect(Object.keys(shown).sort()).toEqual([...PUBLIC_FIGURES].sort());
    for (const k of ['badRatings', 'rectifiedRate', 'complaints', 'complaintOnTimeRate']) {
      expect(shown).not.toHaveProperty(k);
      expect(isPublicFigure(k)).toBe(false);
    }
    expect(isPublicFigure('goodRate')).toBe(true);
  });
});

describe('rankBy', () => {
  it('ranks the larger rate first, shares a rank on ties (1-2-2-4) and puts empty bases last without a rank', () => {
    const rows = [
      { name: '甲', onTimeRate: 0.9 },
      { name: '乙', onTimeRate: null },
      { name: '丙', onTimeRate: 1 },
      { name: '丁', onTimeRate: 0.9 },
      { name: '戊', onTimeRate: 0.5 },
    ];
    const ranked = rankBy(rows, 'onTimeRate');
    expect(ranked.map((r) => [r.name, r.rank])).toEqual([
      ['丙', 1],
      ['丁', 2],
      ['甲', 2],
      ['戊', 4],
      ['乙', null],
    ]);
  });

  it('ranks fewer trips and fewer working days first', () => {
    const ranked = rankBy([{ name: 'a', avgTrips: 1.5 }, { name: 'b', avgTrips: 0.2 }], 'avgTrips');
    expect(ranked.map((r) => r.name)).toEqual(['b', 'a']);
  });

  const row = fc.record({ name: fc.string({ maxLength: 3 }), goodRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }) });
  it('is a permutation whose ranks never decrease and whose values never get better down the list (property)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const ranked = rankBy(rows, 'goodRate');
        expect(ranked).toHaveLength(rows.length);
        const ranks = ranked.filter((r) => r.rank !== null).map((r) => r.rank as number);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        if (ranks.length) expect(ranks[0]).toBe(1);
        const values = ranked.map((r) => r.goodRate);
        const firstNull = values.indexOf(null);
        if (firstNull >= 0) expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
        const numeric = values.filter((v): v is number => v !== null);
        for (let i = 1; i < numeric.length; i++) expect(numeric[i]).toBeLessThanOrEqual(numeric[i - 1] as number);
        // The rank is one more than the number of units strictly better.
        for (const r of ranked) if (r.rank !== null) expect(r.rank).toBe(numeric.filter((v) => v > (r.goodRate as number)).length + 1);
      }),
    );
  });
});

describe('townshipOf', () => {
  it('maps township and village codes to their township, and nothing above', () => {
    expect(townshipOf('330523101')).toBe('330523101');
    expect(townshipOf('330523001001')).toBe('330523001');
    expect(townshipOf('330523')).toBeNull();
    expect(townshipOf('33052310')).toBeNull();
  });
});
