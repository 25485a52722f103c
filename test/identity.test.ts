import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { createTestContext, registerWithCode, type TestContext } from './support/test-app.js';
import { authPlugin } from '../src/server/http/auth-plugin.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

describe('foundation', () => {
  it('answers /healthz with the database kind', async () => {
    const res = await ctx.anon().get('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite' });
  });

  it('publishes an OpenAPI 3 document listing the API', async () => {
    const res = await ctx.anon().get('/openapi.json');
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/auth/login');
  });

  it('refuses to start when an /api route declares no permission', async () => {
    const app = Fastify();
    await app.register(cookie);
    await app.register(authPlugin, { db: ctx.handle.db, now: () => new Date(), timeouts: { idleMinutes: 30, absoluteHours: 12 } });
    await expect(
      app.register(async (a) => {
        a.get('/api/unguarded', async () => ({}));
      }),
    ).rejects.toThrow(/declares no permission/);
  });

  it('answers unknown API paths with a JSON 404 in both languages', async () => {
    const res = await ctx.anon().get('/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ ok: false, error: 'NOT_FOUND' });
  });
});

describe('login and sessions', () => {
  it('sets an httpOnly SameSite session cookie and returns a CSRF token', async () => {
    const res = await ctx.anon().post('/api/auth/login', { username: 'clerk', password: 'Tongban@2026', totp: await ctx.totp.codeFor('clerk') });
    expect(res.statusCode).toBe(200);
    const c = res.cookies.find((x) => x.name === 'tb_session');
    expect(c?.httpOnly).toBe(true);
    expect(c?.sameSite).toBe('Lax');
    expect((res.json() as { csrfToken: string }).csrfToken).toMatch(/.{20,}/);
  });

  it('issues a fresh session id at every login and ends the one presented', async () => {
    const a = await ctx.as('clerk');
    const first = a.cookie;
    await a.login('clerk');
    expect(a.cookie).not.toBe(first);
    const stale = ctx.anon();
    stale.cookie = first;
    expect((await stale.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('rejects a wrong password with a localized error and audits it', async () => {
    const res = await ctx.anon().post('/api/auth/login', { username: 'supervisor', password: 'wrong-password' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'LOGIN_FAILED', message: '账号或密码错误', messageEn: 'Wrong account or password' });
    const audit = await ctx.handle.db.selectFrom('audit_events').selectAll().where('kind', '=', 'login_failed').where('username', '=', 'supervisor').execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain('wrong-password');
  });

  it('locks an account after five failures, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await ctx.anon().post('/api/auth/login', { username: 'lisi', password: 'bad' })).statusCode).toBe(401);
    }
    // The same answer as a wrong password (finding 12): the lock is told to the owner by SMS.
    const res = await ctx.anon().post('/api/auth/login', { username: 'lisi', password: 'Tongban@2026' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'LOGIN_FAILED' });
    ctx.clock.advanceMinutes(16);
    expect((await ctx.anon().post('/api/auth/login', { username: 'lisi', password: 'Tongban@2026' })).statusCode).toBe(200);
  });

  it('requires the CSRF header on state-changing requests of a session', async () => {
    const a = await ctx.as('zhangsan');
    const res = await a.post('/api/auth/logout', {}, { 'x-csrf-token': 'forged' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'CSRF_INVALID' });
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect((await a.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('ends a session after 30 idle minutes', async () => {
    const a = await ctx.as('zhangsan');
    ctx.clock.advanceMinutes(29);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    ctx.clock.advanceMinutes(31);
    const res = await a.get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'SESSION_EXPIRED' });
  });

  it('ends a busy session after the absolute timeout of 12 hours', async () => {
    const a = await ctx.as('zhangsan');
    // Active every 25 minutes (never idle) for 11h40m, then past the 12-hour mark.
    for (let i = 0; i < 28; i++) {
      ctx.clock.advanceMinutes(25);
      expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    }
    ctx.clock.advanceMinutes(25);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe('registration', () => {
  it('refuses an ID number with a wrong check digit and creates nothing', async () => {
    const res = await ctx.anon().post('/api/auth/register', {
      kind: 'natural_person',
      username: 'wangwu',
      password: 'Anji-Baicha-7Q',
      name: '王五',
      idNumber: '110105194912310021',
      phone: '13800000000',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('身份证号码不正确');
    expect(res.json().messageEn).toContain('ID number');
    expect(await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'wangwu').executeTakeFirst()).toBeUndefined();
  });

  it('refuses a malformed request with field-level bilingual details', async () => {
    const res = await ctx.anon().post('/api/auth/register', { kind: 'natural_person', username: 'x' });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: string; details: { zh: string; en: string }[] };
    expect(body.error).toBe('VALIDATION_FAILED');
    expect(body.details.length).toBeGreaterThan(0);
  });

  it('registers a natural person and a legal person (with the SMS code) who can then log in', async () => {
    const p = await registerWithCode(ctx, {
      kind: 'natural_person',
      username: 'wangwu',
      password: 'Anji-Baicha-7Q',
      name: '王五',
      idNumber: '11010519491231002X',
      phone: '13800001111',
    });
    expect(p.statusCode).toBe(201);
    const l = await registerWithCode(ctx, {
      kind: 'legal_person',
      username: 'acme',
      password: 'Anji-Baicha-7Q',
      companyName: '安吉测试科技有限公司',
      creditCode: '91350100M000100Y43',
      legalRepresentative: '赵六',
      phone: '13800002222',
    });
    expect(l.statusCode).toBe(201);
    await ctx.anon().login('wangwu', 'Anji-Baicha-7Q');
  });

  it('stores passwords only as scrypt hashes', async () => {
    const row = await ctx.handle.db.selectFrom('users').select('password_hash').where('username', '=', 'zhangsan').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });
});

describe('personal data masking', () => {
  it('masks phone numbers in staff lists and shows the owner their own full data', async () => {
    const admin = await ctx.as('admin');
    await admin.post('/api/staff', {
      username: 'maskcheck',
      displayName: '测试人员',
      password: 'Anji-Baicha-7Q',
      orgId: (await ctx.handle.db.selectFrom('orgs').select('id').where('key', '=', 'county-samr').executeTakeFirstOrThrow()).id,
      phone: '13812341234',
      // 三权分立: the system administrator creates the account; roles come from the security administrator.
    });
    const list = await admin.get('/api/staff');
    expect(list.body).toContain('138****1234');
    expect(list.body).not.toContain('13812341234');
    const me = await (await ctx.as('zhangsan')).get('/api/auth/me');
    expect(me.json().user.idNumber).toMatch(/^\d{17}[\dX]$/);
  });
});
