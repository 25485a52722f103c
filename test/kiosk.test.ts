import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, lastSmsCode, type Agent, type TestContext } from './support/test-app.js';
import { act, implByName, submitOnline } from './support/accountability.js';
import { completeIdNumber } from '../src/core/codes/id-number.js';
import { DEMO_APPLICANTS } from '../src/server/demo/seed.js';
import { KIOSK_CODE_TTL_MINUTES, KIOSK_SESSION_IDLE_MINUTES } from '../src/core/kiosk/index.js';

/**
 * 自助终端 (issue 13 §自助终端, ADR 0036): identity by ID number and a one-time SMS code, a short kiosk
 * session that reads only the person's own cases and notices, and nothing a full login can do.
 */
let ctx: TestContext;
let zhangsanCase: { id: string; caseNo: string };
let lisiCase: { id: string; caseNo: string };

const idOf = (username: string) => {
  const a = DEMO_APPLICANTS.find((x) => x.username === username);
  return (a && 'idNumber' in a ? a.idNumber : undefined) ?? '';
};
const ZHANGSAN = { idNumber: idOf('zhangsan'), phone: '13857212345' };
const LISI = { idNumber: idOf('lisi'), phone: '13957254321' };

type Inject = Awaited<ReturnType<TestContext['app']['inject']>>;
const kiosk = (method: 'GET' | 'POST', url: string, cookie?: string, body?: object): Promise<Inject> =>
  ctx.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(body ? { payload: body } : {}) });

async function askCode(idNumber: string) {
  const res = await kiosk('POST', '/api/kiosk/codes', undefined, { idNumber });
  expect(res.statusCode, res.body).toBe(202);
  return (res.json() as { challengeId: string }).challengeId;
}

/** Identity at the kiosk: answers the kiosk cookie (`tb_kiosk=…`). */
async function identify(who: { idNumber: string; phone: string }): Promise<string> {
  const challengeId = await askCode(who.idNumber);
  const code = lastSmsCode(ctx.messages, who.phone);
  const res = await kiosk('POST', '/api/kiosk/session', undefined, { challengeId, code });
  expect(res.statusCode, res.body).toBe(200);
  const c = res.cookies.find((x) => x.name === 'tb_kiosk');
  expect(c).toMatchObject({ path: '/api/kiosk', httpOnly: true, sameSite: 'Strict' });
  return `tb_kiosk=${c?.value ?? ''}`;
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing
  const gth = await implByName(ctx, '个体工商户设立登记');
  const zhangsan: Agent = await ctx.as('zhangsan');
  zhangsanCase = await submitOnline(zhangsan, gth);
  await act(await ctx.as('clerk'), zhangsanCase.id, { type: 'accept' });
  lisiCase = await submitOnline(await ctx.as('lisi'), gth);
});
afterAll(async () => ctx.close());

describe('kiosk identity by ID number and SMS code', () => {
  it('sends a code to the phone on record, answering an unknown or invalid ID number without telling', async () => {
    const bad = await kiosk('POST', '/api/kiosk/codes', undefined, { idNumber: ZHANGSAN.idNumber.slice(0, 17) + (ZHANGSAN.idNumber.endsWith('0') ? '1' : '0') });
    expect(bad.statusCode).toBe(400);
    expect((await kiosk('POST', '/api/kiosk/codes', undefined, { idNumber: '123' })).statusCode).toBe(400);
    const sent = ctx.messages.sent.length;
    const known = await kiosk('POST', '/api/kiosk/codes', undefined, { idNumber: ZHANGSAN.idNumber });
    expect(known.statusCode).toBe(202);
    expect(ctx.messages.sent.length).toBe(sent + 1);
    expect(ctx.messages.sent.at(-1)).toMatchObject({ channel: 'sms', to: ZHANGSAN.phone, body: expect.stringContaining(`${KIOSK_CODE_TTL_MINUTES}分钟内有效`) });
    const unknown = await kiosk('POST', '/api/kiosk/codes', undefined, { idNumber: completeIdNumber('11010519900101001') });
    expect(unknown.statusCode).toBe(202);
    expect(Object.keys(unknown.json() as object).sort()).toEqual(Object.keys(known.json() as object).sort());
    expect(ctx.messages.sent.length).toBe(sent + 1); // nobody to text
    // Only the code's hash is kept.
    const code = lastSmsCode(ctx.messages, ZHANGSAN.phone) ?? '';
    const row = await ctx.handle.db.selectFrom('verification_codes').selectAll().where('id', '=', (known.json() as { challengeId: string }).challengeId).executeTakeFirstOrThrow();
    expect(row.purpose).toBe('kiosk_login');
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code);
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(KIOSK_CODE_TTL_MINUTES * 60_000);
  });

  it('a code works once', async () => {
    const challengeId = await askCode(ZHANGSAN.idNumber);
    const code = lastSmsCode(ctx.messages, ZHANGSAN.phone);
    const [a, b] = await Promise.all([kiosk('POST', '/api/kiosk/session', undefined, { challengeId, code }), kiosk('POST', '/api/kiosk/session', undefined, { challengeId, code })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 400]);
    const again = await kiosk('POST', '/api/kiosk/session', undefined, { challengeId, code });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: 'CODE_INVALID' });
  });

  it('a code expires after five minutes', async () => {
    const challengeId = await askCode(ZHANGSAN.idNumber);
    const code = lastSmsCode(ctx.messages, ZHANGSAN.phone);
    ctx.clock.advanceMinutes(KIOSK_CODE_TTL_MINUTES);
    const late = await kiosk('POST', '/api/kiosk/session', undefined, { challengeId, code });
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ error: 'CODE_INVALID' });
  });

  it('wrong codes are throttled: after five wrong tries even the right code is refused; codes per ID number are limited', async () => {
    ctx.clock.advanceMinutes(31); // a fresh window for the per-ID limit
    const challengeId = await askCode(LISI.idNumber);
    const code = lastSmsCode(ctx.messages, LISI.phone) ?? '';
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await kiosk('POST', '/api/kiosk/session', undefined, { challengeId, code: wrong })).statusCode).toBe(400);
    const right = await kiosk('POST', '/api/kiosk/session', undefined, { challengeId, code });
    expect(right.statusCode).toBe(400);
    expect(right.cookies.find((c) => c.name === 'tb_kiosk')).toBeUndefined();
    expect((await kiosk('POST', '/api/kiosk/session', undefined, { challengeId, code: 'abc' })).statusCode).toBe(400); // schema
    // Three codes per ID number in 30 minutes; the fourth is refused (and no SMS goes out).
    await askCode(LISI.idNumber);
    await askCode(LISI.idNumber);
    const sent = ctx.messages.sent.length;
    const fourth = await kiosk('POST', '/api/kiosk/codes', undefined, { idNumber: LISI.idNumber });
    expect(fourth.statusCode).toBe(429);
    expect(ctx.messages.sent.length).toBe(sent);
  });
});

describe('the kiosk session', () => {
  // Each test starts after the SMS and code limits of the one before have passed.
  beforeEach(() => ctx.clock.advanceMinutes(61));

  it('reads only the person’s own cases, with progress and the notices to print', async () => {
    const cookie = await identify(ZHANGSAN);
    const me = await kiosk('GET', '/api/kiosk/me', cookie);
    expect(me.json()).toMatchObject({ name: '张*' });
    const res = await kiosk('GET', '/api/kiosk/cases', cookie);
    expect(res.statusCode).toBe(200);
    const cases = (res.json() as { cases: { id: string; caseNo: string; state: string; stateZh: string; timeline: { labelZh: string }[]; notices: { kind: string; zh: string }[] }[] }).cases;
    expect(cases.map((c) => c.caseNo)).toContain(zhangsanCase.caseNo);
    expect(cases.map((c) => c.caseNo)).not.toContain(lisiCase.caseNo);
    const mine = cases.find((c) => c.id === zhangsanCase.id);
    expect(mine).toMatchObject({ state: 'accepted', stateZh: expect.any(String), notices: [{ kind: 'acceptance', zh: '受理通知书' }] });
    expect(mine?.timeline.length).toBeGreaterThanOrEqual(2);
    const pdf = await kiosk('GET', `/api/kiosk/cases/${zhangsanCase.id}/notices/acceptance`, cookie);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await kiosk('GET', `/api/kiosk/cases/${zhangsanCase.id}/notices/approval`, cookie)).statusCode).toBe(404); // not decided yet
    expect((await kiosk('GET', `/api/kiosk/cases/${lisiCase.id}/notices/acceptance`, cookie)).statusCode).toBe(404); // someone else's
    expect((await kiosk('GET', `/api/kiosk/cases/${zhangsanCase.id}/notices/nonsense`, cookie)).statusCode).toBe(400);
  });

  it('cannot do what a full login can', async () => {
    const cookie = await identify(ZHANGSAN);
    const token = cookie.slice('tb_kiosk='.length);
    for (const c of [cookie, `tb_session=${token}`]) {
      expect((await kiosk('GET', '/api/my/cases', c)).statusCode).toBe(401);
      expect((await kiosk('GET', '/api/auth/me', c)).statusCode).toBe(401);
      expect((await kiosk('GET', `/api/cases/${zhangsanCase.id}`, c)).statusCode).toBe(401);
      expect((await kiosk('GET', `/api/cases/${zhangsanCase.id}/notices/acceptance`, c)).statusCode).toBe(401);
      expect((await kiosk('GET', '/api/hall/bookings', c)).statusCode).toBe(401);
      expect((await kiosk('POST', `/api/cases/${zhangsanCase.id}/ratings`, c, { service: 'case', level: 5, tags: [] })).statusCode).toBe(401);
      expect((await kiosk('POST', '/api/cases', c, { implId: crypto.randomUUID(), formData: {}, situationAnswers: {}, materials: [] })).statusCode).toBe(401);
    }
    // …and a full login is no kiosk session either.
    const full = await ctx.as('zhangsan');
    expect((await full.get('/api/kiosk/cases')).statusCode).toBe(401);
  });

  it('ends after three idle minutes, and when the kiosk ends it', async () => {
    const cookie = await identify(ZHANGSAN);
    ctx.clock.advanceMinutes(KIOSK_SESSION_IDLE_MINUTES - 1);
    expect((await kiosk('GET', '/api/kiosk/cases', cookie)).statusCode).toBe(200);
    ctx.clock.advanceMinutes(KIOSK_SESSION_IDLE_MINUTES);
    const idle = await kiosk('GET', '/api/kiosk/cases', cookie);
    expect(idle.statusCode).toBe(401);
    expect(idle.json()).toMatchObject({ error: 'SESSION_EXPIRED' });
    const next = await identify(ZHANGSAN);
    const ended = await kiosk('POST', '/api/kiosk/session/end', next);
    expect(ended.statusCode).toBe(200);
    expect(ended.cookies.find((c) => c.name === 'tb_kiosk')).toMatchObject({ value: '' });
    expect((await kiosk('GET', '/api/kiosk/cases', next)).statusCode).toBe(401);
    expect((await kiosk('GET', '/api/kiosk/cases')).statusCode).toBe(401);
    const rows = await ctx.handle.db.selectFrom('kiosk_sessions').select('id').execute();
    expect(rows.map((r) => r.id)).not.toContain(next.slice('tb_kiosk='.length)); // only hashes are stored
  });
});
