import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { sampleApplicationFor } from './support/applications.js';
import { fillFromProfile, profileChangesFrom } from '../src/core/profile/profile.js';
import type { FormSchema } from '../src/core/catalogue/types.js';

/** 办事资料 (issue 10, ADR 0027): the profile fills forms by field key; a changed value is saved back when the applicant chooses. */
let ctx: TestContext;
let zhangsan: Agent;
let baicha: Agent;
let clerk: Agent;

type Profile = { kind: string; identity: Record<string, string>; fields: Record<string, string>; values: Record<string, string>; keys: string[]; updatedAt: string | null };

const profileOf = async (agent: Agent) => (await agent.get('/api/me/profile')).json() as Profile;

async function itemByName(name: string): Promise<{ implId: string; form: FormSchema }> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const implId = res.items.find((i) => i.name.startsWith(name))!.implId;
  const guide = (await ctx.anon().get(`/api/catalogue/items/${implId}`)).json() as { content: { form: FormSchema } };
  return { implId, form: guide.content.form };
}

beforeAll(async () => {
  ctx = await createTestContext();
  [zhangsan, baicha, clerk] = await Promise.all([ctx.as('zhangsan'), ctx.as('baicha'), ctx.as('clerk')]);
});
afterAll(async () => ctx.close());

describe('GET/PUT /api/me/profile', () => {
  it('401 anonymous, 403 staff, 400 for a malformed body', async () => {
    expect((await ctx.anon().get('/api/me/profile')).statusCode).toBe(401);
    expect((await clerk.get('/api/me/profile')).statusCode).toBe(403);
    expect((await zhangsan.put('/api/me/profile', { fields: { phone: 5 } })).statusCode).toBe(400);
    expect((await zhangsan.put('/api/me/profile', { fields: {}, extra: 1 })).statusCode).toBe(400);
  });

  it('shows the identity from the verified account and the account’s phone before anything is kept', async () => {
    const p = await profileOf(zhangsan);
    expect(p.kind).toBe('natural_person');
    expect(p.identity.name).toBe('张三');
    expect(p.identity.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(p.fields).toEqual({});
    expect(p.values.name).toBe('张三');
    expect(p.keys).toContain('address');
  });

  it('refuses identity keys, keys of the other kind and malformed values, naming each, and keeps nothing', async () => {
    const res = await zhangsan.put('/api/me/profile', { fields: { name: '李四', businessScope: '餐饮', phone: '12345', email: 'x' } });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { message: string; messageEn: string; details: { code: string; path: string }[] };
    expect(body.details.map((d) => [d.path, d.code])).toEqual([
      ['/fields/name', 'PROFILE_IDENTITY_KEY'],
      ['/fields/businessScope', 'PROFILE_UNKNOWN_KEY'],
      ['/fields/phone', 'PROFILE_FORMAT'],
      ['/fields/email', 'PROFILE_FORMAT'],
    ]);
    expect(body.message).toContain('联系电话');
    expect(body.messageEn).toContain('Phone');
    expect((await profileOf(zhangsan)).fields).toEqual({});
  });

  it('keeps fields sealed at rest (no plaintext in the row) and returns them to their owner only', async () => {
    const res = await zhangsan.put('/api/me/profile', { fields: { phone: '13957209876', address: '浙江省湖州市安吉县灵峰街道梅园路88号', postalCode: '313300' } });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as Profile).fields).toEqual({ phone: '13957209876', address: '浙江省湖州市安吉县灵峰街道梅园路88号', postalCode: '313300' });
    const raw = await sql<{ t: string }>`select data::text as t from applicant_profiles`.execute(ctx.handle.db);
    expect(raw.rows).toHaveLength(1);
    expect(raw.rows[0]!.t).toContain('$sealed');
    expect(raw.rows[0]!.t).not.toContain('13957209876');
    expect(raw.rows[0]!.t).not.toContain('梅园路');
    expect((await profileOf(baicha)).fields).toEqual({});
    // An empty value removes a key.
    const cleared = (await zhangsan.put('/api/me/profile', { fields: { postalCode: '' } })).json() as Profile;
    expect(cleared.fields).toEqual({ phone: '13957209876', address: '浙江省湖州市安吉县灵峰街道梅园路88号' });
  });

  it('a legal person keeps business facts; the company name and credit code come from the account', async () => {
    const res = await baicha.put('/api/me/profile', { fields: { businessScope: '餐饮服务；预包装食品销售', registeredAddress: '安吉县递铺街道昌硕路1号', registeredCapital: '50' } });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as Profile;
    expect(p.kind).toBe('legal_person');
    expect(p.identity.creditCode).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
    expect(p.values.businessScope).toBe('餐饮服务；预包装食品销售');
    expect((await baicha.put('/api/me/profile', { fields: { creditCode: '91330523MA2B000010' } })).statusCode).toBe(400);
  });
});

describe('filling a form by field key, and saving a change back', () => {
  it('the profile fills the item’s form; the application with those values is accepted by the server', async () => {
    const { implId, form } = await itemByName('个体工商户设立登记');
    const p = await profileOf(zhangsan);
    const sample = await sampleApplicationFor(zhangsan, implId);
    const blank = Object.fromEntries(Object.entries(sample.formData).filter(([k]) => !fillFromProfile(form, p.values, {}).filled.includes(k)));
    const { data, filled } = fillFromProfile(form, p.values, blank);
    expect(filled.length).toBeGreaterThan(0);
    const phoneField = Object.entries(form.properties).find(([, f]) => f['x-prefill'] === 'profile.phone')?.[0];
    if (phoneField) expect(data[phoneField]).toBe('13957209876');
    const res = await zhangsan.post('/api/cases', { implId, formData: data, situationAnswers: sample.situationAnswers, materials: [] });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('a value changed in the form is offered back and, when the applicant ticks the box, kept', async () => {
    const { form } = await itemByName('个体工商户设立登记');
    const p = await profileOf(zhangsan);
    const phoneField = Object.entries(form.properties).find(([, f]) => f['x-prefill'] === 'profile.phone')?.[0] ?? 'phone';
    const typed = { ...fillFromProfile(form, p.values, {}).data, [phoneField]: '13857200000' };
    const changes = profileChangesFrom(form, 'natural_person', p.values, typed);
    expect(changes).toEqual([{ key: 'phone', field: phoneField, from: '13957209876', to: '13857200000' }]);
    const saved = await zhangsan.put('/api/me/profile', { fields: Object.fromEntries(changes.map((c) => [c.key, c.to])) });
    expect(saved.statusCode).toBe(200);
    expect((await profileOf(zhangsan)).values.phone).toBe('13857200000');
    // The account's own phone (used for SMS codes) is not changed by the profile.
    expect((await profileOf(zhangsan)).identity).toEqual(p.identity);
  });
});

describe('我的资料: every change is recorded; nobody reads or changes another person’s profile', () => {
  type WithChanges = Profile & { changes: { at: string; source: string; edits: { key: string; from: string | null; to: string | null }[] }[] };
  const changeRows = async () => Number((await ctx.handle.db.selectFrom('applicant_profile_changes').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('records what changed, from where, with the values sealed; a save that changes nothing or is refused records nothing', async () => {
    await zhangsan.put('/api/me/profile', { fields: { employer: '安吉县白茶合作社' } });
    const saved = await zhangsan.put('/api/me/profile', { fields: { employer: '湖州市某科技有限公司', email: 'zhangsan@example.cn' } });
    expect(saved.statusCode, saved.body).toBe(200);
    const p = saved.json() as WithChanges;
    expect(p.changes[0]).toMatchObject({ source: 'profile', edits: [{ key: 'employer', from: '安吉县白茶合作社', to: '湖州市某科技有限公司' }, { key: 'email', from: null, to: 'zhangsan@example.cn' }] });
    const raw = await sql<{ keys: string; data: string }>`select keys::text as keys, data::text as data from applicant_profile_changes order by id desc limit 5`.execute(ctx.handle.db);
    expect(raw.rows.some((r) => r.keys.includes('employer'))).toBe(true);
    for (const r of raw.rows) {
      expect(r.data).toContain('$sealed');
      expect(r.data).not.toContain('科技有限公司');
      expect(r.data).not.toContain('zhangsan@example.cn');
    }
    const before = await changeRows();
    // The same values again (spaces trimmed): nothing to record.
    expect((await zhangsan.put('/api/me/profile', { fields: { employer: ' 湖州市某科技有限公司 ' } })).statusCode).toBe(200);
    // Identity fields cannot be changed, and a refused save records nothing.
    const refused = await zhangsan.put('/api/me/profile', { fields: { idNumber: '330523199001010011', employer: '别处' } });
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as { details: { code: string }[] }).details.map((d) => d.code)).toEqual(['PROFILE_IDENTITY_KEY']);
    expect(await changeRows()).toBe(before);
    expect((await profileOf(zhangsan)).fields.employer).toBe('湖州市某科技有限公司');
    // A save-back from an application says so.
    const back = (await zhangsan.put('/api/me/profile', { fields: { postalCode: '313301' }, source: 'application' })).json() as WithChanges;
    expect(back.changes[0]).toMatchObject({ source: 'application', edits: [{ key: 'postalCode', to: '313301' }] });
  });

  it('another applicant sees and changes only their own profile and record', async () => {
    const mine = await profileOf(zhangsan);
    const other = (await baicha.get('/api/me/profile')).json() as WithChanges;
    expect(other.identity.companyName).toBeTruthy();
    expect(JSON.stringify(other)).not.toContain('湖州市某科技有限公司');
    expect(other.changes.every((c) => c.edits.every((e) => !['employer', 'postalCode', 'email'].includes(e.key)))).toBe(true);
    // A legal person cannot write a natural person's keys (and has no way to name another account).
    expect((await baicha.put('/api/me/profile', { fields: { employer: '别处' } })).statusCode).toBe(400);
    expect((await baicha.put('/api/me/profile', { fields: { contactName: '王五' }, userId: mine.identity.idNumber })).statusCode).toBe(400);
    expect((await baicha.put('/api/me/profile', { fields: { contactName: '王五' } })).statusCode).toBe(200);
    expect(await profileOf(zhangsan)).toEqual(mine);
  });
});
