import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFormDraft, draftPathOf, draftToForm, formToDraft, parseFormJson, type FieldDraft, type FormDraft } from './form-draft.js';
import { FORM_FORMATS, type FormSchema } from './types.js';
import { ALLOWED_PREFILLS } from './rules.js';

const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/);
const text = fc.string({ minLength: 1, maxLength: 12 });
const value = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.integer(), fc.boolean());

const field = (k: string): fc.Arbitrary<FieldDraft> =>
  fc.record(
    {
      key: fc.constant(k),
      type: fc.constantFrom('string', 'number', 'integer', 'boolean') as fc.Arbitrary<FieldDraft['type']>,
      title: text,
      description: text,
      enum: fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 4 }),
      format: fc.constantFrom(...FORM_FORMATS),
      maxLength: fc.integer({ min: 1, max: 500 }),
      minimum: fc.integer(),
      maximum: fc.integer(),
      personal: fc.boolean(),
      prefill: fc.constantFrom(...ALLOWED_PREFILLS),
      required: fc.boolean(),
    },
    { requiredKeys: ['key', 'type', 'title', 'required'], noNullPrototype: true },
  );

/** Drafts the editor can hold: unique keys, conditions naming any keys (dangling ones included). */
const draft: fc.Arbitrary<FormDraft> = fc.uniqueArray(key, { maxLength: 6 }).chain((keys) => {
  const anyKey = keys.length ? fc.oneof(fc.constantFrom(...keys), key) : key;
  return fc.record(
    {
      title: text,
      fields: fc.tuple(...keys.map(field)),
      fieldConditions: fc.array(
        fc.record(
          {
          when: fc.uniqueArray(fc.record({ field: anyKey, value }, { noNullPrototype: true }), { minLength: 1, maxLength: 3, selector: (w) => w.field }),
          then: fc.array(anyKey, { minLength: 1, maxLength: 3 }),
          },
          { noNullPrototype: true },
        ),
        { maxLength: 3 },
      ),
      situationConditions: fc.array(fc.record({ situationId: text, optionId: text, required: fc.array(anyKey, { minLength: 1, maxLength: 3 }) }, { noNullPrototype: true }), { maxLength: 3 }),
      unknownRequired: fc.uniqueArray(key.filter((k) => !keys.includes(k)), { maxLength: 2 }),
    },
    { requiredKeys: ['fields', 'fieldConditions', 'situationConditions', 'unknownRequired'], noNullPrototype: true },
  );
});

const sample: FormSchema = {
  type: 'object',
  title: '个体工商户登记申请书',
  required: ['name', 'idNumber'],
  properties: {
    name: { type: 'string', title: '经营者姓名', format: 'personName', 'x-prefill': 'profile.name' },
    idNumber: { type: 'string', title: '身份证号', format: 'idNumber', 'x-prefill': 'profile.idNumber' },
    tradeName: { type: 'string', title: '字号名称', maxLength: 50 },
    form: { type: 'string', title: '组成形式', enum: ['个人经营', '家庭经营'] },
    members: { type: 'integer', title: '从业人数', minimum: 1, maximum: 999 },
    address: { type: 'string', title: '住所', 'x-personal': true },
  },
  allOf: [{ if: { properties: { form: { const: '家庭经营' } }, required: ['form'] }, then: { required: ['members'] } }],
  'x-conditions': [{ situationId: 's-name', optionId: 'o-with-name', required: ['tradeName'] }],
};

describe('form draft (visual editor ⇄ JSON Schema)', () => {
  it('keeps the schema order as the field order, with a required flag per field', () => {
    const d = formToDraft(sample);
    expect(d.fields.map((f) => f.key)).toEqual(['name', 'idNumber', 'tradeName', 'form', 'members', 'address']);
    expect(d.fields.filter((f) => f.required).map((f) => f.key)).toEqual(['name', 'idNumber']);
    expect(d.fieldConditions).toEqual([{ when: [{ field: 'form', value: '家庭经营' }], then: ['members'] }]);
    expect(d.fields[5]).toEqual({ key: 'address', type: 'string', title: '住所', personal: true, required: false });
  });

  it('a schema in the editor’s form comes back unchanged (JSON → visual → JSON)', () => {
    expect(draftToForm(formToDraft(sample))).toStrictEqual(sample);
  });

  it('property: visual → JSON → visual is lossless', () => {
    fc.assert(fc.property(draft, (d) => {
        expect(formToDraft(draftToForm(d))).toStrictEqual(d);
      }), { numRuns: 300 });
  });

  it('property: JSON → visual → JSON → visual reaches a fixed point after one trip', () => {
    fc.assert(
      fc.property(draft, (d) => {
        const json = draftToForm(d);
        expect(draftToForm(formToDraft(json))).toStrictEqual(json);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a required key that names no field instead of dropping it', () => {
    const d = formToDraft({ ...sample, required: ['name', 'gone'] });
    expect(d.unknownRequired).toEqual(['gone']);
    expect(draftToForm(d).required).toEqual(['name', 'gone']);
    expect(draftPathOf(d, 'form.required')).toBe('unknownRequired');
  });

  it('treats cleared inputs (null, empty text) as not set', () => {
    const d = formToDraft(sample);
    const cleared = { ...d, fields: d.fields.map((f) => (f.key === 'members' ? ({ ...f, minimum: null, description: '' } as unknown as FieldDraft) : f)) };
    expect(draftToForm(cleared).properties.members).toEqual({ type: 'integer', title: '从业人数', maximum: 999 });
  });

  it('a field key such as __proto__ stays a field and never reaches the prototype', () => {
    const json = draftToForm({ fields: [{ key: '__proto__', type: 'string', title: 'x', required: false }], fieldConditions: [], situationConditions: [], unknownRequired: [] });
    expect(Object.keys(json.properties)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(json.properties)).toBe(Object.prototype);
  });

  it('maps rule paths to the draft rows they concern', () => {
    const d = formToDraft(sample);
    expect(draftPathOf(d, 'form.properties.members.maximum')).toBe('fields[4].maximum');
    expect(draftPathOf(d, 'form.properties.nope')).toBeUndefined();
    expect(draftPathOf(d, 'form.allOf[0].if')).toBe('fieldConditions[0]');
    expect(draftPathOf(d, 'form.x-conditions[2].optionId')).toBe('situationConditions[2]');
    expect(draftPathOf(d, 'materials[0]')).toBeUndefined();
  });
});

describe('checkFormDraft', () => {
  const base = formToDraft(sample);
  const rules = (d: FormDraft) => checkFormDraft(d).map((p) => `${p.rule}@${p.path}`);

  it('a well-formed draft has no problems', () => {
    expect(checkFormDraft(base)).toEqual([]);
  });

  it('refuses empty, malformed and repeated keys, in words', () => {
    const f = base.fields;
    const d = { ...base, fields: [{ ...f[0]!, key: '' }, { ...f[1]!, key: '2nd' }, { ...f[2]!, key: 'form' }, ...f.slice(3)] };
    expect(rules(d)).toEqual(['FIELD_KEY_EMPTY@fields[0].key', 'FIELD_KEY_INVALID@fields[1].key', 'FIELD_KEY_DUPLICATE@fields[3].key']);
    const dup = checkFormDraft(d).find((p) => p.rule === 'FIELD_KEY_DUPLICATE');
    expect(dup?.zh).toBe('字段名“form”与第3个字段重复');
    expect(dup?.en).toBe('Field key "form" is already used by field #3');
  });

  it('refuses an untitled field and incomplete conditions', () => {
    const d: FormDraft = {
      ...base,
      fields: [{ ...base.fields[0]!, title: ' ' }, ...base.fields.slice(1)],
      fieldConditions: [{ when: [], then: [] }, { when: [{ field: 'form', value: '' }, { field: 'form', value: 'x' }], then: ['members'] }],
      situationConditions: [{ situationId: '', optionId: '', required: [] }],
    };
    expect(rules(d)).toEqual([
      'FIELD_TITLE_EMPTY@fields[0].title',
      'FIELD_CONDITION_NO_WHEN@fieldConditions[0].when',
      'FIELD_CONDITION_NO_THEN@fieldConditions[0].then',
      'FIELD_CONDITION_REPEATED@fieldConditions[1].when',
      'FIELD_CONDITION_NO_VALUE@fieldConditions[1].when',
      'SITUATION_CONDITION_NO_OPTION@situationConditions[0].optionId',
      'SITUATION_CONDITION_NO_THEN@situationConditions[0].required',
    ]);
    for (const p of checkFormDraft(d)) {
      expect(p.zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(p.en).toMatch(/^[A-Z]/);
    }
  });
});

describe('parseFormJson', () => {
  it('accepts a form and refuses shapes the editor cannot show, in both languages', () => {
    expect(parseFormJson(sample)).toEqual({ ok: true, form: sample });
    const bad = [null, [], { type: 'array', properties: {} }, { type: 'object' }, { type: 'object', properties: { a: { type: 'string' } } }, { type: 'object', properties: {}, required: 'a' }, { type: 'object', properties: {}, allOf: [{ if: {} }] }, { type: 'object', properties: {}, 'x-conditions': [{ situationId: 's' }] }];
    for (const b of bad) {
      const r = parseFormJson(b);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.zh).toMatch(/[\u4e00-\u9fa5]/);
        expect(r.en).toMatch(/[a-z]/);
      }
    }
  });
});
