import type { ErrorObject } from 'ajv';
import type { FormSchema } from '../catalogue/types.js';
import { FORMAT_RULES } from './formats.js';

/** One problem with an application, named by its field and its title, in both languages. */
export interface FormProblem {
  /** JSON pointer into the request body, e.g. /formData/phone or /situationAnswers/s-name. */
  path: string;
  /** The form field key (or situation id) the problem is about. */
  field: string;
  /** Stable code: FORM_REQUIRED, FORM_FORMAT, FORM_TYPE, FORM_UNKNOWN_FIELD, SITUATION_… */
  code: string;
  zh: string;
  en: string;
}

const TYPE_NAMES: Record<string, { zh: string; en: string }> = {
  string: { zh: '文字', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  integer: { zh: '整数', en: 'a whole number' },
  boolean: { zh: '是或否', en: 'yes or no' },
};

const titled = (form: FormSchema, key: string) => form.properties[key]?.title ?? key;

/** Turns one Ajv error into a bilingual problem naming the field by its title; null for noise (`if`). */
export function problemOf(form: FormSchema, e: ErrorObject): FormProblem | null {
  const p = e.params as Record<string, unknown>;
  const fromPath = e.instancePath.split('/')[1] ?? '';
  const field = e.keyword === 'required' ? String(p.missingProperty) : e.keyword === 'additionalProperties' ? String(p.additionalProperty) : fromPath;
  const t = titled(form, field);
  const at = (code: string, zh: string, en: string): FormProblem => ({ path: `/formData/${field}`, field, code, zh: `“${t}”${zh}`, en: `"${t}" ${en}` });
  switch (e.keyword) {
    case 'required':
      return at('FORM_REQUIRED', '为必填项', 'is required');
    case 'minLength':
      return Number(p.limit) <= 1 ? at('FORM_REQUIRED', '为必填项，不能为空', 'is required and cannot be blank') : at('FORM_TOO_SHORT', `至少${String(p.limit)}个字符`, `needs at least ${String(p.limit)} characters`);
    case 'maxLength':
      return at('FORM_TOO_LONG', `不能超过${String(p.limit)}个字符`, `cannot be longer than ${String(p.limit)} characters`);
    case 'additionalProperties':
      return { path: `/formData/${field}`, field, code: 'FORM_UNKNOWN_FIELD', zh: `表单没有“${field}”这一项`, en: `The form has no field "${field}"` };
    case 'type': {
      const want = TYPE_NAMES[String(p.type)] ?? { zh: String(p.type), en: String(p.type) };
      return at('FORM_TYPE', `应为${want.zh}`, `must be ${want.en}`);
    }
    case 'format': {
      const rule = FORMAT_RULES[p.format as keyof typeof FORMAT_RULES];
      return at('FORM_FORMAT', rule?.zh ?? '格式不正确', rule?.en ?? 'has the wrong format');
    }
    case 'enum':
      return at('FORM_ENUM', '只能从给定选项中选择', 'must be one of the given options');
    case 'minimum':
      return at('FORM_TOO_SMALL', `不能小于${String(p.limit)}`, `cannot be less than ${String(p.limit)}`);
    case 'maximum':
      return at('FORM_TOO_LARGE', `不能大于${String(p.limit)}`, `cannot be more than ${String(p.limit)}`);
    case 'if':
      return null; // the failing `then` reports the real problem (a missing field)
    default:
      return at(`FORM_${e.keyword.toUpperCase()}`, '不符合要求', 'is not valid');
  }
}
