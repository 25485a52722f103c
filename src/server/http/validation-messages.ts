import type { ErrorDetail } from '../errors.js';

/**
 * Readable messages for schema validation errors (issue 9: the staff form showed
 * "手机号码与模式不匹配/^1[3-9]\d{9}$/"). Every Ajv issue becomes one sentence in Chinese and one in
 * English that names the field — from the schema's `title` ("手机号码 Mobile phone": the Chinese part,
 * then the English part), else from the field-name map below, else the property name — and says what
 * is expected in words. A pattern, a JSON path or Ajv's own wording never reaches a person (ADR 0014).
 */
export interface AjvIssue {
  instancePath?: string;
  schemaPath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

type Schema = Record<string, unknown>;
interface Words {
  zh: string;
  en: string;
}

/** Names of fields used across the API, for schemas without a `title`. */
export const FIELD_LABELS: Record<string, Words> = {
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  currentPassword: { zh: '当前密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  displayName: { zh: '姓名', en: 'Name' },
  name: { zh: '名称', en: 'Name' },
  nameEn: { zh: '英文名称', en: 'English name' },
  shortName: { zh: '简称', en: 'Short name' },
  phone: { zh: '手机号码', en: 'Mobile phone' },
  email: { zh: '电子邮箱', en: 'Email' },
  idNumber: { zh: '身份证号码', en: 'ID number' },
  creditCode: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  companyName: { zh: '企业名称', en: 'Company name' },
  legalRepresentative: { zh: '法定代表人', en: 'Legal representative' },
  address: { zh: '地址', en: 'Address' },
  orgId: { zh: '所属机构', en: 'Organisation' },
  hallId: { zh: '大厅', en: 'Service hall' },
  windowId: { zh: '窗口', en: 'Window' },
  number: { zh: '窗口号', en: 'Window number' },
  category: { zh: '窗口类别', en: 'Window category' },
  comprehensive: { zh: '综合窗口', en: 'Comprehensive window' },
  roles: { zh: '角色', en: 'Roles' },
  role: { zh: '角色', en: 'Role' },
  scopeOrgId: { zh: '授权范围', en: 'Scope' },
  disabled: { zh: '停用', en: 'Disabled' },
  kind: { zh: '类型', en: 'Kind' },
  code: { zh: '验证码', en: 'Code' },
  totp: { zh: '动态验证码', en: 'Authenticator code' },
  caseNo: { zh: '办件编号', en: 'Case number' },
  comment: { zh: '意见', en: 'Comment' },
  reason: { zh: '理由', en: 'Reason' },
  regionCode: { zh: '行政区划代码', en: 'Region code' },
  year: { zh: '年份', en: 'Year' },
  q: { zh: '搜索词', en: 'Search words' },
};

/** What a pattern asks for, in words (keyed by the pattern's source as the schemas write it). */
const PATTERN_HINTS: Record<string, Words> = {
  '^1[3-9]\\d{9}$': { zh: '应为以1开头的11位手机号码', en: 'must be an 11-digit mainland mobile number starting with 1' },
  '^\\d{6}$': { zh: '应为6位数字', en: 'must be 6 digits' },
  '^\\d{17}[\\dX]$': { zh: '应为18位身份证号码（最后一位可为X）', en: 'must be an 18-character ID number (the last may be X)' },
  '^\\d{17}[\\dXx]$': { zh: '应为18位身份证号码（最后一位可为X）', en: 'must be an 18-character ID number (the last may be X)' },
  '^[0-9A-HJ-NPQRTUWXY]{18}$': {
    zh: '应为18位统一社会信用代码（数字和大写字母，不含 I、O、Z、S、V）',
    en: 'must be an 18-character unified social credit code (digits and capital letters except I, O, Z, S, V)',
  },
  '^[A-Za-z][A-Za-z0-9_.-]{3,31}$': { zh: '应为4–32位，以字母开头，可含字母、数字及 _ . -', en: 'must be 4–32 characters starting with a letter (letters, digits, _ . -)' },
  '^[0-9A-Za-z -]{6,16}$': { zh: '应为6位数字或恢复码', en: 'must be the 6 digits or a recovery code' },
};

const FORMAT_HINTS: Record<string, Words> = {
  email: { zh: '应为有效的电子邮箱地址', en: 'must be a valid email address' },
  uuid: { zh: '无效，请从列表中选择', en: 'is not a valid choice; pick one from the list' },
  date: { zh: '应为日期，如 2026-03-02', en: 'must be a date like 2026-03-02' },
  'date-time': { zh: '应为日期时间', en: 'must be a date and time' },
  uri: { zh: '应为网址', en: 'must be a web address' },
};

const TYPE_WORDS: Record<string, Words> = {
  string: { zh: '文字', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  integer: { zh: '整数', en: 'a whole number' },
  boolean: { zh: '是或否', en: 'yes or no' },
  array: { zh: '列表', en: 'a list' },
  object: { zh: '一组字段', en: 'a group of fields' },
  null: { zh: '空', en: 'empty' },
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const num = (v: unknown) => Number(v);

/** The schema at a JSON pointer such as `#/anyOf/0/properties/phone` (undefined when it cannot be followed). */
function schemaAt(root: Schema | undefined, pointer: string): Schema | undefined {
  if (!root) return undefined;
  let node: unknown = root;
  for (const raw of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node !== null && typeof node === 'object' ? (node as Schema) : undefined;
}

const parentPointer = (schemaPath: string) => schemaPath.slice(0, Math.max(schemaPath.lastIndexOf('/'), 0));

/** Splits "手机号码 Mobile phone" into its Chinese and English parts (a title without Chinese serves both). */
export function splitTitle(title: string): Words {
  const m = /^([^A-Za-z]*[\u3400-\u9fff][^A-Za-z]*?)\s*([A-Za-z].*)?$/.exec(title.trim());
  if (!m) return { zh: title.trim(), en: title.trim() };
  const zh = (m[1] ?? '').trim();
  return { zh, en: (m[2] ?? zh).trim() };
}

function labelFor(fieldSchema: Schema | undefined, property: string | undefined): Words {
  const title = fieldSchema?.title;
  if (typeof title === 'string' && title.trim()) return splitTitle(title);
  if (property && FIELD_LABELS[property]) return FIELD_LABELS[property];
  const name = property ?? '';
  return { zh: name || '请求', en: name || 'The request' };
}

/**
 * Keeps, for every union (anyOf/oneOf) that failed, only the issues of the branch the input meant —
 * the one whose discriminator (`const`) matched and with the fewest problems — so a person registering
 * as 个人 is not told about the fields of 法人. A union of constants (an enum written as literals)
 * becomes one `enum` issue.
 */
function pruneUnions(issues: AjvIssue[], root: Schema | undefined): AjvIssue[] {
  let rest = [...issues];
  const unions = rest.filter((i) => (i.keyword === 'anyOf' || i.keyword === 'oneOf') && i.schemaPath).sort((a, b) => (a.schemaPath ?? '').length - (b.schemaPath ?? '').length);
  for (const u of unions) {
    if (!rest.includes(u)) continue;
    const base = u.schemaPath as string;
    const inUnion = (i: AjvIssue) => i !== u && (i.schemaPath ?? '').startsWith(`${base}/`);
    const members = rest.filter(inUnion);
    const branches = schemaAt(root, base);
    const allConst = Array.isArray(branches) && branches.every((b) => b && typeof b === 'object' && 'const' in (b as Schema));
    if (allConst || members.length === 0) {
      const allowed = Array.isArray(branches) ? (branches as Schema[]).map((b) => b.const) : undefined;
      const merged: AjvIssue = { instancePath: u.instancePath ?? '', schemaPath: `${base}/x`, keyword: 'enum', params: { allowedValues: allowed } };
      rest = rest.filter((i) => i !== u && !inUnion(i)).concat(merged);
      continue;
    }
    // Every branch refused the same discriminator (e.g. `kind`): one message listing what it may be.
    const discriminators = members.filter((i) => i.keyword === 'const');
    const branchCount = Array.isArray(branches) ? branches.length : 0;
    const firstPath = discriminators[0]?.instancePath;
    if (branchCount > 1 && discriminators.length === branchCount && discriminators.every((d) => d.instancePath === firstPath)) {
      const merged: AjvIssue = { instancePath: firstPath ?? '', schemaPath: parentPointer(discriminators[0]?.schemaPath ?? `${base}/x`) + '/const', keyword: 'enum', params: { allowedValues: discriminators.map((d) => d.params?.allowedValue) } };
      rest = rest.filter((i) => i !== u && !inUnion(i)).concat(merged);
      continue;
    }
    const byBranch = new Map<string, AjvIssue[]>();
    for (const i of members) {
      const branch = (i.schemaPath as string).slice(base.length + 1).split('/')[0] as string;
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), i]);
    }
    const score = (list: AjvIssue[]) => list.length + (list.some((i) => i.keyword === 'const') ? 1000 : 0);
    const best = [...byBranch.values()].sort((a, b) => score(a) - score(b))[0] ?? [];
    rest = rest.filter((i) => i !== u && (!inUnion(i) || best.includes(i)));
  }
  return rest;
}

function describe(i: AjvIssue, fieldSchema: Schema | undefined): Words {
  const p = i.params ?? {};
  switch (i.keyword) {
    case 'required':
      return { zh: '为必填项', en: 'is required' };
    case 'minLength':
      return num(p.limit) === 1 ? { zh: '不能为空（长度不能少于 1 个字符）', en: 'must not be empty (at least 1 character)' } : { zh: `长度不能少于 ${num(p.limit)} 个字符`, en: `must be at least ${plural(num(p.limit), 'character')}` };
    case 'maxLength':
      return { zh: `长度不能超过 ${num(p.limit)} 个字符`, en: `must be at most ${plural(num(p.limit), 'character')}` };
    case 'pattern': {
      const hint = typeof p.pattern === 'string' ? PATTERN_HINTS[p.pattern] : undefined;
      const described = typeof fieldSchema?.description === 'string' ? fieldSchema.description : undefined;
      return hint ?? { zh: '格式不正确', en: described ? `has the wrong format (${described})` : 'has the wrong format' };
    }
    case 'format':
      return FORMAT_HINTS[String(p.format)] ?? { zh: '格式不正确', en: 'has the wrong format' };
    case 'minimum':
      return { zh: `不能小于 ${String(p.limit)}`, en: `must be at least ${String(p.limit)}` };
    case 'maximum':
      return { zh: `不能大于 ${String(p.limit)}`, en: `must be at most ${String(p.limit)}` };
    case 'exclusiveMinimum':
      return { zh: `应大于 ${String(p.limit)}`, en: `must be more than ${String(p.limit)}` };
    case 'exclusiveMaximum':
      return { zh: `应小于 ${String(p.limit)}`, en: `must be less than ${String(p.limit)}` };
    case 'multipleOf':
      return { zh: `应为 ${String(p.multipleOf)} 的整数倍`, en: `must be a multiple of ${String(p.multipleOf)}` };
    case 'type': {
      const t = TYPE_WORDS[String(p.type).split(',')[0] ?? ''] ?? { zh: String(p.type), en: String(p.type) };
      return { zh: `应为${t.zh}`, en: `must be ${t.en}` };
    }
    case 'enum':
    case 'const': {
      const allowed = Array.isArray(p.allowedValues) ? p.allowedValues : 'allowedValue' in p ? [p.allowedValue] : [];
      const list = allowed.length > 0 && allowed.length <= 8 ? allowed.map(String) : [];
      return list.length ? { zh: `的取值不在允许范围内（可选：${list.join('、')}）`, en: `must be one of: ${list.join(', ')}` } : { zh: '的取值不在允许范围内', en: 'is not one of the allowed values' };
    }
    case 'minItems':
      return { zh: `至少需要 ${num(p.limit)} 项`, en: `needs at least ${plural(num(p.limit), 'item')}` };
    case 'maxItems':
      return { zh: `最多 ${num(p.limit)} 项`, en: `may have at most ${plural(num(p.limit), 'item')}` };
    case 'uniqueItems':
      return { zh: '不能有重复项', en: 'must not repeat an item' };
    case 'minProperties':
      return { zh: '至少需要填写一项', en: 'needs at least one field' };
    default:
      return { zh: '不符合要求', en: 'is not valid' };
  }
}

/** Turns Ajv's validation issues into readable bilingual details; `root` is the route's schema for `context`. */
export function validationDetails(issues: AjvIssue[], context: string, root?: Schema): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const i of pruneUnions(issues, root)) {
    const segments = (i.instancePath ?? '').split('/').filter(Boolean);
    const items = segments.filter((s) => /^\d+$/.test(s)).map((s) => Number(s) + 1);
    const where = items.length ? { zh: `（第${items.join('-')}项）`, en: ` (item ${items.join('-')})` } : { zh: '', en: '' };
    const schemaPath = i.schemaPath ?? '';
    let field: Schema | undefined;
    let property = [...segments].reverse().find((s) => !/^\d+$/.test(s));
    let path = `${context}${i.instancePath ?? ''}`;
    if (i.keyword === 'required' || i.keyword === 'additionalProperties') {
      const name = String(i.params?.missingProperty ?? i.params?.additionalProperty ?? '');
      property = name;
      path = `${path}/${name}`;
      if (i.keyword === 'required') field = (schemaAt(root, parentPointer(schemaPath))?.properties as Record<string, Schema> | undefined)?.[name];
    } else {
      field = schemaAt(root, parentPointer(schemaPath));
    }
    let zh: string;
    let en: string;
    if (i.keyword === 'additionalProperties') {
      zh = `不允许的字段“${property}”${where.zh}`;
      en = `Unknown field "${property}"${where.en}`;
    } else {
      const label = labelFor(field, property);
      const words = describe(i, field);
      zh = i.keyword === 'enum' || i.keyword === 'const' ? `${label.zh}${where.zh}${words.zh}` : `${label.zh}${where.zh}：${words.zh}`;
      en = `${label.en}${where.en} ${words.en}`;
    }
    const key = `${path}|${zh}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ code: `schema.${i.keyword ?? 'invalid'}`, path, zh, en });
  }
  return out;
}
