import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalBytes, canonicalLicenceBytes, payloadFromBytes } from './canonical.js';
import { fieldValuesFrom, licencePayload, masksInPublic, type LicenceHolder } from './payload.js';
import type { LicenceType } from './types.js';

const sm3 = (t: string) => createHash('sm3').update(t, 'utf8').digest('hex');

const TYPE: LicenceType = {
  code: 'CSYXZM',
  name: '出生医学证明',
  nameEn: 'Medical birth certificate',
  issuerKind: '卫生健康',
  validity: { kind: 'permanent' },
  issuingBaseCodes: [],
  fields: [
    { key: 'babyName', label: '新生儿姓名', labelEn: 'Newborn', source: { from: 'form', keys: ['babyName'] }, personal: true },
    { key: 'birthDate', label: '出生日期', labelEn: 'Born on', source: { from: 'form', keys: ['birth', 'birthDate'] } },
    { key: 'mother', label: '母亲姓名', labelEn: 'Mother', source: { from: 'holder', key: 'name' }, personal: true },
    { key: 'no', label: '证书编号', labelEn: 'No.', source: { from: 'case', key: 'resultNo' } },
  ],
};
const HOLDER: LicenceHolder = { kind: 'natural_person', name: '张三丰', idNumber: '11010519491231002X', creditCode: null, legalRepresentative: null };

const facts = () => ({
  identifier: 'x',
  version: 1,
  type: TYPE,
  holder: HOLDER,
  issuer: { name: '安吉县卫生健康局', creditCode: '113305230025803040' },
  issuedOn: '2026-03-02',
  validFrom: '2026-03-02',
  validUntil: null,
  values: fieldValuesFrom(TYPE, { form: { babyName: '张小明', birthDate: '2026-02-20' }, holder: HOLDER, case: { resultNo: 'R-1', decisionReason: null, caseNo: null } }),
  keyId: 'k1',
});

describe('canonical form (JCS, RFC 8785)', () => {
  it('sorts keys, drops whitespace and writes UTF-8', () => {
    expect(new TextDecoder().decode(canonicalBytes({ b: 1, a: [true, null, '证'], c: { z: 1.5, y: 1e21 } }))).toBe('{"a":[true,null,"证"],"b":1,"c":{"y":1e+21,"z":1.5}}');
  });

  it('is the same for the same data in any key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalBytes(reversed)).toEqual(canonicalBytes(o));
        expect(JSON.parse(new TextDecoder().decode(canonicalBytes(o)))).toEqual(o);
      }),
    );
  });

  it('round-trips a licence payload', () => {
    const p = licencePayload(facts(), sm3);
    expect(payloadFromBytes(canonicalLicenceBytes(p))).toEqual(p);
  });
});

describe('the signed public form', () => {
  it('masks the holder and personal fields, keeps the rest', () => {
    const p = licencePayload(facts(), sm3);
    expect(p.holder).toEqual({ kind: 'natural_person', name: '张*丰', identifier: '110105********002X' });
    expect(p.fields).toEqual([
      { key: 'babyName', label: '新生儿姓名', value: '张*明' },
      { key: 'birthDate', label: '出生日期', value: '2026-02-20' },
      { key: 'mother', label: '母亲姓名', value: '张*丰' },
      { key: 'no', label: '证书编号', value: 'R-1' },
    ]);
    expect(JSON.stringify(p)).not.toContain('11010519491231002X');
  });

  it('binds the real holder through the digest: another person gives another digest', () => {
    const a = licencePayload(facts(), sm3);
    const b = licencePayload({ ...facts(), holder: { ...HOLDER, idNumber: '110105194912310037' } }, sm3);
    expect(a.holder.identifier).toBe(b.holder.identifier.slice(0, 14) + '002X');
    expect(a.holderDigest).not.toBe(b.holderDigest);
    expect(a.holderDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows a legal person’s name where a field carries it (营业执照 经营者 of a company), but still masks natural persons’ data', () => {
    const yyzz: LicenceType = {
      ...TYPE,
      code: 'YYZZ',
      fields: [
        { key: 'operator', label: '经营者', labelEn: 'Operator', source: { from: 'holder', key: 'name' }, personal: true },
        { key: 'code', label: '统一社会信用代码', labelEn: 'Credit code', source: { from: 'holder', key: 'creditCode' }, personal: true },
        { key: 'legalRep', label: '法定代表人', labelEn: 'Legal representative', source: { from: 'form', keys: ['legalRep'] }, personal: true },
        { key: 'rep', label: '负责人', labelEn: 'Representative', source: { from: 'holder', key: 'legalRepresentative' }, personal: true },
      ],
    };
    const company: LicenceHolder = { kind: 'legal_person', name: '安吉白茶生态农业有限公司', idNumber: null, creditCode: '91330523MA2B3C4D5X', legalRepresentative: '王建国' };
    const values = fieldValuesFrom(yyzz, { form: { legalRep: '王建国' }, holder: company, case: { resultNo: null, decisionReason: null, caseNo: null } });
    const p = licencePayload({ ...facts(), type: yyzz, holder: company, values }, sm3);
    expect(p.fields.map((x) => x.value)).toEqual(['安吉白茶生态农业有限公司', '91330523MA2B3C4D5X', '王*国', '王*国']);
    // The same type held by a natural person (个体工商户): the operator's name is masked.
    const person = licencePayload({ ...facts(), type: yyzz, values: fieldValuesFrom(yyzz, { form: {}, holder: HOLDER, case: { resultNo: null, decisionReason: null, caseNo: null } }) }, sm3);
    expect(person.fields[0]?.value).toBe('张*丰');
  });

  it('masks a personal field only for natural persons’ data (property: a legal person’s own name and code are never masked, anything else personal always is)', () => {
    const sources = fc.constantFrom<LicenceType['fields'][number]['source']>({ from: 'holder', key: 'name' }, { from: 'holder', key: 'creditCode' }, { from: 'holder', key: 'idNumber' }, { from: 'holder', key: 'legalRepresentative' }, { from: 'form', keys: ['x'] }, { from: 'fixed', value: 'v' });
    fc.assert(
      fc.property(sources, fc.boolean(), fc.constantFrom('natural_person' as const, 'legal_person' as const), (source, personal, kind) => {
        const masked = masksInPublic({ source, personal }, { kind });
        const ownIdentity = source.from === 'holder' && (source.key === 'name' || source.key === 'creditCode');
        expect(masked).toBe(personal && !(kind === 'legal_person' && ownIdentity));
      }),
    );
  });

  it('shows a legal person by name and credit code', () => {
    const p = licencePayload({ ...facts(), holder: { kind: 'legal_person', name: '安吉白茶生态农业有限公司', idNumber: null, creditCode: '91330523MA2B3C4D5X', legalRepresentative: '王建国' } }, sm3);
    expect(p.holder).toEqual({ kind: 'legal_person', name: '安吉白茶生态农业有限公司', identifier: '91330523MA2B3C4D5X' });
  });
});
