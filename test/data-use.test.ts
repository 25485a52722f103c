import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DEMO_APPLICANTS } from '../src/server/demo/seed.js';
import { outboxHandlers, runSweep } from '../src/server/jobs/scheduler.js';
import { licenceHistory } from '../src/server/licences/history.js';
import { licenceExemptCount } from '../src/core/licences/exemption.js';
import type { ItemContent } from '../src/core/catalogue/types.js';
import { sampleApplicationFor } from './support/applications.js';
import { withChecklist } from './support/checklist.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';

/**
 * Issue 11, 数据共享 (ADR 0030): a material fulfilled at filing by a read of the applicant's own data
 * (bound to the new case and its purpose, logged, shown to the approver and to the person); the licence
 * store plugged in as a data source for staff working on a case; the durable sweep recording expiry.
 */

let ctx: TestContext;
let zhangsan: Agent;
let lisi: Agent;
let baicha: Agent;
let clerk: Agent;
let handler: Agent;
let signer: Agent;
let birthImpl: string;
let foodImpl: string;
let gthImpl: string;

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

const act = async (agent: Agent, id: string, body: Record<string, unknown>) => {
  const res = await agent.post(`/api/cases/${id}/actions`, await withChecklist(agent, id, body));
  expect(res.statusCode, res.body).toBe(200);
};

const count = async (table: 'cases' | 'data_access_log' | 'case_data_uses') => Number((await ctx.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const counts = async () => ({ cases: await count('cases'), log: await count('data_access_log'), uses: await count('case_data_uses') });

async function applyForBirth(agent: Agent, dataUses: unknown[], extra: Record<string, unknown> = {}) {
  const app = await sampleApplicationFor(agent, birthImpl);
  return agent.post('/api/cases', { implId: birthImpl, ...app, materials: [], dataUses, ...extra });
}

async function applyForFood(agent: Agent, dataUses: unknown[]) {
  const app = await sampleApplicationFor(agent, foodImpl);
  const { companyName: _n, creditCode: _c, ...rest } = app.formData;
  return agent.post('/api/cases', { implId: foodImpl, ...app, formData: agent === baicha ? rest : app.formData, materials: [], dataUses });
}

type Access = { queryId: string; caseId: string; purpose: string; source: string; department: string | null; role: string; fields: { key: string }[]; materialId: string | null };
type Use = { materialId: string; source: { code: string; owner: string }; purpose: { code: string }; items: { key: string; value: unknown }[]; matchesLog: boolean; masked: boolean; at: string };

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  [zhangsan, lisi, baicha, clerk, handler, signer] = await Promise.all([ctx.as('zhangsan'), ctx.as('lisi'), ctx.as('baicha'), ctx.as('clerk'), ctx.as('samr_handler'), ctx.as('samr_signer')]);
  [birthImpl, foodImpl, gthImpl] = await Promise.all([implByName('出生登记'), implByName('食品经营许可'), implByName('个体工商户设立登记')]);
});
afterAll(async () => ctx.close());

describe('免证办 via data: 户籍信息 instead of the 户口簿', () => {
  let caseId = '';

  it('the guide marks the material and the 免证办 figure counts it', async () => {
    const content = ((await ctx.anon().get(`/api/catalogue/items/${birthImpl}`)).json() as { content: ItemContent }).content;
    const hukou = content.materials.find((m) => m.id === 'm-hukou');
    expect(hukou?.dataFulfilment).toEqual({ source: 'population', purpose: 'household_check' });
    expect(licenceExemptCount([{ dataFulfilment: hukou?.dataFulfilment }])).toBe(1);
  });

  it('an application reads the data bound to the new case and its purpose; the case keeps source, items and time; the read is logged', async () => {
    const res = await applyForBirth(zhangsan, [{ materialId: 'm-hukou', purpose: 'household_check' }]);
    expect(res.statusCode, res.body).toBe(201);
    caseId = (res.json() as { id: string }).id;
    const kept = await ctx.handle.db.selectFrom('case_data_uses').selectAll().where('case_id', '=', caseId).execute();
    expect(kept).toMatchObject([{ material_id: 'm-hukou', source: 'population', purpose: 'household_check', fields: ['name', 'idNumber', 'gender', 'birthDate', 'householdAddress'] }]);
    // The answer is personal data: sealed, never in plaintext.
    expect(JSON.stringify(kept[0]?.answer)).not.toContain(DEMO_APPLICANTS[0]?.address ?? '-');
    expect(JSON.stringify(kept[0]?.answer)).toContain('$sealed');
    const logged = await ctx.handle.db.selectFrom('data_access_log').selectAll().where('case_id', '=', caseId).execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ id: kept[0]?.query_id, material_id: 'm-hukou', actor_role: 'filing', purpose: 'household_check', source: 'population', outcome: 'answered', answer_digest: kept[0]?.answer_digest, org_name: '安吉县公安局' });
  });

  it('the case view shows which answer was used (values to the applicant and the window; masked to a supervisor; refused to another department)', async () => {
    const own = await zhangsan.get(`/api/cases/${caseId}/data-uses`);
    expect(own.statusCode, own.body).toBe(200);
    const [use] = (own.json() as { uses: Use[] }).uses;
    expect(use).toMatchObject({ materialId: 'm-hukou', source: { code: 'population', owner: '安吉县公安局' }, purpose: { code: 'household_check' }, matchesLog: true, masked: false });
    expect(use?.items.find((i) => i.key === 'householdAddress')?.value).toBe(DEMO_APPLICANTS[0]?.address);
    expect(use?.items.find((i) => i.key === 'birthDate')?.value).toBe('1990-03-07');
    const atWindow = await clerk.get(`/api/cases/${caseId}/data-uses`);
    expect(atWindow.statusCode).toBe(200);
    expect((atWindow.json() as { uses: Use[] }).uses[0]?.items.find((i) => i.key === 'name')?.value).toBe('张三');
    const supervisor = await (await ctx.as('supervisor')).get(`/api/cases/${caseId}/data-uses`);
    expect(supervisor.statusCode).toBe(200);
    expect((supervisor.json() as { uses: Use[] }).uses[0]).toMatchObject({ masked: true, items: expect.arrayContaining([{ key: 'name', name: '姓名', nameEn: 'Name', value: null }]) });
    expect((await (await ctx.as('mca_handler')).get(`/api/cases/${caseId}/data-uses`)).statusCode).toBe(403);
    expect((await lisi.get(`/api/cases/${caseId}/data-uses`)).statusCode).toBe(403);
    expect((await ctx.anon().get(`/api/cases/${caseId}/data-uses`)).statusCode).toBe(401);
  });

  it('the person sees the read in 数据使用记录; another applicant does not', async () => {
    const mine = (await zhangsan.get('/api/me/data-access')).json() as { accesses: Access[] };
    expect(mine.accesses.find((a) => a.caseId === caseId)).toMatchObject({ purpose: 'household_check', source: 'population', department: '安吉县公安局', role: 'filing', materialId: 'm-hukou', fields: expect.arrayContaining([{ key: 'householdAddress', name: '户籍地址', nameEn: 'Registered address' }]) });
    const theirs = (await lisi.get('/api/me/data-access')).json() as { accesses: Access[] };
    expect(theirs.accesses.some((a) => a.caseId === caseId)).toBe(false);
  });

  it.each([
    ['without a purpose', [{ materialId: 'm-hukou' }], 400, 'DATA_PURPOSE_REQUIRED'],
    ['for a purpose the source does not serve', [{ materialId: 'm-hukou', purpose: 'market_entity_check' }], 403, 'DATA_PURPOSE_NOT_SERVED'],
    ['for a purpose other than the material’s', [{ materialId: 'm-hukou', purpose: 'identity_verification' }], 403, 'DATA_PURPOSE_NOT_FOR_MATERIAL'],
    ['for an unknown purpose', [{ materialId: 'm-hukou', purpose: 'curiosity' }], 400, 'DATA_PURPOSE_UNKNOWN'],
    ['for a material that takes no data', [{ materialId: 'm-birth-cert', purpose: 'household_check' }], 400, 'DATA_MATERIAL_NOT_FULFILLABLE'],
    ['for the same material twice', [{ materialId: 'm-hukou', purpose: 'household_check' }, { materialId: 'm-hukou', purpose: 'household_check' }], 400, 'DATA_MATERIAL_TWICE'],
  ] as const)('refuses a read %s with a bilingual error, and nothing changes', async (_name, uses, status, code) => {
    const before = await counts();
    const res = await applyForBirth(zhangsan, [...uses]);
    expect(res.statusCode, res.body).toBe(status);
    const body = res.json() as { message: string; messageEn: string; details: { code: string }[] };
    expect(body.details[0]?.code).toBe(code);
    expect(body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(body.messageEn).toMatch(/[a-z]{3}/);
    expect(await counts()).toEqual(before);
  });

  it('refuses the legal person register for a natural person, and nothing changes', async () => {
    const before = await counts();
    const res = await applyForFood(zhangsan, [{ materialId: 'm-licence', purpose: 'market_entity_check' }]);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ details: [{ code: 'DATA_SUBJECT_KIND' }] });
    expect(await counts()).toEqual(before);
  });
});

describe('免证办 via data: 法人基础信息 for a company item, seen by the approver', () => {
  it('the approver of the department sees the answer used in place of the 营业执照 copy', async () => {
    const res = await applyForFood(baicha, [{ materialId: 'm-licence', purpose: 'market_entity_check' }]);
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    await act(clerk, id, { type: 'accept' });
    await act(handler, id, { type: 'claim' });
    const seen = await handler.get(`/api/cases/${id}/data-uses`);
    expect(seen.statusCode, seen.body).toBe(200);
    const [use] = (seen.json() as { uses: Use[] }).uses;
    expect(use).toMatchObject({ materialId: 'm-licence', source: { code: 'legal_person' }, purpose: { code: 'market_entity_check' }, matchesLog: true, masked: false });
    expect(use?.items.find((i) => i.key === 'creditCode')?.value).toBe(DEMO_APPLICANTS[2]?.creditCode);
    expect(use?.items.find((i) => i.key === 'status')?.value).toBe('存续');
    // Staff seeing the values leaves an audit record naming the fields, never the values.
    const audit = await ctx.handle.db.selectFrom('audit_events').select(['kind', 'detail']).where('kind', '=', 'personal_data_viewed').where('object_id', '=', id).execute();
    expect(JSON.stringify(audit)).toContain('data.legal_person.creditCode');
    const log = (await baicha.get('/api/me/data-access')).json() as { accesses: Access[] };
    expect(log.accesses.find((a) => a.caseId === id)).toMatchObject({ department: '安吉县市场监督管理局', purpose: 'market_entity_check', materialId: 'm-licence' });
  });
});

describe('the licence store as a data source: staff look up valid licences only within a case they work on, and each look-up is logged', () => {
  let foodCase = '';
  let yyzz = '';

  beforeAll(async () => {
    // 张三 gets a 营业执照 from a completed 个体工商户设立登记, then applies for a food licence.
    const app = await sampleApplicationFor(zhangsan, gthImpl);
    const res = await zhangsan.post('/api/cases', { implId: gthImpl, ...app, materials: [] });
    const id = (res.json() as { id: string }).id;
    await act(clerk, id, { type: 'accept' });
    await act(handler, id, { type: 'claim' });
    await act(handler, id, { type: 'advance', comment: '材料齐全' });
    await act(signer, id, { type: 'claim' });
    await act(signer, id, { type: 'decide', decision: 'approved', reason: '准予登记' });
    await act(signer, id, { type: 'complete' });
    yyzz = ((await zhangsan.get('/api/me/licences')).json() as { licences: { identifier: string; typeCode: string }[] }).licences.find((l) => l.typeCode === 'YYZZ')?.identifier ?? '';
    const food = await applyForFood(zhangsan, []);
    foodCase = (food.json() as { id: string }).id;
    await act(clerk, foodCase, { type: 'accept' });
  });

  it('the 电子证照库 source is connected', async () => {
    const dir = (await handler.get('/api/data-sharing/directory')).json() as { sources: { code: string; connected: boolean }[] };
    expect(dir.sources.find((s) => s.code === 'licences')?.connected).toBe(true);
  });

  it('the department’s handler reads the applicant’s valid licences through a data query, and the person sees the look-up', async () => {
    expect(yyzz).not.toBe('');
    const q = await handler.post('/api/data-sharing/queries', { caseId: foodCase, purpose: 'licensing_review', source: 'licences', fields: ['validLicences'] });
    expect(q.statusCode, q.body).toBe(201);
    const value = (q.json() as { items: { key: string; value: { type: string; identifier: string; version: number }[] }[] }).items[0]?.value ?? [];
    expect(value).toContainEqual({ type: 'YYZZ', identifier: yyzz, version: 1 });
    const viaCase = await handler.get(`/api/cases/${foodCase}/licences`);
    expect(viaCase.statusCode, viaCase.body).toBe(200);
    expect((viaCase.json() as { licences: { identifier: string }[] }).licences.map((l) => l.identifier)).toContain(yyzz);
    const logged = await ctx.handle.db.selectFrom('data_access_log').select(['source', 'purpose', 'actor_role', 'fields']).where('case_id', '=', foodCase).where('source', '=', 'licences').execute();
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ source: 'licences', purpose: 'licensing_review', actor_role: 'approver_handle', fields: ['validLicences'] });
    const mine = (await zhangsan.get('/api/me/data-access')).json() as { accesses: Access[] };
    expect(mine.accesses.filter((a) => a.caseId === foodCase && a.source === 'licences')).toHaveLength(2);
  });

  it('refuses staff not working on the case, the applicant, a look-up without purpose or for a purpose the store does not serve — nothing is logged', async () => {
    const before = await count('data_access_log');
    const mca = await ctx.as('mca_handler');
    expect((await mca.get(`/api/cases/${foodCase}/licences`)).statusCode).toBe(403);
    expect((await (await ctx.as('supervisor')).get(`/api/cases/${foodCase}/licences`)).statusCode).toBe(403);
    expect((await zhangsan.get(`/api/cases/${foodCase}/licences`)).statusCode).toBe(403);
    expect((await ctx.anon().get(`/api/cases/${foodCase}/licences`)).statusCode).toBe(401);
    const noPurpose = await handler.post('/api/data-sharing/queries', { caseId: foodCase, source: 'licences', fields: ['validLicences'] });
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json()).toMatchObject({ details: [{ code: 'DATA_PURPOSE_REQUIRED' }] });
    const notServed = await handler.get(`/api/cases/${foodCase}/licences?purpose=employment_benefit_review`);
    expect(notServed.statusCode).toBe(403);
    expect(notServed.json()).toMatchObject({ details: [{ code: 'DATA_PURPOSE_NOT_SERVED' }] });
    expect(await count('data_access_log')).toBe(before);
  });
});

describe('licence expiry by the durable sweep', () => {
  it('a licence past its validity becomes expired and its history records it once, whoever sweeps', async () => {
    const held = ((await baicha.get('/api/me/licences')).json() as { licences: { identifier: string; typeCode: string; status: string }[] }).licences;
    const target = held.find((l) => l.status === 'valid');
    expect(target).toBeDefined();
    const identifier = target?.identifier ?? '';
    await ctx.handle.db.updateTable('licences').set({ valid_until: '2026-03-10' }).where('identifier', '=', identifier).execute();
    const sweep = (at: string) => runSweep(ctx.handle.db, new Date(at), outboxHandlers(ctx.handle.db, ctx.messages));
    // Still valid on its last day.
    expect((await sweep('2026-03-10T08:00:00Z')).licencesExpired).toBe(0);
    // The day after, the sweep records it; a later sweep (or another replica) finds nothing left to record.
    expect((await sweep('2026-03-11T08:00:00Z')).licencesExpired).toBeGreaterThanOrEqual(1);
    expect((await sweep('2026-03-11T08:00:01Z')).licencesExpired).toBe(0);
    expect((await sweep('2026-03-12T08:00:00Z')).licencesExpired).toBe(0);
    ctx.clock.set('2026-03-12T02:00:00Z');
    const verified = (await ctx.anon().get(`/api/public/licences/${identifier}`)).json() as { status: string };
    expect(verified.status).toBe('expired');
    const row = await ctx.handle.db.selectFrom('licences').select('lineage').where('identifier', '=', identifier).executeTakeFirstOrThrow();
    const history = await licenceHistory(ctx.handle.db, row.lineage);
    expect(history.filter((h) => h.kind === 'expired' && h.objectId === identifier)).toHaveLength(1);
    expect(history.at(-1)).toMatchObject({ kind: 'expired', username: '系统', detail: { validUntil: '2026-03-10' } });
    const n = await sql<{ n: string }>`select count(*) as n from licence_events where object_id = ${identifier} and kind = 'expired'`.execute(ctx.handle.db);
    expect(Number(n.rows[0]?.n)).toBe(1);
    ctx.clock.set('2026-03-02T02:00:00Z');
  });
});
