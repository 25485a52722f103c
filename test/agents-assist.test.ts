import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleApplicationFor } from './support/applications.js';
import { createTestContext, lastSmsCode, type Agent, type TestContext } from './support/test-app.js';
import { isoDateInChina } from '../src/core/calendar/index.js';
import { DEMO_APPLICANTS, DEMO_OTHER_PEOPLE } from '../src/server/demo/seed.js';
import { completeIdNumber } from '../src/core/codes/id-number.js';
import type { ItemContent } from '../src/core/catalogue/types.js';

/**
 * 帮办代办 and 经办人 (issue 13, ADR 0037): a hall assistant files for a person with a recorded authorisation
 * (委托书 or the person's SMS confirmation); an enterprise's registered agents act for it within scope and
 * term. The applicant is always the person or the enterprise; the timeline names who acted for whom.
 */
let ctx: TestContext;
let clerk: Agent;
let clerk2: Agent;

type Event = { action: string; actorName: string | null; actorRole: string; comment: string | null; files: { id: string; name: string }[]; data: { onBehalfOf?: { kind: string; id: string; name: string; authorisation?: string; grantId?: string } } };
type View = { id: string; state: string; timeline: Event[] };
type Auth = { id: string; kind: string; confirmed: boolean; phoneMasked: string | null; expiresAt: string };

const elderly = DEMO_OTHER_PEOPLE.find((p) => p.username === 'wangxiuying')!;
const userId = async (username: string) => (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const casesOf = async (applicantId: string) => Number((await ctx.handle.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('applicant_id', '=', applicantId).executeTakeFirstOrThrow()).n);

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

async function upload(agent: Agent, name: string): Promise<string> {
  const boundary = `----tongban${randomBytes(6).toString('hex')}`;
  const pdf = Buffer.from(`%PDF-1.4\n% 授权委托书 ${randomBytes(8).toString('hex')}\n%%EOF\n`);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await ctx.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  clerk = await ctx.as('clerk');
  clerk2 = await ctx.as('clerk2');
});
afterAll(async () => ctx.close());

describe('帮办代办: a hall assistant files for a person with a recorded authorisation', () => {
  let personId: string;
  let implId: string;
  const file = async (who: Agent, authorisationId: string | undefined, applicantId = personId) =>
    who.post('/api/cases', { implId, ...(await sampleApplicationFor(who, implId)), materials: [], applicantId, ...(authorisationId ? { assistAuthorisationId: authorisationId } : {}) });

  beforeAll(async () => {
    personId = await userId('wangxiuying');
    implId = await implByName('个体工商户设立登记');
  });

  it('with a 委托书: the case is the person’s, the timeline names the clerk acting for her, the letter is on the case; the authorisation serves one case', async () => {
    const fileId = await upload(clerk, '授权委托书.pdf');
    const made = await clerk.post('/api/hall/assist/authorisations', { applicantId: personId, kind: 'letter', fileId, fileName: '授权委托书.pdf' });
    expect(made.statusCode, made.body).toBe(201);
    const auth = made.json() as Auth;
    expect(auth.confirmed).toBe(true);

    const before = await casesOf(personId);
    const res = await file(clerk, auth.id);
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as View;
    const row = await ctx.handle.db.selectFrom('cases').select(['applicant_id', 'channel']).where('id', '=', c.id).executeTakeFirstOrThrow();
    // The applicant stays the person, never the member of staff (issue 8 finding 5).
    expect(row.applicant_id).toBe(personId);
    expect(row.channel).toBe('window');
    const first = c.timeline[0]!;
    expect(first.actorName).toBe('综合窗口 赵丽');
    expect(first.actorRole).toBe('window_clerk');
    expect(first.data.onBehalfOf).toMatchObject({ kind: 'assist', id: personId, name: '王秀英', authorisation: 'letter' });
    expect(first.comment).toContain('书面委托书');
    expect(first.files).toEqual(expect.arrayContaining([{ id: fileId, name: '授权委托书.pdf' }]));
    const linked = await ctx.handle.db.selectFrom('assist_authorisations').select(['case_id', 'used_at']).where('id', '=', auth.id).executeTakeFirstOrThrow();
    expect(linked.case_id).toBe(c.id);

    // The person sees the case as hers, and the letter filed with it.
    const person = await ctx.as('wangxiuying');
    expect(((await person.get('/api/my/cases')).json() as { cases: { id: string }[] }).cases.map((x) => x.id)).toContain(c.id);
    expect((await person.get(`/api/files/${fileId}`)).statusCode).toBe(200);

    // One authorisation, one case: a second filing with it is refused and nothing is written.
    const again = await file(clerk, auth.id);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('已用于另一件申请');
    expect(await casesOf(personId)).toBe(before + 1);
  });

  it('with an SMS confirmation: a code to the phone on record; unconfirmed, wrong, expired and reused codes are refused', async () => {
    const made = await clerk.post('/api/hall/assist/authorisations', { applicantId: personId, kind: 'sms' });
    expect(made.statusCode, made.body).toBe(201);
    const auth = made.json() as Auth;
    expect(auth).toMatchObject({ kind: 'sms', confirmed: false, phoneMasked: '137****0618' });
    const code = lastSmsCode(ctx.messages, elderly.phone);
    expect(code).toMatch(/^\d{6}$/);
    expect(ctx.messages.sent.at(-1)?.body).toContain('代办');

    const before = await casesOf(personId);
    const unconfirmed = await file(clerk, auth.id);
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.body).toContain('尚未通过短信确认');

    const wrong = await clerk.post(`/api/hall/assist/authorisations/${auth.id}/confirm`, { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect((wrong.json() as { error: string }).error).toBe('CODE_INVALID');
    // Another clerk cannot confirm (nor learn of) this clerk's authorisation.
    expect((await clerk2.post(`/api/hall/assist/authorisations/${auth.id}/confirm`, { code })).statusCode).toBe(404);

    const ok = await clerk.post(`/api/hall/assist/authorisations/${auth.id}/confirm`, { code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as Auth).confirmed).toBe(true);
    const reused = await clerk.post(`/api/hall/assist/authorisations/${auth.id}/confirm`, { code });
    expect(reused.statusCode).toBe(400);

    // Another clerk cannot file with it.
    const byOther = await file(clerk2, auth.id);
    expect(byOther.statusCode).toBe(403);
    expect(await casesOf(personId)).toBe(before);

    const res = await file(clerk, auth.id);
    expect(res.statusCode, res.body).toBe(201);
    const first = (res.json() as View).timeline[0]!;
    expect(first.data.onBehalfOf).toMatchObject({ kind: 'assist', name: '王秀英', authorisation: 'sms' });
    expect(first.comment).toContain('短信确认');
  });

  it('an expired code does not confirm, and a confirmed authorisation lapses after two hours', async () => {
    const a = (await clerk.post('/api/hall/assist/authorisations', { applicantId: personId, kind: 'sms' })).json() as Auth;
    const code = lastSmsCode(ctx.messages, elderly.phone)!;
    ctx.clock.advanceMinutes(11);
    const late = await clerk.post(`/api/hall/assist/authorisations/${a.id}/confirm`, { code });
    expect(late.statusCode).toBe(400);
    expect((late.json() as { error: string }).error).toBe('CODE_INVALID');

    const b = (await clerk.post('/api/hall/assist/authorisations', { applicantId: personId, kind: 'sms' })).json() as Auth;
    expect((await clerk.post(`/api/hall/assist/authorisations/${b.id}/confirm`, { code: lastSmsCode(ctx.messages, elderly.phone)! })).statusCode).toBe(200);
    ctx.clock.advanceMinutes(121);
    clerk = await ctx.as('clerk');
    const before = await casesOf(personId);
    const stale = await file(clerk, b.id);
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('已过期');
    expect(await casesOf(personId)).toBe(before);
  });

  it('confirmation codes to one phone are throttled', async () => {
    ctx.clock.advanceMinutes(61);
    clerk = await ctx.as('clerk');
    clerk2 = await ctx.as('clerk2');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await clerk.post('/api/hall/assist/authorisations', { applicantId: personId, kind: 'sms' })).statusCode);
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('only a 帮办员 records authorisations, never for a staff account, and a person without a phone needs a letter', async () => {
    const handler = await ctx.as('samr_handler');
    expect((await handler.post('/api/hall/assist/authorisations', { applicantId: personId, kind: 'sms' })).statusCode).toBe(403);
    const staff = await clerk.post('/api/hall/assist/authorisations', { applicantId: await userId('clerk2'), kind: 'sms' });
    expect(staff.statusCode).toBe(400);
    expect(staff.body).toContain('APPLICANT_IS_STAFF');
    // Registered at the window without a phone number.
    const p = await clerk.post('/api/workbench/applicants/lookup', { idNumber: completeIdNumber('11010519491231002'), name: '陈桂兰' });
    expect(p.statusCode, p.body).toBe(200);
    const noPhone = await clerk.post('/api/hall/assist/authorisations', { applicantId: (p.json() as { id: string }).id, kind: 'sms' });
    expect(noPhone.statusCode).toBe(409);
    expect(noPhone.body).toContain('委托书');
    // Bad input: a letter without a file.
    expect((await clerk.post('/api/hall/assist/authorisations', { applicantId: personId, kind: 'letter' })).statusCode).toBe(400);
    // A letter someone else uploaded cannot be used.
    const theirs = await upload(clerk2, '委托书.pdf');
    expect((await clerk.post('/api/hall/assist/authorisations', { applicantId: personId, kind: 'letter', fileId: theirs, fileName: '委托书.pdf' })).statusCode).toBe(400);
  });

  it('an applicant cannot use an assist authorisation', async () => {
    const zs = await ctx.as('zhangsan');
    const res = await zs.post('/api/cases', { implId, ...(await sampleApplicationFor(zs, implId)), materials: [], assistAuthorisationId: '00000000-0000-4000-8000-000000000000' });
    expect(res.statusCode).toBe(403);
  });
});

describe('经办人: an enterprise’s agents act for it within scope and term', () => {
  let baichaId: string;
  let inScope: string;
  let outOfScope: string;
  let enterprise: Agent;
  let agent: Agent;
  let grantId: string;
  // The enterprise's identity fields are filled by the server from its account (never typed by the agent).
  const enterpriseApplication = async (who: Agent, impl: string) => {
    const { formData, situationAnswers } = await sampleApplicationFor(who, impl);
    const content = ((await who.get(`/api/catalogue/items/${impl}`)).json() as { content: ItemContent }).content;
    for (const [key, f] of Object.entries(content.form.properties)) if (String(f['x-prefill'] ?? '').startsWith('profile.')) delete formData[key];
    return { formData, situationAnswers };
  };
  const apply = async (who: Agent, impl: string, onBehalfOf = baichaId) => who.post('/api/cases', { implId: impl, ...(await enterpriseApplication(who, impl)), materials: [], onBehalfOf });

  beforeAll(async () => {
    baichaId = await userId('baicha');
    inScope = await implByName('营业执照变更登记');
    outOfScope = await implByName('发票领用');
    enterprise = await ctx.as('baicha');
    agent = await ctx.as('zhaomin');
  });

  it('the enterprise lists its agents: the demo 赵敏 for 市场准入', async () => {
    const res = await enterprise.get('/api/me/agents');
    expect(res.statusCode, res.body).toBe(200);
    const agents = (res.json() as { agents: { id: string; agentName: string; agentIdNumber: string; status: string; scope: { kind: string; categories: string[] } }[] }).agents;
    const zm = agents.find((a) => a.agentName === '赵敏')!;
    expect(zm).toMatchObject({ status: 'active', scope: { kind: 'listed', categories: ['市场准入'] } });
    expect(zm.agentIdNumber).toContain('*');
    grantId = zm.id;
    const mine = (await agent.get('/api/me/agencies')).json() as { enterprises: { enterpriseId: string; status: string }[] };
    expect(mine.enterprises).toEqual([expect.objectContaining({ enterpriseId: baichaId, status: 'active' })]);
  });

  let caseId: string;
  it('within scope the agent applies: the applicant is the enterprise, the timeline names the agent; the agent sees and acts on the case', async () => {
    const res = await apply(agent, inScope);
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as View;
    caseId = c.id;
    const row = await ctx.handle.db.selectFrom('cases').select(['applicant_id', 'channel']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ applicant_id: baichaId, channel: 'online' });
    expect(c.timeline[0]).toMatchObject({ actorName: '赵敏', actorRole: 'applicant', data: { onBehalfOf: { kind: 'agent', id: baichaId, name: '安吉白茶生态农业有限公司', grantId } } });

    // The enterprise sees it as its own; the agent finds it among the enterprise's cases in scope.
    expect(((await enterprise.get('/api/my/cases')).json() as { cases: { id: string }[] }).cases.map((x) => x.id)).toContain(c.id);
    const listed = await agent.get(`/api/me/agencies/${baichaId}/cases`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect((listed.json() as { cases: { id: string }[] }).cases.map((x) => x.id)).toContain(c.id);
    expect((await agent.get(`/api/cases/${c.id}`)).statusCode).toBe(200);
    // …but not in its own cases, and another person sees nothing.
    expect(((await agent.get('/api/my/cases')).json() as { cases: { id: string }[] }).cases.map((x) => x.id)).not.toContain(c.id);
    const lisi = await ctx.as('lisi');
    expect((await lisi.get(`/api/cases/${c.id}`)).statusCode).toBe(403);
    const notAgent = await apply(lisi, inScope);
    expect(notAgent.statusCode).toBe(403);
    expect(notAgent.body).toContain('不是该企业登记的经办人');
  });

  it('outside scope the agent gets a clear 403 and nothing is written', async () => {
    const before = await casesOf(baichaId);
    const res = await apply(agent, outOfScope);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('不在企业授予您的经办范围内');
    expect(res.body).toContain('AGENT_OUT_OF_SCOPE');
    expect(await casesOf(baichaId)).toBe(before);
    // The enterprise's own case of another category is not the agent's to see either.
    const own = await enterprise.post('/api/cases', { implId: outOfScope, ...(await enterpriseApplication(enterprise, outOfScope)), materials: [] });
    expect(own.statusCode, own.body).toBe(201);
    const seen = await agent.get(`/api/cases/${(own.json() as View).id}`);
    expect(seen.statusCode).toBe(403);
    expect(seen.body).toContain('不在企业授予您的经办范围内');
    expect(((await agent.get(`/api/me/agencies/${baichaId}/cases`)).json() as { cases: { id: string }[] }).cases.map((x) => x.id)).not.toContain((own.json() as View).id);
  });

  it('expired: a clear 403 on reading, acting and applying, and nothing changes', async () => {
    const yesterday = isoDateInChina(new Date(Date.now() - 86_400_000));
    const twoDaysAgo = isoDateInChina(new Date(Date.now() - 2 * 86_400_000));
    await ctx.handle.db.updateTable('enterprise_agents').set({ valid_from: twoDaysAgo, valid_until: yesterday }).where('id', '=', grantId).execute();
    const seen = await agent.get(`/api/cases/${caseId}`);
    expect(seen.statusCode).toBe(403);
    expect(seen.body).toContain('已过期');
    const withdraw = await agent.post(`/api/cases/${caseId}/actions`, { type: 'withdraw', reason: '企业决定暂不变更' });
    expect(withdraw.statusCode).toBe(403);
    expect((await ctx.handle.db.selectFrom('cases').select('state').where('id', '=', caseId).executeTakeFirstOrThrow()).state).toBe('submitted');
    const before = await casesOf(baichaId);
    const applied = await apply(agent, inScope);
    expect(applied.statusCode).toBe(403);
    expect(applied.body).toContain('AGENT_EXPIRED');
    expect(await casesOf(baichaId)).toBe(before);
    expect((await agent.get(`/api/me/agencies/${baichaId}/cases`)).statusCode).toBe(403);
    await ctx.handle.db.updateTable('enterprise_agents').set({ valid_from: twoDaysAgo, valid_until: isoDateInChina(new Date(Date.now() + 30 * 86_400_000)) }).where('id', '=', grantId).execute();
  });

  it('in force again the agent acts: the withdrawal is on the timeline under the agent’s name for the enterprise', async () => {
    const res = await agent.post(`/api/cases/${caseId}/actions`, { type: 'withdraw', reason: '企业决定暂不变更' });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json() as View;
    expect(c.state).toBe('withdrawn');
    expect(c.timeline.at(-1)).toMatchObject({ action: 'withdraw', actorName: '赵敏', data: { onBehalfOf: { kind: 'agent', name: '安吉白茶生态农业有限公司' } } });
  });

  it('revoked by the enterprise: at once a clear 403, and nothing changes', async () => {
    const another = await apply(agent, inScope);
    expect(another.statusCode, another.body).toBe(201);
    const id = (another.json() as View).id;
    const revoked = await enterprise.post(`/api/me/agents/${grantId}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((revoked.json() as { status: string }).status).toBe('revoked');
    const seen = await agent.get(`/api/cases/${id}`);
    expect(seen.statusCode).toBe(403);
    expect(seen.body).toContain('撤销');
    const act = await agent.post(`/api/cases/${id}/actions`, { type: 'withdraw', reason: '不再办理' });
    expect(act.statusCode).toBe(403);
    expect((await ctx.handle.db.selectFrom('cases').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state).toBe('submitted');
    const applied = await apply(agent, inScope);
    expect(applied.statusCode).toBe(403);
    expect(applied.body).toContain('AGENT_REVOKED');
  });

  it('registering agents: only the enterprise, by ID number and matching name, with a valid term and scope; one grant in force per agent', async () => {
    const lisiNumber = DEMO_APPLICANTS.find((a) => a.username === 'lisi')!.idNumber;
    const until = isoDateInChina(new Date(Date.now() + 90 * 86_400_000));
    const body = { idNumber: lisiNumber, name: '李四', scope: { kind: 'listed', implIds: [outOfScope], categories: [] }, validUntil: until };
    const zs = await ctx.as('zhangsan');
    expect((await zs.post('/api/me/agents', body)).statusCode).toBe(403);
    expect((await clerk.post('/api/me/agents', body)).statusCode).toBe(403);
    const wrongName = await enterprise.post('/api/me/agents', { ...body, name: '李五' });
    expect(wrongName.statusCode).toBe(404);
    const past = await enterprise.post('/api/me/agents', { ...body, validUntil: '2020-01-01' });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('VALID_UNTIL_PAST');
    const empty = await enterprise.post('/api/me/agents', { ...body, scope: { kind: 'listed', implIds: [], categories: [] } });
    expect(empty.statusCode).toBe(400);
    expect((await enterprise.post('/api/me/agents', { ...body, scope: { kind: 'some' } })).statusCode).toBe(400);
    const made = await enterprise.post('/api/me/agents', body);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ agentName: '李四', status: 'active', validUntil: until });
    expect((await enterprise.post('/api/me/agents', body)).statusCode).toBe(409);
    // 李四 may now apply for 发票领用 (listed) but not for 营业执照变更登记.
    const lisi = await ctx.as('lisi');
    expect((await apply(lisi, outOfScope)).statusCode).toBe(201);
    expect((await apply(lisi, inScope)).statusCode).toBe(403);
    // Another account cannot revoke the enterprise's grant.
    expect((await zs.post(`/api/me/agents/${(made.json() as { id: string }).id}/revoke`)).statusCode).toBe(403);
  });
});
