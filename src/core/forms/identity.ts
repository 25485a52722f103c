import type { FormSchema } from '../catalogue/types.js';
import { maskIdNumber, maskName, maskPhone, MASK_CHAR } from '../codes/mask.js';
import { FORMAT_RULES, PERSONAL_FORMATS } from './formats.js';
import type { FormProblem } from './messages.js';

/** The applicant as the verified account knows them (never as the form says). */
export interface VerifiedIdentity {
  kind: 'natural_person' | 'legal_person';
  name: string;
  idNumber: string | null;
  creditCode: string | null;
  legalRepresentative: string | null;
}

/** Prefill sources that are identity facts of the account, per applicant kind. */
const IDENTITY_SOURCES: Record<VerifiedIdentity['kind'], Record<string, (v: VerifiedIdentity) => string | null>> = {
  natural_person: { 'profile.name': (v) => v.name, 'profile.idNumber': (v) => v.idNumber },
  legal_person: { 'profile.companyName': (v) => v.name, 'profile.creditCode': (v) => v.creditCode, 'profile.legalRepresentative': (v) => v.legalRepresentative },
};

/**
 * The form data with its identity fields (name and ID number; company name, credit code and legal
 * representative) taken from the verified account. A value the account does not hold (a natural
 * person's shop name) stays as typed.
 */
export function withVerifiedIdentity(form: FormSchema, formData: Record<string, unknown>, who: VerifiedIdentity): Record<string, unknown> {
  const out = { ...formData };
  const sources = IDENTITY_SOURCES[who.kind];
  for (const [key, field] of Object.entries(form.properties)) {
    const source = field['x-prefill'] ? sources[field['x-prefill']] : undefined;
    const value = source?.(who);
    if (value) out[key] = value;
  }
  return out;
}

/**
 * Identity values typed into the form that are not the account's: refused rather than silently
 * replaced, so nobody files under another person's name or ID number (issue 8 finding 8).
 */
export function identityProblems(form: FormSchema, formData: Record<string, unknown>, who: VerifiedIdentity): FormProblem[] {
  const out: FormProblem[] = [];
  const sources = IDENTITY_SOURCES[who.kind];
  for (const [key, field] of Object.entries(form.properties)) {
    const source = field['x-prefill'] ? sources[field['x-prefill']] : undefined;
    const expected = source?.(who);
    const typed = formData[key];
    if (!expected || typed === undefined || typed === null || typed === '') continue;
    const same = typeof typed === 'string' && typed.trim().toUpperCase() === expected.toUpperCase();
    if (same) continue;
    const rule = field.format ? FORMAT_RULES[field.format] : undefined;
    const malformed = typeof typed === 'string' && rule?.type === 'string' && !(rule.validate as (v: string) => boolean)(typed);
    out.push(
      malformed && rule
        ? { path: `/formData/${key}`, field: key, code: 'FORM_FORMAT', zh: `“${field.title}”${rule.zh}`, en: `"${field.title}" ${rule.en}` }
        : { path: `/formData/${key}`, field: key, code: 'FORM_IDENTITY_MISMATCH', zh: `“${field.title}”须与实名账户一致，不能填写他人信息`, en: `"${field.title}" must be the account holder's own; another person's cannot be used` },
    );
  }
  return out;
}

/** Keys of the personal fields of a form: by format (ID number, phone, name) or marked x-personal. */
export function personalFields(form: FormSchema): string[] {
  return Object.entries(form.properties)
    .filter(([, f]) => f['x-personal'] || (f.format !== undefined && PERSONAL_FORMATS.includes(f.format)))
    .map(([k]) => k);
}

function maskOther(v: string): string {
  const chars = Array.from(v);
  const keep = Math.min(2, Math.floor(chars.length / 4));
  return chars.map((c, i) => (i < keep ? c : MASK_CHAR)).join('');
}

/** Form data with its personal fields masked by field type (for roles that do not need them). */
export function maskFormData(form: FormSchema, formData: Record<string, unknown>): Record<string, unknown> {
  const out = { ...formData };
  for (const key of personalFields(form)) {
    const v = out[key];
    if (typeof v !== 'string' || v === '') continue;
    const format = form.properties[key]?.format;
    out[key] = format === 'idNumber' ? maskIdNumber(v) : format === 'phone' || format === 'mobilePhone' ? maskPhone(v) : format === 'personName' ? maskName(v) : maskOther(v);
  }
  return out;
}
