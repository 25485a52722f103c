import type { FormSchema } from '../catalogue/types.js';

/**
 * The applicant's profile (一次填报、反复使用, issue 10): the facts an applicant gives once and every form
 * reuses by field key. Identity facts (name, ID number; company name, credit code, legal representative)
 * belong to the verified account and are read-only here; the rest is the applicant's to keep.
 */
export type ApplicantKind = 'natural_person' | 'legal_person';

/** The keys an applicant may keep, per kind (a form field takes one by `x-prefill: profile.<key>` or by having the same key). */
export const PROFILE_KEYS: Record<ApplicantKind, readonly string[]> = {
  natural_person: ['phone', 'email', 'address', 'postalCode', 'employer'],
  legal_person: ['phone', 'email', 'address', 'registeredAddress', 'businessScope', 'contactName', 'registeredCapital', 'establishedOn'],
};

/** Keys taken from the verified account: shown, filled, never saved back (src/core/forms/identity.ts checks them). */
export const IDENTITY_KEYS: Record<ApplicantKind, readonly string[]> = {
  natural_person: ['name', 'idNumber'],
  legal_person: ['companyName', 'creditCode', 'legalRepresentative'],
};

export const PROFILE_LABELS: Record<string, { zh: string; en: string }> = {
  name: { zh: '姓名', en: 'Name' },
  idNumber: { zh: '公民身份号码', en: 'ID number' },
  companyName: { zh: '单位名称', en: 'Company name' },
  creditCode: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  legalRepresentative: { zh: '法定代表人', en: 'Legal representative' },
  phone: { zh: '联系电话', en: 'Phone' },
  email: { zh: '电子邮箱', en: 'E-mail' },
  address: { zh: '联系地址', en: 'Address' },
  postalCode: { zh: '邮政编码', en: 'Postal code' },
  employer: { zh: '工作单位', en: 'Employer' },
  registeredAddress: { zh: '住所（注册地址）', en: 'Registered address' },
  businessScope: { zh: '经营范围', en: 'Business scope' },
  contactName: { zh: '联系人', en: 'Contact person' },
  registeredCapital: { zh: '注册资本（万元）', en: 'Registered capital (10k CNY)' },
  establishedOn: { zh: '成立日期', en: 'Date of establishment' },
};

/** What a value of a key must look like; the message names the field. */
const RULES: Record<string, { test: (v: string) => boolean; zh: string; en: string }> = {
  phone: { test: (v) => /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(v), zh: '须为11位手机号码或带区号的固定电话', en: 'must be a mobile number or a landline with area code' },
  email: { test: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), zh: '须为有效的电子邮箱', en: 'must be a valid e-mail address' },
  postalCode: { test: (v) => /^\d{6}$/.test(v), zh: '须为6位数字', en: 'must be 6 digits' },
  registeredCapital: { test: (v) => /^\d{1,9}(\.\d{1,4})?$/.test(v), zh: '须为数字（万元）', en: 'must be a number (10k CNY)' },
  establishedOn: { test: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), zh: '须为日期（YYYY-MM-DD）', en: 'must be a date (YYYY-MM-DD)' },
};

export const PROFILE_MAX_LENGTH = 500;

export interface ProfileProblem {
  key: string;
  code: 'PROFILE_UNKNOWN_KEY' | 'PROFILE_IDENTITY_KEY' | 'PROFILE_FORMAT' | 'PROFILE_TOO_LONG';
  zh: string;
  en: string;
}

const label = (key: string) => PROFILE_LABELS[key] ?? { zh: key, en: key };

/** Every problem of the fields an applicant wants to keep (empty = valid). An empty string clears a key. */
export function profileProblems(kind: ApplicantKind, fields: Record<string, string>): ProfileProblem[] {
  const out: ProfileProblem[] = [];
  for (const [key, raw] of Object.entries(fields)) {
    const l = label(key);
    if (IDENTITY_KEYS[kind].includes(key)) {
      out.push({ key, code: 'PROFILE_IDENTITY_KEY', zh: `“${l.zh}”来自实名账户，不能在资料中修改`, en: `"${l.en}" comes from the verified account and cannot be changed here` });
      continue;
    }
    if (!PROFILE_KEYS[kind].includes(key)) {
      out.push({ key, code: 'PROFILE_UNKNOWN_KEY', zh: `资料中没有“${key}”这一项`, en: `The profile has no field "${key}"` });
      continue;
    }
    const v = raw.trim();
    if (v.length > PROFILE_MAX_LENGTH) out.push({ key, code: 'PROFILE_TOO_LONG', zh: `“${l.zh}”不能超过${PROFILE_MAX_LENGTH}个字`, en: `"${l.en}" is longer than ${PROFILE_MAX_LENGTH} characters` });
    const rule = RULES[key];
    if (v !== '' && rule && !rule.test(v)) out.push({ key, code: 'PROFILE_FORMAT', zh: `“${l.zh}”${rule.zh}`, en: `"${l.en}" ${rule.en}` });
  }
  return out;
}

/** The stored profile after an update: trimmed values, an empty value removes the key. */
export function mergeProfile(stored: Record<string, string>, update: Record<string, string>): Record<string, string> {
  const out = { ...stored };
  for (const [k, raw] of Object.entries(update)) {
    const v = raw.trim();
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}

export interface ProfileEdit {
  key: string;
  /** The kept value before (null: not kept). */
  from: string | null;
  /** The kept value after (null: removed). */
  to: string | null;
}

/** What an update really changes in the stored profile (trimmed; same value = no change), in the update's key order. */
export function profileEdits(stored: Readonly<Record<string, string>>, update: Readonly<Record<string, string>>): ProfileEdit[] {
  const after = mergeProfile(stored, update);
  const out: ProfileEdit[] = [];
  for (const key of Object.keys(update)) {
    const from = stored[key] ?? null;
    const to = after[key] ?? null;
    if (from !== to) out.push({ key, from, to });
  }
  return out;
}

/** The profile key a form field takes its value from: its `x-prefill: profile.<key>`, else its own key if the profile has one. */
export function profileKeyOf(fieldKey: string, field: { 'x-prefill'?: string }, known: ReadonlySet<string>): string | undefined {
  const prefill = field['x-prefill'];
  if (prefill?.startsWith('profile.')) {
    const k = prefill.slice('profile.'.length);
    return known.has(k) ? k : undefined;
  }
  return known.has(fieldKey) ? fieldKey : undefined;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Fills a form's empty fields from the profile by field key (一表申请, 减填报). A value already in the form
 * is never overwritten; a value of the wrong type for the field (text into a number) is not filled.
 * `values` holds the identity facts and the kept fields together.
 */
export function fillFromProfile(form: Pick<FormSchema, 'properties'>, values: Readonly<Record<string, string>>, data: Readonly<Record<string, unknown>>): { data: Record<string, unknown>; filled: string[] } {
  const known = new Set(Object.keys(values).filter((k) => values[k] !== ''));
  const out: Record<string, unknown> = { ...data };
  const filled: string[] = [];
  for (const [key, field] of Object.entries(form.properties)) {
    if (!isEmpty(out[key])) continue;
    const source = profileKeyOf(key, field, known);
    if (!source) continue;
    const v = values[source] as string;
    if (field.type === 'string' && (!field.enum || field.enum.includes(v))) {
      out[key] = v;
      filled.push(key);
    }
  }
  return { data: out, filled };
}

export interface ProfileChange {
  key: string;
  field: string;
  from: string | null;
  to: string;
}

/**
 * The values typed into a form that differ from the profile and could be saved back to it (when the
 * applicant ticks the box): only keys the applicant keeps (never identity facts), only text that passes
 * the profile's own rules.
 */
export function profileChangesFrom(form: Pick<FormSchema, 'properties'>, kind: ApplicantKind, stored: Readonly<Record<string, string>>, data: Readonly<Record<string, unknown>>): ProfileChange[] {
  const keepable = new Set(PROFILE_KEYS[kind]);
  const out: ProfileChange[] = [];
  const seen = new Set<string>();
  for (const [field, f] of Object.entries(form.properties)) {
    const key = profileKeyOf(field, f, keepable);
    const v = data[field];
    if (!key || seen.has(key) || typeof v !== 'string' || v.trim() === '') continue;
    const to = v.trim();
    if ((stored[key] ?? null) === to) continue;
    if (profileProblems(kind, { [key]: to }).length) continue;
    seen.add(key);
    out.push({ key, field, from: stored[key] ?? null, to });
  }
  return out;
}
