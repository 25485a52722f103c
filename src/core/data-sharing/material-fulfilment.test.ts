import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Material } from '../catalogue/types.js';
import { DATA_PURPOSES, DATA_SOURCES } from './directory.js';
import { checkMaterialDataUse, checkMaterialDataUses, dataFulfilmentProblem, fulfilmentFields } from './material-fulfilment.js';

const base = { source: 'applicant', form: 'original', copies: 1, required: true, key: false, gapAllowed: false } as const;
const hukou: Material = { ...base, id: 'm-hukou', name: '户口簿', dataFulfilment: { source: 'population', purpose: 'household_check' } };
const licence: Material = { ...base, id: 'm-licence', name: '营业执照', dataFulfilment: { source: 'legal_person', purpose: 'market_entity_check' } };
const plain: Material = { ...base, id: 'm-application', name: '申请书' };
const materials = [hukou, licence, plain];

describe('免证办 via data: which material may be fulfilled by which read', () => {
  it('allows a marked material for its own purpose and reads every item that purpose allows', () => {
    const d = checkMaterialDataUse(materials, { materialId: 'm-hukou', purpose: 'household_check' }, 'natural_person');
    expect(d).toMatchObject({ ok: true, purpose: 'household_check', fields: ['name', 'idNumber', 'gender', 'birthDate', 'householdAddress'] });
    expect(checkMaterialDataUse(materials, { materialId: 'm-licence', purpose: 'market_entity_check' }, 'legal_person')).toMatchObject({ ok: true, source: { code: 'legal_person' } });
  });

  it.each([
    ['no purpose', { materialId: 'm-hukou' }, 'natural_person', 'DATA_PURPOSE_REQUIRED', 'validation'],
    ['an unknown purpose', { materialId: 'm-hukou', purpose: 'curiosity' }, 'natural_person', 'DATA_PURPOSE_UNKNOWN', 'validation'],
    ['a purpose the source does not serve', { materialId: 'm-hukou', purpose: 'market_entity_check' }, 'natural_person', 'DATA_PURPOSE_NOT_SERVED', 'forbidden'],
    ['a purpose the source serves but not the material’s', { materialId: 'm-hukou', purpose: 'identity_verification' }, 'natural_person', 'DATA_PURPOSE_NOT_FOR_MATERIAL', 'forbidden'],
    ['a material that takes no data', { materialId: 'm-application', purpose: 'household_check' }, 'natural_person', 'DATA_MATERIAL_NOT_FULFILLABLE', 'validation'],
    ['a material the item does not list', { materialId: 'm-nope', purpose: 'household_check' }, 'natural_person', 'DATA_MATERIAL_NOT_FULFILLABLE', 'validation'],
    ['a legal person for the population register', { materialId: 'm-hukou', purpose: 'household_check' }, 'legal_person', 'DATA_SUBJECT_KIND', 'validation'],
    ['a natural person for the legal person register', { materialId: 'm-licence', purpose: 'market_entity_check' }, 'natural_person', 'DATA_SUBJECT_KIND', 'validation'],
  ] as const)('refuses %s', (_name, req, kind, code, refusalKind) => {
    const d = checkMaterialDataUse(materials, req, kind);
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.refusal).toMatchObject({ code, kind: refusalKind });
      expect(d.refusal.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(d.refusal.en).toMatch(/[a-z]/);
    }
  });

  it('refuses the same material twice and names which request', () => {
    const r = checkMaterialDataUses(materials, [{ materialId: 'm-hukou', purpose: 'household_check' }, { materialId: 'm-hukou', purpose: 'household_check' }], 'natural_person');
    expect(r).toMatchObject({ ok: false, index: 1, refusal: { code: 'DATA_MATERIAL_TWICE' } });
  });

  it('property: whatever the material is marked with and the purpose asked, an allowed use reads only items allowed for its purpose, and only for the marked purpose', () => {
    const sourceCode = fc.constantFrom(...DATA_SOURCES.map((s) => s.code), 'nowhere');
    const purpose = fc.constantFrom(...DATA_PURPOSES.map((p) => p.code), 'curiosity');
    fc.assert(
      fc.property(sourceCode, purpose, purpose, fc.constantFrom('natural_person', 'legal_person' as const), (src, marked, asked, kind) => {
        const m: Material = { ...base, id: 'm', name: 'x', dataFulfilment: { source: src, purpose: marked } };
        const d = checkMaterialDataUse([m], { materialId: 'm', purpose: asked }, kind);
        if (!d.ok) return;
        expect(d.purpose).toBe(marked);
        expect(asked).toBe(marked);
        for (const f of d.fields) expect(d.source.items.find((i) => i.key === f)?.purposes).toContain(marked);
        expect(d.fields).toEqual(fulfilmentFields(d.source, marked));
      }),
    );
  });

  it('catalogue rule: the marked source must be in the directory and serve the purpose', () => {
    expect(dataFulfilmentProblem(hukou)).toBeNull();
    expect(dataFulfilmentProblem(plain)).toBeNull();
    expect(dataFulfilmentProblem({ name: 'x', dataFulfilment: { source: '不动产登记库', purpose: 'licensing_review' } })?.zh).toContain('不在数据目录中');
    expect(dataFulfilmentProblem({ name: 'x', dataFulfilment: { source: 'population', purpose: 'market_entity_check' } })?.en).toContain('may not be read');
  });
});
