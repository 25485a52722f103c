import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildItemContent } from '../catalogue/test-factory.js';
import type { Material } from '../catalogue/types.js';
import { CREDIT_CODE_PAD, PAD_LETTERS, pressPadKey, type PadKey } from './number-pad.js';
import { kioskFormPlan, kioskItemRefusal, kioskMaterialPlan, kioskSituationsComplete, type KioskHoldings } from './on-the-spot.js';
import { completeCreditCode, isValidCreditCode } from '../codes/credit-code.js';

const spot = buildItemContent({ caseKind: 'on_the_spot', promisedLimitDays: 0, applicantTypes: ['natural_person'] });
const law = { law: '《测试法》' };
const mat = (m: Partial<Material> & { id: string }): Material => ({ name: m.id, source: 'applicant', form: 'copy', copies: 1, required: true, key: false, gapAllowed: false, basis: law, ...m });
const nothing: KioskHoldings = { kind: 'natural_person', licences: new Map(), library: new Map(), dataSourcesFor: () => false, badCredit: false };

describe('which items the kiosk files', () => {
  it.each([
    ['a promised item', { caseKind: 'promised' as const }, 'natural_person' as const, 'KIOSK_NOT_ON_THE_SPOT'],
    ['an item handled only at its own window', { handlingForms: ['window' as const] }, 'natural_person' as const, 'KIOSK_NOT_SELF_SERVICE'],
    ['a natural-person item for an enterprise', {}, 'legal_person' as const, 'KIOSK_APPLICANT_KIND'],
    ['a legal-person item for a person', { applicantTypes: ['legal_person' as const] }, 'natural_person' as const, 'KIOSK_APPLICANT_KIND'],
  ])('refuses %s', (_name, change, kind, code) => {
    expect(kioskItemRefusal({ ...spot, ...change }, kind)?.code).toBe(code);
  });
  it('files an on-the-spot item offered online or at a self-service terminal for its kind of applicant', () => {
    expect(kioskItemRefusal(spot, 'natural_person')).toBeNull();
    expect(kioskItemRefusal({ ...spot, handlingForms: ['window', 'self_service_terminal'] }, 'natural_person')).toBeNull();
  });
});

describe('the form at the kiosk', () => {
  const form = {
    type: 'object' as const,
    required: ['name', 'kind', 'reason'],
    properties: {
      name: { type: 'string' as const, title: '姓名', 'x-prefill': 'profile.name' },
      kind: { type: 'string' as const, title: '类别', enum: ['甲', '乙'] },
      agree: { type: 'boolean' as const, title: '同意' },
      reason: { type: 'string' as const, title: '事由' },
      note: { type: 'string' as const, title: '备注' },
      delivery: { type: 'string' as const, title: '送达', enum: ['窗口领取', '邮寄送达'] },
      mailAddress: { type: 'string' as const, title: '邮寄地址' },
    },
    allOf: [{ if: { properties: { delivery: { const: '邮寄送达' } }, required: ['delivery'] }, then: { required: ['mailAddress'] } }],
  };
  it('asks choices by touch, takes the rest from the profile, and sends required typing to a window', () => {
    const plan = kioskFormPlan(form, {}, ['name']);
    expect(plan.prefilled).toEqual(['name']);
    expect(plan.choices.map((c) => [c.key, c.required, c.options])).toEqual([
      ['kind', true, ['甲', '乙']],
      ['agree', false, [true, false]],
      ['delivery', false, ['窗口领取']], // 邮寄送达 would need an address typed
    ]);
    expect(plan.atWindow).toEqual([{ key: 'reason', title: '事由' }]);
    expect(kioskFormPlan(form, {}, ['name', 'reason', 'mailAddress']).choices.find((c) => c.key === 'delivery')?.options).toEqual(['窗口领取', '邮寄送达']);
  });
  it('adds the fields a chosen situation makes required', () => {
    const f = { ...form, required: ['name'], 'x-conditions': [{ situationId: 's', optionId: 'o', required: ['reason'] }] };
    expect(kioskFormPlan(f, {}, ['name']).atWindow).toEqual([]);
    expect(kioskFormPlan(f, { s: ['o'] }, ['name']).atWindow.map((x) => x.key)).toEqual(['reason']);
  });
});

describe('materials at the kiosk', () => {
  it('meets each required material by licence, then 我的材料, then data, then commitment; the rest at a window', () => {
    const materials = [
      mat({ id: 'lic', licenceType: '营业执照', code: 'biz', commitmentAllowed: true }),
      mat({ id: 'lib', code: 'lease', commitmentAllowed: true }),
      mat({ id: 'data', dataFulfilment: { source: 'population', purpose: 'identity_verification' } }),
      mat({ id: 'promise', commitmentAllowed: true }),
      mat({ id: 'paper' }),
      mat({ id: 'optional', required: false }),
      mat({ id: 'agent', situationOptionIds: ['o-agent'] }),
    ];
    const holdings: KioskHoldings = { ...nothing, licences: new Map([['营业执照', 'L1']]), library: new Map([['lease', 'E1']]), dataSourcesFor: (s) => s === 'population' };
    const plan = kioskMaterialPlan(materials, {}, holdings);
    expect(plan.ways).toEqual([
      { materialId: 'lic', name: 'lic', by: 'licence', identifier: 'L1' },
      { materialId: 'lib', name: 'lib', by: 'library', libraryId: 'E1' },
      { materialId: 'data', name: 'data', by: 'data', purpose: 'identity_verification' },
      { materialId: 'promise', name: 'promise', by: 'commitment' },
    ]);
    expect(plan.atWindow).toEqual([{ materialId: 'paper', name: 'paper' }]);
    expect(kioskMaterialPlan(materials, { s: ['o-agent'] }, holdings).atWindow.map((m) => m.materialId)).toEqual(['paper', 'agent']);
  });
  it('offers no commitment to an applicant with a credit record, and no data from a source of the other kind', () => {
    const materials = [mat({ id: 'promise', commitmentAllowed: true }), mat({ id: 'data', dataFulfilment: { source: 'population', purpose: 'identity_verification' } })];
    expect(kioskMaterialPlan(materials, {}, { ...nothing, badCredit: true }).atWindow.map((m) => m.materialId)).toEqual(['promise', 'data']);
  });
  it('law: every required material that applies is met exactly once or sent to a window', () => {
    const arb = fc.array(fc.record({ required: fc.boolean(), commitmentAllowed: fc.boolean(), licence: fc.boolean(), option: fc.boolean() }), { maxLength: 8 });
    fc.assert(
      fc.property(arb, fc.boolean(), fc.boolean(), (specs, held, chose) => {
        const materials = specs.map((s, i) => mat({ id: `m${i}`, required: s.required, commitmentAllowed: s.commitmentAllowed, ...(s.licence ? { licenceType: 'T' } : {}), ...(s.option ? { situationOptionIds: ['o'] } : {}) }));
        const plan = kioskMaterialPlan(materials, chose ? { s: ['o'] } : {}, { ...nothing, licences: held ? new Map([['T', 'L']]) : new Map() });
        const ids = [...plan.ways.map((w) => w.materialId), ...plan.atWindow.map((m) => m.materialId)];
        const expected = specs.flatMap((s, i) => (s.required && (!s.option || chose) ? [`m${i}`] : []));
        expect(ids.sort()).toEqual(expected.sort());
      }),
    );
  });
});

describe('situations and the credit code pad', () => {
  it('needs one valid option per single-choice question', () => {
    expect(kioskSituationsComplete(spot, {})).toBe(false);
    expect(kioskSituationsComplete(spot, { 's-who': ['o-self'] })).toBe(true);
    expect(kioskSituationsComplete(spot, { 's-who': ['o-self', 'o-agent'] })).toBe(false);
    expect(kioskSituationsComplete(spot, { 's-who': ['nope'] })).toBe(false);
  });
  it('types a credit code with letters anywhere, at most 18 characters', () => {
    const code = completeCreditCode('91330523MA2B3C4D5');
    const typed = [...code, '1'].reduce((v, k) => pressPadKey(v, k as PadKey, CREDIT_CODE_PAD), '');
    expect(typed).toBe(code);
    expect(isValidCreditCode(typed)).toBe(true);
    fc.assert(
      fc.property(fc.array(fc.constantFrom<PadKey>('0', '5', '9', ...PAD_LETTERS, 'back', 'clear'), { maxLength: 40 }), (keys) => {
        const v = keys.reduce((s, k) => pressPadKey(s, k, CREDIT_CODE_PAD), '');
        expect(v.length).toBeLessThanOrEqual(18);
        expect(/^[0-9A-HJ-NP-RTUW-Y]*$/.test(v)).toBe(true);
      }),
    );
  });
});
