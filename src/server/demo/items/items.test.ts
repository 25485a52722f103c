import { describe, expect, it } from 'vitest';
import { validateItem } from '../../../core/catalogue/rules.js';
import { DEMO_WINDOW_CATEGORIES } from '../org.js';
import { DEMO_ITEMS, DEMO_LEVEL_ITEMS } from './index.js';

describe('demo catalogue', () => {
  it('has at least 30 items with unique base and implementation codes', () => {
    expect(DEMO_ITEMS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(DEMO_ITEMS.map((i) => i.content.baseCode)).size).toBe(DEMO_ITEMS.length);
    const impl = [...DEMO_ITEMS, ...DEMO_LEVEL_ITEMS.filter((l) => l.level !== 'county')].map((i) => i.content.implCode);
    expect(new Set(impl).size).toBe(impl.length);
  });

  it.each(DEMO_ITEMS.map((i) => [i.content.mainName + (i.content.subName ?? ''), i.content] as const))('%s passes every catalogue rule', (_name, content) => {
    expect(validateItem(content).filter((p) => p.severity === 'error')).toEqual([]);
    expect(DEMO_WINDOW_CATEGORIES.map((c) => c.name as string)).toContain(content.category);
  });

  it('has on-the-spot items, fees, situations and special procedures', () => {
    const all = DEMO_ITEMS.map((i) => i.content);
    expect(all.filter((c) => c.caseKind === 'on_the_spot').length).toBeGreaterThanOrEqual(4);
    expect(all.filter((c) => c.fees.length > 0).length).toBeGreaterThanOrEqual(2);
    expect(all.filter((c) => c.situations.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((c) => c.specialProcedures.length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('implements one base item at province, city and county level', () => {
    expect(DEMO_LEVEL_ITEMS.map((l) => l.level)).toEqual(['province', 'city', 'county']);
    expect(new Set(DEMO_LEVEL_ITEMS.map((l) => l.content.baseCode)).size).toBe(1);
    for (const l of DEMO_LEVEL_ITEMS) expect(validateItem(l.content).filter((p) => p.severity === 'error')).toEqual([]);
  });
});
