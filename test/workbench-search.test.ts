import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { sampleApplicationFor } from './support/applications.js';
import { caseRelation, caseFactsOf } from '../src/server/policies/case-access.js';
import { caseScopeSql } from '../src/server/policies/case-scope.js';
import type { Actor } from '../src/server/policies/index.js';
import type { Db } from '../src/server/db/transaction.js';

/** A staff account as the session would load it (its role grants with their scope paths). */
async function loadActor(db: Db, userId: string): Promise<Actor> {
  const u = await db.selectFrom('users').select(['id', 'kind', 'display_name', 'org_id']).where('id', '=', userId).executeTakeFirstOrThrow();
  const roles = await db.selectFrom('staff_roles as r').innerJoin('orgs as o', 'o.id', 'r.scope_org_id').select(['r.role', 'r.scope_org_id', 'o.path']).where('r.user_id', '=', userId).execute();
  return { userId: u.id, kind: u.kind, displayName: u.display_name, orgId: u.org_id, roles: roles.map((r) => ({ role: r.role, scopeOrgId: r.scope_org_id, scopePath: r.path })) };
}

/** Issue 9, "Finish the screens": the workbench inbox, the staff case search within scope, the case page's 申请表. */

let ctx: TestContext;
let zhangsan: Agent;
let lisi: Agent;
let clerk: Agent;
let gth: { id: string; caseNo: string };
let relief: { id: string; caseNo: string };
let zhangsanId = '';

type Row = { id: string; caseNo: string; title: string; applicantName: string | null; channel: string; submittedAt: string; dueDate: string | null; timeStatus: string; state: string };
type Page = { cases: Row[]; total: number; page: number; pageSize: number };

async function implIdOf(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const found = res.items.find((i) => i.name.startsWith(name));
  if (!found) throw new Error(`no item ${name}`);
  return found.implId;
}

async function submit(agent: Agent, implId: string): Promise<{ id: string; caseNo: string }> {
  const app = await sampleApplicationFor(agent, implId);
  const res = await agent.post('/api/cases', { implId, ...app, materials: [] });
  if (res.statusCode !== 201) throw new Error(`submit: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; caseNo: string };
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  zhangsan = await ctx.as('zhangsan');
  lisi = await ctx.as('lisi');
  clerk = await ctx.as('clerk');
  gth = await submit(zhangsan, await implIdOf('个体工商户设立登记'));
  relief = await submit(lisi, await implIdOf('临时救助'));
  const view = (await clerk.get(`/api/cases/${gth.id}`)).json() as { applicant: { idNumber: string } };
  zhangsanId = view.applicant.idNumber;
});
afterAll(async () => ctx.close());

describe('workbench inbox (待办): columns, search and filters on the server', () => {
  it('inbox rows carry the applicant, the submitted time, the channel and the due date', async () => {
    const res = await clerk.get('/api/workbench/inbox');
    expect(res.statusCode, res.body).toBe(200);
    const row = (res.json() as Page).cases.find((r) => r.id === gth.id);
    expect(row).toMatchObject({ caseNo: gth.caseNo, applicantName: '张三', channel: 'online', submittedAt: '2026-03-02T02:00:00.000Z' });
    expect(row).toHaveProperty('dueDate');
    // Awaiting intake: the due column shows the 5-working-day intake deadline (Monday 2 March → Monday 9 March).
    expect(row).toMatchObject({ dueDate: null, intakeDueDate: '2026-03-09' });
    expect(row).toHaveProperty('timeStatus');
  });

  it('inbox filters by text (case number, title, applicant), channel, state and due status', async () => {
    const get = async (q: string) => {
      const r = await clerk.get(`/api/workbench/inbox?${q}`);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as Page).cases.map((c) => c.id);
    };
    expect(await get(`q=${gth.caseNo}`)).toEqual([gth.id]);
    expect(await get(`q=${encodeURIComponent('李四')}`)).toEqual([relief.id]);
    expect(await get(`q=${encodeURIComponent('临时救助')}`)).toEqual([relief.id]);
    expect(await get('channel=window')).toEqual([]);
    expect((await get('channel=online')).sort()).toEqual([gth.id, relief.id].sort());
    expect(await get('state=correction_requested')).toEqual([]);
    expect(await get('due=overdue')).toEqual([]);
    const paged = (await clerk.get('/api/workbench/inbox?pageSize=1&page=2')).json() as Page;
    expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(paged.cases).toHaveLength(1);
    expect((await clerk.get('/api/workbench/inbox?due=whenever')).statusCode).toBe(400);
  });
});

describe('staff case search (办件查询) within the ADR 0008 access policy', () => {
  const search = async (agent: Agent, q: string) => agent.get(`/api/workbench/cases?${q}`);
  const ids = async (agent: Agent, q = '') => {
    const r = await search(agent, q);
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as Page).cases.map((c) => c.id).sort();
  };

  it('a department sees only its own cases', async () => {
    expect(await ids(await ctx.as('samr_handler'))).toEqual([gth.id]);
    expect(await ids(await ctx.as('mca_handler'))).toEqual([relief.id]);
  });

  it('a catalogue administrator sees no cases (no role in any case)', async () => {
    for (const who of ['catadmin', 'halladmin']) {
      const r = await search(await ctx.as(who), '');
      expect(r.statusCode, who).toBe(403);
    }
  });

  it('a clerk sees its hall’s intake cases, by case number, applicant name, ID number (exact, blind index), item, dates and state', async () => {
    expect(await ids(clerk)).toEqual([gth.id, relief.id].sort());
    expect(await ids(clerk, `caseNo=${gth.caseNo}`)).toEqual([gth.id]);
    expect(await ids(clerk, `name=${encodeURIComponent('张三')}`)).toEqual([gth.id]);
    expect(await ids(clerk, `idNumber=${zhangsanId}`)).toEqual([gth.id]);
    expect(await ids(clerk, `idNumber=${zhangsanId.toLowerCase()}`)).toEqual([gth.id]);
    expect(await ids(clerk, `item=${encodeURIComponent('救助')}`)).toEqual([relief.id]);
    expect(await ids(clerk, 'from=2026-03-02&to=2026-03-02')).toEqual([gth.id, relief.id].sort());
    expect(await ids(clerk, 'from=2026-03-03')).toEqual([]);
    expect(await ids(clerk, 'state=submitted')).toEqual([gth.id, relief.id].sort());
    expect(await ids(clerk, 'state=completed')).toEqual([]);
    for (const bad of ['from=2026-02-30', 'to=2026-13-01', 'from=2026-03-05&to=2026-03-01', 'state=nonsense', 'pageSize=1000']) expect((await search(clerk, bad)).statusCode, bad).toBe(400);
    // Only an exact ID number: a part of one is a 400, not a prefix search.
    expect((await search(clerk, `idNumber=${zhangsanId.slice(0, 10)}`)).statusCode).toBe(400);
  });

  it('the supervisor sees applicant names masked, as the case view does', async () => {
    const r = (await (await search(await ctx.as('supervisor'), `caseNo=${gth.caseNo}`)).json()) as Page;
    expect(r.cases[0]?.applicantName).not.toBe('张三');
    expect(r.cases[0]?.applicantName).toMatch(/^张\*/);
  });

  it('the SQL scope answers exactly the cases caseRelation allows, for every staff account', async () => {
    const rows = await ctx.handle.db.selectFrom('cases').select(['id', 'applicant_id', 'org_path', 'state', 'snapshot']).execute();
    const staff = await ctx.handle.db.selectFrom('users').select(['id', 'username']).where('kind', '=', 'staff').execute();
    for (const u of staff) {
      const actor = await loadActor(ctx.handle.db, u.id);
      const expected = rows.filter((r) => caseRelation(actor, caseFactsOf(r)) !== null).map((r) => r.id).sort();
      const scope = caseScopeSql(actor);
      const got = scope ? (await sql<{ id: string }>`select c.id from cases c where ${scope}`.execute(ctx.handle.db)).rows.map((r) => r.id).sort() : [];
      expect(got, u.username).toEqual(expected);
    }
  });

  it('the search is answered from indexes (EXPLAIN): scope by org_path, ID number by its blind index', async () => {
    const db = ctx.handle.db;
    const explain = async (url: string) => {
      // Tiny test tables are cheaper to scan; ask the planner whether an index serves the query shape.
      await sql`set enable_seqscan = off`.execute(db);
      try {
        const { searchSql } = await import('../src/server/cases/search-routes.js');
        const actor = await loadActor(db, (await db.selectFrom('users').select('id').where('username', '=', 'clerk').executeTakeFirstOrThrow()).id);
        const q = searchSql(actor, Object.fromEntries(new URLSearchParams(url)), { page: 1, pageSize: 20 });
        const plan = await sql<{ 'QUERY PLAN': string }>`explain ${q}`.execute(db);
        return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await sql`set enable_seqscan = on`.execute(db);
      }
    };
    const scopeOnly = await explain('');
    expect(scopeOnly).toMatch(/Index Scan using cases_\w+ on cases c/);
    expect(scopeOnly).not.toMatch(/Seq Scan/);
    const byId = await explain(`idNumber=${zhangsanId}`);
    expect(byId).toMatch(/users_id_number_bidx_key/);
    expect(byId).not.toMatch(/Seq Scan/);
    const byName = await explain(`name=${encodeURIComponent('张')}`);
    expect(byName).not.toMatch(/Seq Scan/);
    expect(await explain(`caseNo=${gth.caseNo}`)).not.toMatch(/Seq Scan/);
  });
});

describe('case page (办件页): the 申请表 in schema order with titles, masked by role', () => {
  type Field = { key: string; title: string; value: unknown };
  it('the view lists the form’s fields in schema order with their titles; personal fields masked for the supervisor', async () => {
    const handler = (await (await ctx.as('samr_handler')).get(`/api/cases/${gth.id}`)).json() as { formFields: Field[] };
    const guide = (await ctx.anon().get(`/api/catalogue/items/${(await implIdOf('个体工商户设立登记'))}`)).json() as { content: { form: { properties: Record<string, { title: string }> } } };
    const order = Object.keys(guide.content.form.properties);
    expect(handler.formFields.length).toBeGreaterThan(2);
    expect(handler.formFields.map((f) => f.key)).toEqual(order.filter((k) => handler.formFields.some((f) => f.key === k)));
    for (const f of handler.formFields) expect(f.title).toBe(guide.content.form.properties[f.key]?.title);
    expect(handler.formFields.find((f) => f.key === 'idNumber')?.value).toBe(zhangsanId);
    const sup = (await (await ctx.as('supervisor')).get(`/api/cases/${gth.id}`)).json() as { formFields: Field[]; applicant: { idNumber: string } };
    const id = sup.formFields.find((f) => f.key === 'idNumber')?.value as string;
    expect(id).not.toBe(zhangsanId);
    expect(id).toContain('*');
    expect(sup.applicant.idNumber).not.toBe(zhangsanId);
  });
});

describe('supervisor (电子监察) screens', () => {
  it('commitment checks name the committed materials, not their ids ("m-premises")', async () => {
    const implId = await implIdOf('个体工商户设立登记');
    const res = await lisi.post('/api/cases', { implId, ...(await sampleApplicationFor(lisi, implId)), materials: [], commitments: ['m-premises'] });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as { id: string; checklist: { id: string; required: boolean }[] };
    const act = async (who: Agent, body: Record<string, unknown>) => {
      const r = await who.post(`/api/cases/${c.id}/actions`, body);
      expect(r.statusCode, r.body).toBe(200);
    };
    await act(clerk, { type: 'accept', received: c.checklist.filter((m) => m.required && m.id !== 'm-premises').map((m) => ({ materialId: m.id, originalSeen: true })) });
    const handler = await ctx.as('samr_handler');
    const signer = await ctx.as('samr_signer');
    await act(handler, { type: 'claim' });
    await act(handler, { type: 'advance', comment: '承诺替代经营场所证明' });
    await act(signer, { type: 'claim' });
    await act(signer, { type: 'decide', decision: 'approved', reason: '准予登记' });
    const checks = (await (await ctx.as('supervisor')).get('/api/supervision/commitment-checks')).json() as { checks: { caseId: string; materials: string[]; materialNames: string[] }[] };
    const check = checks.checks.find((k) => k.caseId === c.id);
    expect(check?.materials).toEqual(['m-premises']);
    expect(check?.materialNames).toHaveLength(1);
    expect(check?.materialNames[0]).toMatch(/经营场所/);
  });
});

describe('mailing address (邮寄送达) on the application and the case', () => {
  it('an item that accepts post asks how the result is delivered; 邮寄送达 without an address is refused with nothing written; the address is on the case, masked for the supervisor', async () => {
    const implId = await implIdOf('个体工商户设立登记');
    const guide = (await ctx.anon().get(`/api/catalogue/items/${implId}`)).json() as { content: { acceptsPost: boolean; form: { properties: Record<string, { enum?: string[] }> } } };
    expect(guide.content.acceptsPost).toBe(true);
    expect(guide.content.form.properties.delivery?.enum).toContain('邮寄送达');
    const app = await sampleApplicationFor(zhangsan, implId);
    const count = async () => Number((await ctx.handle.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const missing = await zhangsan.post('/api/cases', { implId, ...app, formData: { ...app.formData, delivery: '邮寄送达' }, materials: [] });
    expect(missing.statusCode, missing.body).toBeGreaterThanOrEqual(400);
    expect(missing.statusCode).toBeLessThan(500);
    expect(missing.body).toContain('邮寄地址');
    expect(await count()).toBe(before);
    const address = '浙江省湖州市安吉县递铺街道胜利西路1号 张三收';
    const ok = await zhangsan.post('/api/cases', { implId, ...app, formData: { ...app.formData, delivery: '邮寄送达', mailAddress: address }, materials: [] });
    expect(ok.statusCode, ok.body).toBe(201);
    const id = (ok.json() as { id: string }).id;
    // Stored sealed with the form data, never in the clear.
    const raw = await ctx.handle.db.selectFrom('cases').select('form_data').where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(raw.form_data)).not.toContain('胜利西路');
    type Field = { key: string; title: string; value: unknown };
    const forClerk = (await clerk.get(`/api/cases/${id}`)).json() as { formFields: Field[] };
    expect(forClerk.formFields.find((f) => f.key === 'mailAddress')).toEqual({ key: 'mailAddress', title: '邮寄地址', value: address });
    expect(forClerk.formFields.find((f) => f.key === 'delivery')?.title).toBe('结果送达方式');
    const forSupervisor = (await (await ctx.as('supervisor')).get(`/api/cases/${id}`)).json() as { formFields: Field[] };
    expect(String(forSupervisor.formFields.find((f) => f.key === 'mailAddress')?.value)).not.toContain('胜利西路');
  });
});
