import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { buildStaff, orgIdByKey } from './support/factories.js';
import { PG_ADMIN_URL, TEST_DATA_KEY, openEmptyTestDb } from './support/databases.js';
import { migrateTo, migrateToLatest } from '../src/server/db/migrate.js';
import { DEMO_PASSWORD } from '../src/server/demo/seed.js';
import { buildItemContent } from '../src/core/catalogue/test-factory.js';
import { composeImplCode } from '../src/core/codes/impl-code.js';
import { recordAudit } from '../src/server/identity/audit.js';
import { verifyAuditLog } from '../src/server/audit/verify.js';
import { ADMIN_ACTIONS, SELF_RECORDED_ROUTES } from '../src/server/audit/admin-actions.js';

/**
 * The audit log you can trust and read (issue 8; ADR 0010): every administrative action is recorded with
 * its object, the log is an SM3 hash chain that the database keeps append-only, and only the audit
 * administrator reads it — never its own entries.
 */
let ctx: TestContext;
let auditor: Agent;
let auditor2: Agent;
let admin: Agent;
let secadmin: Agent;
const ids: Record<string, string> = {};

const TEST_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
async function loginBuilt(username: string): Promise<Agent> {
  await ctx.handle.db.updateTable('users').set({ totp_secret: TEST_SECRET, totp_enabled_at: new Date() }).where('username', '=', username).execute();
  const agent = ctx.anon();
  const res = await agent.post('/api/auth/login', { username, password: DEMO_PASSWORD, totp: await ctx.totp.codeFor(username, TEST_SECRET) });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
  agent.csrfToken = (res.json() as { csrfToken: string }).csrfToken;
  return agent;
}

type Entry = { seq: number; kind: string; userId: string | null; username: string | null; objectType: string | null; objectId: string | null; detail: Record<string, unknown> };
async function search(agent: Agent, query = ''): Promise<Entry[]> {
  const res = await agent.get(`/api/admin/audit/events?limit=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { events: Entry[] }).events;
}
/** The newest entry of a kind, straight from the table (the test is not the audit admin's screen). */
async function lastOf(kind: string) {
  return ctx.handle.db.selectFrom('audit_events').selectAll().where('kind', '=', kind).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

beforeAll(async () => {
  ctx = await createTestContext();
  await buildStaff(ctx.handle.db, { username: 'auditor2', orgKey: 'province-gov', roles: [{ role: 'audit_admin', scopeKey: 'province-gov' }] });
  auditor = await ctx.as('auditor');
  auditor2 = await loginBuilt('auditor2');
  admin = await ctx.as('admin');
  secadmin = await ctx.as('secadmin');
  for (const u of ['auditor', 'auditor2', 'admin', 'secadmin', 'catadmin']) ids[u] = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id;
  ids.samr = await orgIdByKey(ctx.handle.db, 'county-samr');
});
afterAll(async () => ctx.close());

describe('every administrative action is recorded with its object id', () => {
  it('every state-changing administrative route is audited (by the route table or by its service)', async () => {
    const doc = (await ctx.anon().get('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const audited = new Set([...Object.keys(ADMIN_ACTIONS), ...SELF_RECORDED_ROUTES]);
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => m !== 'get' && ['/api/admin/', '/api/staff', '/api/orgs', '/api/windows'].some((p) => path.startsWith(p)))
        .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => !audited.has(r))).toEqual([]);
  });

  it('staff create, role change, disable', async () => {
    const created = await admin.post('/api/staff', { username: 'audited_one', displayName: '审计对象', password: 'Audited@One2026', orgId: ids.samr });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    expect(await lastOf('staff_created')).toMatchObject({ user_id: ids.admin, object_type: 'user', object_id: id });
    expect((await secadmin.put(`/api/staff/${id}/roles`, { roles: [{ role: 'approver_handle', scopeOrgId: ids.samr }] })).statusCode).toBe(200);
    expect(await lastOf('staff_roles_changed')).toMatchObject({ user_id: ids.secadmin, object_id: id, detail: { after: [{ role: 'approver_handle', scopeOrgId: ids.samr }] } });
    expect((await admin.patch(`/api/staff/${id}`, { disabled: true })).statusCode).toBe(200);
    expect(await lastOf('staff_disabled')).toMatchObject({ user_id: ids.admin, object_id: id });
  });

  it('calendar changes', async () => {
    const res = await admin.put('/api/admin/calendar/years/2031', { source: '国务院办公厅通知（测试）', holidays: [{ date: '2031-01-01', name: '元旦' }], workdays: [] });
    expect(res.statusCode, res.body).toBe(200);
    expect(await lastOf('calendar_year_saved')).toMatchObject({ user_id: ids.admin, object_type: 'calendar_year', object_id: '2031' });
  });

  it('catalogue create, edit, submit, publish, retire, import and export', async () => {
    const cat = await ctx.as('catadmin');
    const prov = await ctx.as('provadmin');
    const credit = (await ctx.handle.db.selectFrom('orgs').select('credit_code').where('id', '=', ids.samr!).executeTakeFirstOrThrow()).credit_code as string;
    const baseCode = 'XK00977000';
    const content = buildItemContent({ baseCode, implCode: composeImplCode(credit, baseCode), implementingBody: { name: '安吉县市场监督管理局', creditCode: credit } });
    const created = await cat.post('/api/admin/catalogue/impls', { orgId: ids.samr, level: 'county', content });
    expect(created.statusCode, created.body).toBe(201);
    const { implId, versionId } = created.json() as { implId: string; versionId: string };
    expect(await lastOf('catalogue_impl_created')).toMatchObject({ user_id: ids.catadmin, object_type: 'item_impl', object_id: implId });
    expect((await cat.put(`/api/admin/catalogue/versions/${versionId}`, { revision: 1, content: { ...content, hours: '工作日 9:00-17:00' } })).statusCode).toBe(200);
    expect(await lastOf('catalogue_draft_saved')).toMatchObject({ object_type: 'item_version', object_id: versionId });
    expect((await cat.post(`/api/admin/catalogue/versions/${versionId}/submit`, {})).statusCode).toBe(200);
    expect(await lastOf('catalogue_submitted')).toMatchObject({ object_id: versionId });
    // 四眼原则: a second catalogue administrator publishes.
    const published = await prov.post(`/api/admin/catalogue/versions/${versionId}/publish`, {});
    expect(published.statusCode, published.body).toBe(200);
    expect(await lastOf('catalogue_published')).toMatchObject({ object_id: versionId });
    expect((await prov.post(`/api/admin/catalogue/versions/${versionId}/retire`, { comment: '测试停用' })).statusCode).toBe(200);
    expect(await lastOf('catalogue_retired')).toMatchObject({ object_id: versionId });

    const exported = await cat.get('/api/admin/catalogue/export.json');
    expect(exported.statusCode).toBe(200);
    expect(await lastOf('catalogue_exported')).toMatchObject({ user_id: ids.catadmin, object_type: 'catalogue' });
    const one = (exported.json() as { items: { level: string; content: { implCode: string; hours: string } }[] }).items.find((i) => i.content.implCode !== content.implCode)!;
    const imported = await cat.post('/api/admin/catalogue/import', { items: [{ level: one.level, content: { ...one.content, hours: '导入修改' } }] });
    expect(imported.statusCode, imported.body).toBe(200);
    const entry = await lastOf('catalogue_imported');
    const touched = await ctx.handle.db
      .selectFrom('item_versions')
      .innerJoin('item_impls', 'item_impls.id', 'item_versions.impl_id')
      .select('item_versions.id')
      .where('item_impls.impl_code', '=', one.content.implCode)
      .where('item_versions.status', '=', 'draft')
      .executeTakeFirstOrThrow();
    expect(entry?.detail).toMatchObject({ objectIds: [touched.id] });
    // The audit administrator finds the import by the version's id.
    expect((await search(auditor, `&objectId=${touched.id}`)).map((e) => e.kind)).toContain('catalogue_imported');
  });

  it('personal-data views name the case', async () => {
    const items = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json() as { items: { implId: string; name: string }[] };
    const implId = items.items.find((i) => i.name.startsWith('个体工商户设立登记'))!.implId;
    const created = await (await ctx.as('zhangsan')).post('/api/cases', {
      implId,
      formData: { phone: '13857210001', premises: '安吉县递铺街道胜利西路1号', scope: '茶叶零售', staff: 2 },
      situationAnswers: { 's-who': ['o-self'], 's-name': ['o-no-name'] },
      materials: [],
    });
    expect(created.statusCode, created.body).toBe(201);
    const caseId = (created.json() as { id: string }).id;
    expect((await (await ctx.as('samr_handler')).get(`/api/cases/${caseId}`)).statusCode).toBe(200);
    expect(await lastOf('personal_data_viewed')).toMatchObject({ object_type: 'case', object_id: caseId });
  });

  it('logins and failed logins, as before', async () => {
    expect((await ctx.anon().post('/api/auth/login', { username: 'clerk', password: 'wrong-password-1' })).statusCode).toBe(401);
    expect(await lastOf('login_failed')).toMatchObject({ username: 'clerk' });
    expect(await lastOf('login_succeeded')).toBeTruthy();
  });
});

describe('only the audit administrator reads the audit log', () => {
  it('refuses the system and security administrators and a supervisor', async () => {
    const supervisor = await ctx.as('supervisor');
    for (const agent of [admin, secadmin, supervisor]) {
      for (const url of ['/api/admin/audit/events', '/api/admin/audit/export?format=csv', '/api/admin/audit/verify']) {
        const res = await agent.get(url);
        expect(res.statusCode, url).toBe(403);
        expect((res.json() as { error: string }).error).toBe('FORBIDDEN');
      }
    }
  });

  it('searches by kind, user, object id, ip and time range', async () => {
    const id = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'audited_one').executeTakeFirstOrThrow()).id;
    const byObject = await search(auditor, `&objectId=${id}`);
    expect(byObject.map((e) => e.kind).sort()).toEqual(['staff_created', 'staff_disabled', 'staff_roles_changed']);
    const byKindAndUser = await search(auditor, `&kind=staff_created,staff_disabled&user=admin`);
    expect(byKindAndUser.length).toBeGreaterThanOrEqual(2);
    expect(byKindAndUser.every((e) => e.userId === ids.admin && ['staff_created', 'staff_disabled'].includes(e.kind))).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await search(auditor, `&from=${encodeURIComponent(future)}`)).toEqual([]);
    const bad = await auditor.get(`/api/admin/audit/events?from=${encodeURIComponent(future)}&to=${encodeURIComponent(new Date().toISOString())}`);
    expect(bad.statusCode).toBe(400);
    expect((await auditor.get('/api/admin/audit/events?kind=DROP%20TABLE')).statusCode).toBe(400);
    const someIp = (await ctx.handle.db.selectFrom('audit_events').select('ip').where('ip', 'is not', null).limit(1).executeTakeFirstOrThrow()).ip as string;
    expect((await search(auditor, `&ip=${encodeURIComponent(someIp)}`)).every((e) => (e as { ip?: string }).ip === someIp)).toBe(true);
  });

  it('the audit administrator never sees its own entries; another audit administrator does', async () => {
    await search(auditor); // recorded as audit_searched by auditor
    const exported = await auditor.get('/api/admin/audit/export?format=csv');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    const own = await ctx.handle.db.selectFrom('audit_events').select('kind').where('user_id', '=', ids.auditor!).execute();
    expect(own.map((o) => o.kind)).toEqual(expect.arrayContaining(['login_succeeded', 'audit_searched', 'audit_exported']));
    const seen = await search(auditor);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((e) => e.userId === ids.auditor || e.objectId === ids.auditor || e.username === 'auditor')).toEqual([]);
    expect(await search(auditor, '&user=auditor')).toEqual([]);
    expect(exported.body).not.toContain(ids.auditor);
    // The other audit administrator sees the first one's searches and exports.
    const other = await search(auditor2, '&user=auditor');
    expect(other.map((e) => e.kind)).toEqual(expect.arrayContaining(['audit_searched', 'audit_exported']));
  });

  it('exports as Excel with bilingual headers', async () => {
    const res = await auditor.get('/api/admin/audit/export?format=xlsx&kind=staff_created');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('序号 Seq');
    expect(ws.rowCount).toBeGreaterThanOrEqual(2);
    expect(ws.getRow(2).getCell(3).value).toBe('staff_created');
  });
});

describe('a hash chain the database keeps append-only', () => {
  it('the chain verifies', async () => {
    const res = await auditor.get('/api/admin/audit/verify');
    expect(res.statusCode).toBe(200);
    expect((res.json() as { result: { ok: boolean; checked: number } }).result).toMatchObject({ ok: true });
  });

  it('concurrent appends keep one valid chain', async () => {
    const before = (await ctx.handle.db.selectFrom('audit_chain_head').select('seq').executeTakeFirstOrThrow()).seq;
    await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => recordAudit(ctx.handle.db, { kind: 'access_denied', ip: `10.9.0.${i}`, detail: { n: i } })),
      ...Array.from({ length: 5 }, () => ctx.anon().post('/api/auth/login', { username: 'lisi', password: 'wrong-password-2' })),
    ]);
    const after = (await ctx.handle.db.selectFrom('audit_chain_head').select('seq').executeTakeFirstOrThrow()).seq;
    expect(Number(after) - Number(before)).toBeGreaterThanOrEqual(45);
    const seqs = (await ctx.handle.db.selectFrom('audit_events').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(await verifyAuditLog(ctx.handle.db)).toMatchObject({ ok: true, checked: seqs.length });
  });

  it('the database refuses to update, delete or truncate audit entries', async () => {
    await expect(sql`update audit_events set username = 'x' where seq = 1`.execute(ctx.handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events where seq = 1`.execute(ctx.handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(ctx.handle.db)).rejects.toThrow(/append-only/);
  });

  it('detects tampering done around the trigger (verify route and npm run verify-audit)', async () => {
    const target = await lastOf('staff_created');
    await sql`alter table audit_events disable trigger audit_events_no_update`.execute(ctx.handle.db);
    await sql`update audit_events set object_id = 'someone-else' where seq = ${target!.seq}`.execute(ctx.handle.db);
    await sql`alter table audit_events enable trigger audit_events_no_update`.execute(ctx.handle.db);
    const res = await auditor.get('/api/admin/audit/verify');
    expect((res.json() as { result: unknown }).result).toEqual({ ok: false, seq: Number(target!.seq), reason: 'hash' });
    expect(await verifyAuditLog(ctx.handle.db)).toEqual({ ok: false, seq: Number(target!.seq), reason: 'hash' });
    if (ctx.handle.kind === 'postgres') {
      // The script against the same database exits non-zero and names the entry.
      const db = (await sql<{ name: string }>`select current_database() as name`.execute(ctx.handle.db)).rows[0]!.name;
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${db}`;
      const run = promisify(execFile)('npx', ['tsx', 'src/server/scripts/verify-audit.ts'], { env: { ...process.env, DATABASE_URL: url.toString(), DATA_KEY: TEST_DATA_KEY.toString('hex') } });
      await expect(run).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining(`BROKEN at entry ${target!.seq}`) });
    }
  });
});

describe('migration 202612010402 chains the entries written before it', () => {
  it('chains old entries in write order, moves their object to columns, and they verify', { timeout: 120_000 }, async () => {
    const h = await openEmptyTestDb();
    try {
      await migrateTo(h.db, '202612010400_three-administrators');
      const uid = crypto.randomUUID();
      await sql`insert into audit_events (at, kind, user_id, username, ip, detail) values
        ('2026-11-30T08:00:00.123456Z', 'login_succeeded', ${uid}, 'olduser', '10.0.0.1', '{}'::jsonb),
        ('2026-11-30T08:01:00Z', 'staff_created', ${uid}, null, '10.0.0.1', ${JSON.stringify({ objectType: 'user', objectId: 'u-1', username: 'new' })}::jsonb),
        ('2026-11-30T08:02:00Z', 'login_failed', null, 'ghost', null, '{"reason":"unknown_account"}'::jsonb)`.execute(h.db);
      await migrateToLatest(h.db);
      const rows = await h.db.selectFrom('audit_events').select(['seq', 'kind', 'object_type', 'object_id', 'detail']).orderBy('seq').execute();
      expect(rows).toEqual([
        { seq: 1, kind: 'login_succeeded', object_type: null, object_id: null, detail: {} },
        { seq: 2, kind: 'staff_created', object_type: 'user', object_id: 'u-1', detail: { username: 'new' } },
        { seq: 3, kind: 'login_failed', object_type: null, object_id: null, detail: { reason: 'unknown_account' } },
      ]);
      expect(await verifyAuditLog(h.db)).toEqual({ ok: true, checked: 3 });
      // New entries continue the same chain.
      await recordAudit(h.db, { kind: 'logout', userId: uid });
      expect(await verifyAuditLog(h.db)).toEqual({ ok: true, checked: 4 });
    } finally {
      await h.close();
    }
  });
});
