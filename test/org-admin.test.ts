import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { buildCounty, buildStaff, orgIdByKey } from './support/factories.js';
import { completeCreditCode } from '../src/core/codes/credit-code.js';

/** Organisation editing (issue 9, "Organisation: edit orgs and windows, assign clerks to windows"; ADR 0014). */
let ctx: TestContext;
let admin: Agent; // province-wide system administrator
let countyAdmin: Agent; // system administrator of 安吉县 only
let hallAdmin: Agent;
const ids: Record<string, string> = {};
const id = (key: string): string => {
  const v = ids[key];
  if (!v) throw new Error(`no org ${key}`);
  return v;
};
let countyB: Awaited<ReturnType<typeof buildCounty>>;

const orgRow = (id: string) => ctx.handle.db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const audits = (kind: string) => ctx.handle.db.selectFrom('audit_events').select(['kind', 'object_id', 'detail']).where('kind', '=', kind).execute();

beforeAll(async () => {
  ctx = await createTestContext();
  await buildStaff(ctx.handle.db, { username: 'county_admin', orgKey: 'county-gov', roles: [{ role: 'system_admin', scopeKey: 'county-gov' }] });
  countyB = await buildCounty(ctx.handle.db, { regionCode: '330599', name: '乙县', staff: [{ username: 'b_admin', roles: ['system_admin'] }, { username: 'b_clerk', roles: ['window_clerk'] }] });
  admin = await ctx.as('admin');
  countyAdmin = await ctx.as('county_admin');
  hallAdmin = await ctx.as('halladmin');
  for (const k of ['county-gov', 'county-samr', 'county-hall']) ids[k] = await orgIdByKey(ctx.handle.db, k);
});
afterAll(async () => ctx.close());

describe('editing organisations', () => {
  it('org editing: a county administrator edits an org of its county, with an English name; audited', async () => {
    const res = await countyAdmin.patch(`/api/orgs/${id('county-samr')}`, { shortName: '县市场监管局', nameEn: 'Anji County Administration for Market Regulation' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ shortName: '县市场监管局', nameEn: 'Anji County Administration for Market Regulation' });
    const listed = ((await ctx.anon().get('/api/orgs')).json() as { orgs: { id: string; nameEn: string | null }[] }).orgs.find((o) => o.id === id('county-samr'));
    expect(listed?.nameEn).toBe('Anji County Administration for Market Regulation');
    expect((await audits('org_updated')).map((a) => a.object_id)).toContain(id('county-samr'));
  });

  it('org editing: a county administrator cannot edit another county’s org (scope); the province administrator can', async () => {
    const before = await orgRow(countyB.deptId);
    const refused = await countyAdmin.patch(`/api/orgs/${countyB.deptId}`, { name: '被篡改的名称' });
    expect(refused.statusCode).toBe(403);
    expect(await orgRow(countyB.deptId)).toEqual(before);
    // Nor may a hall administrator (not a system administrator) edit orgs.
    expect((await hallAdmin.patch(`/api/orgs/${id('county-hall')}`, { name: 'x' })).statusCode).toBe(403);
    const ok = await admin.patch(`/api/orgs/${countyB.deptId}`, { name: '乙县市场监督管理局（新）' });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('org editing: a credit code with a wrong check character is refused with a readable message, nothing changed', async () => {
    const before = await orgRow(id('county-samr'));
    const good = completeCreditCode('11330523MB0000123');
    const wrongCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const res = await countyAdmin.patch(`/api/orgs/${id('county-samr')}`, { creditCode: wrongCheck, name: '不应保存' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ path: 'body/creditCode' }] });
    expect((res.json() as { message: string }).message).toContain('校验位');
    expect(await orgRow(id('county-samr'))).toEqual(before);
    const empty = await countyAdmin.patch(`/api/orgs/${id('county-samr')}`, { shortName: '' });
    expect(empty.statusCode).toBe(400);
    expect((empty.json() as { message: string }).message).toContain('简称');
    const saved = await countyAdmin.patch(`/api/orgs/${id('county-samr')}`, { creditCode: good });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await orgRow(id('county-samr'))).credit_code).toBe(good);
  });
});

describe('windows and clerks', () => {
  it('org editing: windows are added and edited within scope; numbers are unique per hall', async () => {
    const created = await countyAdmin.post('/api/windows', { hallId: id('county-hall'), number: 'F09', name: '不动产综合窗口1', category: '不动产', comprehensive: true });
    expect(created.statusCode, created.body).toBe(201);
    const win = created.json() as { id: string };
    const dup = await countyAdmin.post('/api/windows', { hallId: id('county-hall'), number: 'F09', name: '重复', category: '不动产', comprehensive: false });
    expect(dup.statusCode).toBe(409);
    const edited = await countyAdmin.patch(`/api/windows/${win.id}`, { name: '不动产登记窗口', comprehensive: false });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ number: 'F09', name: '不动产登记窗口', comprehensive: false });
    const bAdmin = await ctx.as('b_admin');
    expect((await bAdmin.patch(`/api/windows/${win.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await bAdmin.post('/api/windows', { hallId: id('county-hall'), number: 'Z09', name: 'x', category: 'x', comprehensive: false })).statusCode).toBe(403);
    // Windows belong to halls only.
    expect((await countyAdmin.post('/api/windows', { hallId: id('county-samr'), number: 'E01', name: 'x', category: 'x', comprehensive: false })).statusCode).toBe(400);
    expect((await audits('window_created')).map((a) => a.object_id)).toContain(win.id);
  });

  it('org editing: a window clerk of the hall is assigned to a window; a clerk of another hall or a non-clerk cannot be', async () => {
    const windows = ((await ctx.anon().get(`/api/windows?hallId=${id('county-hall')}`)).json() as { windows: { id: string; number: string }[] }).windows;
    const target = windows.find((w) => w.number === 'C02') ?? windows[0];
    if (!target) throw new Error('no window');
    const clerk2 = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'clerk2').executeTakeFirstOrThrow()).id;
    const res = await countyAdmin.put(`/api/staff/${clerk2}/window`, { windowId: target.id });
    expect(res.statusCode, res.body).toBe(200);
    expect((await ctx.handle.db.selectFrom('users').select('window_id').where('id', '=', clerk2).executeTakeFirstOrThrow()).window_id).toBe(target.id);
    const staff = ((await countyAdmin.get('/api/staff')).json() as { staff: { id: string; windowId: string | null }[] }).staff;
    expect(staff.find((s) => s.id === clerk2)?.windowId).toBe(target.id);
    expect((await audits('window_clerk_assigned')).map((a) => a.object_id)).toContain(clerk2);

    // A clerk of another county's hall cannot be put at this hall's window, not even by the province administrator.
    const otherHallId = crypto.randomUUID();
    const gov = await orgRow(countyB.govId);
    await ctx.handle.db.insertInto('orgs').values({ id: otherHallId, kind: 'hall', name: '乙县政务服务中心', short_name: '乙县中心', region_code: '330599', parent_id: countyB.govId, path: `${gov.path}${otherHallId}/` }).execute();
    const bClerk = countyB.userIds.b_clerk as string;
    await ctx.handle.db.updateTable('users').set({ org_id: otherHallId }).where('id', '=', bClerk).execute();
    const foreign = await admin.put(`/api/staff/${bClerk}/window`, { windowId: target.id });
    expect(foreign.statusCode).toBe(400);
    expect((foreign.json() as { message: string }).message).toContain('大厅');
    expect((await ctx.handle.db.selectFrom('users').select('window_id').where('id', '=', bClerk).executeTakeFirstOrThrow()).window_id).toBeNull();
    // The county administrator cannot even touch that clerk (scope).
    expect((await countyAdmin.put(`/api/staff/${bClerk}/window`, { windowId: null })).statusCode).toBe(403);
    // Only window clerks sit at windows.
    const handler = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'samr_handler').executeTakeFirstOrThrow()).id;
    expect((await countyAdmin.put(`/api/staff/${handler}/window`, { windowId: target.id })).statusCode).toBe(400);
    // And a clerk is taken off a window with null.
    expect((await countyAdmin.put(`/api/staff/${clerk2}/window`, { windowId: null })).statusCode).toBe(200);
  });
});
