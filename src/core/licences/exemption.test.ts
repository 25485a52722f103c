import { describe, expect, it } from 'vitest';
import { licenceExemptCount } from './exemption.js';

describe('免证办 figure', () => {
  it('counts the materials a licence can replace', () => {
    expect(licenceExemptCount([{ licenceType: '营业执照' }, {}, { licenceType: '居民身份证' }])).toBe(2);
    expect(licenceExemptCount([])).toBe(0);
  });
});
