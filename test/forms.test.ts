import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { ItemContent } from '../src/core/catalogue/types.js';
import Ajv from 'ajv';
import { addFormFormats, effectiveFormSchema, FORM_AJV_OPTIONS, identityProblems, interpretSchema, maskFormData, validateApplication, withVerifiedIdentity, type VerifiedIdentity } from '../src/core/forms/index.js';
import { completeIdNumber, isValidIdNumber } from '../src/core/codes/id-number.js';
import { idNumberArb, creditCodeArb } from '../src/core/codes/test-arbitraries.js';
import { validateItem } from '../src/core/catalogue/rules.js';
import { DEMO_ITEMS } from '../src/server/demo/items/index.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';

/** Issue 8 finding 8 and issue 9 item 2: one validation of application forms for every channel. */

const demo = (name: string): ItemContent => {
  const hit = DEMO_ITEMS.find((i) => i.content.mainName === name);
  if (!hit) throw new Error(`no demo item ${name}`);
  return hit.content;
};
const gth = demo('个体工商户设立登记');
const idCardItem = demo('居民身份证申领');
const drugItem = demo('药品零售企业许可');

const ZHANGSAN_ID = completeIdNumber('33052319900307123');
const zhangsan: VerifiedIdentity = { kind: 'natural_person', name: '张三', idNumber: ZHANGSAN_ID, creditCode: null, legalRepresentative: null };
const validGth = () => ({
  formData: { name: '张三', idNumber: ZHANGSAN_ID, phone: '13857210001', premises: '递铺街道胜利西路1号', scope: '茶叶零售', staff: 3 } as Record<string, unknown>,
  situationAnswers: { 's-who': ['o-self'], 's-name': ['o-no-name'] } as Record<string, string[]>,
});
const codes = (content: ItemContent, input: ReturnType<typeof validGth>, kind: VerifiedIdentity['kind'] = 'natural_person') => validateApplication(content, input, kind).map((p) => `${p.code}:${p.field}`);

describe('core: validateApplication', () => {
  it('accepts a complete application and every demo item passes the catalogue rules', () => {
    expect(validateApplication(gth, validGth(), 'natural_person')).toEqual([]);
    for (const i of DEMO_ITEMS) expect(validateItem(i.content).filter((p) => p.rule.startsWith('FORM_')), i.content.mainName).toEqual([]);
  });

  it('names the missing required field by its title, in both languages', () => {
    const input = validGth();
    delete input.formData.premises;
    const [p] = validateApplication(gth, input, 'natural_person');
    expect(p).toMatchObject({ code: 'FORM_REQUIRED', field: 'premises', path: '/formData/premises' });
    expect(p?.zh).toContain('经营场所');
    expect(p?.en).toContain('is required');
  });

  it('refuses unknown keys and blank required text', () => {
    const input = validGth();
    input.formData.secret = 'x';
    input.formData.scope = '';
    expect(codes(gth, input)).toEqual(['FORM_UNKNOWN_FIELD:secret', 'FORM_REQUIRED:scope']);
  });

  it('does not coerce types: "abc" and "3" are not a whole number', () => {
    for (const staff of ['abc', '3', true, 2.5]) {
      const input = validGth();
      input.formData.staff = staff;
      expect(codes(gth, input), String(staff)).toEqual(['FORM_TYPE:staff']);
    }
  });

  it('requires 字号名称 only after 使用字号 (a situation condition)', () => {
    const input = validGth();
    input.situationAnswers['s-name'] = ['o-with-name'];
    expect(codes(gth, input)).toEqual(['FORM_REQUIRED:tradeName']);
    input.formData.tradeName = '白茶小铺';
    expect(codes(gth, input)).toEqual([]);
  });

  it('requires the mailing address only when delivery by post is chosen (a field condition, if/then)', () => {
    const base = { formData: { name: '张三', idNumber: ZHANGSAN_ID, reason: '到期换领', post: false } as Record<string, unknown>, situationAnswers: {} };
    expect(codes(idCardItem, base)).toEqual([]);
    expect(codes(idCardItem, { ...base, formData: { ...base.formData, post: true } })).toEqual(['FORM_REQUIRED:mailAddress']);
  });

  it('accepts situations answered with known options only, one for a single-choice question, every question answered', () => {
    const input = validGth();
    input.situationAnswers = { 's-who': ['o-self', 'o-agent'], 's-name': ['o-bogus'], 's-none': ['x'] };
    expect(codes(gth, input).sort()).toEqual(['SITUATION_OPTION_UNKNOWN:s-name', 'SITUATION_SINGLE:s-who', 'SITUATION_UNKNOWN:s-none'].sort());
    expect(codes(gth, { ...validGth(), situationAnswers: { 's-who': ['o-self'] } })).toEqual(['SITUATION_UNANSWERED:s-name']);
  });

  it('refuses an applicant kind the item does not serve', () => {
    const [p] = validateApplication(drugItem, { formData: {}, situationAnswers: {} }, 'natural_person');
    expect(p).toMatchObject({ code: 'APPLICANT_KIND' });
    expect(p?.zh).toContain('法人');
  });

  it('property: a valid ID number with one digit changed is refused; a valid one is accepted', () => {
    fc.assert(
      fc.property(idNumberArb, fc.nat(16), fc.integer({ min: 1, max: 9 }), (id, pos, delta) => {
        const input = { formData: { name: '某人', idNumber: id, reason: '首次申领' }, situationAnswers: {} };
        expect(codes(idCardItem, input)).toEqual([]);
        const changed = id.slice(0, pos) + String((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
        if (isValidIdNumber(changed)) return; // a rare change that stays valid (another real date and check) is not a typo we can see
        expect(codes(idCardItem, { ...input, formData: { ...input.formData, idNumber: changed } })).toEqual(['FORM_FORMAT:idNumber']);
      }),
    );
  });

  it('property: a mobile number with digits missing (6 to 10 left) is refused; mainland mobiles are accepted', () => {
    fc.assert(
      // Five digits starting with 1 are a valid service number (12345), so at most five are cut.
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.integer({ min: 1, max: 5 }), (phone, cut) => {
        const ok = validGth();
        ok.formData.phone = phone;
        expect(codes(gth, ok)).toEqual([]);
        ok.formData.phone = phone.slice(0, 11 - cut);
        expect(codes(gth, ok)).toContain('FORM_FORMAT:phone');
      }),
    );
  });

  it('property: credit codes are checked (GB 32100) where the form asks for one', () => {
    const food = demo('食品经营许可');
    fc.assert(
      fc.property(creditCodeArb, (code) => {
        const input = { formData: { companyName: '某公司', creditCode: code, premises: '某地', kind: '食品销售经营者' }, situationAnswers: { 's-online': ['o-offline'] } };
        expect(codes(food, input, 'legal_person')).toEqual([]);
        const wrongCheck = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
        expect(codes(food, { ...input, formData: { ...input.formData, creditCode: wrongCheck } }, 'legal_person')).toEqual(['FORM_FORMAT:creditCode']);
      }),
    );
  });

  it('property: any key not in the schema is refused', () => {
    const known = new Set(Object.keys(gth.form.properties));
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !known.has(k) && k !== '__proto__'), fc.string(), (key, value) => {
        const input = validGth();
        input.formData[key] = value;
        expect(codes(gth, input)).toEqual([`FORM_UNKNOWN_FIELD:${key}`]);
      }),
    );
  });

  it('amounts are not negative and have at most two decimals', () => {
    const aid = demo('临时救助');
    const input = (amount: unknown) => ({ formData: { name: '张三', idNumber: ZHANGSAN_ID, reason: '火灾', amount }, situationAnswers: {} });
    expect(codes(aid, input(1200.5))).toEqual([]);
    expect(codes(aid, input(-1))).toContain('FORM_TOO_SMALL:amount');
    expect(codes(aid, input(10.123))).toEqual(['FORM_FORMAT:amount']);
  });

  it('the web form and the server use the same schema (unknown keys refused, conditional fields required)', () => {
    const schema = effectiveFormSchema(gth.form, { 's-name': ['o-with-name'] });
    expect(schema).toMatchObject({ additionalProperties: false });
    expect(schema.required).toContain('tradeName');
  });
});

describe('core: the browser’s code-free check agrees with the server’s Ajv', () => {
  const ajv = addFormFormats(new Ajv(FORM_AJV_OPTIONS));
  const key = (e: { keyword: string; instancePath: string; params: Record<string, unknown> }) =>
    `${e.keyword}|${e.instancePath}|${String(e.params.missingProperty ?? e.params.additionalProperty ?? e.params.format ?? '')}`;
  const value = fc.oneof(fc.string({ maxLength: 30 }), fc.integer({ min: -5, max: 2000 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 1e6 }), fc.boolean(), fc.constant(null), idNumberArb, fc.constantFrom('13857210001', '1385721', '2026-02-30', '2026-01-05', '王五', '', '测试'));
  it('property: same errors for random form data on every demo item and situation choice', () => {
    for (const { content } of DEMO_ITEMS) {
      const keys = [...Object.keys(content.form.properties), 'extra'];
      fc.assert(
        fc.property(fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (data, picks) => {
          const answers = Object.fromEntries(content.situations.map((s, i) => [s.id, [s.options[picks[i % 5] ? 0 : 1]?.id ?? '']]));
          const schema = effectiveFormSchema(content.form, answers);
          const validate = ajv.compile(schema);
          validate(data);
          expect(interpretSchema(schema, data).map(key).sort(), content.mainName).toEqual((validate.errors ?? []).map(key).sort());
        }),
        { numRuns: 60 },
      );
    }
  });
});

describe('core: identity from the account, masking by field type', () => {
  it('fills identity fields from the account and refuses another person’s', () => {
    const filled = withVerifiedIdentity(gth.form, { phone: '13857210001' }, zhangsan);
    expect(filled).toMatchObject({ name: '张三', idNumber: ZHANGSAN_ID });
    const other = completeIdNumber('33052319851120242');
    expect(identityProblems(gth.form, { name: '李四', idNumber: other }, zhangsan).map((p) => `${p.code}:${p.field}`)).toEqual(['FORM_IDENTITY_MISMATCH:name', 'FORM_IDENTITY_MISMATCH:idNumber']);
    expect(identityProblems(gth.form, { idNumber: '330523199003071235' }, zhangsan).map((p) => p.code)).toEqual(['FORM_FORMAT']);
    expect(identityProblems(gth.form, { name: '张三', idNumber: ZHANGSAN_ID.toLowerCase() }, zhangsan)).toEqual([]);
  });

  it('masks personal fields by their type and leaves the rest', () => {
    const masked = maskFormData(gth.form, { name: '张三丰', idNumber: ZHANGSAN_ID, phone: '13857210001', scope: '茶叶零售' });
    expect(masked.idNumber).not.toBe(ZHANGSAN_ID);
    expect(String(masked.idNumber)).toMatch(/^\d{6}\*+/);
    expect(masked.phone).not.toContain('5721');
    expect(masked.name).not.toBe('张三丰');
    expect(masked.scope).toBe('茶叶零售');
  });
});

let ctx: TestContext;
let zs: Agent;
let gthImplId: string;
let drugImplId: string;

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}
const countCases = async () => Number((await sql<{ n: string }>`select count(*)::text as n from cases`.execute(ctx.handle.db)).rows[0]?.n);
type Problem = { code: string; path: string; zh: string; en: string };

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  zs = await ctx.as('zhangsan');
  gthImplId = await implByName('个体工商户设立登记');
  drugImplId = await implByName('药品零售企业许可');
});
afterAll(async () => ctx.close());

describe('finding 8: submissions are checked against the published item', () => {
  it('finding 8: the exact inputs of the issue (bad ID check digit, 7-digit phone, 从业人数 "abc") → 400 naming the fields, nothing written', async () => {
    const before = await countCases();
    const res = await zs.post('/api/cases', { implId: gthImplId, formData: { name: '张三', idNumber: '330523199003071235', phone: '1385721', premises: '递铺街道', scope: '茶叶零售', staff: 'abc' }, situationAnswers: { 's-who': ['o-self'], 's-name': ['o-no-name'] }, materials: [] });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as { error: string; message: string; messageEn: string; details: Problem[] };
    expect(body.error).toBe('VALIDATION_FAILED');
    expect(body.details.map((d) => d.path).sort()).toEqual(['/formData/idNumber', '/formData/phone', '/formData/staff']);
    expect(body.message).toContain('公民身份号码');
    expect(body.message).toContain('联系电话');
    expect(body.message).toContain('从业人数');
    expect(body.messageEn).toContain('从业人数');
    expect(await countCases()).toBe(before);
  });

  it('finding 8: missing required fields, unknown keys and unknown situation options are refused', async () => {
    const before = await countCases();
    const res = await zs.post('/api/cases', { implId: gthImplId, formData: { phone: '13857210001', nickname: 'x' }, situationAnswers: { 's-who': ['o-nobody'], 's-name': ['o-no-name'] }, materials: [] });
    expect(res.statusCode).toBe(400);
    const codes = (res.json() as { details: Problem[] }).details.map((d) => `${d.code}:${d.path}`);
    expect(codes).toEqual(expect.arrayContaining(['SITUATION_OPTION_UNKNOWN:/situationAnswers/s-who', 'FORM_UNKNOWN_FIELD:/formData/nickname', 'FORM_REQUIRED:/formData/premises', 'FORM_REQUIRED:/formData/scope']));
    expect(await countCases()).toBe(before);
  });

  it('finding 8: another person’s name and ID number are refused; identity comes from the account', async () => {
    const lisiId = completeIdNumber('33052319851120242');
    const base = { implId: gthImplId, situationAnswers: { 's-who': ['o-self'], 's-name': ['o-no-name'] }, materials: [] };
    const res = await zs.post('/api/cases', { ...base, formData: { name: '李四', idNumber: lisiId, phone: '13857210001', premises: '递铺街道', scope: '茶叶零售' } });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { details: Problem[] }).details.map((d) => d.code)).toEqual(['FORM_IDENTITY_MISMATCH', 'FORM_IDENTITY_MISMATCH']);
    const ok = await zs.post('/api/cases', { ...base, formData: { phone: '13857210001', premises: '递铺街道', scope: '茶叶零售' } });
    expect(ok.statusCode, ok.body).toBe(201);
    const view = ok.json() as { formData: Record<string, unknown> };
    expect(view.formData).toMatchObject({ name: '张三', idNumber: ZHANGSAN_ID });
  });

  it('finding 8: a natural person cannot apply for a legal-person-only item', async () => {
    const res = await zs.post('/api/cases', { implId: drugImplId, formData: {}, situationAnswers: {}, materials: [] });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { details: Problem[] }).details[0]?.code).toBe('APPLICANT_KIND');
  });

  it('finding 8: window submissions are checked the same way', async () => {
    const clerk = await ctx.as('clerk');
    const applicantId = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'zhangsan').executeTakeFirstOrThrow()).id;
    const before = await countCases();
    const res = await clerk.post('/api/cases', { implId: gthImplId, applicantId, formData: { phone: '1385721', premises: '递铺街道', scope: '茶叶零售', staff: 'abc' }, situationAnswers: { 's-who': ['o-self'], 's-name': ['o-no-name'] }, materials: [] });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { details: Problem[] }).details.map((d) => d.path).sort()).toEqual(['/formData/phone', '/formData/staff']);
    expect(await countCases()).toBe(before);
  });

  it('finding 8: a draft may be incomplete, but is checked in full when submitted', async () => {
    const draft = await zs.post('/api/cases/drafts', { implId: gthImplId, formData: { phone: '13857210001' }, situationAnswers: { 's-who': ['o-self'], 's-name': ['o-with-name'] }, materials: [] });
    expect(draft.statusCode, draft.body).toBe(201);
    const id = (draft.json() as { id: string }).id;
    const submit = await zs.post(`/api/cases/${id}/actions`, { type: 'submit' });
    expect(submit.statusCode).toBe(400);
    expect((submit.json() as { details: Problem[] }).details.map((d) => d.path).sort()).toEqual(['/formData/premises', '/formData/scope', '/formData/tradeName']);
    const row = await ctx.handle.db.selectFrom('cases').select(['state', 'case_no']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'draft', case_no: null });
    await zs.put(`/api/cases/${id}/draft`, { implId: gthImplId, formData: { phone: '13857210001', premises: '递铺街道', scope: '茶叶零售', tradeName: '白茶小铺' }, situationAnswers: { 's-who': ['o-self'], 's-name': ['o-with-name'] }, materials: [] });
    const again = await zs.post(`/api/cases/${id}/actions`, { type: 'submit' });
    expect(again.statusCode, again.body).toBe(200);
  });
});
