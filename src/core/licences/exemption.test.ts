import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exemptionFigure, licenceExemptCount } from './exemption.js';

describe('免证办 figure', () => {
  it('counts the materials a licence can replace', () => {
    expect(licenceExemptCount([{ licenceType: '营业执照' }, {}, { licenceType: '居民身份证' }])).toBe(2);
    expect(licenceExemptCount([])).toBe(0);
  });

  it('counts the materials a data-directory read can replace, a material with both once', () => {
    const household = { source: 'population', purpose: 'household_check' };
    expect(licenceExemptCount([{ dataFulfilment: household }, { licenceType: '营业执照', dataFulfilment: { source: 'legal_person', purpose: 'market_entity_check' } }, {}])).toBe(2);
  });

  it('never exceeds the number of materials and is additive over concatenation', () => {
    const m = fc.record({ licenceType: fc.option(fc.constant('营业执照'), { nil: undefined }), dataFulfilment: fc.option(fc.constant({ source: 'population', purpose: 'household_check' }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(m), fc.array(m), (a, b) => {
        expect(licenceExemptCount(a)).toBeLessThanOrEqual(a.length);
        expect(licenceExemptCount([...a, ...b])).toBe(licenceExemptCount(a) + licenceExemptCount(b));
      }),
    );
  });
});

describe('免证办 figure of an item (exemptionFigure)', () => {
  it('counts a licence type only when the catalogue has it (given the names and codes of its types)', () => {
    const types = new Set(['营业执照', 'YYZZ']);
    expect(exemptionFigure([{ licenceType: '营业执照' }, { licenceType: 'YYZZ' }, { licenceType: '居民身份证' }, { licenceType: '居民身份证', dataFulfilment: { source: 'population', purpose: 'identity_check' } }], types)).toEqual({ materials: 4, exempt: 3, upload: 1 });
    expect(licenceExemptCount([{ licenceType: '居民身份证' }])).toBe(1);
    expect(licenceExemptCount([{ licenceType: '居民身份证' }], types)).toBe(0);
  });

  it('splits the materials into exempt and upload', () => {
    expect(exemptionFigure([{ licenceType: '营业执照' }, {}, { dataFulfilment: { source: 'population', purpose: 'household_check' } }])).toEqual({ materials: 3, exempt: 2, upload: 1 });
    expect(exemptionFigure([])).toEqual({ materials: 0, exempt: 0, upload: 0 });
  });

  it('exempt + upload = materials, and the figures add up over items (what the scorecards sum)', () => {
    const m = fc.record({ licenceType: fc.option(fc.constant('营业执照'), { nil: undefined }), dataFulfilment: fc.option(fc.constant({ source: 'population', purpose: 'household_check' }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(m), fc.array(m), (a, b) => {
        const fa = exemptionFigure(a);
        const fb = exemptionFigure(b);
        expect(fa.exempt + fa.upload).toBe(fa.materials);
        expect(exemptionFigure([...a, ...b])).toEqual({ materials: fa.materials + fb.materials, exempt: fa.exempt + fb.exempt, upload: fa.upload + fb.upload });
      }),
    );
  });
});
