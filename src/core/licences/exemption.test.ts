import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { licenceExemptCount } from './exemption.js';

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
