import { describe, expect, it } from 'vitest';
import { validateItem } from './rules.js';
import { buildItemContent } from './test-factory.js';
import type { FormField, ItemContent } from './types.js';

const withField = (c: ItemContent, extra: FormField): ItemContent => ({ ...c, form: { ...c.form, properties: { ...c.form.properties, extra } } });
const withCondition = (c: ItemContent, when: Record<string, { const: string | number | boolean }>, then: string[]): ItemContent => ({ ...c, form: { ...c.form, allOf: [{ if: { properties: when, required: Object.keys(when) }, then: { required: then } }] } });
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
    ['fee for an unknown situation option', { fees: [{ name: '工本费', standard: '补领20元', amountFen: 2000, basis: { law: '某法' }, onlinePayment: false, situationOptionIds: ['o-replace'] }] }, 'FEE_SITUATION_UNKNOWN'],
    ['online payment for an offline item', { handlingForms: ['window'], fees: [{ name: '工本费', standard: '20元', basis: { law: '某法' }, onlinePayment: true }] }, 'FEE_ONLINE_PAYMENT_OFFLINE'],
    ['special procedure without basis', { specialProcedures: [{ name: '专家评审', timeNeeded: '10日', basis: { law: '' }, countedInLimit: false }] }, 'SPECIAL_PROCEDURE_BASIS'],
    ['empty flow', { flow: [] }, 'FLOW_EMPTY'],
    ['flow without a decision step', (c) => ({ ...c, flow: c.flow.map((s) => ({ ...s, decision: false })) }), 'FLOW_DECISION_STEP'],
    ['flow with two decision steps', (c) => ({ ...c, flow: c.flow.map((s) => ({ ...s, decision: true })) }), 'FLOW_DECISION_STEP'],
    ['step limits above the promised limit', { promisedLimitDays: 3 }, 'FLOW_EXCEEDS_PROMISED'],
    ['required form field that does not exist', (c) => ({ ...c, form: { ...c.form, required: ['nope'] } }), 'FORM_REQUIRED_UNKNOWN'],
    ['unknown prefill source', (c) => ({ ...c, form: { ...c.form, properties: { x: { type: 'string', title: 'x', 'x-prefill': 'profile.salary' } } , required: [] } }), 'FORM_PREFILL_UNKNOWN'],
    // Issue 9 (visual editor): conditions and fields the editor can produce, checked by the authority.
    ['a field key the request schema refuses', (c) => ({ ...c, form: { ...c.form, properties: { ...c.form.properties, '1x': { type: 'string', title: 'x' } } } }), 'FORM_KEY_INVALID'],
    ['a text format on a number field', (c) => withField(c, { type: 'number', title: '金额', format: 'idNumber' }), 'FORM_FORMAT_TYPE'],
    ['an amount format on a text field', (c) => withField(c, { type: 'string', title: '金额', format: 'amount' }), 'FORM_FORMAT_TYPE'],
    ['a maximum length on a number field', (c) => withField(c, { type: 'integer', title: '人数', maxLength: 3 }), 'FORM_LENGTH_TYPE'],
    ['a range on a text field', (c) => withField(c, { type: 'string', title: '名称', minimum: 1 }), 'FORM_RANGE_TYPE'],
    ['a minimum above the maximum', (c) => withField(c, { type: 'integer', title: '人数', minimum: 10, maximum: 1 }), 'FORM_RANGE'],
    ['an empty list of options', (c) => withField(c, { type: 'string', title: '形式', enum: [] }), 'FORM_ENUM_EMPTY'],
    ['options on a yes/no field', (c) => withField(c, { type: 'boolean', title: '是否', enum: ['是'] }), 'FORM_ENUM_TYPE'],
    ['number options on a text field', (c) => withField(c, { type: 'string', title: '形式', enum: [1, 2] }), 'FORM_ENUM_TYPE'],
    ['an option listed twice', (c) => withField(c, { type: 'string', title: '形式', enum: ['a', 'a'] }), 'FORM_ENUM_DUPLICATE'],
    ['two fields under one title', (c) => withField(c, { type: 'string', title: '经营场所' }), 'FORM_TITLE_DUPLICATE'],
    ['two fields under one title, but for spaces', (c) => withField(c, { type: 'string', title: ' 经营场所 ' }), 'FORM_TITLE_DUPLICATE'],
    ['a situation condition naming a removed situation', (c) => ({ ...c, form: { ...c.form, 'x-conditions': [{ situationId: 's-gone', optionId: 'o-self', required: ['address'] }] } }), 'FORM_CONDITION_UNKNOWN'],
    ['a situation condition naming a removed option', (c) => ({ ...c, form: { ...c.form, 'x-conditions': [{ situationId: 's-who', optionId: 'o-gone', required: ['address'] }] } }), 'FORM_CONDITION_UNKNOWN'],
    ['a situation condition requiring a missing field', (c) => ({ ...c, form: { ...c.form, 'x-conditions': [{ situationId: 's-who', optionId: 'o-agent', required: ['gone'] }] } }), 'FORM_REQUIRED_UNKNOWN'],
    ['a field condition on a missing field', (c) => withCondition(c, { gone: { const: 'x' } }, ['address']), 'FORM_REQUIRED_UNKNOWN'],
    ['a field condition requiring a missing field', (c) => withCondition(c, { address: { const: 'x' } }, ['gone']), 'FORM_REQUIRED_UNKNOWN'],
    ['a field condition naming a missing field only in if.required', (c) => ({ ...c, form: { ...c.form, allOf: [{ if: { properties: {}, required: ['gone'] }, then: { required: ['address'] } }] } }), 'FORM_REQUIRED_UNKNOWN'],
    ['a field condition on an option the field does not offer', (c) => withCondition(withField(c, { type: 'string', title: '组成形式', enum: ['个人经营', '家庭经营'] }), { extra: { const: '合伙经营' } }, ['address']), 'FORM_CONDITION_VALUE'],
    ['a field condition comparing a yes/no field with text', (c) => withCondition(withField(c, { type: 'boolean', title: '是否' }), { extra: { const: 'true' } }, ['address']), 'FORM_CONDITION_VALUE'],
    ['a field condition comparing a whole-number field with a fraction', (c) => withCondition(withField(c, { type: 'integer', title: '人数' }), { extra: { const: 1.5 } }, ['address']), 'FORM_CONDITION_VALUE'],
    ['two situation options with one id', (c) => ({ ...c, situations: [...c.situations, { id: 's-2', question: '另一个问题', multiple: true, options: [{ id: 'o-self', label: '重复' }] }] }), 'SITUATION_OPTION_ID_DUPLICATE'],
    ['a situation without a question', (c) => ({ ...c, situations: c.situations.map((s) => ({ ...s, question: ' ' })) }), 'SITUATION_QUESTION_EMPTY'],
    ['a single-choice situation with one option', (c) => ({ ...c, situations: c.situations.map((s) => ({ ...s, options: s.options.slice(1) })) }), 'SITUATION_TOO_FEW_OPTIONS'],
    ['a situation option without words', (c) => ({ ...c, situations: c.situations.map((s) => ({ ...s, options: s.options.map((o) => ({ ...o, label: '' })) })) }), 'SITUATION_OPTION_LABEL_EMPTY'],
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

  it('names fields by title and situations by question when a condition goes wrong', () => {
    const c = buildItemContent();
    const problems = validateItem({
      ...withField(c, { type: 'string', title: '组成形式', enum: ['个人经营', '家庭经营'] }),
      form: {
        ...withField(c, { type: 'string', title: '组成形式', enum: ['个人经营', '家庭经营'] }).form,
        allOf: [{ if: { properties: { extra: { const: '合伙经营' } }, required: ['extra'] }, then: { required: ['address'] } }],
        'x-conditions': [{ situationId: 's-who', optionId: 'o-gone', required: ['address'] }],
      },
    });
    expect(problems.find((p) => p.rule === 'FORM_CONDITION_VALUE')).toMatchObject({
      path: 'form.allOf[0].if',
      zh: '第1条字段条件：字段“组成形式”不会取值“合伙经营”，可选：个人经营、家庭经营',
      en: 'Field condition #1: field "组成形式" cannot have the value "合伙经营"; choose one of 个人经营, 家庭经营',
    });
    expect(problems.find((p) => p.rule === 'FORM_CONDITION_UNKNOWN')).toMatchObject({ path: 'form.x-conditions[0].optionId', zh: expect.stringContaining('情形“由谁办理？”') });
  });

  it('accepts matching condition values of every type', () => {
    const c = withField(buildItemContent(), { type: 'boolean', title: '是否' });
    expect(rulesOf(withCondition(c, { extra: { const: true } }, ['address']))).toEqual([]);
    const n = withField(buildItemContent(), { type: 'integer', title: '人数', minimum: 1, maximum: 9 });
    expect(rulesOf(withCondition(n, { extra: { const: 3 } }, ['address']))).toEqual([]);
    const a = withField(buildItemContent(), { type: 'number', title: '金额', format: 'amount' });
    expect(rulesOf(a)).toEqual([]);
  });
});
