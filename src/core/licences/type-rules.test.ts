import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { licenceTypeProblems, normalisedType, typeChangeProblems, type TypeChangeFacts } from './type-rules.js';
import type { LicenceType } from './types.js';

const food: LicenceType = {
  code: 'SPJYXK',
  name: '食品经营许可证',
  nameEn: 'Food business licence',
  issuerKind: '市场监督管理',
  validity: { kind: 'years', years: 5 },
  issuingBaseCodes: ['XK00123000'],
  fields: [
    { key: 'operatorName', label: '经营者名称', labelEn: 'Operator', source: { from: 'form', keys: ['companyName'] } },
    { key: 'legalRep', label: '法定代表人', labelEn: 'Legal representative', source: { from: 'form', keys: ['legalRep'] }, personal: true },
    { key: 'licenceNo', label: '许可证编号', labelEn: 'Licence no.', source: { from: 'case', key: 'resultNo' } },
  ],
};
const facts = (over: Partial<TypeChangeFacts> = {}): TypeChangeFacts => ({ issued: 0, others: [{ code: 'YYZZ', name: '营业执照' }, { code: food.code, name: food.name }], referencedAs: [], knownBaseCodes: new Set(['XK00123000', 'XK00999000']), ...over });
const codes = (ps: { code: string }[]) => ps.map((x) => x.code);

describe('licence type rules (证照类型)', () => {
  it('accepts a well-formed type', () => {
    expect(licenceTypeProblems(food)).toEqual([]);
  });

  it.each<[string, Partial<LicenceType>, string]>([
    ['lower-case code', { code: 'spjy' }, 'LT_CODE'],
    ['code with a dot', { code: 'SP.JY' }, 'LT_CODE'],
    ['empty name', { name: ' ' }, 'LT_NAME'],
    ['no English name', { nameEn: '' }, 'LT_NAME'],
    ['no issuing department kind', { issuerKind: '' }, 'LT_ISSUER_KIND'],
    ['no data field', { fields: [] }, 'LT_FIELDS_EMPTY'],
    ['zero years', { validity: { kind: 'years', years: 0 } }, 'LT_VALIDITY'],
    ['fractional years', { validity: { kind: 'years', years: 2.5 } }, 'LT_VALIDITY'],
    ['an issuing item twice', { issuingBaseCodes: ['XK00123000', 'XK00123000'] }, 'LT_ISSUING_DUPLICATE'],
    ['a field key twice', { fields: [food.fields[0]!, { ...food.fields[2]!, key: 'operatorName' }] }, 'LT_FIELD_KEY_DUPLICATE'],
    ['a field key with a dash', { fields: [{ ...food.fields[0]!, key: 'operator-name' }] }, 'LT_FIELD_KEY'],
    ['a field without an English label', { fields: [{ ...food.fields[0]!, labelEn: '' }] }, 'LT_FIELD_LABEL'],
    ['a form field naming no key', { fields: [{ ...food.fields[0]!, source: { from: 'form', keys: [] } }] }, 'LT_FIELD_SOURCE'],
    ['an empty fixed value', { fields: [{ ...food.fields[0]!, source: { from: 'fixed', value: '' } }] }, 'LT_FIELD_SOURCE'],
    ['an ID number not marked personal', { fields: [{ key: 'idNo', label: '身份证号', labelEn: 'ID', source: { from: 'holder', key: 'idNumber' } }] }, 'LT_FIELD_PERSONAL'],
  ])('refuses %s', (_name, change, code) => {
    expect(codes(licenceTypeProblems({ ...food, ...change }))).toContain(code);
  });

  it('a new type needs a free code and name and issuing items that exist', () => {
    expect(typeChangeProblems(null, { ...food, code: 'SPJYXK2', name: '食品经营许可证（新）' }, facts())).toEqual([]);
    expect(codes(typeChangeProblems(null, food, facts()))).toEqual(['LT_CODE_TAKEN', 'LT_NAME_TAKEN']);
    expect(codes(typeChangeProblems(null, { ...food, code: 'X1', name: 'X', issuingBaseCodes: ['XK00000000'] }, facts()))).toEqual(['LT_ISSUING_UNKNOWN']);
  });

  it('a type with no licences may change anything, its code included', () => {
    const changed: LicenceType = { ...food, code: 'SPXK', name: '食品许可证', fields: [food.fields[0]!], validity: { kind: 'permanent' } };
    expect(typeChangeProblems(food, changed, facts())).toEqual([]);
  });

  it('with issued licences: the code stays, every field key stays, a personal field stays personal', () => {
    const f = facts({ issued: 3 });
    expect(codes(typeChangeProblems(food, { ...food, code: 'SPXK' }, f))).toEqual(['LT_CODE_FIXED']);
    expect(codes(typeChangeProblems(food, { ...food, fields: food.fields.slice(1) }, f))).toEqual(['LT_FIELD_REMOVED']);
    expect(codes(typeChangeProblems(food, { ...food, fields: food.fields.map((x) => (x.key === 'legalRep' ? { ...x, key: 'legalRepresentative' } : x)) }, f))).toEqual(['LT_FIELD_REMOVED']);
    expect(codes(typeChangeProblems(food, { ...food, fields: food.fields.map((x) => (x.key === 'legalRep' ? { ...x, personal: false } : x)) }, f))).toEqual(['LT_FIELD_UNMASKED']);
    // What does not touch issued licences is allowed: names, labels, validity of new issues, new fields, issuing items.
    const allowed: LicenceType = {
      ...food,
      name: '食品经营许可证（2027版）',
      validity: { kind: 'years', years: 10 },
      issuingBaseCodes: ['XK00123000', 'XK00999000'],
      fields: [...food.fields.map((x) => ({ ...x, label: `${x.label}（新）` })), { key: 'kind', label: '主体业态', labelEn: 'Business type', source: { from: 'form', keys: ['kind'] } }],
    };
    expect(typeChangeProblems(food, allowed, f)).toEqual([]);
  });

  it('a name or code that catalogue materials ask for cannot change under them', () => {
    const f = facts({ referencedAs: ['食品经营许可证'] });
    expect(codes(typeChangeProblems(food, { ...food, name: '食品许可' }, f))).toEqual(['LT_REFERENCED']);
    expect(typeChangeProblems(food, { ...food, code: 'SPXK' }, f)).toEqual([]);
    expect(codes(typeChangeProblems(food, { ...food, code: 'SPXK' }, facts({ referencedAs: ['SPJYXK'] })))).toEqual(['LT_REFERENCED']);
  });

  it('property: with issued licences, a change is refused exactly when it drops a field key, unmasks a field or changes the code', () => {
    const fieldChange = fc.record({ drop: fc.boolean(), unmask: fc.boolean(), relabel: fc.boolean() });
    fc.assert(
      fc.property(fc.array(fieldChange, { minLength: 3, maxLength: 3 }), fc.boolean(), fc.boolean(), (changes, newCode, addField) => {
        const fields = food.fields.flatMap((x, i) => {
          const c = changes[i]!;
          if (c.drop) return [];
          return [{ ...x, ...(c.relabel ? { label: `${x.label}*` } : {}), ...(c.unmask ? { personal: false } : {}) }];
        });
        if (addField) fields.push({ key: 'extra', label: '备注', labelEn: 'Note', source: { from: 'fixed', value: '—' } });
        const after: LicenceType = { ...food, code: newCode ? 'SPXK' : food.code, fields: fields.length ? fields : [{ key: 'extra2', label: '备注', labelEn: 'Note', source: { from: 'fixed', value: '—' } }] };
        const breaks = newCode || changes.some((c, i) => c.drop || (c.unmask && !!food.fields[i]!.personal));
        expect(typeChangeProblems(food, after, facts({ issued: 1 })).length > 0).toBe(breaks);
        // Without issued licences (and no references) the same change is always allowed.
        expect(typeChangeProblems(food, after, facts())).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('normalises surrounding spaces', () => {
    expect(normalisedType({ ...food, name: ' 食品经营许可证 ', issuingBaseCodes: [' XK00123000'] })).toMatchObject({ name: '食品经营许可证', issuingBaseCodes: ['XK00123000'] });
  });
});
