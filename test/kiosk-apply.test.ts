import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, lastSmsCode, type TestContext } from './support/test-app.js';
import { implByName, userId } from './support/accountability.js';
import { completeCreditCode } from '../src/core/codes/credit-code.js';
import type { ItemContent } from '../src/core/catalogue/types.js';
import { DEMO_APPLICANTS } from '../src/server/demo/seed.js';
import { KIOSK_CODE_TTL_MINUTES } from '../src/core/kiosk/index.js';

/**
 * 即办件 at the kiosk and legal persons at the kiosk (issue 13 §自助终端, ADR 0040): an identified person
 * files an on-the-spot item through the case services with channel `terminal` (exported `kiosk`); an
 * enterprise identifies by its credit code and a code sent to its registered phone.
 */
let ctx: TestContext;
let pension: string; // 城乡居民基本养老保险参保登记: 即办, natural persons, ID card met by 公安人口库 data
let card: string; // 社会保障卡申领: 即办, but its materials need a window
let gth: string; // 个体工商户设立登记: 承诺件
let invoice: string; // 发票领用: 即办; made legal-person-only here, its material met by 告知承诺

const person = (username: string) => {
  const a = DEMO_APPLICANTS.find((x) => x.username === username);
  return { idNumber: (a && 'idNumber' in a ? a.idNumber : undefined) ?? '', phone: a?.phone ?? '' };
};
const ZHANGSAN = person('zhangsan');
const BAICHA = (() => {
  const a = DEMO_APPLICANTS.find((x) => x.username === 'baicha');
  return { creditCode: (a && 'creditCode' in a ? a.creditCode : undefined) ?? '', phone: a?.phone ?? '' };
})();

type Inject = Awaited<ReturnType<TestContext['app']['inject']>>;
const kiosk = (method: 'GET' | 'POST', url: string, cookie?: string, body?: object, headers: Record<string, string> = {}): Promise<Inject> =>
  ctx.app.inject({ method, url, headers: { ...headers, ...(cookie ? { cookie } : {}) }, ...(body ? { payload: body } : {}) });

async function identify(claim: { idNumber: string } | { creditCode: string }, phone: string): Promise<string> {
  const asked = await kiosk('POST', '/api/kiosk/codes', undefined, claim);
  expect(asked.statusCode, asked.body).toBe(202);
  const { challengeId } = asked.json() as { challengeId: string };
  const res = await kiosk('POST', '/api/kiosk/session', undefined, { challengeId, code: lastSmsCode(ctx.messages, phone) });
  expect(res.statusCode, res.body).toBe(200);
  return `tb_kiosk=${res.cookies.find((c) => c.name === 'tb_kiosk')?.value ?? ''}`;
}

const caseCount = async () => Number((await ctx.handle.db.selectFrom('cases').select(({ fn }) => fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing
  // 发票领用 serves both kinds in the demo; here it is for enterprises only, its one material replaceable by a commitment.
  const v = await ctx.handle.db
    .selectFrom('item_versions as v')
    .innerJoin('item_impls as i', 'i.published_version_id', 'v.id')
    .select(['v.id', 'v.content'])
    .where(sql<string>`v.content->>'mainName'`, '=', '发票领用')
    .executeTakeFirstOrThrow();
  const content: ItemContent = { ...v.content, applicantTypes: ['legal_person'], materials: v.content.materials.map((m) => ({ ...m, key: false, commitmentAllowed: true })) };
  await sql`update item_versions set content = ${JSON.stringify(content)}::jsonb where id = ${v.id}`.execute(ctx.handle.db);
  pension = await implByName(ctx, '城乡居民基本养老保险参保登记');
  card = await implByName(ctx, '社会保障卡申领');
  gth = await implByName(ctx, '个体工商户设立登记');
  invoice = await implByName(ctx, '发票领用');
}, 200_000);
afterAll(async () => ctx.close());
// Each test starts after the SMS and code limits of the one before have passed.
beforeEach(() => ctx.clock.advanceMinutes(61));

describe('即办件 at the kiosk', () => {
  it('lists the on-the-spot items, marking those the person may file here', async () => {
    const cookie = await identify({ idNumber: ZHANGSAN.idNumber }, ZHANGSAN.phone);
    const res = await kiosk('GET', '/api/kiosk/items', cookie);
    expect(res.statusCode, res.body).toBe(200);
    const { kind, items } = res.json() as { kind: string; items: { implId: string; title: string; fileable: boolean; refusal: { code: string } | null }[] };
    expect(kind).toBe('natural_person');
    expect(items.find((i) => i.implId === pension)).toMatchObject({ fileable: true, refusal: null });
    expect(items.find((i) => i.implId === invoice)).toMatchObject({ fileable: false, refusal: { code: 'KIOSK_APPLICANT_KIND' } });
    expect(items.some((i) => i.implId === gth)).toBe(false); // not 即办
    expect(items.some((i) => i.title === '内地居民结婚登记')).toBe(false); // 即办, but only in person at the registry
  });

  it('files an on-the-spot item for the identified person: prefilled from the identity, the choice touched, the ID card met by shared data, channel kiosk', async () => {
    const cookie = await identify({ idNumber: ZHANGSAN.idNumber }, ZHANGSAN.phone);
    const plan = await kiosk('POST', `/api/kiosk/items/${pension}/plan`, cookie, { situationAnswers: {} });
    expect(plan.statusCode, plan.body).toBe(200);
    const p = plan.json() as { prefilled: { key: string; value: string }[]; choices: { key: string; required: boolean; options: unknown[] }[]; materials: { materialId: string; by: string }[]; atWindow: { fields: unknown[]; materials: unknown[] } };
    expect(p.prefilled.map((f) => f.key).sort()).toEqual(['idNumber', 'name', 'phone']);
    // The screen shows the person's data masked.
    expect(p.prefilled.find((f) => f.key === 'idNumber')?.value).not.toBe(ZHANGSAN.idNumber);
    expect(p.prefilled.find((f) => f.key === 'name')?.value).toBe('张*');
    expect(p.choices[0]).toMatchObject({ key: 'grade', required: true, options: [100, 300, 500, 800, 1000, 2000, 3000, 5000] });
    // 邮寄送达 would need an address typed: at the kiosk the result is collected at the window.
    expect(p.choices.slice(1)).toEqual([expect.objectContaining({ key: 'delivery', required: false, options: ['窗口领取'] })]);
    expect(p.materials).toEqual([{ materialId: 'm-id-card', name: expect.any(String), by: 'data' }]);
    expect(p.atWindow).toEqual({ fields: [], materials: [] });

    const before = await caseCount();
    const missing = await kiosk('POST', '/api/kiosk/applications', cookie, { implId: pension, situationAnswers: {}, choices: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ details: [expect.objectContaining({ code: 'KIOSK_CHOICE_MISSING' })] });
    const wrong = await kiosk('POST', '/api/kiosk/applications', cookie, { implId: pension, situationAnswers: {}, choices: { grade: 7 } });
    expect(wrong.statusCode).toBe(400);
    const typed = await kiosk('POST', '/api/kiosk/applications', cookie, { implId: pension, situationAnswers: {}, choices: { grade: 300, name: '李四' } });
    expect(typed.statusCode).toBe(400); // only choice fields are answered at the kiosk; the name is the identity's
    expect(await caseCount()).toBe(before);

    const key = { 'idempotency-key': 'kiosk-pension-0001' };
    const filed = await kiosk('POST', '/api/kiosk/applications', cookie, { implId: pension, situationAnswers: {}, choices: { grade: 300 } }, key);
    expect(filed.statusCode, filed.body).toBe(201);
    const receipt = filed.json() as { caseId: string; caseNo: string; queryCode: string; state: string; applicant: string; materials: { by: string }[] };
    expect(receipt).toMatchObject({ caseNo: expect.stringMatching(/\d/), queryCode: expect.stringMatching(/^\w{4,}/), state: 'submitted', applicant: '张*', materials: [{ by: 'data' }] });
    // A second touch of 确认 is the same filing.
    const again = await kiosk('POST', '/api/kiosk/applications', cookie, { implId: pension, situationAnswers: {}, choices: { grade: 300 } }, key);
    expect(again.statusCode).toBe(200);
    expect((again.json() as { caseNo: string }).caseNo).toBe(receipt.caseNo);
    expect(await caseCount()).toBe(before + 1);

    const row = await ctx.handle.db.selectFrom('cases').select(['applicant_id', 'channel', 'state']).where('id', '=', receipt.caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ applicant_id: await userId(ctx, 'zhangsan'), channel: 'terminal', state: 'submitted' });
    const first = await ctx.handle.db.selectFrom('case_events').select(['actor_id', 'data']).where('case_id', '=', receipt.caseId).orderBy('seq').executeTakeFirstOrThrow();
    expect(first.actor_id).toBe(await userId(ctx, 'zhangsan'));
    expect(first.data).toMatchObject({ channel: 'terminal', fulfilled: [{ materialId: 'm-id-card', by: 'data' }] });
    // The person's own cases at the kiosk show it; the supervision export names the channel `kiosk`.
    const mine = (await kiosk('GET', '/api/kiosk/cases', cookie)).json() as { cases: { caseNo: string }[] };
    expect(mine.cases.map((c) => c.caseNo)).toContain(receipt.caseNo);
    const supervisor = await ctx.as('supervisor');
    const csv = await supervisor.get('/api/supervision/cases.csv?from=2026-03-01&to=2026-03-31');
    expect(csv.statusCode, csv.body).toBe(200);
    const line = csv.body.split('\r\n').find((l) => l.startsWith(`${receipt.caseNo},`));
    expect(line?.split(',')[2]).toBe('kiosk');
    // The applicant sees it online too, filed by the kiosk.
    const view = (await (await ctx.as('zhangsan')).get(`/api/cases/${receipt.caseId}`)).json() as { channel: string };
    expect(view.channel).toBe('terminal');
  }, 120_000);

  it('takes a choice only as offered: the text "300" is not the option 300, and nothing is filed', async () => {
    const cookie = await identify({ idNumber: ZHANGSAN.idNumber }, ZHANGSAN.phone);
    const before = await caseCount();
    // A body is validated as sent (ADR 0050): the touched option arrives as the number the plan offered.
    const res = await kiosk('POST', '/api/kiosk/applications', cookie, { implId: pension, situationAnswers: {}, choices: { grade: '300' } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ details: expect.arrayContaining([expect.objectContaining({ code: 'KIOSK_CHOICE', path: '/choices/grade' })]) });
    expect(await caseCount()).toBe(before);
  });

  it('refuses an item that is not 即办, and a legal-person item to a natural person, writing nothing', async () => {
    const cookie = await identify({ idNumber: ZHANGSAN.idNumber }, ZHANGSAN.phone);
    const before = await caseCount();
    const promised = await kiosk('POST', '/api/kiosk/applications', cookie, { implId: gth, situationAnswers: {}, choices: {} });
    expect(promised.statusCode).toBe(403);
    expect(promised.json()).toMatchObject({ details: [expect.objectContaining({ code: 'KIOSK_NOT_ON_THE_SPOT' })], message: expect.stringContaining('即办件') });
    expect((await kiosk('POST', `/api/kiosk/items/${gth}/plan`, cookie, { situationAnswers: {} })).statusCode).toBe(403);
    const enterprise = await kiosk('POST', '/api/kiosk/applications', cookie, { implId: invoice, situationAnswers: {}, choices: { kind: '普通发票' } });
    expect(enterprise.statusCode).toBe(403);
    expect(enterprise.json()).toMatchObject({ details: [expect.objectContaining({ code: 'KIOSK_APPLICANT_KIND' })] });
    expect((await kiosk('POST', '/api/kiosk/applications', cookie, { implId: crypto.randomUUID(), situationAnswers: {}, choices: {} })).statusCode).toBe(404);
    expect((await kiosk('POST', '/api/kiosk/applications', cookie, { implId: 'nope', situationAnswers: {}, choices: {} })).statusCode).toBe(400);
    expect(await caseCount()).toBe(before);
  });

  it('sends the person to a window when a material cannot be met without an upload', async () => {
    const cookie = await identify({ idNumber: ZHANGSAN.idNumber }, ZHANGSAN.phone);
    const plan = (await kiosk('POST', `/api/kiosk/items/${card}/plan`, cookie, { situationAnswers: {} })).json() as { atWindow: { materials: { materialId: string }[] } };
    expect(plan.atWindow.materials.map((m) => m.materialId).sort()).toEqual(['m-id-card', 'm-photo']);
    const before = await caseCount();
    const res = await kiosk('POST', '/api/kiosk/applications', cookie, { implId: card, situationAnswers: {}, choices: { bank: '中国工商银行' } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ details: [expect.objectContaining({ code: 'KIOSK_AT_WINDOW' })], message: expect.stringContaining('窗口') });
    expect(await caseCount()).toBe(before);
  });

  it('is refused without a kiosk identity, and a full login is no kiosk identity', async () => {
    const body = { implId: pension, situationAnswers: {}, choices: { grade: 100 } };
    expect((await kiosk('POST', '/api/kiosk/applications', undefined, body)).statusCode).toBe(401);
    expect((await kiosk('GET', '/api/kiosk/items')).statusCode).toBe(401);
    const full = await ctx.as('zhangsan');
    expect((await full.post('/api/kiosk/applications', body)).statusCode).toBe(401);
    expect((await kiosk('POST', '/api/kiosk/applications', full.cookie, body)).statusCode).toBe(401);
    // An ended kiosk session files nothing.
    const cookie = await identify({ idNumber: ZHANGSAN.idNumber }, ZHANGSAN.phone);
    await kiosk('POST', '/api/kiosk/session/end', cookie);
    expect((await kiosk('POST', '/api/kiosk/applications', cookie, body)).statusCode).toBe(401);
  });
});

describe('legal persons at the kiosk', () => {
  it('identifies an enterprise by its credit code and a code sent to its registered phone; the credit code is checked, an unknown one answered alike', async () => {
    const bad = BAICHA.creditCode.slice(0, 17) + (BAICHA.creditCode.endsWith('0') ? '1' : '0');
    expect((await kiosk('POST', '/api/kiosk/codes', undefined, { creditCode: bad })).statusCode).toBe(400);
    expect((await kiosk('POST', '/api/kiosk/codes', undefined, { creditCode: 'short' })).statusCode).toBe(400);
    expect((await kiosk('POST', '/api/kiosk/codes', undefined, { creditCode: BAICHA.creditCode, idNumber: ZHANGSAN.idNumber })).statusCode).toBe(400);
    const sent = ctx.messages.sent.length;
    const unknown = await kiosk('POST', '/api/kiosk/codes', undefined, { creditCode: completeCreditCode('91330523MA2XXXXX1') });
    expect(unknown.statusCode).toBe(202);
    expect(ctx.messages.sent.length).toBe(sent);
    const cookie = await identify({ creditCode: BAICHA.creditCode.toLowerCase() }, BAICHA.phone);
    expect(ctx.messages.sent.at(-1)).toMatchObject({ channel: 'sms', to: BAICHA.phone, body: expect.stringContaining('贵单位') });
    const me = (await kiosk('GET', '/api/kiosk/me', cookie)).json() as { name: string; kind: string };
    expect(me).toMatchObject({ name: '安吉白茶生态农业有限公司', kind: 'legal_person' });
  });

  it('refuses a wrong code, an expired code and a code used once already', async () => {
    const ask = async () => {
      const res = await kiosk('POST', '/api/kiosk/codes', undefined, { creditCode: BAICHA.creditCode });
      expect(res.statusCode, res.body).toBe(202);
      return { challengeId: (res.json() as { challengeId: string }).challengeId, code: lastSmsCode(ctx.messages, BAICHA.phone) ?? '' };
    };
    const first = await ask();
    const wrong = await kiosk('POST', '/api/kiosk/session', undefined, { challengeId: first.challengeId, code: first.code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: 'CODE_INVALID' });
    expect((await kiosk('POST', '/api/kiosk/session', undefined, first)).statusCode).toBe(200); // a wrong try does not spend the code
    const reused = await kiosk('POST', '/api/kiosk/session', undefined, first);
    expect(reused.statusCode).toBe(400);
    expect(reused.cookies.find((c) => c.name === 'tb_kiosk')).toBeUndefined();
    const late = await ask();
    ctx.clock.advanceMinutes(KIOSK_CODE_TTL_MINUTES);
    const expired = await kiosk('POST', '/api/kiosk/session', undefined, late);
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toMatchObject({ error: 'CODE_INVALID' });
  });

  it('files an on-the-spot item in the enterprise’s name and reads the enterprise’s cases only; a natural-person item is refused', async () => {
    const cookie = await identify({ creditCode: BAICHA.creditCode }, BAICHA.phone);
    const items = (await kiosk('GET', '/api/kiosk/items', cookie)).json() as { kind: string; items: { implId: string; fileable: boolean }[] };
    expect(items.kind).toBe('legal_person');
    expect(items.items.find((i) => i.implId === invoice)?.fileable).toBe(true);
    expect(items.items.find((i) => i.implId === pension)?.fileable).toBe(false);
    const refused = await kiosk('POST', '/api/kiosk/applications', cookie, { implId: pension, situationAnswers: {}, choices: { grade: 100 } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ details: [expect.objectContaining({ code: 'KIOSK_APPLICANT_KIND' })] });

    const plan = (await kiosk('POST', `/api/kiosk/items/${invoice}/plan`, cookie, { situationAnswers: {} })).json() as { prefilled: { key: string; value: string }[]; materials: { by: string }[] };
    expect(plan.prefilled).toEqual(expect.arrayContaining([{ key: 'companyName', title: expect.any(String), value: '安吉白茶生态农业有限公司' }]));
    expect(plan.materials).toEqual([expect.objectContaining({ materialId: 'm-operator', by: 'commitment' })]);
    const filed = await kiosk('POST', '/api/kiosk/applications', cookie, { implId: invoice, situationAnswers: {}, choices: { kind: '普通发票' } });
    expect(filed.statusCode, filed.body).toBe(201);
    const receipt = filed.json() as { caseId: string; caseNo: string; applicant: string };
    expect(receipt.applicant).toBe('安吉白茶生态农业有限公司');
    const row = await ctx.handle.db.selectFrom('cases').select(['applicant_id', 'channel', 'snapshot']).where('id', '=', receipt.caseId).executeTakeFirstOrThrow();
    expect(row.applicant_id).toBe(await userId(ctx, 'baicha'));
    expect(row.channel).toBe('terminal');
    expect(row.snapshot).toMatchObject({ commitments: ['m-operator'] });

    const cases = (await kiosk('GET', '/api/kiosk/cases', cookie)).json() as { cases: { id: string }[] };
    expect(cases.cases.map((c) => c.id)).toContain(receipt.caseId);
    const applicantIds = await ctx.handle.db.selectFrom('cases').select('applicant_id').where('id', 'in', cases.cases.map((c) => c.id)).execute();
    expect(new Set(applicantIds.map((r) => r.applicant_id))).toEqual(new Set([await userId(ctx, 'baicha')]));
  });
});
