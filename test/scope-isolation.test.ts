import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { buildCounty, orgIdByKey } from './support/factories.js';

/**
 * Staff of county B (德清县-like test county) must not read or change county A's (安吉县) data through any
 * route: staff, catalogue drafts, versions, diffs, export and import.
 */
let ctx: TestContext;
let b: Agent;
let bCat: Agent;
let aImplId: string;
let aVersionId: string;
let aStaffId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  await buildCounty(ctx.handle.db, {
    regionCode: '330521',
    name: '测试县',
    staff: [
      { username: 'b_admin', roles: ['system_admin', 'hall_admin', 'supervisor'] },
      { username: 'b_cat', roles: ['catalogue_admin'] },
    ],
  });
  b = await ctx.as('b_admin');
  bCat = await ctx.as('b_cat');
  const samr = await orgIdByKey(ctx.handle.db, 'county-samr');
  const impl = await ctx.handle.db.selectFrom('item_impls').select(['id', 'published_version_id']).where('org_id', '=', samr).where('level', '=', 'county').executeTakeFirstOrThrow();
  aImplId = impl.id;
  aVersionId = impl.published_version_id as string;
  aStaffId = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'samr_handler').executeTakeFirstOrThrow()).id;
});
afterAll(async () => ctx.close());

describe('scope isolation between counties', () => {
  it('lists only the caller’s own county staff', async () => {
    const res = await b.get('/api/staff');
    expect(res.statusCode).toBe(200);
    const names = (res.json() as { staff: { username: string }[] }).staff.map((s) => s.username);
    expect(names).toContain('b_cat');
    expect(names).not.toContain('samr_handler');
  });

  it('refuses to read or disable a staff member of another county, and audits it', async () => {
    expect((await b.get(`/api/staff/${aStaffId}`)).statusCode).toBe(403);
    expect((await b.patch(`/api/staff/${aStaffId}`, { disabled: true })).statusCode).toBe(403);
    const row = await ctx.handle.db.selectFrom('users').select('disabled').where('id', '=', aStaffId).executeTakeFirstOrThrow();
    expect(row.disabled).toBe(false);
    const denied = await ctx.handle.db.selectFrom('audit_events').select('kind').where('kind', '=', 'access_denied').execute();
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses to create staff in another county', async () => {
    const samr = await orgIdByKey(ctx.handle.db, 'county-samr');
    // No roles: under 三权分立 the system administrator creates bare accounts, so only the scope is at stake.
    const res = await b.post('/api/staff', { username: 'intruder', displayName: 'x', password: 'Intruder@Anji-2026', orgId: samr });
    expect(res.statusCode).toBe(403);
    expect(await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'intruder').executeTakeFirst()).toBeUndefined();
  });

  it('hides another county’s catalogue drafts, versions, history and diffs', async () => {
    const list = await bCat.get('/api/admin/catalogue/impls');
    expect(list.statusCode).toBe(200);
    expect((list.json() as { impls: unknown[] }).impls).toHaveLength(0);
    for (const url of [`/api/admin/catalogue/impls/${aImplId}`, `/api/admin/catalogue/versions/${aVersionId}`, `/api/admin/catalogue/versions/${aVersionId}/diff`]) {
      expect((await bCat.get(url)).statusCode, url).toBe(403);
    }
  });

  it('refuses to change another county’s catalogue and changes nothing', async () => {
    const before = await ctx.handle.db.selectFrom('item_versions').select(['id', 'status', 'revision']).where('impl_id', '=', aImplId).execute();
    expect((await bCat.post(`/api/admin/catalogue/impls/${aImplId}/drafts`)).statusCode).toBe(403);
    for (const action of ['submit', 'publish', 'reject', 'retire']) {
      expect((await bCat.post(`/api/admin/catalogue/versions/${aVersionId}/${action}`, {})).statusCode, action).toBe(403);
    }
    const current = await ctx.handle.db.selectFrom('item_versions').select('content').where('id', '=', aVersionId).executeTakeFirstOrThrow();
    const put = await bCat.put(`/api/admin/catalogue/versions/${aVersionId}`, { revision: 1, content: current.content });
    expect(put.statusCode).toBe(403);
    const imported = await bCat.post('/api/admin/catalogue/import', { items: [{ level: 'county', content: { ...current.content, mainName: '篡改' } }] });
    expect(imported.statusCode).toBe(403);
    const after = await ctx.handle.db.selectFrom('item_versions').select(['id', 'status', 'revision']).where('impl_id', '=', aImplId).execute();
    expect(after).toEqual(before);
  });

  it('exports only the caller’s own catalogue', async () => {
    const res = await bCat.get('/api/admin/catalogue/export.json');
    expect(res.statusCode).toBe(200);
    expect((res.json() as { items: unknown[] }).items).toHaveLength(0);
  });

  it('lets the county’s own catalogue admin see its items', async () => {
    const a = await ctx.as('catadmin');
    const res = await a.get(`/api/admin/catalogue/impls/${aImplId}`);
    expect(res.statusCode).toBe(200);
  });
});
