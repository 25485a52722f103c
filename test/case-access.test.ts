import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { caseRelation, type CaseFacts } from '../src/server/policies/case-access.js';
import type { Actor, RoleGrant } from '../src/server/policies/actor.js';
import type { StaffRole } from '../src/server/db/schema.js';

/** Issue 8 finding 5: case access follows the case's role in it, not "any staff in scope". */

const COUNTY = '/p/c/county/';
const SAMR = `${COUNTY}samr/`;
const MCA = `${COUNTY}mca/`;
const staff = (roles: [StaffRole, string][]): Actor => ({
  userId: 'u-staff',
  kind: 'staff',
  displayName: 's',
  orgId: null,
  roles: roles.map(([role, scopePath]): RoleGrant => ({ role, scopeOrgId: scopePath, scopePath })),
});
const person = (userId: string): Actor => ({ userId, kind: 'natural_person', displayName: 'p', orgId: null, roles: [] });
const samrCase = (state: string): CaseFacts => ({ applicantId: 'u-applicant', orgPath: SAMR, state, flowRoles: ['approver_handle', 'approver_review', 'approver_signoff'] });

describe('caseRelation (the policy as a table)', () => {
  const table: [string, Actor | undefined, CaseFacts, ReturnType<typeof caseRelation>][] = [
    ['anonymous', undefined, samrCase('submitted'), null],
    ['the applicant, own draft', person('u-applicant'), samrCase('draft'), 'applicant'],
    ['the applicant, own case in review', person('u-applicant'), samrCase('in_review'), 'applicant'],
    ['another person', person('u-other'), samrCase('submitted'), null],
    ['clerk in scope, draft', staff([['window_clerk', COUNTY]]), samrCase('draft'), null],
    ['clerk in scope, submitted', staff([['window_clerk', COUNTY]]), samrCase('submitted'), 'window'],
    ['clerk in scope, correction requested', staff([['window_clerk', COUNTY]]), samrCase('correction_requested'), 'window'],
    ['clerk in scope, in review (back office)', staff([['window_clerk', COUNTY]]), samrCase('in_review'), null],
    ['clerk in scope, suspended (back office)', staff([['window_clerk', COUNTY]]), samrCase('suspended'), null],
    ['clerk in scope, completed (hand-out)', staff([['window_clerk', COUNTY]]), samrCase('completed'), 'window'],
    ['clerk of another county', staff([['window_clerk', '/p/c/other/']]), samrCase('submitted'), null],
    ['approver of the department, on the flow', staff([['approver_handle', SAMR]]), samrCase('in_review'), 'department'],
    ['approver of the department, draft', staff([['approver_handle', SAMR]]), samrCase('draft'), null],
    ['approver of another department', staff([['approver_handle', MCA]]), samrCase('in_review'), null],
    ['approver whose role is not on the flow', staff([['approver_review', SAMR]]), { ...samrCase('in_review'), flowRoles: ['approver_handle', 'approver_signoff'] }, null],
    ['supervisor in scope', staff([['supervisor', COUNTY]]), samrCase('in_review'), 'supervisor'],
    ['supervisor in scope, draft', staff([['supervisor', COUNTY]]), samrCase('draft'), null],
    ['catalogue admin in scope', staff([['catalogue_admin', COUNTY]]), samrCase('submitted'), null],
    ['hall admin in scope', staff([['hall_admin', COUNTY]]), samrCase('completed'), null],
    ['system admin of the province', staff([['system_admin', '/p/']]), samrCase('in_review'), null],
  ];
  it.each(table)('%s', (_name, actor, facts, expected) => {
    expect(caseRelation(actor, facts)).toBe(expected);
  });
});

describe('an agent (经办人) is judged on the app’s day, never the wall clock', () => {
  // A grant that starts years after the wall clock's today: only the request's day (agentDay) can put it in force.
  const grant = { grantId: 'g1', enterpriseId: 'u-applicant', enterpriseName: '安吉某茶叶有限公司', validFrom: '2031-03-01', validUntil: '2031-12-31', revoked: false, scope: { kind: 'all' as const } };
  const agent = (agentDay?: string): Actor => ({ ...person('u-agent'), agentFor: [grant], ...(agentDay ? { agentDay } : {}) });
  const facts = { ...samrCase('in_review'), implId: 'impl-1', category: '市场准入' };
  it('acts on a day inside the grant, whatever the wall clock says', () => {
    expect(caseRelation(agent('2031-03-01'), facts)).toBe('agent');
    expect(caseRelation(agent('2031-12-31'), facts)).toBe('agent');
  });
  it('does not act the day before or after it', () => {
    expect(caseRelation(agent('2031-02-28'), facts)).toBeNull();
    expect(caseRelation(agent('2032-01-01'), facts)).toBeNull();
  });
  it('a question that names its own day is answered on that day', () => {
    expect(caseRelation(agent('2026-12-02'), { ...facts, today: '2031-06-01' })).toBe('agent');
  });
  it('without a day (no agentDay, no today) no grant is in force: refused, not judged on the wall clock', () => {
    expect(caseRelation(agent(), facts)).toBeNull();
    expect(caseRelation(agent(), { ...facts, today: '2031-06-01' })).toBe('agent');
  });
});

let ctx: TestContext;
let zhangsan: Agent;
let clerk: Agent;
let gthImplId: string;
let ids: Record<string, string>;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function uploadAs(c: TestContext, agent: Agent, bytes: Buffer, name = 'scan.pdf'): Promise<string> {
  const boundary = '----tongban' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

/** A complete, valid 个体工商户设立登记 application (identity fields come from the account). */
const gthApplication = (implId: string) => ({
  implId,
  formData: { phone: '13857210001', premises: '安吉县递铺街道胜利西路1号', scope: '茶叶零售', staff: 2 },
  situationAnswers: { 's-who': ['o-self'], 's-name': ['o-no-name'] },
  materials: [] as { materialId: string; fileId: string; fileName: string }[],
});

type View = { id: string; state: string; caseNo: string | null };

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  zhangsan = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json() as { items: { implId: string; name: string }[] };
  gthImplId = res.items.find((i) => i.name.startsWith('个体工商户设立登记'))?.implId as string;
  const users = await ctx.handle.db.selectFrom('users').select(['id', 'username']).execute();
  ids = Object.fromEntries(users.map((u) => [u.username, u.id]));
});
afterAll(async () => ctx.close());

describe('finding 5: case access by the case role', () => {
  it('finding 5: catalogue, hall and system administrators do not read citizens’ cases or their files', async () => {
    const fileId = await uploadAs(ctx, zhangsan, Buffer.concat([PDF, Buffer.from('finding-5-admins')]));
    const created = await zhangsan.post('/api/cases', { ...gthApplication(gthImplId), materials: [{ materialId: 'm-premises', fileId, fileName: 'lease.pdf' }] });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json() as View;
    for (const who of ['catadmin', 'provadmin', 'halladmin', 'admin']) {
      const agent = await ctx.as(who);
      { const r = await agent.get(`/api/cases/${c.id}`); expect(r.statusCode, `${who} ${r.body}`).toBe(403); }
      for (const [method, url] of [['GET', `/api/files/${fileId}`], ['GET', `/api/cases/${c.id}/timeline/verify`], ['GET', `/api/cases/${c.id}/notices/acceptance`], ['POST', `/api/cases/${c.id}/actions`]] as const) {
        const r = method === 'GET' ? await agent.get(url) : await agent.post(url, { type: 'claim' });
        expect(r.statusCode, `${who} ${method} ${url} ${r.body}`).toBe(403);
      }
    }
    // Those with a role in the case do see it.
    for (const who of ['clerk', 'samr_handler', 'supervisor']) {
      expect((await (await ctx.as(who)).get(`/api/cases/${c.id}`)).statusCode, who).toBe(200);
    }
    expect((await (await ctx.as('mca_handler')).get(`/api/cases/${c.id}`)).statusCode).toBe(403);
  });

  it('finding 5: staff can neither read nor submit an applicant’s draft (no case number is issued)', async () => {
    const created = await zhangsan.post('/api/cases/drafts', { ...gthApplication(gthImplId) });
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json() as View;
    for (const who of ['clerk', 'samr_handler', 'supervisor', 'admin']) {
      const agent = await ctx.as(who);
      expect((await agent.get(`/api/cases/${draft.id}`)).statusCode, who).toBe(404);
      expect((await agent.post(`/api/cases/${draft.id}/actions`, { type: 'submit' })).statusCode, who).toBe(404);
    }
    const row = await ctx.handle.db.selectFrom('cases').select(['state', 'case_no']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'draft', case_no: null });
    expect((await zhangsan.get(`/api/cases/${draft.id}`)).statusCode).toBe(200);
  });

  it('finding 5: at the window the applicant must be an existing applicant account, never staff', async () => {
    const before = await ctx.handle.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const asClerk = (applicantId: string) => clerk.post('/api/cases', { ...gthApplication(gthImplId), applicantId });
    const self = await asClerk(ids.clerk as string);
    expect(self.statusCode, self.body).toBe(400);
    expect(self.body).toContain('APPLICANT_IS_STAFF');
    expect((await asClerk(ids.admin as string)).statusCode).toBe(400);
    const nobody = await asClerk('00000000-0000-4000-8000-000000000000');
    expect(nobody.statusCode, nobody.body).toBe(404);
    expect(nobody.json()).toMatchObject({ error: 'NOT_FOUND' });
    const after = await ctx.handle.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // A real applicant account is accepted.
    const ok = await asClerk(ids.zhangsan as string);
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('finding 5: the window loses sight of a case while the back office works on it', async () => {
    const c = (await zhangsan.post('/api/cases', gthApplication(gthImplId))).json() as View;
    const received = ['m-application', 'm-id-card', 'm-premises'].map((materialId) => ({ materialId, originalSeen: true }));
    const accepted = await clerk.post(`/api/cases/${c.id}/actions`, { type: 'accept', received });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const handler = await ctx.as('samr_handler');
    const claimed = await handler.post(`/api/cases/${c.id}/actions`, { type: 'claim' });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect((await clerk.get(`/api/cases/${c.id}`)).statusCode).toBe(403);
    expect((await handler.get(`/api/cases/${c.id}`)).statusCode).toBe(200);
    expect((await zhangsan.get(`/api/cases/${c.id}`)).statusCode).toBe(200);
  });
});

describe('finding 6: files are checked against their uploader and their case', () => {
  it('finding 6: another person’s file id cannot be attached to one’s own draft, case or command', async () => {
    const lisi = await ctx.as('lisi');
    const secret = await uploadAs(ctx, lisi, Buffer.concat([PDF, Buffer.from('finding-6-lisi-secret')]));
    const material = [{ materialId: 'm-premises', fileId: secret, fileName: 'lease.pdf' }];
    const draft = await zhangsan.post('/api/cases/drafts', { ...gthApplication(gthImplId), materials: material });
    expect(draft.statusCode, draft.body).toBe(400);
    expect(draft.body).toContain('FILE_NOT_YOURS');
    expect((await zhangsan.post('/api/cases', { ...gthApplication(gthImplId), materials: material })).statusCode).toBe(400);
    // Staff at the window attach only their own uploads.
    expect((await clerk.post('/api/cases', { ...gthApplication(gthImplId), materials: material, applicantId: ids.zhangsan })).statusCode).toBe(400);
    // Nothing was attached, so the file is still readable by its uploader only.
    expect(await ctx.handle.db.selectFrom('case_materials').select('id').where('file_id', '=', secret).execute()).toHaveLength(0);
    expect((await zhangsan.get(`/api/files/${secret}`)).statusCode).toBe(403);
    expect((await clerk.get(`/api/files/${secret}`)).statusCode).toBe(403);
    expect((await lisi.get(`/api/files/${secret}`)).statusCode).toBe(200);
  });

  it('finding 6: an attached file is read through its case, by those with a role in it', async () => {
    const own = await uploadAs(ctx, zhangsan, Buffer.concat([PDF, Buffer.from('finding-6-own')]));
    const c = (await zhangsan.post('/api/cases', { ...gthApplication(gthImplId), materials: [{ materialId: 'm-premises', fileId: own, fileName: 'lease.pdf' }] })).json() as View;
    expect(c.state).toBe('submitted');
    expect((await zhangsan.get(`/api/files/${own}`)).statusCode).toBe(200);
    expect((await clerk.get(`/api/files/${own}`)).statusCode).toBe(200);
    expect((await (await ctx.as('lisi')).get(`/api/files/${own}`)).statusCode).toBe(403);
    expect((await (await ctx.as('mca_handler')).get(`/api/files/${own}`)).statusCode).toBe(403);
    const rec = await ctx.handle.db.selectFrom('file_uploads').select('uploaded_by').where('file_id', '=', own).execute();
    expect(rec.map((r) => r.uploaded_by)).toEqual([ids.zhangsan]);
  });
});

describe('finding 7: personal fields of form data are masked by field type', () => {
  it('finding 7: the supervisor sees the 申请表 masked; the approver sees it in full and it is audited as personal_data_viewed', async () => {
    const c = (await zhangsan.post('/api/cases', gthApplication(gthImplId))).json() as View;
    const fullId = '330523199003071234';
    type Seen = { formData: Record<string, string>; applicant: { name: string; idNumber: string }; queryCode: string | null; timeline: { actorRole: string; actorName: string | null }[] };
    const audits = async () => ctx.handle.db.selectFrom('audit_events').select(['user_id', 'detail']).where('kind', '=', 'personal_data_viewed').execute();
    const before = (await audits()).length;

    const sup = (await (await ctx.as('supervisor')).get(`/api/cases/${c.id}`)).json() as Seen;
    expect(sup.formData.idNumber).not.toBe(fullId);
    expect(sup.formData.idNumber).toContain('*');
    expect(sup.formData.phone).not.toBe('13857210001');
    expect(sup.formData.name).not.toBe('张三');
    expect(sup.formData.scope).toBe('茶叶零售');
    expect(sup.applicant.idNumber).not.toBe(fullId);
    // Nor through the timeline (the applicant's own entries) or the applicant's query code.
    expect(sup.timeline.filter((e) => e.actorRole === 'applicant').map((e) => e.actorName)).toEqual(['张*']);
    expect(sup.queryCode).toBeNull();
    expect((await audits()).length).toBe(before);

    const own = (await zhangsan.get(`/api/cases/${c.id}`)).json() as Seen;
    expect(own.formData).toMatchObject({ idNumber: fullId, phone: '13857210001', name: '张三' });
    expect((await audits()).length).toBe(before);

    const handler = (await (await ctx.as('samr_handler')).get(`/api/cases/${c.id}`)).json() as Seen;
    expect(handler.formData).toMatchObject({ idNumber: fullId, phone: '13857210001', name: '张三' });
    expect(handler.applicant.idNumber).toBe(fullId);
    const after = await audits();
    expect(after.length).toBe(before + 1);
    const detail = after.at(-1)?.detail as unknown as { caseId: string; fields: string[] };
    expect(after.at(-1)?.user_id).toBe(ids.samr_handler);
    expect(detail.caseId).toBe(c.id);
    expect(detail.fields).toEqual(expect.arrayContaining(['name', 'idNumber', 'phone']));
    expect(JSON.stringify(detail)).not.toContain(fullId);
  });
});
