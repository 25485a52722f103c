import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitFulfilments } from './fulfilment.js';
import type { MergedMaterial } from './merge.js';

const licence: MergedMaterial = { code: 'licence:营业执照', name: '营业执照', required: true, exempt: true, licenceType: '营业执照', dataFulfilment: { source: 'legal_person', purpose: 'market_entity_check' }, serves: [{ memberKey: 'food', materialId: 'm-licence' }, { memberKey: 'change', materialId: 'm-licence' }] };
const plan: MergedMaterial = { code: 'food:m-layout', name: '经营布局', required: true, exempt: false, licenceType: null, dataFulfilment: null, serves: [{ memberKey: 'food', materialId: 'm-layout' }] };
const list = [licence, plan];

describe('splitFulfilments', () => {
  it('gives every member a material serves the use under its own material id', () => {
    expect(splitFulfilments(list, [{ code: licence.code, identifier: 'X' }], [])).toEqual({
      ok: true,
      members: { food: { licences: [{ materialId: 'm-licence', identifier: 'X' }], dataUses: [] }, change: { licences: [{ materialId: 'm-licence', identifier: 'X' }], dataUses: [] } },
    });
    expect(splitFulfilments(list, [], [{ code: licence.code, purpose: 'market_entity_check' }])).toMatchObject({ ok: true, members: { change: { dataUses: [{ materialId: 'm-licence', purpose: 'market_entity_check' }] } } });
  });

  it.each([
    ['an unknown code', [{ code: 'nope', identifier: 'X' }], [], [], 'BUNDLE_MATERIAL_UNKNOWN'],
    ['a licence for a material no licence replaces', [{ code: plan.code, identifier: 'X' }], [], [], 'LICENCE_NOT_ACCEPTED'],
    ['a data read for a material no read replaces', [], [{ code: plan.code, purpose: 'x' }], [], 'DATA_MATERIAL_NOT_FULFILLABLE'],
    ['a licence and a read for one material', [{ code: licence.code, identifier: 'X' }], [{ code: licence.code, purpose: 'market_entity_check' }], [], 'BUNDLE_MATERIAL_TWICE'],
    ['a licence for an uploaded material', [{ code: licence.code, identifier: 'X' }], [], [licence.code], 'BUNDLE_MATERIAL_TWICE'],
  ] as const)('refuses %s', (_what, licences, dataUses, handedIn, code) => {
    const r = splitFulfilments(list, licences, dataUses, handedIn);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.code).toBe(code);
  });

  it('a material whose definitions differ takes neither (no member gets a use its catalogue entry does not allow)', () => {
    const mixed: MergedMaterial = { ...licence, licenceType: null, dataFulfilment: null };
    expect(splitFulfilments([mixed], [{ code: mixed.code, identifier: 'X' }], []).ok).toBe(false);
  });

  it('property: each accepted use reaches exactly the members its material serves', () => {
    fc.assert(
      fc.property(fc.subarray(['a', 'b', 'c', 'd']), (keys) => {
        const m: MergedMaterial = { ...licence, serves: keys.map((k) => ({ memberKey: k, materialId: `m-${k}` })) };
        const r = splitFulfilments([m], [{ code: m.code, identifier: 'X' }], []);
        expect(r.ok).toBe(true);
        if (r.ok) expect(Object.keys(r.members).sort()).toEqual([...keys].sort());
      }),
    );
  });
});
