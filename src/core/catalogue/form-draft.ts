import type { FieldCondition, FormField, FormFormat, FormSchema, SituationCondition } from './types.js';

/**
 * The 表单 of an item version as the visual editor holds it: an ordered list of fields (schema order
 * is display order) with a required flag each, field conditions as "when X is v, then these are
 * required", and situation conditions. `formToDraft` and `draftToForm` convert between this and the
 * JSON Schema stored in the version; a draft survives draft → JSON → draft unchanged (property-tested).
 */
export interface FieldDraft {
  key: string;
  type: FormField['type'];
  title: string;
  description?: string;
  enum?: (string | number)[];
  format?: FormFormat;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  personal?: boolean;
  prefill?: string;
  required: boolean;
}

export type ConditionValue = string | number | boolean;

export interface FieldConditionDraft {
  when: { field: string; value: ConditionValue }[];
  then: string[];
}

export interface FormDraft {
  title?: string;
  fields: FieldDraft[];
  fieldConditions: FieldConditionDraft[];
  situationConditions: SituationCondition[];
  /** Keys in `required` naming no field: kept (not silently dropped) so the editor can show them. */
  unknownRequired: string[];
}

/** A form field key as JSON Schema stores it (the server's request schema allows the same). */
export const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function formToDraft(form: FormSchema): FormDraft {
  const required = form.required ?? [];
  const fields = Object.entries(form.properties).map(([key, f]): FieldDraft => {
    const d: FieldDraft = { key, type: f.type, title: f.title, required: required.includes(key) };
    if (f.description !== undefined) d.description = f.description;
    if (f.enum !== undefined) d.enum = [...f.enum];
    if (f.format !== undefined) d.format = f.format;
    if (f.maxLength !== undefined) d.maxLength = f.maxLength;
    if (f.minimum !== undefined) d.minimum = f.minimum;
    if (f.maximum !== undefined) d.maximum = f.maximum;
    if (f['x-personal'] !== undefined) d.personal = f['x-personal'];
    if (f['x-prefill'] !== undefined) d.prefill = f['x-prefill'];
    return d;
  });
  const draft: FormDraft = {
    fields,
    fieldConditions: (form.allOf ?? []).map((c) => ({ when: Object.entries(c.if.properties).map(([field, v]) => ({ field, value: v.const })), then: [...c.then.required] })),
    situationConditions: (form['x-conditions'] ?? []).map((c) => ({ situationId: c.situationId, optionId: c.optionId, required: [...c.required] })),
    unknownRequired: required.filter((k) => !Object.hasOwn(form.properties, k)),
  };
  if (form.title !== undefined) draft.title = form.title;
  return draft;
}

/** Empty inputs (antd gives `null` for a cleared number and '' for a cleared text) mean "not set". */
const isSet = <T>(v: T | null | undefined | ''): v is T => v !== undefined && v !== null && v !== '';

function fieldOf(d: FieldDraft): FormField {
  const f: FormField = { type: d.type, title: d.title };
  if (isSet(d.description)) f.description = d.description;
  if (d.enum !== undefined && d.enum !== null) f.enum = [...d.enum];
  if (isSet(d.format)) f.format = d.format;
  if (isSet(d.maxLength)) f.maxLength = d.maxLength;
  if (isSet(d.minimum)) f.minimum = d.minimum;
  if (isSet(d.maximum)) f.maximum = d.maximum;
  if (d.personal !== undefined && d.personal !== null) f['x-personal'] = d.personal;
  if (isSet(d.prefill)) f['x-prefill'] = d.prefill;
  return f;
}

/** The JSON Schema of a draft. Fields with a repeated key collapse to the last one: `checkFormDraft` refuses them first. */
export function draftToForm(d: FormDraft): FormSchema {
  // Object.fromEntries defines own data properties, so a key such as "__proto__" cannot reach the prototype.
  const properties = Object.fromEntries(d.fields.map((f) => [f.key, fieldOf(f)])) as Record<string, FormField>;
  const required = [...d.fields.filter((f) => f.required).map((f) => f.key), ...d.unknownRequired];
  const form: FormSchema = { type: 'object', properties };
  if (isSet(d.title)) form.title = d.title;
  if (required.length) form.required = [...new Set(required)];
  if (d.fieldConditions.length) {
    form.allOf = d.fieldConditions.map(
      (c): FieldCondition => ({
        if: { properties: Object.fromEntries(c.when.map((w) => [w.field, { const: w.value }])), required: [...new Set(c.when.map((w) => w.field))] },
        then: { required: [...c.then] },
      }),
    );
  }
  if (d.situationConditions.length) form['x-conditions'] = d.situationConditions.map((c) => ({ situationId: c.situationId, optionId: c.optionId, required: [...c.required] }));
  return form;
}

/** A problem with the draft itself, located by its draft path (e.g. `fields[2].key`). */
export interface DraftProblem {
  rule: string;
  path: string;
  zh: string;
  en: string;
}

/**
 * What the JSON Schema cannot hold or the server's request schema refuses: empty, malformed or
 * repeated keys, untitled fields, repeated fields in one condition. Dangling references are the
 * catalogue rules' job (`validateItem`), so the editor and the server say the same words.
 */
export function checkFormDraft(d: FormDraft): DraftProblem[] {
  const out: DraftProblem[] = [];
  const seen = new Map<string, number>();
  d.fields.forEach((f, i) => {
    const p = `fields[${i}]`;
    const key = f.key ?? '';
    if (!key) out.push({ rule: 'FIELD_KEY_EMPTY', path: `${p}.key`, zh: `第${i + 1}个字段缺少字段名`, en: `Field #${i + 1} has no key` });
    else if (!FIELD_KEY.test(key)) {
      out.push({ rule: 'FIELD_KEY_INVALID', path: `${p}.key`, zh: `字段名“${key}”不正确：以英文字母开头，只含字母、数字和下划线，最多64个字符`, en: `Field key "${key}" is malformed: start with a letter, then letters, digits or underscores (64 at most)` });
    }
    const first = seen.get(key);
    if (key && first !== undefined) out.push({ rule: 'FIELD_KEY_DUPLICATE', path: `${p}.key`, zh: `字段名“${key}”与第${first + 1}个字段重复`, en: `Field key "${key}" is already used by field #${first + 1}` });
    else seen.set(key, i);
    if (!(f.title ?? '').trim()) out.push({ rule: 'FIELD_TITLE_EMPTY', path: `${p}.title`, zh: `字段“${key || i + 1}”缺少标题（申请人看到的名称）`, en: `Field "${key || i + 1}" needs a title (the name the applicant sees)` });
  });
  d.fieldConditions.forEach((c, i) => {
    const p = `fieldConditions[${i}]`;
    if (c.when.length === 0) out.push({ rule: 'FIELD_CONDITION_NO_WHEN', path: `${p}.when`, zh: `第${i + 1}条字段条件没有设置“当……时”`, en: `Field condition #${i + 1} has no "when" part` });
    if (c.when.some((w) => !w.field)) out.push({ rule: 'FIELD_CONDITION_NO_FIELD', path: `${p}.when`, zh: `第${i + 1}条字段条件没有选择字段`, en: `Field condition #${i + 1} has no field chosen` });
    const fields = c.when.map((w) => w.field);
    if (new Set(fields).size !== fields.length) out.push({ rule: 'FIELD_CONDITION_REPEATED', path: `${p}.when`, zh: `第${i + 1}条字段条件重复使用了同一字段`, en: `Field condition #${i + 1} names the same field twice` });
    if (c.when.some((w) => w.value === undefined || w.value === null || w.value === '')) out.push({ rule: 'FIELD_CONDITION_NO_VALUE', path: `${p}.when`, zh: `第${i + 1}条字段条件缺少取值`, en: `Field condition #${i + 1} needs a value` });
    if (c.then.length === 0) out.push({ rule: 'FIELD_CONDITION_NO_THEN', path: `${p}.then`, zh: `第${i + 1}条字段条件没有选择必填字段`, en: `Field condition #${i + 1} makes no field required` });
  });
  d.situationConditions.forEach((c, i) => {
    const p = `situationConditions[${i}]`;
    if (!c.optionId) out.push({ rule: 'SITUATION_CONDITION_NO_OPTION', path: `${p}.optionId`, zh: `第${i + 1}条情形条件没有选择情形选项`, en: `Situation condition #${i + 1} has no situation option` });
    if (c.required.length === 0) out.push({ rule: 'SITUATION_CONDITION_NO_THEN', path: `${p}.required`, zh: `第${i + 1}条情形条件没有选择必填字段`, en: `Situation condition #${i + 1} makes no field required` });
  });
  return out;
}

/**
 * Where a catalogue-rule path about the form (`form.properties.tradeName.format`, `form.allOf[1]`,
 * `form.x-conditions[0]`, `form.required`) lands in the draft, so the editor shows it beside the row.
 */
export function draftPathOf(d: FormDraft, rulePath: string): string | undefined {
  const prop = /^form\.properties\.([^.]+)(?:\.(.+))?$/.exec(rulePath);
  if (prop) {
    const i = d.fields.findIndex((f) => f.key === prop[1]);
    return i < 0 ? undefined : `fields[${i}]${prop[2] ? `.${prop[2]}` : ''}`;
  }
  const all = /^form\.allOf\[(\d+)\]/.exec(rulePath);
  if (all) return `fieldConditions[${all[1]}]`;
  const sit = /^form\.x-conditions\[(\d+)\]/.exec(rulePath);
  if (sit) return `situationConditions[${sit[1]}]`;
  if (rulePath === 'form.required') return 'unknownRequired';
  return undefined;
}

/** Structural check of a form pasted as JSON, before it reaches the visual editor (the server checks it fully). */
export function parseFormJson(value: unknown): { ok: true; form: FormSchema } | { ok: false; zh: string; en: string } {
  const bad = (zh: string, en: string) => ({ ok: false as const, zh, en });
  if (!value || typeof value !== 'object' || Array.isArray(value)) return bad('表单应为一个对象', 'The form must be an object');
  const v = value as Record<string, unknown>;
  if (v.type !== 'object') return bad('表单的 type 应为 "object"', 'The form’s type must be "object"');
  if (!v.properties || typeof v.properties !== 'object' || Array.isArray(v.properties)) return bad('表单缺少 properties（字段）', 'The form has no properties (fields)');
  for (const [k, f] of Object.entries(v.properties as Record<string, unknown>)) {
    if (!f || typeof f !== 'object' || typeof (f as { title?: unknown }).title !== 'string' || typeof (f as { type?: unknown }).type !== 'string') {
      return bad(`字段“${k}”应有 type 和 title`, `Field "${k}" needs a type and a title`);
    }
  }
  if (v.required !== undefined && !(Array.isArray(v.required) && v.required.every((r) => typeof r === 'string'))) return bad('required 应为字段名列表', 'required must be a list of field keys');
  if (v.allOf !== undefined) {
    const ok =
      Array.isArray(v.allOf) &&
      v.allOf.every((c: unknown) => {
        const x = c as { if?: { properties?: unknown }; then?: { required?: unknown } } | null;
        return !!x && !!x.if && typeof x.if.properties === 'object' && x.if.properties !== null && Array.isArray(x.then?.required);
      });
    if (!ok) return bad('allOf 中的字段条件格式不正确（应为 if.properties / then.required）', 'A field condition in allOf is malformed (expected if.properties / then.required)');
  }
  const xc = v['x-conditions'];
  if (xc !== undefined && !(Array.isArray(xc) && xc.every((c: unknown) => !!c && typeof c === 'object' && typeof (c as SituationCondition).situationId === 'string' && typeof (c as SituationCondition).optionId === 'string' && Array.isArray((c as SituationCondition).required)))) {
    return bad('x-conditions 中的情形条件格式不正确（应有 situationId、optionId、required）', 'A situation condition in x-conditions is malformed (expected situationId, optionId, required)');
  }
  return { ok: true, form: value as FormSchema };
}
