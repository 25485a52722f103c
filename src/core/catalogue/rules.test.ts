import { describe, expect, it } from 'vitest';
import { validateItem } from './rules.js';
import { buildItemContent } from './test-factory.js';
import type { ItemContent } from './types.js';

const rulesOf = (c: ItemContent) => validateItem(c).filter((p) => p.severity === 'error').map((p) => p.rule);

describe('catalogue rules', () => {
  it('a well-formed item has no problems', () => {
    expect(validateItem(buildItemContent())).toEqual([]);
  });

  const cases: [string, Partial<ItemContent> | ((c: ItemContent) => ItemContent), string][] = [
    ['promised limit above the legal limit', { promisedLimitDays: 25 }, 'PROMISED_EXCEEDS_LEGAL'],
    ['negative legal limit', { legalLimitDays: -1, promisedLimitDays: 0 }, 'LEGAL_LIMIT_INVALID'],
    ['on-the-spot item with a limit', { caseKind: 'on_the_spot' }, 'ON_THE_SPOT_LIMIT'],
    ['promised item with zero days', (c) => ({ ...c, promisedLimitDays: 0, flow: c.flow.map((s) => ({ ...s, limitDays: 0 })) }), 'PROMISED_ITEM_ZERO_LIMIT'],
    ['malformed base code', { baseCode: 'X123' }, 'BASE_CODE_FORMAT'],
    ['base code letters not matching the type', { itemType: 'public_service' }, 'BASE_CODE_ITEM_TYPE'],
    ['implementation code of another body', (c) => ({ ...c, implementingBody: { ...c.implementingBody, creditCode: '91350100M000100Y43' } }), 'IMPL_CODE_BODY'],
    ['no legal basis', { basis: [] }, 'BASIS_MISSING'],
    ['required material without a basis (减证便民)', (c) => ({ ...c, materials: [{ ...(c.materials[0] as ItemContent['materials'][number]), basis: undefined }] }), 'MATERIAL_WITHOUT_BASIS'],
    ['duplicate material ids', (c) => ({ ...c, materials: [...c.materials, c.materials[0] as ItemContent['materials'][number]] }), 'MATERIAL_ID_DUPLICATE'],
    ['key material that may be owed', (c) => ({ ...c, materials: c.materials.map((m) => (m.key ? { ...m, gapAllowed: true } : m)) }), 'KEY_MATERIAL_GAP'],
    ['material for an unknown situation option', (c) => ({ ...c, situations: [] }), 'MATERIAL_SITUATION_UNKNOWN'],
    ['depth Ⅳ with trips', { onlineDepth: 4, trips: 1 }, 'FULL_ONLINE_TRIPS'],
    ['zero trips, not online, no post', { trips: 0, handlingForms: ['window'], acceptsPost: false }, 'ZERO_TRIPS_NO_CHANNEL'],
    ['fee without a basis', { fees: [{ name: '工本费', standard: '20元', basis: { law: '' }, onlinePayment: false }] }, 'FEE_BASIS'],
    ['fee without a standard', { fees: [{ name: '工本费', standard: '', basis: { law: '某法' }, onlinePayment: false }] }, 'FEE_STANDARD'],
    ['online payment for an offline item', { handlingForms: ['window'], fees: [{ name: '工本费', standard: '20元', basis: { law: '某法' }, onlinePayment: true }] }, 'FEE_ONLINE_PAYMENT_OFFLINE'],
    ['special procedure without basis', { specialProcedures: [{ name: '专家评审', timeNeeded: '10日', basis: { law: '' }, countedInLimit: false }] }, 'SPECIAL_PROCEDURE_BASIS'],
    ['empty flow', { flow: [] }, 'FLOW_EMPTY'],
    ['flow without a decision step', (c) => ({ ...c, flow: c.flow.map((s) => ({ ...s, decision: false })) }), 'FLOW_DECISION_STEP'],
    ['flow with two decision steps', (c) => ({ ...c, flow: c.flow.map((s) => ({ ...s, decision: true })) }), 'FLOW_DECISION_STEP'],
    ['step limits above the promised limit', { promisedLimitDays: 3 }, 'FLOW_EXCEEDS_PROMISED'],
    ['required form field that does not exist', (c) => ({ ...c, form: { ...c.form, required: ['nope'] } }), 'FORM_REQUIRED_UNKNOWN'],
    ['unknown prefill source', (c) => ({ ...c, form: { ...c.form, properties: { x: { type: 'string', title: 'x', 'x-prefill': 'profile.salary' } } , required: [] } }), 'FORM_PREFILL_UNKNOWN'],
  ];

  it.each(cases)('flags %s', (_name, change, rule) => {
    const base = buildItemContent();
    const content = typeof change === 'function' ? change(base) : { ...base, ...change };
    expect(rulesOf(content)).toContain(rule);
  });

  it('lists every problem at once, in both languages', () => {
    const problems = validateItem(buildItemContent({ promisedLimitDays: 30, onlineDepth: 4, trips: 2, basis: [] }));
    expect(problems.map((p) => p.rule)).toEqual(expect.arrayContaining(['PROMISED_EXCEEDS_LEGAL', 'FULL_ONLINE_TRIPS', 'BASIS_MISSING']));
    for (const p of problems) {
      expect(p.zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(p.en).toMatch(/[a-z]/);
    }
  });
});
