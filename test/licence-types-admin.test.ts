import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LicenceType } from '../src/core/licences/types.js';
import { licenceTypeProblems } from '../src/core/licences/type-rules.js';
import { DEMO_LICENCE_TYPES } from '../src/server/demo/licences.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';

/**
 * 证照类型 in the catalogue (issue 11, ADR 0039): catalogue administrators propose a new licence type or a
 * change, a second one applies it (四眼原则); every step is audited; a type with issued licences keeps
 * what those licences depend on, and they keep verifying after a change.
 */

let ctx: TestContext;
let cat: Agent;
let prov: Agent;
let clerk: Agent;
let zhangsan: Agent;

type Change = { changeId: string; typeCode: string; kind: string; outcome: string | null; proposedById: string };
const types = async () => ((await ctx.anon().get('/api/licence-types')).json() as { types: LicenceType[] }).types;
const typeOf = async (code: string) => (await types()).find((t) => t.code === code) as LicenceType;
const count = async (table: 'licence_type_changes' | 'licence_types') => Number((await ctx.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const lastAudit = async (kind: string) => ctx.handle.db.selectFrom('audit_events').selectAll().where('kind', '=', kind).orderBy('seq', 'desc').limit(1).executeTakeFirst();

let baseCode: string;
const newType = (): LicenceType => ({
  code: 'JSZ',
  name: '建筑施工许可证',
  nameEn: 'Construction permit',
  issuerKind: '住房和城乡建设',
  validity: { kind: 'years', years: 3 },
  issuingBaseCodes: [baseCode],
  fields: [
    { key: 'projectName', label: '工程名称', labelEn: 'Project', source: { from: 'form', keys: ['projectName', 'name'] } },
    { key: 'builder', label: '建设单位', labelEn: 'Builder', source: { from: 'holder', key: 'name' } },
    { key: 'permitNo', label: '编号', labelEn: 'Permit no.', source: { from: 'case', key: 'resultNo' } },
  ],
});

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  [cat, prov, clerk, zhangsan] = await Promise.all([ctx.as('catadmin'), ctx.as('provadmin'), ctx.as('clerk'), ctx.as('zhangsan')]);
  baseCode = (await ctx.handle.db.selectFrom('base_items').select('base_code').orderBy('base_code').executeTakeFirstOrThrow()).base_code;
});
afterAll(async () => ctx.close());

describe('licence types: the demo types follow the rules', () => {
  it('each demo type passes the core rules', () => {
    for (const t of DEMO_LICENCE_TYPES) expect(licenceTypeProblems(t), t.code).toEqual([]);
  });
});

describe('licence types: propose, apply by a second administrator (四眼原则), audited', () => {
  it('401 logged out, 403 for a clerk and an applicant, 400 for a malformed type — nothing is written', async () => {
    const before = await count('licence_type_changes');
    expect((await ctx.anon().post('/api/admin/licence-types', { type: newType(), reason: '新增' })).statusCode).toBe(401);
    expect((await clerk.post('/api/admin/licence-types', { type: newType(), reason: '新增' })).statusCode).toBe(403);
    expect((await zhangsan.post('/api/admin/licence-types', { type: newType(), reason: '新增' })).statusCode).toBe(403);
    const bad = await cat.post('/api/admin/licence-types', { type: { ...newType(), code: 'jsz' }, reason: '新增' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ message: expect.any(String), messageEn: expect.any(String) });
    const extra = await cat.post('/api/admin/licence-types', { type: { ...newType(), colour: 'red' }, reason: '新增' });
    expect(extra.statusCode).toBe(400);
    // Well-formed but against the rules: an ID number not masked, an unknown issuing item, a taken name.
    const rules = await cat.post('/api/admin/licence-types', {
      type: { ...newType(), name: '营业执照', issuingBaseCodes: ['ZZ99999999'], fields: [...newType().fields, { key: 'idNo', label: '身份证号', labelEn: 'ID', source: { from: 'holder', key: 'idNumber' } }] },
      reason: '新增',
    });
    expect(rules.statusCode).toBe(400);
    expect((rules.json() as { details: { code: string }[] }).details.map((d) => d.code).sort()).toEqual(['LT_FIELD_PERSONAL', 'LT_ISSUING_UNKNOWN', 'LT_NAME_TAKEN']);
    expect(await count('licence_type_changes')).toBe(before);
  });

  it('a new type: proposed by one administrator, not applicable by the same one, applied by another; each step audited', async () => {
    const proposed = await cat.post('/api/admin/licence-types', { type: newType(), reason: '住建局新增电子证照' });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const change = proposed.json() as Change;
    expect(change).toMatchObject({ typeCode: 'JSZ', kind: 'create', outcome: null });
    expect(await typeOf('JSZ')).toBeUndefined();
    expect(await lastAudit('licence_type_proposed')).toMatchObject({ object_type: 'licence_type', object_id: 'JSZ', detail: expect.objectContaining({ changeId: change.changeId, reason: '住建局新增电子证照' }) });
    // A second proposal for the same type waits for the first.
    expect((await prov.post('/api/admin/licence-types', { type: newType(), reason: '重复' })).statusCode).toBe(409);
    const own = await cat.post(`/api/admin/licence-type-changes/${change.changeId}/apply`, {});
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ details: [{ code: 'FOUR_EYES' }] });
    expect(await typeOf('JSZ')).toBeUndefined();
    const applied = await prov.post(`/api/admin/licence-type-changes/${change.changeId}/apply`, { note: '核对无误' });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ outcome: 'applied' });
    expect(await typeOf('JSZ')).toEqual(newType());
    const prov_id = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'provadmin').executeTakeFirstOrThrow()).id;
    expect(await lastAudit('licence_type_applied')).toMatchObject({ user_id: prov_id, object_id: 'JSZ', detail: expect.objectContaining({ changeId: change.changeId }) });
    // Decided once.
    expect((await prov.post(`/api/admin/licence-type-changes/${change.changeId}/apply`, {})).statusCode).toBe(409);
    const listed = (await cat.get('/api/admin/licence-type-changes')).json() as { changes: Change[]; issued: Record<string, number> };
    expect(listed.changes.find((c) => c.changeId === change.changeId)).toMatchObject({ outcome: 'applied' });
    expect(listed.issued.SHBZK).toBeGreaterThan(0);
  });

  it('a type without licences may change its code; a rejected change leaves the type as it was', async () => {
    const renamed = { ...newType(), code: 'JZSGXK' };
    const p = (await cat.put('/api/admin/licence-types/JSZ', { type: renamed, reason: '代码按国家标准调整' })).json() as Change;
    const r = await prov.post(`/api/admin/licence-type-changes/${p.changeId}/reject`, { note: '代码待确认' });
    expect(r.statusCode, r.body).toBe(200);
    expect(await lastAudit('licence_type_rejected')).toMatchObject({ object_id: 'JSZ' });
    expect(await typeOf('JSZ')).toBeDefined();
    const again = (await cat.put('/api/admin/licence-types/JSZ', { type: renamed, reason: '代码按国家标准调整' })).json() as Change;
    expect((await prov.post(`/api/admin/licence-type-changes/${again.changeId}/apply`, {})).statusCode).toBe(200);
    expect(await typeOf('JSZ')).toBeUndefined();
    expect(await typeOf('JZSGXK')).toMatchObject({ name: '建筑施工许可证' });
  });
});

describe('licence types: issued licences keep verifying', () => {
  it('refuses a code change, a removed field and an unmasked field of a type with issued licences; nothing changes', async () => {
    const card = await typeOf('SHBZK');
    const before = await count('licence_type_changes');
    const tries: [LicenceType, string][] = [
      [{ ...card, code: 'SHBZK2' }, 'LT_CODE_FIXED'],
      [{ ...card, fields: card.fields.filter((f) => f.key !== 'bank') }, 'LT_FIELD_REMOVED'],
      [{ ...card, fields: card.fields.map((f) => (f.key === 'name' ? { ...f, personal: false } : f)) }, 'LT_FIELD_UNMASKED'],
    ];
    for (const [type, code] of tries) {
      const res = await cat.put('/api/admin/licence-types/SHBZK', { type, reason: '调整' });
      expect(res.statusCode, code).toBe(400);
      expect((res.json() as { details: { code: string }[] }).details.map((d) => d.code)).toContain(code);
    }
    expect(await count('licence_type_changes')).toBe(before);
    expect(await typeOf('SHBZK')).toEqual(card);
  });

  it('a name that catalogue materials ask for cannot change under them (免证办 would stop matching)', async () => {
    const yyzz = await typeOf('YYZZ');
    const res = await cat.put('/api/admin/licence-types/YYZZ', { type: { ...yyzz, name: '营业执照（电子）' }, reason: '改名' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ details: [{ code: 'LT_REFERENCED' }] });
  });

  it('an allowed change (labels, a new field, validity) applies; the licences already issued still verify', async () => {
    const card = await typeOf('SHBZK');
    const held = ((await zhangsan.get('/api/me/licences')).json() as { licences: { identifier: string; typeCode: string }[] }).licences.find((l) => l.typeCode === 'SHBZK')?.identifier ?? '';
    expect(held).not.toBe('');
    const changed: LicenceType = { ...card, validity: { kind: 'years', years: 12 }, fields: [...card.fields.map((f) => (f.key === 'bank' ? { ...f, label: '金融服务银行（开户行）' } : f)), { key: 'region', label: '发卡地', labelEn: 'Issued in', source: { from: 'fixed', value: '安吉县' } }] };
    const p = await cat.put('/api/admin/licence-types/SHBZK', { type: changed, reason: '增加发卡地，有效期按新规' });
    expect(p.statusCode, p.body).toBe(201);
    // Unchanged proposals are refused.
    expect((await prov.post(`/api/admin/licence-type-changes/${(p.json() as Change).changeId}/apply`, {})).statusCode).toBe(200);
    expect(await typeOf('SHBZK')).toEqual(changed);
    const verified = (await ctx.anon().get(`/api/public/licences/${held}`)).json() as { status: string; signatureValid: boolean; historyValid: boolean };
    expect(verified).toMatchObject({ status: 'valid', signatureValid: true, historyValid: true });
    // The holder's wallet still shows the data (the field keys stayed).
    const wallet = (await zhangsan.get(`/api/me/licences/${held}`)).json() as { fields: { key: string; value: string }[] };
    expect(wallet.fields.find((f) => f.key === 'bank')?.value).toBe('浙江农商银行');
    expect((await cat.put('/api/admin/licence-types/SHBZK', { type: changed, reason: '再次提交' })).statusCode).toBe(400);
  });

  it('a change proposed before the type changed cannot be applied over it', async () => {
    const cert = await typeOf('CJRZ');
    const first = (await cat.put('/api/admin/licence-types/CJRZ', { type: { ...cert, issuerKind: '残联' }, reason: '简称' })).json() as Change;
    // Simulate the type changing meanwhile (another path, e.g. a migration).
    await ctx.handle.db.updateTable('licence_types').set({ name_en: 'Disability card' }).where('code', '=', 'CJRZ').execute();
    const res = await prov.post(`/api/admin/licence-type-changes/${first.changeId}/apply`, {});
    expect(res.statusCode).toBe(409);
    expect((await typeOf('CJRZ')).issuerKind).toBe(cert.issuerKind);
  });
});
