import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleApplication, sampleApplicationFor } from './support/applications.js';
import { createTestContext, lastSmsCode, type Agent, type TestContext } from './support/test-app.js';
import { isoDateInChina } from '../src/core/calendar/index.js';
import { DEMO_OTHER_PEOPLE } from '../src/server/demo/seed.js';
import { resolveDemoBundle } from '../src/server/demo/bundles.js';
import type { FormSchema, ItemContent } from '../src/core/catalogue/types.js';

/**
 * ADR 0041: 经办人 applying from the web — for an item and for a 一件事 bundle, within the grant's scope and
 * term (the enterprise's 我的材料 and licences offered to its agent) — and 帮办代办 of a bundle at the window,
 * with the authorisation recorded on the bundle case and its timeline; the applicant stays the person.
 */
let ctx: TestContext;
let clerk: Agent;
let agent: Agent;
let enterprise: Agent;
let baichaId: string;
let grantId: string;

type Guide = { bundleId: string; form: FormSchema; materials: { code: string }[] };
type BundleView = { id: string; relation: string; members: { key: string; caseId?: string }[]; timeline: { action: string; actorName: string | null; comment: string | null; onBehalfOf?: { kind: string; name: string; authorisation?: string; file?: { id: string; name: string } } }[] };
type CaseView = { id: string; timeline: { actorName: string | null; data: { onBehalfOf?: { kind: string; id: string; name: string } } }[] };

/** Identity fields are the server's to fill from the account (never typed by the agent or the clerk). */
const IDENTITY_PREFILL = /^profile\.(name|idNumber|companyName|creditCode|legalRepresentative)$/;
const userId = async (username: string) => (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const bundleCasesOf = async (applicantId: string) => Number((await ctx.handle.db.selectFrom('bundle_cases').select((eb) => eb.fn.countAll().as('n')).where('applicant_id', '=', applicantId).executeTakeFirstOrThrow()).n);
const casesOf = async (applicantId: string) => Number((await ctx.handle.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('applicant_id', '=', applicantId).executeTakeFirstOrThrow()).n);

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

async function upload(who: Agent, name: string): Promise<string> {
  const boundary = `----tongban${randomBytes(6).toString('hex')}`;
  const pdf = Buffer.from(`%PDF-1.4\n% ${randomBytes(8).toString('hex')}\n%%EOF\n`);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await ctx.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: who.cookie ?? '', 'x-csrf-token': who.csrfToken ?? '' } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

/** A published 一件事 for businesses, owned by the demo hall (the demo bundles serve natural persons only). */
async function publishBundle(code: string, name: string, items: string[]): Promise<string> {
  const hall = await ctx.handle.db.selectFrom('bundles').select(['org_id', 'region_code']).limit(1).executeTakeFirstOrThrow();
  const content = await resolveDemoBundle(ctx.handle.db, {
    name,
    description: `${name}（测试）`,
    regionCode: hall.region_code,
    topic: name,
    category: '市场准入',
    applicantTypes: ['legal_person', 'natural_person'],
    basis: '测试',
    questions: [],
    members: items.map((item, i) => ({ key: `m${i}`, item })),
    refusalPolicy: 'continue',
    limitDays: 20,
  });
  const b = await ctx.handle.db.insertInto('bundles').values({ code, org_id: hall.org_id, region_code: hall.region_code }).returning('id').executeTakeFirstOrThrow();
  const now = new Date();
  const v = await ctx.handle.db.insertInto('bundle_versions').values({ bundle_id: b.id, version_no: 1, status: 'published', content: JSON.stringify(content), submitted_at: now, published_at: now }).returning('id').executeTakeFirstOrThrow();
  await ctx.handle.db.updateTable('bundles').set({ published_version_id: v.id }).where('id', '=', b.id).execute();
  return b.id;
}

/** The bundle's one form, filled as the enterprise would: its identity fields are the server's to fill. */
async function bundleBody(bundleId: string, extra: Record<string, unknown>) {
  const guide = (await ctx.anon().get(`/api/public/bundles/${bundleId}`)).json() as Guide;
  const { formData } = sampleApplication({ form: guide.form, situations: [] });
  for (const [key, f] of Object.entries(guide.form.properties)) if (IDENTITY_PREFILL.test(String(f['x-prefill'] ?? ''))) delete formData[key];
  return { bundleId: guide.bundleId, answers: {}, formData, materials: [], ...extra };
}
const applyBundle = async (who: Agent, bundleId: string, extra: Record<string, unknown>) => who.post('/api/bundle-cases', await bundleBody(bundleId, extra), { 'idempotency-key': `k-${randomBytes(6).toString('hex')}` });

beforeAll(async () => {
  ctx = await createTestContext();
  clerk = await ctx.as('clerk');
  agent = await ctx.as('zhaomin');
  enterprise = await ctx.as('baicha');
  baichaId = await userId('baicha');
  grantId = (await ctx.handle.db.selectFrom('enterprise_agents').select('id').where('enterprise_id', '=', baichaId).where('agent_id', '=', await userId('zhaomin')).executeTakeFirstOrThrow()).id;
});
afterAll(async () => ctx.close());

describe('经办人 on the web apply page: what the agent reuses of the enterprise', () => {
  it('the enterprise’s profile, 我的材料 and licences while a grant is in force; nobody else’s', async () => {
    const res = await agent.get(`/api/me/agencies/${baichaId}/reuse`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as { enterpriseId: string; profile: { kind: string; values: Record<string, string> }; materials: unknown[]; licences: { holder?: unknown; typeName: string }[] };
    expect(r.enterpriseId).toBe(baichaId);
    expect(r.profile.kind).toBe('legal_person');
    expect(r.profile.values.companyName).toBe('安吉白茶生态农业有限公司');
    expect(r.profile.values.creditCode).toMatch(/^[0-9A-Z]{18}$/);
    expect(Array.isArray(r.materials)).toBe(true);
    // The enterprise's own licence list is what its agent is offered.
    const own = (await enterprise.get('/api/me/licences')).json() as { licences: unknown[] };
    expect(r.licences).toEqual(own.licences);
    // Another person, and another enterprise's id: 403 with the reason, nothing read.
    const lisi = await ctx.as('lisi');
    const refused = await lisi.get(`/api/me/agencies/${baichaId}/reuse`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('AGENT_NO_GRANT');
    expect((await ctx.anon().get(`/api/me/agencies/${baichaId}/reuse`)).statusCode).toBe(401);
    expect((await agent.get('/api/me/agencies/not-a-uuid/reuse')).statusCode).toBe(400);
  });

  it('files an item for the enterprise with its licence and data read: the applicant is the enterprise', async () => {
    const implId = await implByName('营业执照变更登记');
    const { formData, situationAnswers } = await sampleApplicationFor(agent, implId);
    const content = ((await agent.get(`/api/catalogue/items/${implId}`)).json() as { content: ItemContent }).content;
    for (const [key, f] of Object.entries(content.form.properties)) if (IDENTITY_PREFILL.test(String(f['x-prefill'] ?? ''))) delete formData[key];
    const res = await agent.post('/api/cases', { implId, formData, situationAnswers, materials: [], onBehalfOf: baichaId, dataUses: [{ materialId: 'm-licence', purpose: 'market_entity_check' }] });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as CaseView;
    expect(c.timeline[0]).toMatchObject({ actorName: '赵敏', data: { onBehalfOf: { kind: 'agent', id: baichaId, name: '安吉白茶生态农业有限公司' } } });
    const row = await ctx.handle.db.selectFrom('cases').select(['applicant_id', 'form_data']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.applicant_id).toBe(baichaId);
    // The material is fulfilled by a read of the enterprise's register entry, recorded on the case.
    const used = await ctx.handle.db.selectFrom('case_data_uses').select(['material_id', 'source']).where('case_id', '=', c.id).execute();
    expect(used).toEqual([{ material_id: 'm-licence', source: 'legal_person' }]);
  });
});

describe('经办人 applying for a 一件事 bundle', () => {
  let inScope: string;
  let outOfScope: string;
  beforeAll(async () => {
    inScope = await publishBundle('YJS330523941', '企业变更与食品经营', ['营业执照变更登记', '食品经营许可']);
    outOfScope = await publishBundle('YJS330523942', '企业变更与发票', ['营业执照变更登记', '发票领用']);
  });

  it('in scope: the bundle and every member case are the enterprise’s; the timelines name the agent acting for it; the agent sees the bundle', async () => {
    const before = await casesOf(baichaId);
    const res = await applyBundle(agent, inScope, { onBehalfOf: baichaId });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json() as BundleView;
    expect(v.relation).toBe('applicant');
    const row = await ctx.handle.db.selectFrom('bundle_cases').select(['applicant_id', 'submitted_by', 'channel']).where('id', '=', v.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ applicant_id: baichaId, submitted_by: await userId('zhaomin'), channel: 'online' });
    const submit = v.timeline.find((e) => e.action === 'submit')!;
    expect(submit).toMatchObject({ actorName: '赵敏', onBehalfOf: { kind: 'agent', name: '安吉白茶生态农业有限公司' } });
    expect(submit.comment).toContain('经办人代企业申请');
    const started = v.members.filter((m) => m.caseId);
    expect(started).toHaveLength(2);
    expect(await casesOf(baichaId)).toBe(before + 2);
    for (const m of started) {
      const c = (await agent.get(`/api/cases/${m.caseId!}`)).json() as CaseView;
      expect(c.timeline[0]).toMatchObject({ actorName: '赵敏', data: { onBehalfOf: { kind: 'agent', id: baichaId } } });
    }
    // The enterprise sees its bundle too; another person does not.
    expect((await enterprise.get(`/api/bundle-cases/${v.id}`)).statusCode).toBe(200);
    expect((await (await ctx.as('lisi')).get(`/api/bundle-cases/${v.id}`)).statusCode).toBe(403);
  });

  it('a member out of scope: 403 AGENT_OUT_OF_SCOPE and nothing written', async () => {
    const before = [await bundleCasesOf(baichaId), await casesOf(baichaId)];
    const res = await applyBundle(agent, outOfScope, { onBehalfOf: baichaId });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('AGENT_OUT_OF_SCOPE');
    expect(res.body).toContain('不在企业授予您的经办范围内');
    expect([await bundleCasesOf(baichaId), await casesOf(baichaId)]).toEqual(before);
  });

  it('not an agent of that enterprise, or not a natural person: 403 and nothing written', async () => {
    const before = await bundleCasesOf(baichaId);
    const lisi = await ctx.as('lisi');
    const res = await applyBundle(lisi, inScope, { onBehalfOf: baichaId });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('AGENT_NO_GRANT');
    expect((await applyBundle(clerk, inScope, { onBehalfOf: baichaId, applicantId: baichaId })).statusCode).toBe(403);
    expect(await bundleCasesOf(baichaId)).toBe(before);
  });

  it('expired: 403 AGENT_EXPIRED on applying, and the agent no longer sees the bundle', async () => {
    const mine = (await applyBundle(agent, inScope, { onBehalfOf: baichaId })).json() as BundleView;
    const yesterday = isoDateInChina(new Date(Date.now() - 86_400_000));
    const twoDaysAgo = isoDateInChina(new Date(Date.now() - 2 * 86_400_000));
    const was = await ctx.handle.db.selectFrom('enterprise_agents').select(['valid_from', 'valid_until']).where('id', '=', grantId).executeTakeFirstOrThrow();
    await ctx.handle.db.updateTable('enterprise_agents').set({ valid_from: twoDaysAgo, valid_until: yesterday }).where('id', '=', grantId).execute();
    try {
      const before = await bundleCasesOf(baichaId);
      const res = await applyBundle(agent, inScope, { onBehalfOf: baichaId });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('AGENT_EXPIRED');
      expect(await bundleCasesOf(baichaId)).toBe(before);
      expect((await agent.get(`/api/bundle-cases/${mine.id}`)).statusCode).toBe(403);
      const item = await agent.get(`/api/me/agencies/${baichaId}/reuse`);
      expect(item.statusCode).toBe(403);
      expect(item.body).toContain('AGENT_EXPIRED');
    } finally {
      await ctx.handle.db.updateTable('enterprise_agents').set({ valid_from: was.valid_from, valid_until: was.valid_until }).where('id', '=', grantId).execute();
    }
  });
});

describe('帮办代办 for a 一件事 bundle at the window', () => {
  let personId: string;
  let bundleId: string;
  const elderly = DEMO_OTHER_PEOPLE.find((p) => p.username === 'wangxiuying')!;
  beforeAll(async () => {
    personId = await userId('wangxiuying');
    const list = (await ctx.anon().get('/api/public/bundles')).json() as { bundles: { bundleId: string; name: string }[] };
    bundleId = list.bundles.find((b) => b.name === '残疾人服务')!.bundleId;
  });
  const takeIn = async (extra: Record<string, unknown>) => {
    const guide = (await ctx.anon().get(`/api/public/bundles/${bundleId}?choose=q-pension:o-pension`)).json() as Guide;
    const { formData } = sampleApplication({ form: guide.form, situations: [] });
    for (const [key, f] of Object.entries(guide.form.properties)) if (IDENTITY_PREFILL.test(String(f['x-prefill'] ?? ''))) delete formData[key];
    return clerk.post('/api/bundle-cases', { bundleId, answers: { 'q-pension': ['o-pension'] }, formData, materials: [], applicantId: personId, ...extra }, { 'idempotency-key': `k-${randomBytes(6).toString('hex')}` });
  };

  it('declared 帮办代办 without an authorisation: 400 ASSIST_AUTHORISATION_REQUIRED, nothing written (and the same for one item)', async () => {
    const before = [await bundleCasesOf(personId), await casesOf(personId)];
    const res = await takeIn({ assisted: true });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('ASSIST_AUTHORISATION_REQUIRED');
    expect(res.body).toContain('委托书');
    const implId = await implByName('个体工商户设立登记');
    const one = await clerk.post('/api/cases', { implId, ...(await sampleApplicationFor(clerk, implId)), materials: [], applicantId: personId, assisted: true });
    expect(one.statusCode).toBe(400);
    expect(one.body).toContain('ASSIST_AUTHORISATION_REQUIRED');
    expect([await bundleCasesOf(personId), await casesOf(personId)]).toEqual(before);
    // An applicant cannot declare it either.
    const zs = await ctx.as('zhangsan');
    expect((await zs.post('/api/bundle-cases', { ...(await bundleBody(bundleId, {})), answers: { 'q-pension': ['o-pension'] }, assisted: true })).statusCode).toBe(403);
  });

  it('with the person’s SMS confirmation: the bundle case is the person’s, its timeline names the clerk acting for her; the authorisation serves one bundle', async () => {
    const made = await clerk.post('/api/hall/assist/authorisations', { applicantId: personId, kind: 'sms' });
    expect(made.statusCode, made.body).toBe(201);
    const auth = made.json() as { id: string };
    const code = lastSmsCode(ctx.messages, elderly.phone);
    expect((await clerk.post(`/api/hall/assist/authorisations/${auth.id}/confirm`, { code })).statusCode).toBe(200);

    const res = await takeIn({ assisted: true, assistAuthorisationId: auth.id });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json() as BundleView;
    const row = await ctx.handle.db.selectFrom('bundle_cases').select(['applicant_id', 'channel']).where('id', '=', v.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ applicant_id: personId, channel: 'window' });
    const submit = v.timeline.find((e) => e.action === 'submit')!;
    expect(submit).toMatchObject({ actorName: '综合窗口 赵丽', onBehalfOf: { kind: 'assist', name: '王秀英', authorisation: 'sms' } });
    expect(submit.comment).toContain('申请人短信确认');
    const linked = await ctx.handle.db.selectFrom('assist_authorisations').select(['bundle_case_id', 'case_id']).where('id', '=', auth.id).executeTakeFirstOrThrow();
    expect(linked).toEqual({ bundle_case_id: v.id, case_id: null });
    // The person sees her bundle with the same timeline entry.
    const person = await ctx.as('wangxiuying');
    const hers = (await person.get(`/api/bundle-cases/${v.id}`)).json() as BundleView;
    expect(hers.timeline.find((e) => e.action === 'submit')?.onBehalfOf).toMatchObject({ kind: 'assist', name: '王秀英' });

    // One authorisation, one filing: neither a second bundle nor a single case may use it.
    const before = [await bundleCasesOf(personId), await casesOf(personId)];
    const again = await takeIn({ assisted: true, assistAuthorisationId: auth.id });
    expect(again.statusCode).toBe(409);
    const implId = await implByName('个体工商户设立登记');
    const single = await clerk.post('/api/cases', { implId, ...(await sampleApplicationFor(clerk, implId)), materials: [], applicantId: personId, assistAuthorisationId: auth.id });
    expect(single.statusCode).toBe(409);
    expect([await bundleCasesOf(personId), await casesOf(personId)]).toEqual(before);
  });

  it('with a 委托书: the letter is on the bundle’s timeline and visible to the person, not to others; another clerk’s authorisation is refused', async () => {
    const fileId = await upload(clerk, '授权委托书.pdf');
    const made = await clerk.post('/api/hall/assist/authorisations', { applicantId: personId, kind: 'letter', fileId, fileName: '授权委托书.pdf' });
    expect(made.statusCode, made.body).toBe(201);
    const auth = made.json() as { id: string };
    const clerk2 = await ctx.as('clerk2');
    const stolen = await clerk2.post('/api/bundle-cases', { ...(await bundleBody(bundleId, {})), answers: { 'q-pension': ['o-pension'] }, applicantId: personId, assisted: true, assistAuthorisationId: auth.id });
    expect([403, 409]).toContain(stolen.statusCode);

    const res = await takeIn({ assisted: true, assistAuthorisationId: auth.id });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json() as BundleView;
    const submit = v.timeline.find((e) => e.action === 'submit')!;
    expect(submit.onBehalfOf).toMatchObject({ kind: 'assist', authorisation: 'letter', file: { id: fileId, name: '授权委托书.pdf' } });
    expect(submit.comment).toContain('书面委托书');
    const person = await ctx.as('wangxiuying');
    expect((await person.get(`/api/files/${fileId}`)).statusCode).toBe(200);
    expect((await (await ctx.as('lisi')).get(`/api/files/${fileId}`)).statusCode).toBe(403);
  });
});
