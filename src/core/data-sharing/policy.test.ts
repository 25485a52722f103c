import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkDataQuery, checkDataRequest, type CaseRelationName, type DataQueryCase, type DataQueryRequest } from './policy.js';
import { DATA_PURPOSES, DATA_SOURCES, findSource, itemsForPurpose, sourcePurposes } from './directory.js';

const live: DataQueryCase = { relation: 'department', state: 'in_review', applicantKind: 'natural_person' };
const ok: DataQueryRequest = { caseId: 'c1', purpose: 'household_check', source: 'population', fields: ['name', 'householdAddress'] };

describe('a data query needs a case and a purpose, a served purpose and items allowed for it', () => {
  const table: [string, DataQueryRequest, string | null][] = [
    ['allowed: case, purpose, items of the purpose', ok, null],
    ['no case', { ...ok, caseId: undefined }, 'DATA_CASE_REQUIRED'],
    ['empty case', { ...ok, caseId: '' }, 'DATA_CASE_REQUIRED'],
    ['no purpose', { ...ok, purpose: null }, 'DATA_PURPOSE_REQUIRED'],
    ['no case and no purpose: the case is named first', { ...ok, caseId: null, purpose: null }, 'DATA_CASE_REQUIRED'],
    ['unknown source', { ...ok, source: 'tax' }, 'DATA_SOURCE_UNKNOWN'],
    ['unknown purpose', { ...ok, purpose: 'curiosity' }, 'DATA_PURPOSE_UNKNOWN'],
    ['a purpose the source does not serve', { ...ok, purpose: 'market_entity_check' }, 'DATA_PURPOSE_NOT_SERVED'],
    ['no items', { ...ok, fields: [] }, 'DATA_FIELDS_REQUIRED'],
    ['an item the source does not hold', { ...ok, fields: ['name', 'salary'] }, 'DATA_FIELD_UNKNOWN'],
    ['an item not allowed for the purpose', { ...ok, purpose: 'identity_verification', fields: ['name', 'householdAddress'] }, 'DATA_FIELD_NOT_FOR_PURPOSE'],
    ['a source named by its catalogue alias', { ...ok, source: '公安人口库' }, null],
    ['legal person register for a licence review', { caseId: 'c', purpose: 'licensing_review', source: 'legal_person', fields: ['name', 'status'] }, null],
    ['legal person register for household check', { caseId: 'c', purpose: 'household_check', source: 'legal_person', fields: ['name'] }, 'DATA_PURPOSE_NOT_SERVED'],
  ];
  it.each(table)('%s', (_name, req, code) => {
    const d = checkDataRequest(req);
    if (code === null) expect(d).toMatchObject({ ok: true });
    else expect(d).toMatchObject({ ok: false, refusal: { code } });
    if (!d.ok) {
      expect(d.refusal.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(d.refusal.en.length).toBeGreaterThan(10);
    }
  });

  it('keeps the order of the items asked for and drops repeats', () => {
    const d = checkDataRequest({ ...ok, fields: ['householdAddress', 'name', 'householdAddress'] });
    expect(d).toMatchObject({ ok: true, fields: ['householdAddress', 'name'] });
  });
});

describe('only staff acting in the case may query, only while it is live, only about its applicant’s kind', () => {
  const relations: [CaseRelationName | null, boolean][] = [
    ['department', true],
    ['window', true],
    ['supervisor', false],
    ['applicant', false],
    [null, false],
  ];
  it.each(relations)('relation %s → allowed %s', (relation, allowed) => {
    const d = checkDataQuery(ok, { ...live, relation });
    expect(d.ok).toBe(allowed);
    if (!d.ok) expect(d.refusal).toMatchObject({ code: 'DATA_NOT_ACTING_IN_CASE', kind: 'forbidden' });
  });

  const states: [string, boolean][] = [
    ['draft', false],
    ['submitted', true],
    ['correction_requested', true],
    ['accepted', true],
    ['in_review', true],
    ['suspended', true],
    ['approved', true],
    ['denied', true],
    ['completed', true],
    ['refused', false],
    ['delivered', false],
    ['withdrawn', false],
    ['terminated', false],
    ['revoked', false],
  ];
  it.each(states)('state %s → allowed %s', (state, allowed) => {
    const d = checkDataQuery(ok, { ...live, state });
    expect(d.ok).toBe(allowed);
    if (!d.ok) expect(d.refusal.code).toBe('DATA_CASE_NOT_LIVE');
  });

  it.each([
    ['population', 'natural_person', true],
    ['population', 'legal_person', false],
    ['legal_person', 'legal_person', true],
    ['legal_person', 'natural_person', false],
    ['licences', 'natural_person', true],
    ['licences', 'legal_person', true],
  ] as const)('source %s for a %s applicant → allowed %s', (source, applicantKind, allowed) => {
    const s = findSource(source)!;
    const purpose = s.forMaterial.purpose;
    const d = checkDataQuery({ caseId: 'c', purpose, source, fields: [...s.forMaterial.fields] }, { ...live, applicantKind });
    expect(d.ok).toBe(allowed);
    if (!d.ok) expect(d.refusal.code).toBe('DATA_SUBJECT_KIND');
  });

  it('a request refused on its own is refused whatever the case (the request is checked first)', () => {
    expect(checkDataQuery({ ...ok, purpose: undefined }, { ...live, relation: null })).toMatchObject({ ok: false, refusal: { code: 'DATA_PURPOSE_REQUIRED' } });
  });
});

describe('the directory is consistent', () => {
  it('every item’s purposes exist, every source serves its material purpose with its material items, codes and aliases are unique', () => {
    const purposes = new Set(DATA_PURPOSES.map((p) => p.code));
    const names = DATA_SOURCES.flatMap((s) => [s.code, s.name, ...s.aliases]);
    expect(new Set(names).size).toBe(names.length);
    for (const s of DATA_SOURCES) {
      for (const i of s.items) for (const p of i.purposes) expect(purposes.has(p), `${s.code}.${i.key}: ${p}`).toBe(true);
      expect(checkDataRequest({ caseId: 'c', purpose: s.forMaterial.purpose, source: s.code, fields: s.forMaterial.fields })).toMatchObject({ ok: true });
    }
  });

  it('property: a request is allowed exactly when every item asked for allows the purpose (given case, purpose and items)', () => {
    const src = fc.constantFrom(...DATA_SOURCES);
    fc.assert(
      fc.property(src, fc.constantFrom(...DATA_PURPOSES.map((p) => p.code)), fc.func(fc.boolean()), (s, purpose, pick) => {
        const fields = s.items.filter((i) => pick(i.key)).map((i) => i.key);
        const d = checkDataRequest({ caseId: 'c', purpose, source: s.code, fields });
        const expected = fields.length > 0 && sourcePurposes(s).includes(purpose) && fields.every((f) => itemsForPurpose(s, purpose).some((i) => i.key === f));
        expect(d.ok).toBe(expected);
      }),
    );
  });
});
