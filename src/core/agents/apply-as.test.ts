import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentMayActOnAll, applyAsChoices, type AgencyFacts } from './apply-as.js';
import { agentMayAct } from './scope.js';

const TODAY = '2026-12-15';
const agency = (over: Partial<AgencyFacts> = {}): AgencyFacts => ({ enterpriseId: 'ent-1', enterpriseName: '安吉白茶', validFrom: '2026-12-01', validUntil: '2026-12-31', revoked: false, scope: { kind: 'all' }, ...over });
const item = { implId: 'i1', category: '市场准入' };

describe('apply as (为本人申请 / 代企业申请)', () => {
  it('offers oneself and the enterprise when the item serves both kinds', () => {
    const r = applyAsChoices('natural_person', ['natural_person', 'legal_person'], [agency()], [item], TODAY);
    expect(r.choices).toEqual([{ kind: 'self' }, { kind: 'enterprise', enterpriseId: 'ent-1', enterpriseName: '安吉白茶' }]);
    expect(r.refusal).toBeNull();
  });
  it('does not offer the enterprise for an item only for natural persons', () => {
    const r = applyAsChoices('natural_person', ['natural_person'], [agency()], [item], TODAY);
    expect(r.choices).toEqual([{ kind: 'self' }]);
  });
  it('offers only the enterprise for an item only for legal persons', () => {
    expect(applyAsChoices('natural_person', ['legal_person'], [agency()], [item], TODAY).choices).toEqual([{ kind: 'enterprise', enterpriseId: 'ent-1', enterpriseName: '安吉白茶' }]);
  });
  it('tells a natural person without agent rights that a legal-person item is not for them', () => {
    for (const a of [[], [agency({ validUntil: '2026-12-14' })], [agency({ revoked: true })], [agency({ scope: { kind: 'listed', implIds: ['other'], categories: ['社会事务'] } })]]) {
      const r = applyAsChoices('natural_person', ['legal_person'], a, [item], TODAY);
      expect(r.choices).toEqual([]);
      expect(r.refusal?.code).toBe('ONLY_LEGAL_PERSONS');
    }
  });
  it('tells an enterprise account that a natural-person item is not for it', () => {
    expect(applyAsChoices('legal_person', ['natural_person'], [], [item], TODAY).refusal?.code).toBe('ONLY_NATURAL_PERSONS');
  });
  it('offers the enterprise for a bundle only when the grant covers every member', () => {
    const scope = { kind: 'listed' as const, implIds: [], categories: ['市场准入'] };
    const members = [item, { implId: 'i2', category: '市场准入' }];
    expect(applyAsChoices('natural_person', ['legal_person'], [agency({ scope })], members, TODAY).choices).toHaveLength(1);
    expect(applyAsChoices('natural_person', ['legal_person'], [agency({ scope })], [...members, { implId: 'i3', category: '税费服务' }], TODAY).choices).toHaveLength(0);
  });
  it('names each enterprise once even with two grants in force', () => {
    const r = applyAsChoices('natural_person', ['legal_person'], [agency(), agency({ grantId: 'x' } as Partial<AgencyFacts>)], [item], TODAY);
    expect(r.choices).toHaveLength(1);
  });
});

describe('agent may act on all members (一件事)', () => {
  it('is the first refusal among the members', () => {
    const g = [agency({ scope: { kind: 'listed', implIds: ['i1'], categories: [] } })];
    expect(agentMayActOnAll(g, 'ent-1', [item], TODAY).ok).toBe(true);
    const d = agentMayActOnAll(g, 'ent-1', [item, { implId: 'i2' }], TODAY);
    expect(d.ok ? null : d.reason).toBe('out_of_scope');
    const e = agentMayActOnAll([agency({ validUntil: '2026-12-01' })], 'ent-1', [item], TODAY);
    expect(e.ok ? null : e.reason).toBe('expired');
  });
  it('agrees with agentMayAct on every member (property)', () => {
    const arbItem = fc.record({ implId: fc.constantFrom('i1', 'i2', 'i3'), category: fc.constantFrom('市场准入', '社会事务') });
    const arbGrant = fc.record({
      validUntil: fc.constantFrom('2026-12-10', '2026-12-31'),
      revoked: fc.boolean(),
      scope: fc.oneof(fc.constant({ kind: 'all' as const }), fc.record({ kind: fc.constant('listed' as const), implIds: fc.subarray(['i1', 'i2', 'i3']), categories: fc.subarray(['市场准入', '社会事务']) })),
    });
    fc.assert(
      fc.property(fc.array(arbGrant, { maxLength: 3 }), fc.array(arbItem, { minLength: 1, maxLength: 4 }), (gs, items) => {
        const grants = gs.map((g) => agency(g));
        const all = agentMayActOnAll(grants, 'ent-1', items, TODAY).ok;
        expect(all).toBe(items.every((i) => agentMayAct(grants, 'ent-1', i, TODAY).ok));
        // The page offers the enterprise exactly when the server would let the agent file.
        const offered = applyAsChoices('natural_person', ['legal_person'], grants, items, TODAY).choices.some((c) => c.kind === 'enterprise');
        expect(offered).toBe(all);
      }),
    );
  });
});
