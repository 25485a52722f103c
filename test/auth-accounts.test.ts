import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, lastSmsCode, type TestContext } from './support/test-app.js';
import { DEMO_APPLICANTS, DEMO_PASSWORD } from '../src/server/demo/seed.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const [zhangsan, lisi] = DEMO_APPLICANTS as [(typeof DEMO_APPLICANTS)[0], (typeof DEMO_APPLICANTS)[1]];
let addressSeq = 1;
/** Each call from its own client address, so the per-address throttles stay out of tests about other things. */
const from = () => `203.0.113.${addressSeq++}`;
const post = (url: string, payload: object, remoteAddress = from()) => ctx.app.inject({ method: 'POST', url, payload, remoteAddress });
const strip = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('finding 12: no account enumeration', () => {
  it('finding 12: wrong password, unknown account and locked account get the same answer', async () => {
    const wrong = await post('/api/auth/login', { username: 'lisi', password: 'not-the-password' });
    const unknown = await post('/api/auth/login', { username: 'nobody-here', password: 'not-the-password' });
    for (let i = 0; i < 4; i++) await post('/api/auth/login', { username: 'lisi', password: `still-wrong-${i}` });
    const locked = await post('/api/auth/login', { username: 'lisi', password: DEMO_PASSWORD });
    for (const res of [wrong, unknown, locked]) {
      expect(res.statusCode).toBe(401);
      expect(strip(res.body)).toEqual(strip(wrong.body));
    }
    expect(strip(wrong.body)).toMatchObject({ error: 'LOGIN_FAILED', message: '账号或密码错误' });
    // The owner hears of the lock by SMS instead.
    const notice = ctx.messages.sent.filter((m) => m.to === lisi.phone).at(-1);
    expect(notice?.body).toContain('锁定');
    ctx.clock.advanceMinutes(16);
  });

  it('finding 12: registration does not reveal a registered ID number', async () => {
    const person = (idNumber: string, username: string, phone: string) => ({
      kind: 'natural_person',
      username,
      password: 'Anji-Baicha-7Q',
      name: '张三',
      idNumber,
      phone,
    });
    const fresh = await post('/api/auth/register', person('11010519491231002X', 'freshperson', '13700000001'));
    const taken = await post('/api/auth/register', person(String(zhangsan.idNumber), 'copycat', '13700000002'));
    expect(fresh.statusCode).toBe(202);
    expect(taken.statusCode).toBe(202);
    expect(Object.keys(taken.json()).sort()).toEqual(Object.keys(fresh.json()).sort());
    expect(taken.json().expiresInSeconds).toBe(fresh.json().expiresInSeconds);
    // The phone given learns how to recover the account (and gets no code); the owner is told too.
    const toPhone = ctx.messages.sent.filter((m) => m.to === '13700000002').at(-1);
    expect(toPhone?.body).toContain('已注册');
    expect(lastSmsCode(ctx.messages, '13700000002')).toBeUndefined();
    expect(ctx.messages.sent.filter((m) => m.to === zhangsan.phone).at(-1)?.body).toContain('注册');
    // Any code for the duplicate gets the same answer as a wrong code for a fresh registration.
    const dupConfirm = await post('/api/auth/register/confirm', { registrationId: taken.json().registrationId, code: '123456' });
    const wrongCode = lastSmsCode(ctx.messages, '13700000001') === '654321' ? '123456' : '654321';
    const freshWrong = await post('/api/auth/register/confirm', { registrationId: fresh.json().registrationId, code: wrongCode });
    expect(dupConfirm.statusCode).toBe(400);
    expect(strip(dupConfirm.body)).toEqual(strip(freshWrong.body));
    expect(strip(dupConfirm.body)).toMatchObject({ error: 'CODE_INVALID' });
    expect(await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'copycat').executeTakeFirst()).toBeUndefined();
  });
});

describe('finding 11: registration throttle', () => {
  it('finding 11: 35 registrations in a row from one address are throttled after 5', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await post(
        '/api/auth/register',
        { kind: 'natural_person', username: `bulk${i}x`, password: 'Anji-Baicha-7Q', name: '批量', idNumber: '11010519491231002X', phone: `1350000${String(i).padStart(4, '0')}` },
        '192.0.2.77',
      );
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    // Another address is not affected.
    expect((await post('/api/auth/register', { kind: 'natural_person', username: 'otheraddr', password: 'Anji-Baicha-7Q', name: '他人', idNumber: '11010519491231002X', phone: '13500009999' })).statusCode).toBe(202);
  });
});

describe('finding 13: password policy, change and reset', () => {
  const register = (password: string, username = 'pwtester') =>
    post('/api/auth/register', { kind: 'natural_person', username, password, name: '测试', idNumber: '11010519491231002X', phone: '13600000001' });

  it('finding 13: weak passwords are refused (short, common, dressed-up common, containing the username)', async () => {
    for (const weak of ['Password1', 'Abcdef12!', 'Password1234', 'P@ssw0rd2024!', 'qwertyuiop12', 'aaaaaaaaaaaa', 'pwtester-2026!']) {
      const res = await register(weak);
      expect(res.statusCode, weak).toBe(400);
      expect(res.json().details[0]).toMatchObject({ path: 'password' });
      expect(res.json().messageEn).toMatch(/password/i);
    }
    expect((await register('Anji-Baicha-7Q')).statusCode).toBe(202);
  });

  it('changes the password with the current one and ends the account\'s other sessions', async () => {
    const other = await ctx.as('baicha');
    const here = await ctx.as('baicha');
    const wrong = await here.post('/api/auth/password', { currentPassword: 'not-it-at-all', newPassword: 'Tea-Garden-Hills-9' });
    expect(wrong.statusCode).toBe(400);
    expect((await here.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Password1234' })).statusCode).toBe(400);
    const ok = await here.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Tea-Garden-Hills-9' });
    expect(ok.statusCode).toBe(200);
    expect((await here.get('/api/auth/me')).statusCode).toBe(200);
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
    await ctx.anon().login('baicha', 'Tea-Garden-Hills-9');
    expect((await post('/api/auth/login', { username: 'baicha', password: DEMO_PASSWORD })).statusCode).toBe(401);
  });

  it('resets a forgotten password by SMS code: hashed, single use, 10 minutes, limited tries, same answer for unknown accounts', async () => {
    const unknown = await post('/api/auth/password-reset', { username: 'nobody-here', phone: '13900000000' });
    const wrongPhone = await post('/api/auth/password-reset', { username: 'zhangsan', phone: '13900000000' });
    const started = await post('/api/auth/password-reset', { username: 'zhangsan', phone: zhangsan.phone });
    for (const r of [unknown, wrongPhone, started]) {
      expect(r.statusCode).toBe(202);
      expect(Object.keys(r.json()).sort()).toEqual(['expiresInSeconds', 'resetId']);
    }
    expect(lastSmsCode(ctx.messages, '13900000000')).toBeUndefined();
    const code = lastSmsCode(ctx.messages, zhangsan.phone);
    expect(code).toMatch(/^\d{6}$/);
    // Stored only as a hash.
    const rows = await ctx.handle.db.selectFrom('verification_codes').select(['code_hash']).where('id', '=', started.json().resetId).execute();
    expect(JSON.stringify(rows)).not.toContain(code);
    const confirm = (resetId: string, c: string, newPassword = 'Anji-Bamboo-Sea-42') => post('/api/auth/password-reset/confirm', { resetId, code: c, newPassword });
    // Unknown account: the same refusal as a wrong code.
    const forUnknown = await confirm(unknown.json().resetId, '000000');
    expect(forUnknown.statusCode).toBe(400);
    expect(forUnknown.json()).toMatchObject({ error: 'CODE_INVALID' });
    // A weak new password is refused without spending the code.
    expect((await confirm(started.json().resetId, code ?? '', 'Password1234')).json()).toMatchObject({ error: 'VALIDATION_FAILED' });
    expect((await confirm(started.json().resetId, code ?? '')).statusCode).toBe(200);
    expect((await confirm(started.json().resetId, code ?? '')).json()).toMatchObject({ error: 'CODE_INVALID' });
    await ctx.anon().login('zhangsan', 'Anji-Bamboo-Sea-42');

    // Five wrong tries burn the code; expiry after 10 minutes.
    const again = await post('/api/auth/password-reset', { username: 'zhangsan', phone: zhangsan.phone });
    const code2 = lastSmsCode(ctx.messages, zhangsan.phone) ?? '';
    const wrong2 = code2 === '111111' ? '222222' : '111111';
    for (let i = 0; i < 5; i++) expect((await confirm(again.json().resetId, wrong2, 'Anji-Bamboo-Sea-43')).statusCode).toBe(400);
    expect((await confirm(again.json().resetId, code2, 'Anji-Bamboo-Sea-43')).json()).toMatchObject({ error: 'CODE_INVALID' });
    const late = await post('/api/auth/password-reset', { username: 'zhangsan', phone: zhangsan.phone });
    const code3 = lastSmsCode(ctx.messages, zhangsan.phone) ?? '';
    ctx.clock.advanceMinutes(11);
    expect((await confirm(late.json().resetId, code3, 'Anji-Bamboo-Sea-44')).json()).toMatchObject({ error: 'CODE_INVALID' });
  });

  it('throttles password resets per account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post('/api/auth/password-reset', { username: 'lisi', phone: `1390000${String(i).padStart(4, '0')}` })).statusCode);
    expect(statuses.slice(0, 5).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
  });
});
