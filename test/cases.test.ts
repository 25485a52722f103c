import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { sampleApplicationFor } from './support/applications.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { buildCounty } from './support/factories.js';
import { withChecklist } from './support/checklist.js';
import { hashPassword } from '../src/server/identity/passwords.js';
import { auditTimelines } from '../src/server/jobs/timeline-audit.js';

let ctx: TestContext;
let applicant: Agent;
let clerk: Agent;
let handler: Agent;
let signer: Agent;
let gthImplId: string; // 个体工商户设立登记 (promised, 1 working day)
let foodImplId: string; // 食品经营许可 (promised, 5 working days, special procedure)
let cardImplId: string; // 社会保障卡申领 (on the spot)

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function upload(agent: Agent, bytes: Buffer, name: string): Promise<{ statusCode: number; id?: string; body: string }> {
  const boundary = '----tongban' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await ctx.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
  return { statusCode: res.statusCode, id: res.statusCode === 201 ? (res.json() as { id: string }).id : undefined, body: res.body };
}

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

type CaseView = { id: string; caseNo: string; queryCode: string; state: string; dueDate: string | null; lockVersion: number; actions: string[]; timeline: { action: string }[]; pausedDays: number };

async function submit(implId: string, key?: string, materialId = 'm-id-card'): Promise<CaseView> {
  const file = await upload(applicant, PDF, 'id.pdf');
  const res = await applicant.request('POST', '/api/cases', { implId, ...(await sampleApplicationFor(applicant, implId)), materials: [{ materialId, fileId: file.id, fileName: 'id.pdf' }] }, key ? { 'idempotency-key': key } : {});
  expect([200, 201], res.body).toContain(res.statusCode);
  return res.json() as CaseView;
}

const act = async (agent: Agent, id: string, body: Record<string, unknown>) => agent.post(`/api/cases/${id}/actions`, await withChecklist(agent, id, body));

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing
  applicant = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
  handler = await ctx.as('samr_handler');
  signer = await ctx.as('samr_signer');
  gthImplId = await implByName('个体工商户设立登记');
  foodImplId = await implByName('食品经营许可');
  cardImplId = await implByName('社会保障卡申领');
});
afterAll(async () => ctx.close());

describe('uploads', () => {
  it('refuses a disguised file (an executable named .pdf) and an empty one', async () => {
    const fake = await upload(applicant, Buffer.from('MZ\x90\x00 this is not a pdf'), 'scan.pdf');
    expect(fake.statusCode).toBe(422);
    expect(fake.body).toContain('UPLOAD_REJECTED');
    expect((await upload(applicant, Buffer.alloc(0), 'empty.pdf')).statusCode).toBe(422);
  });

  it('refuses an oversized file with a clear message', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(21 * 1024 * 1024, 0x20)]);
    const res = await upload(applicant, big, 'huge.pdf');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('20MB');
  });

  it('stores the same content once (content-addressed)', async () => {
    const a = await upload(applicant, PDF, 'a.pdf');
    const b = await upload(applicant, PDF, 'b.pdf');
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('online application', () => {
  it('a retried submission with the same Idempotency-Key never creates a second case', async () => {
    const before = (await ctx.handle.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const [a, b] = await Promise.all([submit(gthImplId, 'key-0001-retry'), submit(gthImplId, 'key-0001-retry')]);
    const c = await submit(gthImplId, 'key-0001-retry');
    expect(a.id).toBe(b.id);
    expect(c.id).toBe(a.id);
    const after = (await ctx.handle.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(after) - Number(before)).toBe(1);
    expect(a.caseNo).toMatch(/^[0-9A-Z]{31}20260302\d{6}$/);
  });

  it('runs the whole lifecycle: one-time notice → resubmit → accept → handle → sign-off → complete → deliver', async () => {
    const c = await submit(gthImplId);
    const notice = await act(clerk, c.id, { type: 'request_correction', missing: [{ materialId: 'm-premises', reason: '缺少经营场所使用证明' }, { materialId: 'm-application', reason: '申请书未签字' }] });
    expect(notice.statusCode, notice.body).toBe(200);
    const twice = await act(clerk, c.id, { type: 'request_correction', missing: [{ materialId: 'm-premises', reason: 'x' }] });
    expect(twice.statusCode).toBe(409);
    const pdf = await applicant.get(`/api/cases/${c.id}/notices/correction`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((await act(applicant, c.id, { type: 'submit' })).statusCode).toBe(200);
    // Nothing changes when a rule is broken: the second notice for the SAME submission is refused.
    const accepted = (await act(clerk, c.id, { type: 'accept' })).json() as CaseView;
    expect(accepted.state).toBe('accepted');
    expect(accepted.dueDate).toBe('2026-03-03');
    expect((await applicant.get(`/api/cases/${c.id}/notices/acceptance`)).statusCode).toBe(200);
    expect((await act(handler, c.id, { type: 'claim' })).statusCode).toBe(200);
    expect((await act(handler, c.id, { type: 'advance', comment: '材料齐全，符合条件' })).statusCode).toBe(200);
    expect((await act(signer, c.id, { type: 'claim' })).statusCode).toBe(200);
    const decided = (await act(signer, c.id, { type: 'decide', decision: 'approved', reason: '申请材料齐全，符合法定条件' })).json() as CaseView;
    expect(decided.state).toBe('approved');
    expect((await act(signer, c.id, { type: 'complete' })).statusCode).toBe(200);
    const delivered = (await act(clerk, c.id, { type: 'deliver', method: 'window' })).json() as CaseView;
    expect(delivered.state).toBe('delivered');
    expect(delivered.timeline.map((e) => e.action)).toEqual(['submit', 'request_correction', 'submit', 'accept', 'claim', 'advance', 'claim', 'decide', 'complete', 'deliver']);
    expect((await applicant.get(`/api/cases/${c.id}/notices/approval`)).statusCode).toBe(200);
    const verify = (await signer.get(`/api/cases/${c.id}/timeline/verify`)).json() as { result: { ok: boolean } };
    expect(verify.result.ok).toBe(true);
    const mine = (await applicant.get('/api/my/notifications')).json() as { notifications: unknown[] };
    expect(mine.notifications.length).toBeGreaterThan(3);
  });

  it('lets anyone follow progress with the case number and query code, and nothing else', async () => {
    const c = await submit(gthImplId);
    const ok = await ctx.anon().get(`/api/public/progress?caseNo=${c.caseNo}&code=${c.queryCode}`);
    expect(ok.statusCode).toBe(200);
    // Not audited yet: the background audit re-computes the SM3 chain and the page then says so.
    expect(ok.json()).toMatchObject({ state: 'submitted', timelineVerified: null, timeline: [{ seq: 1, action: 'submit', labelZh: '提交申请', actorName: null, comment: null }] });
    expect(ok.body).not.toContain('张三');
    await auditTimelines(ctx.handle.db, ctx.clock.now());
    const audited = (await ctx.anon().get(`/api/public/progress?caseNo=${c.caseNo}&code=${c.queryCode}`)).json() as { timelineVerified: boolean; timelineCheckedEvents: number };
    expect(audited).toMatchObject({ timelineVerified: true, timelineCheckedEvents: 1 });
    // A later action shows at once in the public timeline (the read model is written with the command).
    await act(clerk, c.id, { type: 'accept' });
    const later = (await ctx.anon().get(`/api/public/progress?caseNo=${c.caseNo}&code=${c.queryCode}`)).json() as { state: string; timeline: { action: string }[] };
    expect(later.state).toBe('accepted');
    expect(later.timeline.map((e) => e.action)).toEqual(['submit', 'accept']);
    const wrong = (c.queryCode[0] === 'A' ? 'B' : 'A') + c.queryCode.slice(1);
    expect((await ctx.anon().get(`/api/public/progress?caseNo=${c.caseNo}&code=${wrong}`)).statusCode).toBe(404);
  });

  it('a clerk cannot refuse; the department approver refuses with reason and remedies', async () => {
    const c = await submit(gthImplId);
    const byClerk = await act(clerk, c.id, { type: 'refuse', reason: '经营范围属于禁止类', remedies: '可申请行政复议或提起行政诉讼' });
    expect(byClerk.statusCode).toBe(403);
    expect(byClerk.body).toContain('窗口无否决权');
    const res = await act(handler, c.id, { type: 'refuse', reason: '申请经营的项目属于禁止类', remedies: '如不服，可于六十日内申请行政复议或六个月内提起行政诉讼' });
    expect((res.json() as CaseView).state).toBe('refused');
    expect((await applicant.get(`/api/cases/${c.id}/notices/refusal`)).statusCode).toBe(200);
  });

  it('the applicant withdraws before a decision', async () => {
    const c = await submit(gthImplId);
    expect(((await act(applicant, c.id, { type: 'withdraw', reason: '信息填写有误' })).json() as CaseView).state).toBe('withdrawn');
    expect((await act(clerk, c.id, { type: 'accept' })).statusCode).toBe(409);
  });
});

describe('concurrency and scope', () => {
  it('two approvers claiming the same case at once: exactly one wins, the other gets a conflict', async () => {
    const samr = await ctx.handle.db.selectFrom('orgs').select('id').where('key', '=', 'county-samr').executeTakeFirstOrThrow();
    const u = await ctx.handle.db
      .insertInto('users')
      .values({ kind: 'staff', username: 'samr_handler2', display_name: '承办 二', password_hash: await hashPassword('Tongban@2026'), org_id: samr.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.handle.db.insertInto('staff_roles').values({ user_id: u.id, role: 'approver_handle', scope_org_id: samr.id }).execute();
    const other = await ctx.as('samr_handler2');
    const c = await submit(gthImplId);
    await act(clerk, c.id, { type: 'accept' });
    const results = await Promise.all([act(handler, c.id, { type: 'claim' }), act(other, c.id, { type: 'claim' })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.statusCode === 409);
    expect(loser?.json()).toMatchObject({ error: 'CONFLICT' });
  });

  it('many identical commands at once: one is written, the rest conflict, and the timeline stays one chain', async () => {
    const c = await submit(gthImplId);
    const results = await Promise.all(Array.from({ length: 8 }, () => act(clerk, c.id, { type: 'accept' })));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(7);
    const view = (await handler.get(`/api/cases/${c.id}`)).json() as CaseView;
    expect(view.timeline.map((e) => e.action)).toEqual(['submit', 'accept']);
    expect(view.lockVersion).toBe(c.lockVersion + 1);
    expect(((await handler.get(`/api/cases/${c.id}/timeline/verify`)).json() as { result: { ok: boolean } }).result.ok).toBe(true);
  });

  it('two different valid commands at once both land: the one that lost the race is decided again on the new state', async () => {
    ctx.clock.set('2026-03-02T02:00:00Z');
    const food = await submit(foodImplId, undefined, 'm-application');
    expect((await act(clerk, food.id, { type: 'accept_with_gaps', owed: [{ materialId: 'm-layout', dueDate: '2026-03-05' }] })).statusCode).toBe(200);
    const file = await upload(applicant, PDF, 'layout.pdf');
    const [supplied, claimed] = await Promise.all([
      act(applicant, food.id, { type: 'supply_owed', materialId: 'm-layout', fileId: file.id, fileName: 'layout.pdf' }),
      act(handler, food.id, { type: 'claim' }),
    ]);
    expect([supplied.statusCode, claimed.statusCode]).toEqual([200, 200]);
    const view = (await handler.get(`/api/cases/${food.id}`)).json() as CaseView & { owed: { supplied: boolean }[]; materials: { materialId: string }[] };
    expect(view.owed.every((o) => o.supplied)).toBe(true);
    expect(view.materials.map((m) => m.materialId)).toContain('m-layout');
    expect(view.timeline.map((e) => e.action).slice(2).sort()).toEqual(['claim', 'supply_owed']);
    expect(((await handler.get(`/api/cases/${food.id}/timeline/verify`)).json() as { result: { ok: boolean } }).result.ok).toBe(true);
  });

  it('a stale expected version is a conflict and changes nothing', async () => {
    const c = await submit(gthImplId);
    const res = await act(clerk, c.id, { type: 'accept', expectedVersion: c.lockVersion + 5 });
    expect(res.statusCode).toBe(409);
    expect(((await clerk.get(`/api/cases/${c.id}`)).json() as CaseView).state).toBe('submitted');
  });

  it('staff of another county cannot see or act on the case', async () => {
    await buildCounty(ctx.handle.db, { regionCode: '330522', name: '邻县', staff: [{ username: 'n_clerk', roles: ['window_clerk', 'approver_signoff'] }] });
    const outsider = await ctx.as('n_clerk');
    const c = await submit(gthImplId);
    expect((await outsider.get(`/api/cases/${c.id}`)).statusCode).toBe(403);
    expect((await act(outsider, c.id, { type: 'accept' })).statusCode).toBe(403);
    expect(((await outsider.get('/api/workbench/inbox')).json() as { cases: { id: string }[] }).cases.some((x) => x.id === c.id)).toBe(false);
    expect((await ctx.as('lisi').then((a) => a.get(`/api/cases/${c.id}`))).statusCode).toBe(403);
  });
});

describe('time limits', () => {
  it('a special procedure across the 2026 Spring Festival pauses the clock and moves the due date', async () => {
    ctx.clock.set('2026-02-09T02:00:00Z');
    const c = await submit(foodImplId, undefined, 'm-application');
    const accepted = (await act(clerk, c.id, { type: 'accept' })).json() as CaseView;
    expect(accepted.dueDate).toBe('2026-02-14'); // 5 working days; Sat 2/14 is a make-up working day
    await act(handler, c.id, { type: 'claim' });
    ctx.clock.set('2026-02-12T02:00:00Z');
    expect((await act(handler, c.id, { type: 'suspend', procedure: '现场核查', reason: '核查经营场所布局' })).statusCode).toBe(200);
    ctx.clock.set('2026-02-25T02:00:00Z');
    const resumed = (await act(handler, c.id, { type: 'resume' })).json() as CaseView;
    expect(resumed.pausedDays).toBe(4);
    expect(resumed.dueDate).toBe('2026-02-27');
    // 第45条: the applicant is told in writing.
    const notice = await applicant.get(`/api/cases/${c.id}/notices/special_procedure`);
    expect(notice.statusCode).toBe(200);
    expect(notice.headers['content-type']).toBe('application/pdf');
    ctx.clock.set('2026-03-02T02:00:00Z');
  });

  it('completes an on-the-spot item at the window in one visit', async () => {
    const lookup = await clerk.post('/api/workbench/applicants/lookup', { idNumber: '330523199003071236' });
    expect([200, 404, 400]).toContain(lookup.statusCode);
    const person = (await clerk.post('/api/workbench/applicants/lookup', { idNumber: '11010519491231002X', name: '王五', phone: '13800001234' })).json() as { id: string; registered: boolean };
    expect(person.registered).toBe(true);
    const created = await clerk.request('POST', '/api/cases', { implId: cardImplId, ...(await sampleApplicationFor(clerk, cardImplId)), materials: [], applicantId: person.id }, { 'idempotency-key': 'window-visit-001' });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json() as CaseView;
    const done = (await act(clerk, c.id, { type: 'complete_on_the_spot' })).json() as CaseView;
    expect(done.state).toBe('completed');
    expect(((await act(clerk, c.id, { type: 'deliver', method: 'window' })).json() as CaseView).state).toBe('delivered');
  });
});

describe('全程留痕 (tamper-evident timeline)', () => {
  it('the database refuses to update or delete timeline events', async () => {
    const c = await submit(gthImplId);
    await expect(sql`update case_events set comment = 'x' where case_id = ${c.id}`.execute(ctx.handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from case_events where case_id = ${c.id}`.execute(ctx.handle.db)).rejects.toThrow(/append-only/);
  });

  it('detects tampering done around the trigger', async () => {
    const c = await submit(gthImplId);
    await act(clerk, c.id, { type: 'accept' });
    await sql`alter table case_events disable trigger case_events_no_update`.execute(ctx.handle.db);
    await sql`update case_events set comment = '篡改' where case_id = ${c.id} and seq = 1`.execute(ctx.handle.db);
    await sql`alter table case_events enable trigger case_events_no_update`.execute(ctx.handle.db);
    const res = (await clerk.get(`/api/cases/${c.id}/timeline/verify`)).json() as { result: { ok: boolean; seq?: number } };
    expect(res.result).toMatchObject({ ok: false, seq: 1 });
    // The background audit finds it too, records it once, and the public page shows the failure.
    const first = await auditTimelines(ctx.handle.db, ctx.clock.now());
    expect(first.broken).toContainEqual(expect.objectContaining({ caseId: c.id, seq: 1, reason: 'hash' }));
    const progress = (await ctx.anon().get(`/api/public/progress?caseNo=${c.caseNo}&code=${c.queryCode}`)).json() as { timelineVerified: boolean };
    expect(progress.timelineVerified).toBe(false);
    const alarms = await ctx.handle.db.selectFrom('audit_events').select('detail').where('kind', '=', 'timeline_broken').execute();
    expect(alarms.filter((a) => (a.detail as { caseId?: string }).caseId === c.id)).toHaveLength(1);
  });

  it('detects a removed last event through the head kept on the case row', async () => {
    const c = await submit(gthImplId);
    await act(clerk, c.id, { type: 'accept' });
    await sql`alter table case_events disable trigger case_events_no_update`.execute(ctx.handle.db);
    await sql`delete from case_events where case_id = ${c.id} and seq = 2`.execute(ctx.handle.db);
    await sql`alter table case_events enable trigger case_events_no_update`.execute(ctx.handle.db);
    const res = (await clerk.get(`/api/cases/${c.id}/timeline/verify`)).json() as { result: { ok: boolean; seq?: number; reason?: string } };
    expect(res.result).toMatchObject({ ok: false, seq: 2, reason: 'head' });
  });
});

describe('command answers', () => {
  it('answers with the case state only when the client prefers return=minimal (RFC 7240)', async () => {
    const c = await submit(gthImplId);
    const res = await clerk.request('POST', `/api/cases/${c.id}/actions`, await withChecklist(clerk, c.id, { type: 'accept' }), { prefer: 'return=minimal' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['preference-applied']).toBe('return=minimal');
    expect(res.json()).toEqual({ id: c.id, caseNo: c.caseNo, queryCode: c.queryCode, state: 'accepted', stateZh: expect.any(String), stateEn: 'Accepted', lockVersion: c.lockVersion + 1, acceptedOn: expect.any(String), dueDate: expect.any(String) });
    const full = (await clerk.get(`/api/cases/${c.id}`)).json() as CaseView;
    expect(full.timeline.map((e) => e.action)).toEqual(['submit', 'accept']);
  });
});

describe('容缺受理 over the API and illegal transitions', () => {
  it('accepts with a non-key material owed, refuses the result until it is supplied, then completes', async () => {
    ctx.clock.set('2026-03-02T02:00:00Z');
    const food = await submit(foodImplId, undefined, 'm-application');
    const key = await act(clerk, food.id, { type: 'accept_with_gaps', owed: [{ materialId: 'm-application', dueDate: '2026-03-05' }] });
    expect(key.statusCode).toBe(422);
    const res = await act(clerk, food.id, { type: 'accept_with_gaps', owed: [{ materialId: 'm-layout', dueDate: '2026-03-05' }] });
    expect(res.statusCode, res.body).toBe(200);
    for (const [who, body] of [
      [handler, { type: 'claim' }],
      [handler, { type: 'advance', comment: '同意' }],
    ] as const) expect((await act(who, food.id, body)).statusCode).toBe(200);
    const reviewer = await ctx.as('samr_reviewer');
    await act(reviewer, food.id, { type: 'claim' });
    await act(reviewer, food.id, { type: 'advance', comment: '同意' });
    await act(signer, food.id, { type: 'claim' });
    await act(signer, food.id, { type: 'decide', decision: 'approved', reason: '符合条件' });
    const blocked = await act(signer, food.id, { type: 'complete' });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.body).toContain('OWED_MATERIAL_OUTSTANDING');
    const file = await upload(applicant, PDF, 'layout.pdf');
    expect((await act(applicant, food.id, { type: 'supply_owed', materialId: 'm-layout', fileId: file.id, fileName: 'layout.pdf' })).statusCode).toBe(200);
    expect(((await act(signer, food.id, { type: 'complete' })).json() as CaseView).state).toBe('completed');
  });

  it('refuses every illegal command on a delivered case and changes nothing', async () => {
    const c = await submit(gthImplId);
    await act(clerk, c.id, { type: 'accept' });
    await act(handler, c.id, { type: 'claim' });
    await act(handler, c.id, { type: 'advance', comment: 'ok' });
    await act(signer, c.id, { type: 'claim' });
    await act(signer, c.id, { type: 'decide', decision: 'denied', reason: '不符合条件' });
    await act(signer, c.id, { type: 'complete' });
    await act(clerk, c.id, { type: 'deliver', method: 'express', trackingNo: 'SF1234567890' });
    const before = await ctx.handle.db.selectFrom('case_events').select('seq').where('case_id', '=', c.id).execute();
    const illegal: [Agent, Record<string, unknown>][] = [
      [applicant, { type: 'submit' }],
      [clerk, { type: 'accept' }],
      [clerk, { type: 'request_correction', missing: [{ materialId: 'm-id-card', reason: 'x' }] }],
      [handler, { type: 'claim' }],
      [handler, { type: 'suspend', procedure: '听证', reason: 'x' }],
      [signer, { type: 'extend', days: 5, reason: 'x' }],
      [signer, { type: 'decide', decision: 'approved', reason: 'x' }],
      [signer, { type: 'terminate', reason: 'x' }],
      [applicant, { type: 'withdraw', reason: 'x' }],
      [clerk, { type: 'deliver', method: 'window' }],
    ];
    for (const [who, body] of illegal) {
      const res = await act(who, c.id, body);
      expect([403, 409, 422], `${String(body.type)} ${res.body}`).toContain(res.statusCode);
    }
    const after = await ctx.handle.db.selectFrom('case_events').select('seq').where('case_id', '=', c.id).execute();
    expect(after).toEqual(before);
    expect(((await clerk.get(`/api/cases/${c.id}`)).json() as CaseView).state).toBe('delivered');
  });

  it('lists near-due and overdue cases by department for the supervisor', async () => {
    ctx.clock.set('2026-03-02T02:00:00Z');
    const c = await submit(gthImplId);
    await act(clerk, c.id, { type: 'accept' }); // due 2026-03-03
    ctx.clock.set('2026-03-10T02:00:00Z');
    const sup = await ctx.as('supervisor');
    const res = (await sup.get('/api/supervision/time-limits')).json() as { departments: { department: string; overdue: number }[]; cases: { id: string; status: string }[] };
    expect(res.cases.find((x) => x.id === c.id)?.status).toBe('overdue');
    expect(res.departments.find((d) => d.department === '安吉县市场监督管理局')?.overdue).toBeGreaterThan(0);
    expect((await (await ctx.as('clerk')).get('/api/supervision/time-limits')).statusCode).toBe(403);
    ctx.clock.set('2026-03-02T02:00:00Z');
  });
});

describe('drafts', () => {
  it('saves a draft, updates it, and numbers it when submitted; nobody else may touch it', async () => {
    const created = await applicant.post('/api/cases/drafts', { implId: gthImplId, formData: { name: '张三' }, situationAnswers: {}, materials: [] });
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json() as CaseView;
    expect(draft.state).toBe('draft');
    expect(draft.caseNo).toBeNull();
    // The draft is incomplete until now; it is checked in full when submitted (finding 8).
    const complete = await sampleApplicationFor(applicant, gthImplId);
    const updated = await applicant.put(`/api/cases/${draft.id}/draft`, { implId: gthImplId, formData: { ...complete.formData, scope: '茶叶零售' }, situationAnswers: complete.situationAnswers, materials: [] });
    expect((updated.json() as CaseView & { formData: Record<string, unknown> }).formData).toMatchObject({ scope: '茶叶零售' });
    const other = await ctx.as('lisi');
    expect((await other.put(`/api/cases/${draft.id}/draft`, { implId: gthImplId, formData: {}, situationAnswers: {}, materials: [] })).statusCode).toBe(404);
    expect((await other.get(`/api/cases/${draft.id}`)).statusCode).toBe(404); // a draft is the applicant’s alone (finding 5)
    const submitted = (await act(applicant, draft.id, { type: 'submit' })).json() as CaseView;
    expect(submitted.state).toBe('submitted');
    expect(submitted.caseNo).toMatch(/^[0-9A-Z]{31}\d{14}$/);
    expect(submitted.queryCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect((await applicant.put(`/api/cases/${draft.id}/draft`, { implId: gthImplId, formData: {}, situationAnswers: {}, materials: [] })).statusCode).toBe(409);
  });
});

describe('告知承诺 (commitment in lieu of proof)', () => {
  it('approves on a commitment, sends a check to the regulator, and a false commitment revokes the approval and bars the next commitment and 容缺', async () => {
    ctx.clock.set('2026-03-02T02:00:00Z');
    const lisi = await ctx.as('lisi');
    const notAllowed = await lisi.post('/api/cases', { implId: gthImplId, ...(await sampleApplicationFor(lisi, gthImplId)), materials: [], commitments: ['m-application'] });
    expect(notAllowed.statusCode).toBe(422);
    const res = await lisi.post('/api/cases', { implId: gthImplId, ...(await sampleApplicationFor(lisi, gthImplId)), materials: [], commitments: ['m-premises'] });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as CaseView & { commitments: string[] };
    expect(c.commitments).toEqual(['m-premises']);
    await act(clerk, c.id, { type: 'accept' });
    await act(handler, c.id, { type: 'claim' });
    await act(handler, c.id, { type: 'advance', comment: '承诺替代经营场所证明' });
    await act(signer, c.id, { type: 'claim' });
    await act(signer, c.id, { type: 'decide', decision: 'approved', reason: '申请人书面承诺，准予许可' });
    const sup = await ctx.as('supervisor');
    const checks = (await sup.get('/api/supervision/commitment-checks')).json() as { checks: { id: string; caseId: string; status: string }[] };
    const check = checks.checks.find((k) => k.caseId === c.id);
    expect(check?.status).toBe('pending');
    expect((await clerk.post(`/api/supervision/commitment-checks/${check?.id}`, { result: 'false', note: 'x' })).statusCode).toBe(403);
    const found = await sup.post(`/api/supervision/commitment-checks/${check?.id}`, { result: 'false', note: '经营场所实为他人住宅，承诺不实' });
    expect(found.statusCode, found.body).toBe(200);
    const after = (await lisi.get(`/api/cases/${c.id}`)).json() as CaseView;
    expect(after.state).toBe('revoked');
    expect(after.timeline.at(-1)?.action).toBe('revoke');
    const credit = await ctx.handle.db.selectFrom('credit_records').select('credit_records.kind').innerJoin('users', 'users.id', 'credit_records.user_id').where('users.username', '=', 'lisi').execute();
    expect(credit).toEqual([{ kind: 'false_commitment' }]);
    const again = await lisi.post('/api/cases', { implId: gthImplId, ...(await sampleApplicationFor(lisi, gthImplId)), materials: [], commitments: ['m-premises'] });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('COMMITMENT_BAD_CREDIT');
    const plain = (await lisi.post('/api/cases', { implId: foodImplId, ...(await sampleApplicationFor(lisi, foodImplId)), materials: [] })).json() as CaseView;
    const gaps = await act(clerk, plain.id, { type: 'accept_with_gaps', owed: [{ materialId: 'm-layout', dueDate: '2026-03-05' }] });
    expect(gaps.statusCode).toBe(422);
    expect(gaps.body).toContain('GAP_BAD_CREDIT');
  });
});
