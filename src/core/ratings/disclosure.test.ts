import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { summarise } from './disclosure.js';

describe('评价公开 summary', () => {
  it('counts per level in the order 非常满意 … 非常不满意, with the good rate of non-差评', () => {
    const s = summarise([
      { level: 5, count: 6 },
      { level: 2, count: 1 },
      { level: 1, count: 1 },
      { level: 3, count: 2 },
    ]);
    expect(s.counts.map((c) => [c.level, c.zh, c.count])).toEqual([
      [5, '非常满意', 6],
      [4, '满意', 0],
      [3, '基本满意', 2],
      [2, '不满意', 1],
      [1, '非常不满意', 1],
    ]);
    expect(s.total).toBe(10);
    expect(s.goodRate).toBe(0.8);
  });

  it('reports the good rate of no ratings as null, not 0, and drops unknown levels', () => {
    expect(summarise([])).toMatchObject({ total: 0, goodRate: null });
    expect(summarise([{ level: 7, count: 3 }, { level: 0, count: 1 }])).toMatchObject({ total: 0, goodRate: null });
  });

  it('law: the total is the sum of the counts, and the good rate lies in [0, 1] and is null exactly when there is nothing counted', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ level: fc.integer({ min: 0, max: 6 }), count: fc.integer({ min: 0, max: 1000 }) })), (rows) => {
        const s = summarise(rows);
        expect(s.total).toBe(s.counts.reduce((a, c) => a + c.count, 0));
        expect(s.total).toBe(rows.filter((r) => r.level >= 1 && r.level <= 5).reduce((a, r) => a + r.count, 0));
        if (s.total === 0) expect(s.goodRate).toBeNull();
        else {
          expect(s.goodRate).not.toBeNull();
          expect(s.goodRate).toBeGreaterThanOrEqual(0);
          expect(s.goodRate).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
