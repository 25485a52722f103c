import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { buildStaff, orgIdByKey } from './support/factories.js';

/**
 * Staff administration (人员管理): who may act on which account and grant which role in which scope.
 * The checks use the TARGET's grants, not only the target's org.
 */
let ctx: TestContext;
let countyAdmin: Agent;
let provinceAdminId: string;

const rolesOf = async (userId: string) =>
  (await ctx.handle.db.selectFrom('staff_roles').select(['role', 'scope_org_id']).where('user_id', '=', userId).orderBy('role').execute()).map((r) => `${r.role}@${r.scope_org_id}`);

beforeAll(async () => {
  ctx = await createTestContext();
  // A system administrator of 安吉县 only; the demo `admin` works in the same county but holds a province-wide grant.
  await buildStaff(ctx.handle.db, { username: 'county_admin', orgKey: 'county-gov', roles: [{ role: 'system_admin', scopeKey: 'county-gov' }] });
  countyAdmin = await ctx.as('county_admin');
  provinceAdminId = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
});
afterAll(async () => ctx.close());

describe('finding 3: a county-scoped admin cannot act on the province admin', () => {
  it('finding 3: refuses to disable an account holding a wider grant, and changes nothing', async () => {
    const res = await countyAdmin.patch(`/api/staff/${provinceAdminId}`, { disabled: true });
    expect(res.statusCode).toBe(403);
    const row = await ctx.handle.db.selectFrom('users').select('disabled').where('id', '=', provinceAdminId).executeTakeFirstOrThrow();
    expect(row.disabled).toBe(false);
    expect((await ctx.as('admin')).csrfToken).toBeTruthy();
  });

  it('finding 3: refuses to change the roles of an account holding a wider grant', async () => {
    const before = await rolesOf(provinceAdminId);
    const county = await orgIdByKey(ctx.handle.db, 'county-gov');
    const res = await countyAdmin.put(`/api/staff/${provinceAdminId}/roles`, { roles: [{ role: 'window_clerk', scopeOrgId: county }] });
    expect(res.statusCode).toBe(403);
    expect(await rolesOf(provinceAdminId)).toEqual(before);
  });

  it('finding 3: refuses to create staff with a grant wider than the creator’s own', async () => {
    const county = await orgIdByKey(ctx.handle.db, 'county-gov');
    const province = await orgIdByKey(ctx.handle.db, 'province-gov');
    const res = await countyAdmin.post('/api/staff', {
      username: 'wider_admin',
      displayName: '越权',
      password: 'Wider@Admin2026',
      orgId: county,
      roles: [{ role: 'system_admin', scopeOrgId: province }],
    });
    expect(res.statusCode).toBe(403);
    expect(await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'wider_admin').executeTakeFirst()).toBeUndefined();
  });

  it('finding 3: refuses to grant itself a wider scope', async () => {
    const me = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'county_admin').executeTakeFirstOrThrow()).id;
    const before = await rolesOf(me);
    const province = await orgIdByKey(ctx.handle.db, 'province-gov');
    const res = await countyAdmin.put(`/api/staff/${me}/roles`, { roles: [{ role: 'system_admin', scopeOrgId: province }] });
    expect(res.statusCode).toBe(403);
    expect(await rolesOf(me)).toEqual(before);
  });
});

describe('staff administration within one’s own scope', () => {
  it('a county admin creates, re-grants and disables an account inside the county', async () => {
    const samr = await orgIdByKey(ctx.handle.db, 'county-samr');
    const created = await countyAdmin.post('/api/staff', { username: 'new_handler', displayName: '新承办', password: 'New@Handler2026', orgId: samr, roles: [{ role: 'approver_handle', scopeOrgId: samr }] });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    const regrant = await countyAdmin.put(`/api/staff/${id}/roles`, { roles: [{ role: 'approver_review', scopeOrgId: samr }] });
    expect(regrant.statusCode).toBe(200);
    expect(await rolesOf(id)).toEqual([`approver_review@${samr}`]);
    expect((await countyAdmin.patch(`/api/staff/${id}`, { disabled: true })).statusCode).toBe(200);
    expect((await ctx.handle.db.selectFrom('users').select('disabled').where('id', '=', id).executeTakeFirstOrThrow()).disabled).toBe(true);
  });

  it('nobody disables their own account', async () => {
    const me = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'county_admin').executeTakeFirstOrThrow()).id;
    expect((await countyAdmin.patch(`/api/staff/${me}`, { disabled: true })).statusCode).toBe(403);
  });

  it('refuses a grant on an unknown scope with 404 and an unknown role with 400, changing nothing', async () => {
    const samr = await orgIdByKey(ctx.handle.db, 'county-samr');
    const unknownScope = await countyAdmin.post('/api/staff', { username: 'ghost_scope', displayName: 'x', password: 'Ghost@Scope2026', orgId: samr, roles: [{ role: 'approver_handle', scopeOrgId: crypto.randomUUID() }] });
    expect(unknownScope.statusCode).toBe(404);
    const badRole = await countyAdmin.post('/api/staff', { username: 'ghost_role', displayName: 'x', password: 'Ghost@Role2026', orgId: samr, roles: [{ role: 'emperor', scopeOrgId: samr }] });
    expect(badRole.statusCode).toBe(400);
    expect(await ctx.handle.db.selectFrom('users').select('id').where('username', 'in', ['ghost_scope', 'ghost_role']).execute()).toEqual([]);
  });
});
