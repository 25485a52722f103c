import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';

/**
 * Finish the screens, "Staff form shows a raw regex" (issue 9): the staff form showed
 * "手机号码与模式不匹配/^1[3-9]\d{9}$/". Every schema validation error now reads as a sentence naming
 * the field, in Chinese and English, and never shows a pattern or a JSON path.
 */
let ctx: TestContext;
let admin: Agent;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.as('admin');
});
afterAll(async () => ctx.close());

interface Detail {
  code: string;
  path?: string;
  zh: string;
  en: string;
}
interface ErrorBody {
  error: string;
  message: string;
  messageEn: string;
  details: Detail[];
}

/** Nothing a developer wrote for a machine: no regex, no JSON path, no Ajv wording. */
function expectReadable(body: ErrorBody) {
  const texts = [body.message, body.messageEn, ...body.details.flatMap((d) => [d.zh, d.en])];
  for (const t of texts) {
    expect(t).not.toMatch(/\^|\\d|\$\/|\[0-9|\{3,|body\/|must match|must have required|must NOT|与模式不匹配|pattern/);
  }
}

describe('friendly validation messages (issue 9, staff form)', () => {
  it('staff form: a wrong phone number reads as a sentence naming 手机号码 / Mobile phone, not a regex', async () => {
    const org = (await admin.get('/api/orgs')).json() as { orgs?: { id: string }[] } | { id: string }[];
    const orgId = Array.isArray(org) ? org[0]?.id : org.orgs?.[0]?.id;
    const res = await admin.post('/api/staff', { username: 'newstaff', displayName: '新人', password: 'Staff@Member2026', orgId, phone: '1385721' });
    expect(res.statusCode).toBe(400);
    const body = res.json() as ErrorBody;
    expectReadable(body);
    const phone = body.details.find((d) => d.path === 'body/phone');
    expect(phone?.zh).toContain('手机号码');
    expect(phone?.zh).toContain('11位');
    expect(phone?.en).toContain('Mobile phone');
    expect(phone?.en).toContain('11-digit');
    expect(body.message).toContain('手机号码');
  });

  it('staff form: required, minLength, pattern, format, enum and unknown fields all name the field in both languages', async () => {
    const res = await admin.post('/api/staff', { username: '1x', displayName: '', password: 'short', orgId: 'not-a-uuid', roles: [{ role: 'emperor', scopeOrgId: 'x' }], nickname: 'z' });
    expect(res.statusCode).toBe(400);
    const body = res.json() as ErrorBody;
    expectReadable(body);
    const byPath = (p: string) => body.details.filter((d) => d.path === p);
    expect(byPath('body/username')[0]?.zh).toContain('用户名');
    expect(byPath('body/username')[0]?.en).toContain('Username');
    expect(byPath('body/displayName')[0]?.zh).toMatch(/姓名.*不能少于 1 个字符/);
    expect(byPath('body/displayName')[0]?.en).toMatch(/Name.*at least 1 character/);
    expect(byPath('body/password')[0]?.zh).toContain('密码');
    expect(byPath('body/orgId')[0]?.zh).toContain('所属机构');
    expect(byPath('body/orgId')[0]?.en).toContain('Organisation');
    const role = body.details.find((d) => d.path === 'body/roles/0/role');
    expect(role?.zh).toContain('角色');
    expect(role?.en).toContain('Role');
    const extra = body.details.find((d) => d.code === 'schema.additionalProperties');
    expect(extra?.zh).toContain('nickname');
    expect(extra?.en).toContain('nickname');
    // A missing required field is named too.
    const missing = (await admin.post('/api/staff', { username: 'newstaff2', password: 'Staff@Member2026' })).json() as ErrorBody;
    expectReadable(missing);
    expect(missing.details.map((d) => d.zh).join()).toContain('姓名');
    expect(missing.details.map((d) => d.en).join()).toMatch(/Name.*required|required.*Name/);
  });

  it('registration: one readable message per wrong field, only for the kind of applicant chosen', async () => {
    const res = await ctx.anon().post('/api/auth/register', { kind: 'natural_person', username: 'zhao', password: 'x', name: '赵', idNumber: '12345', phone: '123', email: 'not-an-email' });
    expect(res.statusCode).toBe(400);
    const body = res.json() as ErrorBody;
    expectReadable(body);
    const zh = body.details.map((d) => d.zh).join('\n');
    const en = body.details.map((d) => d.en).join('\n');
    expect(zh).toContain('身份证号码');
    expect(en).toContain('ID number');
    expect(zh).toContain('手机号码');
    expect(zh).toContain('电子邮箱');
    expect(en).toContain('Email');
    // Nothing about the other branch of the form (法人: companyName, creditCode…), nothing about "kind".
    expect(zh).not.toMatch(/企业名称|统一社会信用代码|companyName|creditCode|kind/);
    expect(body.details).toHaveLength(3);
  });
});

describe('validationDetails (every Ajv keyword)', () => {
  it('staff form: each keyword reads as a sentence with the field title, in both languages', async () => {
    const { default: Ajv } = await import('ajv');
    const { default: addFormats } = await import('ajv-formats');
    const { validationDetails } = await import('../src/server/http/validation-messages.js');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ajv-formats types its own copy of Ajv
    const ajv = new Ajv({ allErrors: true }) as any;
    addFormats(ajv);
    const schema = {
      type: 'object',
      additionalProperties: false,
      required: ['start', 'count', 'tags', 'active', 'level', 'code'],
      properties: {
        start: { type: 'string', format: 'date', title: '开始日期 Start date' },
        count: { type: 'integer', minimum: 1, maximum: 9, title: '份数 Copies' },
        tags: { type: 'array', maxItems: 2, items: { type: 'string' }, title: '标签 Tags' },
        active: { type: 'boolean', title: '启用 Active' },
        level: { enum: ['low', 'high'], title: '级别 Level' },
        code: { type: 'string', pattern: '^[A-Z]{3}-\\d+$', title: '编码 Code' },
        regionCode: { type: 'string' },
      },
    };
    const validate = ajv.compile(schema);
    validate({ start: '2026-13-45', count: 0, tags: ['a', 'b', 'c'], active: 'yes', level: 'mid', code: 'abc', extra: 1 });
    const details = validationDetails(validate.errors, 'body', schema);
    expectReadable({ error: 'VALIDATION_FAILED', message: '', messageEn: '', details });
    const text = (field: string) => details.filter((d) => d.path === `body/${field}`).map((d) => `${d.zh} | ${d.en}`).join();
    expect(text('start')).toMatch(/开始日期.*日期.*\| Start date must be a date/);
    expect(text('count')).toMatch(/份数：不能小于 1 \| Copies must be at least 1/);
    expect(text('tags')).toMatch(/标签：最多 2 项 \| Tags may have at most 2 items/);
    expect(text('active')).toMatch(/启用：应为是或否 \| Active must be yes or no/);
    expect(text('level')).toMatch(/级别的取值不在允许范围内（可选：low、high） \| Level must be one of: low, high/);
    expect(text('code')).toMatch(/编码：格式不正确 \| Code has the wrong format/);
    expect(text('extra')).toMatch(/不允许的字段“extra” \| Unknown field "extra"/);
    // A missing field without a title is named from the field-name map.
    validate({});
    const missing = validationDetails(validate.errors, 'body', schema).map((d) => d.en);
    expect(missing).toContain('Start date is required');
    const { splitTitle } = await import('../src/server/http/validation-messages.js');
    expect(splitTitle('统一社会信用代码 Unified social credit code')).toEqual({ zh: '统一社会信用代码', en: 'Unified social credit code' });
    expect(splitTitle('Window')).toEqual({ zh: 'Window', en: 'Window' });
  });
});
