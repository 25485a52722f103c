import { describe, expect, it } from 'vitest';
import { defaultAnswers } from '../../core/bundles/selection.js';
import { mergeApplication, reductionRate } from '../../core/bundles/merge.js';
import { validateBundle } from '../../core/bundles/rules.js';
import type { BundleContent, MemberFacts } from '../../core/bundles/types.js';
import { DEMO_ITEMS } from './items/index.js';
import { DEMO_BUNDLES } from './bundles.js';

/** The demo bundles against the demo items, with item names as ids (no database needed). */
function resolved(b: (typeof DEMO_BUNDLES)[number]): { content: BundleContent; facts: Map<string, MemberFacts> } {
  const facts = new Map<string, MemberFacts>();
  for (const m of b.members) {
    const c = DEMO_ITEMS.find((i) => i.content.mainName === m.item)!.content;
    facts.set(m.item, { itemId: m.item, name: c.mainName, department: c.implementingBody.name, published: true, promisedLimitDays: c.promisedLimitDays, form: c.form, materials: c.materials, situations: c.situations });
  }
  return { content: { ...b, members: b.members.map(({ item, ...m }) => ({ ...m, itemId: item })) }, facts };
}

describe('demo bundles', () => {
  it.each(DEMO_BUNDLES.map((b) => [b.name, b] as const))('%s passes the rule check, spans departments and cuts materials ≥30%% and fields ≥40%%', (_n, b) => {
    const { content, facts } = resolved(b);
    expect(validateBundle(content, facts)).toEqual([]);
    expect(new Set([...facts.values()].map((f) => f.department)).size).toBeGreaterThanOrEqual(2);
    const f = mergeApplication(content, facts, defaultAnswers(content)).figures;
    expect(reductionRate(f.materialsSeparate, f.materialsMerged)).toBeGreaterThanOrEqual(30);
    expect(reductionRate(f.fieldsSeparate, f.fieldsMerged)).toBeGreaterThanOrEqual(40);
  });
  it('has at least three bundles', () => {
    expect(DEMO_BUNDLES.length).toBeGreaterThanOrEqual(3);
  });
});
