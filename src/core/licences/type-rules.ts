import type { LicenceFieldDef, LicenceType } from './types.js';

/**
 * 证照类型 in the catalogue (ADR 0039): the rules a licence type must follow, and what a change may not
 * do once licences of the type exist. Pure: the server gathers the facts (licences issued, other types,
 * catalogue materials naming the type) and applies a change only when this says nothing.
 */
export interface TypeProblem {
  code: string;
  path: string;
  zh: string;
  en: string;
}

const p = (code: string, path: string, zh: string, en: string): TypeProblem => ({ code, path, zh, en });

export const TYPE_CODE = /^[0-9A-Z]{1,32}$/;
export const FIELD_KEY = /^[A-Za-z][A-Za-z0-9]{0,39}$/;
const HOLDER_KEYS = ['name', 'idNumber', 'creditCode', 'legalRepresentative'] as const;
const CASE_KEYS = ['resultNo', 'decisionReason', 'caseNo'] as const;
const blank = (s: string | undefined) => !s || !s.trim();

function fieldProblems(f: LicenceFieldDef, i: number): TypeProblem[] {
  const at = `/fields/${i}`;
  const out: TypeProblem[] = [];
  if (!FIELD_KEY.test(f.key)) out.push(p('LT_FIELD_KEY', `${at}/key`, `数据项代码“${f.key}”须以字母开头，仅含字母和数字（最多40位）`, `Field key "${f.key}" must start with a letter and hold letters and digits only (≤ 40)`));
  if (blank(f.label) || blank(f.labelEn)) out.push(p('LT_FIELD_LABEL', `${at}/label`, `数据项“${f.key}”须有中文和英文名称`, `Field "${f.key}" needs a Chinese and an English label`));
  const s = f.source;
  if (s.from === 'form' && (s.keys.length === 0 || s.keys.some((k) => !FIELD_KEY.test(k)))) {
    out.push(p('LT_FIELD_SOURCE', `${at}/source`, `数据项“${f.label}”取自申请表时须列明表单字段代码`, `Field "${f.labelEn}" taken from the form must name valid form field keys`));
  }
  if (s.from === 'holder' && !(HOLDER_KEYS as readonly string[]).includes(s.key)) out.push(p('LT_FIELD_SOURCE', `${at}/source`, `数据项“${f.label}”的持证主体信息不存在`, `Field "${f.labelEn}": unknown holder fact`));
  if (s.from === 'case' && !(CASE_KEYS as readonly string[]).includes(s.key)) out.push(p('LT_FIELD_SOURCE', `${at}/source`, `数据项“${f.label}”的办件信息不存在`, `Field "${f.labelEn}": unknown case fact`));
  if (s.from === 'fixed' && blank(s.value)) out.push(p('LT_FIELD_SOURCE', `${at}/source`, `数据项“${f.label}”的固定值不能为空`, `Field "${f.labelEn}": the fixed value is empty`));
  // An ID number is personal data whoever holds it (个人信息保护法): it is never published unmasked.
  if (s.from === 'holder' && s.key === 'idNumber' && !f.personal) out.push(p('LT_FIELD_PERSONAL', `${at}/personal`, `数据项“${f.label}”是公民身份号码，须标为个人信息（公开核验时脱敏）`, `Field "${f.labelEn}" is an ID number: mark it personal (masked when verified publicly)`));
  return out;
}

/** The problems of one licence type on its own (an empty list: it may be saved). */
export function licenceTypeProblems(t: LicenceType): TypeProblem[] {
  const out: TypeProblem[] = [];
  if (!TYPE_CODE.test(t.code)) out.push(p('LT_CODE', '/code', '证照类型代码须为1–32位数字或大写字母（标识符的{类型代码}段）', 'The type code must be 1–32 digits or capital letters (the {type code} of the identifier)'));
  if (blank(t.name) || t.name.trim().length > 60) out.push(p('LT_NAME', '/name', '证照名称不能为空，最多60字', 'The name is required (≤ 60 characters)'));
  if (blank(t.nameEn)) out.push(p('LT_NAME', '/nameEn', '请填写英文名称', 'The English name is required'));
  if (blank(t.issuerKind)) out.push(p('LT_ISSUER_KIND', '/issuerKind', '请填写发证部门类别（如 市场监督管理）', 'The issuing department kind is required'));
  if (t.fields.length === 0) out.push(p('LT_FIELDS_EMPTY', '/fields', '证照至少有一个照面信息数据项', 'A licence type has at least one data field'));
  t.fields.forEach((f, i) => out.push(...fieldProblems(f, i)));
  const keys = t.fields.map((f) => f.key);
  const twice = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
  if (twice.length) out.push(p('LT_FIELD_KEY_DUPLICATE', '/fields', `数据项代码重复：${twice.join('、')}`, `Field keys given twice: ${twice.join(', ')}`));
  if (t.validity.kind === 'years' && (!Number.isInteger(t.validity.years) || t.validity.years < 1 || t.validity.years > 100)) {
    out.push(p('LT_VALIDITY', '/validity/years', '有效期年数须为1–100的整数', 'The validity must be a whole number of years from 1 to 100'));
  }
  const codes = t.issuingBaseCodes;
  const dup = [...new Set(codes.filter((c, i) => codes.indexOf(c) !== i))];
  if (dup.length) out.push(p('LT_ISSUING_DUPLICATE', '/issuingBaseCodes', `颁证事项重复：${dup.join('、')}`, `Issuing items given twice: ${dup.join(', ')}`));
  return out;
}

/** What the server knows when a type is created or changed. */
export interface TypeChangeFacts {
  /** Licences of the type issued so far (any status: revoked and expired ones must keep verifying too). */
  issued: number;
  /** The other types' codes and names (both are unique). */
  others: readonly Pick<LicenceType, 'code' | 'name'>[];
  /** The names or codes by which published catalogue materials name this type (`Material.licenceType`). */
  referencedAs: readonly string[];
  /** Base codes of items in the catalogue (an issuing item must exist). */
  knownBaseCodes: ReadonlySet<string>;
}

/**
 * The problems of creating (`before` null) or changing a type. Once licences exist, a change may not
 * break them: the code is in every identifier; a data field keeps its key (the sealed data and the
 * holder's wallet read values by key; a renewal carries them over) and, once personal, stays masked
 * (a new version must not publish what the old one masked). A name or code that catalogue materials
 * use to ask for the licence cannot change under them (免证办 would stop matching).
 */
export function typeChangeProblems(before: LicenceType | null, after: LicenceType, facts: TypeChangeFacts): TypeProblem[] {
  const out = licenceTypeProblems(after);
  const others = facts.others.filter((o) => o.code !== before?.code);
  if (others.some((o) => o.code === after.code)) out.push(p('LT_CODE_TAKEN', '/code', `证照类型代码“${after.code}”已被使用`, `Type code ${after.code} is taken`));
  if (others.some((o) => o.name === after.name.trim())) out.push(p('LT_NAME_TAKEN', '/name', `证照名称“${after.name}”已被使用`, `The name ${after.name} is taken`));
  const unknown = after.issuingBaseCodes.filter((c) => !facts.knownBaseCodes.has(c));
  if (unknown.length) out.push(p('LT_ISSUING_UNKNOWN', '/issuingBaseCodes', `目录中没有这些基本编码的事项：${unknown.join('、')}`, `No catalogue item has the base code ${unknown.join(', ')}`));
  if (!before) return out;
  if (facts.issued > 0) {
    if (after.code !== before.code) out.push(p('LT_CODE_FIXED', '/code', `已签发${facts.issued}张该类证照，类型代码在其标识符中，不能修改`, `${facts.issued} licences of this type exist; the code is part of their identifiers and cannot change`));
    for (const f of before.fields) {
      const now = after.fields.find((x) => x.key === f.key);
      if (!now) out.push(p('LT_FIELD_REMOVED', '/fields', `已签发的证照含数据项“${f.label}”（${f.key}），不能删除或更改其代码`, `Issued licences hold field "${f.labelEn}" (${f.key}); it cannot be removed or re-keyed`));
      else if (f.personal && !now.personal) out.push(p('LT_FIELD_UNMASKED', '/fields', `数据项“${f.label}”在已签发证照中按个人信息脱敏，不能取消`, `Field "${f.labelEn}" is masked on issued licences; it stays personal`));
    }
  }
  const referenced = new Set(facts.referencedAs);
  if (referenced.has(before.code) && after.code !== before.code) out.push(p('LT_REFERENCED', '/code', `目录中的材料以代码“${before.code}”引用该证照，不能修改代码`, `Catalogue materials ask for this type by its code ${before.code}`));
  if (referenced.has(before.name) && after.name.trim() !== before.name) out.push(p('LT_REFERENCED', '/name', `目录中的材料以名称“${before.name}”引用该证照（免证办），不能修改名称`, `Catalogue materials ask for this type by its name ${before.name}`));
  return out;
}

/** A type with its text trimmed (what is stored). */
export function normalisedType(t: LicenceType): LicenceType {
  return {
    code: t.code.trim(),
    name: t.name.trim(),
    nameEn: t.nameEn.trim(),
    issuerKind: t.issuerKind.trim(),
    fields: t.fields.map((f) => ({ ...f, key: f.key.trim(), label: f.label.trim(), labelEn: f.labelEn.trim() })),
    validity: t.validity,
    issuingBaseCodes: t.issuingBaseCodes.map((c) => c.trim()),
  };
}
