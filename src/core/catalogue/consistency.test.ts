import { describe, expect, it } from 'vitest';
import { compareImplementations, consistencyReport } from './consistency.js';
import { buildItemContent } from './test-factory.js';
import { DEMO_LEVEL_ITEMS } from '../../server/demo/items/index.js';

describe('三级十同 report', () => {
  it('finds no deviation between identical implementations', () => {
    const c = buildItemContent();
    expect(compareImplementations(c, c).every((d) => d.kind === 'same')).toBe(true);
  });

  it('treats a shorter promised limit as better and a longer one as a deviation', () => {
    const ref = buildItemContent({ promisedLimitDays: 10 });
    expect(compareImplementations(ref, { ...ref, promisedLimitDays: 5 }).find((d) => d.element === 'timeLimit')?.kind).toBe('better');
    expect(compareImplementations(ref, { ...ref, promisedLimitDays: 15 }).find((d) => d.element === 'timeLimit')?.kind).toBe('deviation');
  });

  it('reports extra materials as a deviation and names them', () => {
    const ref = buildItemContent();
    const extra = { ...ref, materials: [...ref.materials, { ...(ref.materials[0] as (typeof ref.materials)[number]), id: 'm-x', name: '额外证明' }] };
    const d = compareImplementations(ref, extra).find((x) => x.element === 'materials');
    expect(d?.kind).toBe('deviation');
    expect(d?.zh).toContain('额外证明');
  });

  it('does not count the implementation code, body, place or phone as deviations', () => {
    const ref = buildItemContent();
    const other = { ...ref, place: '别处', consultPhone: '1', implementingBody: { ...ref.implementingBody, name: '另一机关' } };
    expect(compareImplementations(ref, other).every((d) => d.kind === 'same')).toBe(true);
  });

  it('compares county with city and city with province on the demo item', () => {
    const report = consistencyReport(DEMO_LEVEL_ITEMS.map((l) => ({ level: l.level, orgName: l.departmentKey, content: l.content })));
    expect(report.map((r) => [r.level, r.againstLevel])).toEqual([
      ['city', 'province'],
      ['county', 'city'],
    ]);
    const city = report[0];
    const county = report[1];
    expect(city?.deviations.find((d) => d.element === 'basis')?.kind).toBe('deviation');
    expect(city?.deviations.find((d) => d.element === 'timeLimit')?.kind).toBe('better');
    expect(county?.deviations.find((d) => d.element === 'materials')?.kind).toBe('deviation');
    expect(county?.deviations.find((d) => d.element === 'form')?.kind).toBe('deviation');
  });
});
