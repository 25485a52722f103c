import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { sampleApplicationFor } from './support/applications.js';
import { withChecklist } from './support/checklist.js';
import { DEMO_APPLICANTS } from '../src/server/demo/seed.js';
import { plugLicenceStore, pluggedLicenceStore } from '../src/server/data-sharing/providers.js';

/**
 * 数据共享 (issue 11): queries need a case and a purpose, are refused outside the source's purposes or
 * by anyone not working on the case — and then reach no source and leave no entry; answered queries
 * are logged in an append-only log the person reads (and no other applicant), the audit administrator
 * exports, and nobody changes.
 */
let ctx: TestContext;
let zhangsan: Agent;
let baicha: Agent;
let clerk: Agent;
let handler: Agent;
let personCase: string;
let companyCase: string;

const zs = DEMO_APPLICANTS.find((a) => a.username === 'zhangsan')!;
const bc = DEMO_APPLICANTS.find((a) => a.username === 'baicha')!;

async function implIdOf(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  return res.items.find((i) => i.name.startsWith(name))!.implId;
}

async function apply(agent: Agent, implId: string): Promise<string> {
  const sample = await sampleApplicationFor(agent, implId);
  // Identity fields come from the account (a legal person's name, credit code and representative too).
  for (const k of ['companyName', 'creditCode', 'legalRep']) delete sample.formData[k];
  const res = await agent.post('/api/cases', { implId, ...sample, materials: [] });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

async function act(agent: Agent, caseId: string, body: Record<string, unknown>) {
  const res = await agent.post(`/api/cases/${caseId}/actions`, await withChecklist(agent, caseId, body));
  expect(res.statusCode, res.body).toBe(200);
}

const logCount = async () => Number((await sql<{ n: string }>`select count(*) as n from data_access_log`.execute(ctx.handle.db)).rows[0]?.n ?? 0);
const household = (caseId?: string) => ({ ...(caseId ? { caseId } : {}), purpose: 'household_check', source: 'population', fields: ['name', 'idNumber', 'householdAddress'] });

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  zhangsan = await ctx.as('zhangsan');
  baicha = await ctx.as('baicha');
  clerk = await ctx.as('clerk');
  handler = await ctx.as('samr_handler');
  personCase = await apply(zhangsan, await implIdOf('个体工商户设立登记'));
  await act(clerk, personCase, { type: 'accept' });
  await act(handler, personCase, { type: 'claim' });
  companyCase = await apply(baicha, await implIdOf('食品经营许可'));
});
afterAll(async () => ctx.close());

describe('a query is refused without a case and a purpose, outside the purposes, or by anyone not working on the case — nothing logged', () => {
  it('401 for nobody logged in', async () => {
    expect((await ctx.anon().post('/api/data-sharing/queries', household(personCase))).statusCode).toBe(401);
  });

  it('400 without a case, with a clear message in both languages', async () => {
    const before = await logCount();
    const res = await handler.post('/api/data-sharing/queries', household());
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ message: expect.stringContaining('办件'), messageEn: expect.stringContaining('case'), details: [{ code: 'DATA_CASE_REQUIRED' }] });
    expect(await logCount()).toBe(before);
  });

  it('400 without a purpose', async () => {
    const before = await logCount();
    const { purpose: _p, ...noPurpose } = household(personCase);
    const res = await handler.post('/api/data-sharing/queries', noPurpose);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ message: expect.stringContaining('用途'), messageEn: expect.stringContaining('purpose'), details: [{ code: 'DATA_PURPOSE_REQUIRED' }] });
    expect(await logCount()).toBe(before);
  });

  it('403 for a purpose the source does not serve, and for an item the purpose does not allow', async () => {
    const before = await logCount();
    const other = await handler.post('/api/data-sharing/queries', { ...household(personCase), purpose: 'market_entity_check' });
    expect(other.statusCode, other.body).toBe(403);
    expect(other.json()).toMatchObject({ details: [{ code: 'DATA_PURPOSE_NOT_SERVED' }] });
    const item = await handler.post('/api/data-sharing/queries', { ...household(personCase), purpose: 'identity_verification' });
    expect(item.statusCode, item.body).toBe(403);
    expect(item.json()).toMatchObject({ message: expect.stringContaining('户籍地址'), details: [{ code: 'DATA_FIELD_NOT_FOR_PURPOSE' }] });
    expect(await logCount()).toBe(before);
  });

  it('403 for staff not working on the case (another department, the supervisor, the window while the back office has it) and for applicants', async () => {
    const before = await logCount();
    for (const who of ['mca_handler', 'supervisor', 'clerk']) {
      const res = await (await ctx.as(who)).post('/api/data-sharing/queries', household(personCase));
      expect(res.statusCode, `${who}: ${res.body}`).toBe(403);
    }
    expect((await zhangsan.post('/api/data-sharing/queries', household(personCase))).statusCode).toBe(403);
    expect(await logCount()).toBe(before);
  });

  it('404 for a case that does not exist; 400 for the population register about a company', async () => {
    const before = await logCount();
    expect((await handler.post('/api/data-sharing/queries', household(crypto.randomUUID()))).statusCode).toBe(404);
    const kind = await clerk.post('/api/data-sharing/queries', { ...household(companyCase), purpose: 'identity_verification', fields: ['name'] });
    expect(kind.statusCode, kind.body).toBe(400);
    expect(kind.json()).toMatchObject({ details: [{ code: 'DATA_SUBJECT_KIND' }] });
    expect(await logCount()).toBe(before);
  });

  it('409 for the licence store while no licence capability is plugged in, nothing logged', async () => {
    const before = await logCount();
    const plugged = pluggedLicenceStore();
    plugLicenceStore(undefined);
    try {
      const res = await handler.post('/api/data-sharing/queries', { caseId: personCase, purpose: 'licensing_review', source: 'licences', fields: ['validLicences'] });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ error: 'DATA_SOURCE_NOT_CONNECTED', message: expect.stringContaining('电子证照库') });
    } finally {
      plugLicenceStore(plugged);
    }
    expect(await logCount()).toBe(before);
  });
});

describe('an answered query returns the items asked for and is logged', () => {
  it('the approver working on the case reads 人口基础信息 for household checking', async () => {
    const res = await handler.post('/api/data-sharing/queries', household(personCase));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { queryId: string; items: { key: string; value: unknown }[]; source: { name: string }; purpose: { name: string } };
    expect(body.source.name).toBe('人口基础信息');
    expect(body.purpose.name).toBe('户籍信息核验');
    expect(Object.fromEntries(body.items.map((i) => [i.key, i.value]))).toEqual({ name: '张三', idNumber: zs.idNumber, householdAddress: zs.address });
    const row = await ctx.handle.db.selectFrom('data_access_log').selectAll().where('id', '=', body.queryId).executeTakeFirstOrThrow();
    const handlerId = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'samr_handler').executeTakeFirstOrThrow()).id;
    expect(row).toMatchObject({ actor_id: handlerId, actor_role: 'approver_handle', org_name: '安吉县市场监督管理局', case_id: personCase, purpose: 'household_check', source: 'population', source_owner: '安吉县公安局', fields: ['name', 'idNumber', 'householdAddress'], outcome: 'answered' });
    expect(row.answer_digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the window clerk at intake reads 法人基础信息 of the company applying', async () => {
    const res = await clerk.post('/api/data-sharing/queries', { caseId: companyCase, purpose: 'market_entity_check', source: '市场主体登记库', fields: ['name', 'creditCode', 'legalRepresentative', 'status'] });
    expect(res.statusCode, res.body).toBe(201);
    const items = Object.fromEntries((res.json() as { items: { key: string; value: unknown }[] }).items.map((i) => [i.key, i.value]));
    expect(items).toEqual({ name: bc.displayName, creditCode: bc.creditCode, legalRepresentative: bc.legalRepresentative, status: '存续' });
  });

  it('the licence store answers once a licence capability plugs it in', async () => {
    const plugged = pluggedLicenceStore();
    plugLicenceStore({ validLicencesOf: async () => [{ type: '营业执照', identifier: '1.2.156.3005.2.TEST', version: 1 }] });
    try {
      const res = await handler.post('/api/data-sharing/queries', { caseId: personCase, purpose: 'licensing_review', source: 'licences', fields: ['validLicences'] });
      expect(res.statusCode, res.body).toBe(201);
      expect((res.json() as { items: { value: unknown }[] }).items[0]?.value).toEqual([{ type: '营业执照', identifier: '1.2.156.3005.2.TEST', version: 1 }]);
    } finally {
      plugLicenceStore(plugged);
    }
  });

  it('the directory lists sources with owners, items and purposes, and which are connected', async () => {
    const res = await handler.get('/api/data-sharing/directory');
    expect(res.statusCode).toBe(200);
    const sources = (res.json() as { sources: { code: string; owner: string; connected: boolean; purposes: string[] }[] }).sources;
    expect(sources.find((s) => s.code === 'population')).toMatchObject({ owner: '安吉县公安局', connected: true, purposes: expect.arrayContaining(['household_check']) });
    // The licence capability plugs the store in at start (ADR 0030).
    expect(sources.find((s) => s.code === 'licences')).toMatchObject({ connected: true });
    expect((await zhangsan.get('/api/data-sharing/directory')).statusCode).toBe(403);
  });
});

describe('数据使用记录: the person sees every access to their data, no other applicant does', () => {
  type Access = { caseId: string; department: string; purposeName: string; sourceName: string; fields: { name: string }[]; caseTitle: string; at: string };
  it('zhangsan sees when, which department, which case, which purpose and which items — and nothing about the company', async () => {
    const res = await zhangsan.get('/api/me/data-access');
    expect(res.statusCode, res.body).toBe(200);
    const list = (res.json() as { accesses: Access[] }).accesses;
    expect(list.length).toBe(2);
    expect(list.every((a) => a.caseId === personCase)).toBe(true);
    expect(list.find((a) => a.sourceName === '人口基础信息')).toMatchObject({ department: '安吉县市场监督管理局', purposeName: '户籍信息核验', fields: [{ name: '姓名' }, { name: '公民身份号码' }, { name: '户籍地址' }], caseTitle: expect.stringContaining('个体工商户') });
    expect(res.body).not.toContain(bc.creditCode);
    // The values read are not in the person's list either (it says what was read, not the data).
    expect(res.body).not.toContain(zs.idNumber);
  });

  it('baicha sees only the company’s read; lisi sees nothing', async () => {
    const mine = (await baicha.get('/api/me/data-access')).json() as { accesses: Access[] };
    expect(mine.accesses.map((a) => a.sourceName)).toEqual(['法人基础信息']);
    expect(mine.accesses[0]?.department).toBe('安吉县政务服务中心');
    const lisi = await (await ctx.as('lisi')).get('/api/me/data-access');
    expect(lisi.statusCode).toBe(200);
    expect((lisi.json() as { accesses: unknown[] }).accesses).toEqual([]);
  });

  it('the case’s reads are shown to those who see the case, not to another applicant', async () => {
    const res = await handler.get(`/api/cases/${personCase}/data-queries`);
    expect(res.statusCode).toBe(200);
    expect((res.json() as { queries: { actorName: string }[] }).queries[0]?.actorName).toContain('刘洋');
    expect((await baicha.get(`/api/cases/${personCase}/data-queries`)).statusCode).toBe(403);
  });
});

describe('nobody changes the log; the audit administrator exports it', () => {
  it.each([
    ['UPDATE', sql`update data_access_log set purpose = 'identity_verification'`],
    ['DELETE', sql`delete from data_access_log`],
    ['TRUNCATE', sql`truncate data_access_log`],
  ])('the database refuses %s', async (_op, statement) => {
    const before = await logCount();
    await expect(statement.execute(ctx.handle.db)).rejects.toThrow(/append-only/);
    expect(await logCount()).toBe(before);
  });

  it('the audit administrator exports CSV and Excel; the export is audited; nobody else may', async () => {
    const auditor = await ctx.as('auditor');
    const csv = await auditor.get('/api/admin/data-access/export');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('用途 Purpose');
    expect(lines.length).toBe(1 + (await logCount()));
    expect(csv.body).toContain('户籍信息核验');
    expect(csv.body).toContain('张三');
    const xlsx = await auditor.request('GET', '/api/admin/data-access/export?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.rowCount).toBe(lines.length);
    const audited = await ctx.handle.db.selectFrom('audit_events').select(['kind', 'detail']).where('kind', '=', 'data_access_exported').execute();
    expect(audited.length).toBe(2);
    for (const who of ['admin', 'clerk', 'samr_handler']) expect((await (await ctx.as(who)).get('/api/admin/data-access/export')).statusCode).toBe(403);
    expect((await zhangsan.get('/api/admin/data-access/export')).statusCode).toBe(403);
  });
});
