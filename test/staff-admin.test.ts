import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { DEMO_PASSWORD } from '../src/server/demo/seed.js';
import { buildStaff, orgIdByKey } from './support/factories.js';
import { ACTION_GRANTS, STAFF_ROLES, type Action } from '../src/core/access/grants.js';
import { can } from '../src/server/policies/index.js';
import type { Actor } from '../src/server/policies/actor.js';
import type { StaffRole } from '../src/server/db/schema.js';
import { appointAdministrator } from '../src/server/org/appoint.js';

/**
 * Staff administration (人员管理) and 三权分立: who may act on which account and grant which role in
 * which scope. The checks use the TARGET's grants, not only the target's org.
 */
let ctx: TestContext;
let countyAdmin: Agent; // system_admin of 安吉县 only
let countySec: Agent; // security_admin of 安吉县 only
let admin: Agent;
let secadmin: Agent;
let auditor: Agent;
const ids: Record<string, string> = {};

/** Staff log in with a second factor: give a built account a TOTP secret and log in with its code. */
const TEST_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
async function withSecondFactor(username: string): Promise<void> {
  await ctx.handle.db.updateTable('users').set({ totp_secret: TEST_SECRET, totp_enabled_at: new Date() }).where('username', '=', username).execute();
}
async function loginBuilt(username: string, password = DEMO_PASSWORD): Promise<Agent> {
  const agent = ctx.anon();
  const res = await agent.post('/api/auth/login', { username, password, totp: await ctx.totp.codeFor(username, TEST_SECRET) });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
  agent.csrfToken = (res.json() as { csrfToken: string }).csrfToken;
  return agent;
}

/** A refusal by policy (403 FORBIDDEN), not for some other reason such as a missing second factor. */
function expectRefused(res: { statusCode: number; body: string }, label?: string): void {
  expect(res.statusCode, `${label ?? ''} ${res.body}`).toBe(403);
  expect((JSON.parse(res.body) as { error: string }).error).toBe('FORBIDDEN');
}

const userId = async (username: string) => (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const rolesOf = async (id: string) =>
  (await ctx.handle.db.selectFrom('staff_roles').select(['role', 'scope_org_id']).where('user_id', '=', id).orderBy('role').execute()).map((r) => `${r.role}@${r.scope_org_id}`);
const disabled = async (id: string) => (await ctx.handle.db.selectFrom('users').select('disabled').where('id', '=', id).executeTakeFirstOrThrow()).disabled;

beforeAll(async () => {
  ctx = await createTestContext();
  // The demo `admin` and `secadmin` work in 安吉县 but hold province-wide grants.
  await buildStaff(ctx.handle.db, { username: 'county_admin', orgKey: 'county-gov', roles: [{ role: 'system_admin', scopeKey: 'county-gov' }] });
  await buildStaff(ctx.handle.db, { username: 'county_sec', orgKey: 'county-gov', roles: [{ role: 'security_admin', scopeKey: 'county-gov' }] });
  for (const u of ['county_admin', 'county_sec']) await withSecondFactor(u);
  countyAdmin = await loginBuilt('county_admin');
  countySec = await loginBuilt('county_sec');
  admin = await ctx.as('admin');
  secadmin = await ctx.as('secadmin');
  auditor = await ctx.as('auditor');
  for (const u of ['admin', 'secadmin', 'auditor', 'county_admin', 'county_sec', 'samr_handler']) ids[u] = await userId(u);
  for (const k of ['county-gov', 'county-samr', 'province-gov']) ids[k] = await orgIdByKey(ctx.handle.db, k);
});
afterAll(async () => ctx.close());

describe('finding 3: a county-scoped admin cannot act on a province admin', () => {
  it('finding 3: refuses to disable an account holding a wider grant, and changes nothing', async () => {
    const res = await countyAdmin.patch(`/api/staff/${ids.admin}`, { disabled: true });
    expectRefused(res);
    expect(await disabled(ids.admin!)).toBe(false);
    expect((await admin.get('/api/staff')).statusCode).toBe(200);
  });

  it('finding 3: refuses to change the roles of an account holding a wider grant', async () => {
    const before = await rolesOf(ids.secadmin!);
    const res = await countySec.put(`/api/staff/${ids.secadmin}/roles`, { roles: [{ role: 'window_clerk', scopeOrgId: ids['county-gov'] }] });
    expectRefused(res);
    expect(await rolesOf(ids.secadmin!)).toEqual(before);
  });

  it('finding 3: refuses to create staff with a grant wider than the creator’s own', async () => {
    const res = await countyAdmin.post('/api/staff', {
      username: 'wider_admin',
      displayName: '越权',
      password: 'Wider@Admin2026',
      orgId: ids['county-gov'],
      roles: [{ role: 'system_admin', scopeOrgId: ids['province-gov'] }],
    });
    expectRefused(res);
    expect(await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'wider_admin').executeTakeFirst()).toBeUndefined();
  });

  it('finding 3: refuses to grant a scope wider than the granter’s own, or to re-grant oneself', async () => {
    const target = ids.samr_handler!;
    const before = await rolesOf(target);
    const wider = await countySec.put(`/api/staff/${target}/roles`, { roles: [{ role: 'approver_handle', scopeOrgId: ids['province-gov'] }] });
    expectRefused(wider);
    expect(await rolesOf(target)).toEqual(before);
    const mine = await rolesOf(ids.county_sec!);
    const self = await countySec.put(`/api/staff/${ids.county_sec}/roles`, { roles: [{ role: 'security_admin', scopeOrgId: ids['province-gov'] }] });
    expectRefused(self);
    expect(await rolesOf(ids.county_sec!)).toEqual(mine);
  });
});

describe('三权分立: system, security and audit administrators refuse each other’s work', () => {
  it('the system administrator creates and disables accounts but grants no roles', async () => {
    const withRole = await admin.post('/api/staff', { username: 'sys_with_role', displayName: 'x', password: 'Sys@WithRole2026', orgId: ids['county-samr'], roles: [{ role: 'approver_handle', scopeOrgId: ids['county-samr'] }] });
    expectRefused(withRole);
    expect(await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'sys_with_role').executeTakeFirst()).toBeUndefined();
    const before = await rolesOf(ids.samr_handler!);
    expectRefused(await admin.put(`/api/staff/${ids.samr_handler}/roles`, { roles: [] }));
    expect(await rolesOf(ids.samr_handler!)).toEqual(before);
    // Nor does it touch the other two administrators' accounts.
    for (const other of [ids.secadmin!, ids.auditor!]) {
      expectRefused(await admin.patch(`/api/staff/${other}`, { disabled: true }));
      expect(await disabled(other)).toBe(false);
    }
  });

  it('the security administrator grants roles but creates, disables no accounts and changes no calendar', async () => {
    const created = await secadmin.post('/api/staff', { username: 'sec_created', displayName: 'x', password: 'Sec@Created2026', orgId: ids['county-samr'] });
    expectRefused(created);
    expect(await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'sec_created').executeTakeFirst()).toBeUndefined();
    expectRefused(await secadmin.patch(`/api/staff/${ids.samr_handler}`, { disabled: true }));
    expect(await disabled(ids.samr_handler!)).toBe(false);
    expectRefused(await secadmin.put('/api/admin/calendar/years/2031', { source: '国务院办公厅通知', holidays: [], workdays: [] }));
    // It may not make anyone a system or audit administrator (roles it does not hold).
    for (const role of ['system_admin', 'audit_admin']) {
      expectRefused(await secadmin.put(`/api/staff/${ids.samr_handler}/roles`, { roles: [{ role, scopeOrgId: ids['county-samr'] }] }), role);
    }
    // Nor change the system or audit administrator's roles.
    for (const other of [ids.admin!, ids.auditor!]) {
      const before = await rolesOf(other);
      expectRefused(await secadmin.put(`/api/staff/${other}/roles`, { roles: [] }));
      expect(await rolesOf(other)).toEqual(before);
    }
  });

  it('the audit administrator does nothing but read the audit log', async () => {
    expectRefused(await auditor.get('/api/staff'));
    expectRefused(await auditor.post('/api/staff', { username: 'aud_created', displayName: 'x', password: 'Aud@Created2026', orgId: ids['county-samr'] }));
    expectRefused(await auditor.patch(`/api/staff/${ids.samr_handler}`, { disabled: true }));
    expectRefused(await auditor.put(`/api/staff/${ids.samr_handler}/roles`, { roles: [] }));
    expectRefused(await auditor.put('/api/admin/calendar/years/2031', { source: '国务院办公厅通知', holidays: [], workdays: [] }));
    expect(await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'aud_created').executeTakeFirst()).toBeUndefined();
  });

  it('an account is created by the system administrator, then granted by the security administrator, then disabled', async () => {
    const created = await countyAdmin.post('/api/staff', { username: 'new_handler', displayName: '新承办', password: 'New@Handler2026', orgId: ids['county-samr'] });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const granted = await countySec.put(`/api/staff/${id}/roles`, { roles: [{ role: 'approver_handle', scopeOrgId: ids['county-samr'] }] });
    expect(granted.statusCode).toBe(200);
    expect(await rolesOf(id)).toEqual([`approver_handle@${ids['county-samr']}`]);
    await withSecondFactor('new_handler');
    expect((await (await loginBuilt('new_handler', 'New@Handler2026')).get('/api/workbench/inbox')).statusCode).toBe(200);
    expect((await countyAdmin.patch(`/api/staff/${id}`, { disabled: true })).statusCode).toBe(200);
    expect(await disabled(id)).toBe(true);
  });

  it('the staff list shows each administrator what it may do to each account', async () => {
    type Row = { username: string; abilities: { setDisabled: boolean; changeRoles: boolean } };
    const seen = async (agent: Agent) => Object.fromEntries(((await agent.get('/api/staff')).json() as { staff: Row[] }).staff.map((r) => [r.username, r.abilities]));
    const bySec = await seen(secadmin);
    expect(bySec.samr_handler).toEqual({ setDisabled: false, changeRoles: true });
    expect(bySec.admin).toEqual({ setDisabled: false, changeRoles: false });
    expect(bySec.secadmin).toEqual({ setDisabled: false, changeRoles: false });
    const byAdmin = await seen(admin);
    expect(byAdmin.samr_handler).toEqual({ setDisabled: true, changeRoles: false });
    expect(byAdmin.auditor).toEqual({ setDisabled: false, changeRoles: false });
    const byCounty = await seen(countyAdmin);
    expect(byCounty.admin).toEqual({ setDisabled: false, changeRoles: false });
  });

  it('one account never holds two of the three administrator roles', async () => {
    const res = await secadmin.put(`/api/staff/${ids.county_sec}/roles`, {
      roles: [
        { role: 'security_admin', scopeOrgId: ids['county-gov'] },
        { role: 'audit_admin', scopeOrgId: ids['county-gov'] },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'VALIDATION_FAILED' });
    // The database refuses it too, whoever writes.
    await expect(sql`insert into staff_roles (user_id, role, scope_org_id) values (${ids.admin}, 'audit_admin', ${ids['province-gov']})`.execute(ctx.handle.db)).rejects.toThrow();
  });

  it('the three administrators are appointed at the console, one role per account, and it is audited', async () => {
    const created = await admin.post('/api/staff', { username: 'county_auditor', displayName: '县审计', password: 'County@Auditor2026', orgId: ids['county-gov'] });
    const id = (created.json() as { id: string }).id;
    await appointAdministrator(ctx.handle.db, { username: 'county_auditor', role: 'audit_admin', scope: 'county-gov' });
    expect(await rolesOf(id)).toEqual([`audit_admin@${ids['county-gov']}`]);
    // Appointing another administrator role replaces the first (never two of the three).
    await appointAdministrator(ctx.handle.db, { username: 'county_auditor', role: 'security_admin', scope: 'county-gov' });
    expect(await rolesOf(id)).toEqual([`security_admin@${ids['county-gov']}`]);
    const entry = await ctx.handle.db.selectFrom('audit_events').selectAll().where('kind', '=', 'administrator_appointed').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ object_type: 'user', object_id: id, detail: { role: 'security_admin', by: 'console' } });
    await expect(appointAdministrator(ctx.handle.db, { username: 'county_auditor', role: 'window_clerk', scope: 'county-gov' })).rejects.toThrow(/not one of/);
  });

  it('nobody disables or re-grants their own account', async () => {
    expectRefused(await countyAdmin.patch(`/api/staff/${ids.county_admin}`, { disabled: true }));
    expectRefused(await countySec.put(`/api/staff/${ids.county_sec}/roles`, { roles: [{ role: 'security_admin', scopeOrgId: ids['county-gov'] }] }));
  });

  it('refuses a grant on an unknown scope with 404 and an unknown role with 400, changing nothing', async () => {
    const before = await rolesOf(ids.samr_handler!);
    expect((await secadmin.put(`/api/staff/${ids.samr_handler}/roles`, { roles: [{ role: 'approver_handle', scopeOrgId: crypto.randomUUID() }] })).statusCode).toBe(404);
    expect((await secadmin.put(`/api/staff/${ids.samr_handler}/roles`, { roles: [{ role: 'emperor', scopeOrgId: ids['county-samr'] }] })).statusCode).toBe(400);
    expect(await rolesOf(ids.samr_handler!)).toEqual(before);
  });
});

/** The policy table: every action × every role, for one grant at province scope. */
const EXPECTED: Record<Action, readonly StaffRole[]> = {
  'org.read': STAFF_ROLES,
  'org.manage': ['system_admin', 'hall_admin'],
  'staff.read': ['system_admin', 'security_admin', 'hall_admin', 'supervisor'],
  'staff.manage': ['system_admin'],
  'staff.grant': ['security_admin'],
  'security.manage': ['security_admin'],
  'applicant.read': ['window_clerk', 'system_admin'],
  'catalogue.read_draft': ['catalogue_admin', 'system_admin', 'supervisor'],
  'catalogue.edit': ['catalogue_admin'],
  'catalogue.publish': ['catalogue_admin'],
  'catalogue.report': ['catalogue_admin', 'supervisor', 'system_admin'],
  'calendar.manage': ['system_admin'],
  'search.synonyms.manage': ['catalogue_admin', 'system_admin'],
  'audit.read': ['audit_admin'],
  'audit.export': ['audit_admin'],
  'hall.serve': ['window_clerk'],
  'hall.manage': ['hall_admin'],
  'hall.figures': ['hall_admin', 'supervisor'],
  'hall.assist': ['window_clerk'],
  'licence.manage': ['approver_signoff'],
  'signing_key.rotate': ['security_admin'],
  'supervision.settings.manage': ['supervisor'],
  'licence_type.manage': ['catalogue_admin'],
};

describe('policy table (every action × role)', () => {
  const actorWith = (role: StaffRole): Actor => ({ userId: 'u', kind: 'staff', displayName: 'x', orgId: 'o', roles: [{ role, scopeOrgId: 'p', scopePath: '/p/' }] });
  it.each(STAFF_ROLES.flatMap((role) => (Object.keys(ACTION_GRANTS) as Action[]).map((action) => [role, action] as const)))('%s × %s', (role, action) => {
    expect(EXPECTED[action], `add ${action} to the expected table`).toBeDefined();
    expect(can(actorWith(role), action, { orgPath: '/p/q/' })).toBe(EXPECTED[action].includes(role));
  });

  it('the three administrators share no action but reading the org tree and the staff list', () => {
    for (const action of (Object.keys(EXPECTED) as Action[]).filter((a) => a !== 'org.read' && a !== 'staff.read')) {
      expect(EXPECTED[action].filter((r) => ['system_admin', 'security_admin', 'audit_admin'].includes(r)).length, action).toBeLessThanOrEqual(1);
    }
  });
});
