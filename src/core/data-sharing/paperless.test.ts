import { describe, expect, it } from 'vitest';
import { buildItemContent } from '../catalogue/test-factory.js';
import { paperlessFigure, paperlessMaterials } from './paperless.js';

describe('免证办: materials answered by a licence or shared data', () => {
  const base = buildItemContent({});
  const { licenceType: _l, sharedDataSource: _s, ...m } = base.materials[0]!;
  const content = {
    materials: [
      { ...m, id: 'a', name: '身份证', licenceType: '居民身份证' },
      { ...m, id: 'b', name: '户口簿', sharedDataSource: 'population' },
      { ...m, id: 'c', name: '营业执照', licenceType: '营业执照', sharedDataSource: 'legal_person' },
      { ...m, id: 'd', name: '申请书' },
    ],
  };
  it('counts a material with a licence type, a data source or both once', () => {
    expect(paperlessMaterials(content).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });
  it('a bundle counts a shared material once and paperless when any item can fetch it', () => {
    const other = { materials: [{ ...m, id: 'x', name: '申请书' }, { ...m, id: 'y', name: '户口簿' }] };
    expect(paperlessFigure([content, other])).toEqual({ paperless: 3, uploads: 1, total: 4 });
  });
});
