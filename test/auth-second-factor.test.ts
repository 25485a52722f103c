import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { createTestContext, type TestContext } from './support/test-app.js';
import { buildStaff } from './support/factories.js';
import { DEMO_PASSWORD } from '../src/server/demo/seed.js';
import { DEMO_TOTP_SECRETS } from '../src/server/demo/totp-secrets.js';
import { STAFF_ADMINISTRATION } from '../src/server/policies/staff.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

let addressSeq = 1;
const login = (body: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress: `203.0.113.${addressSeq++}` });
const codeAt = (secret: string, offsetSteps = 0) => generate({ secret, epoch: Math.floor(ctx.clock.now().getTime() / 1000) + offsetSteps * 30 });
const failedLogins = async (username: string) => (await ctx.handle.db.selectFrom('users').select('failed_logins').where('username', '=', username).executeTakeFirstOrThrow()).failed_logins;

describe('two-factor for staff (TOTP, RFC 6238)', () => {
  it('a staff account without a second factor reaches only the enrolment routes, then enrols with a QR code', async () => {
    await buildStaff(ctx.handle.db, { username: 'newclerk', orgKey: 'county-hall', roles: [{ role: 'window_clerk', scopeKey: 'county-gov' }] });
    const res = await login({ username: 'newclerk', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json().secondFactor).toEqual({ enabled: false, required: true });
    const a = ctx.anon();
    a.cookie = `tb_session=${res.cookies.find((c) => c.name === 'tb_session')?.value}`;
    a.csrfToken = res.json().csrfToken;
    // Enforced on the server: every staff route refuses until enrolment.
    const blocked = await a.get('/api/workbench/inbox');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ error: 'SECOND_FACTOR_REQUIRED' });
    expect((await a.get('/api/auth/me')).json().secondFactor).toEqual({ enabled: false, required: true });

    const enrol = await a.post('/api/auth/second-factor/enrol');
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUri, qrCode } = enrol.json() as { secret: string; otpauthUri: string; qrCode: string };
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/.*newclerk.*secret=/);
    expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect((await a.post('/api/auth/second-factor/confirm', { code: (await codeAt(secret)) === '000000' ? '111111' : '000000' })).statusCode).toBe(400);
    const confirmed = await a.post('/api/auth/second-factor/confirm', { code: await codeAt(secret) });
    expect(confirmed.statusCode).toBe(200);
    const codes = confirmed.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // Stored hashed only.
    const stored = await ctx.handle.db.selectFrom('recovery_codes').innerJoin('users', 'users.id', 'recovery_codes.user_id').select('code_hash').where('username', '=', 'newclerk').execute();
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(codes[0]?.replace('-', ''));
    expect((await a.get('/api/workbench/inbox')).statusCode).toBe(200);
    // A second enrolment is refused (changing it goes through two admins).
    expect((await a.post('/api/auth/second-factor/enrol')).statusCode).toBe(409);
  });

  it('login needs the code: missing, wrong and replayed codes get the same 401 as a wrong password and count as failures', async () => {
    ctx.clock.advanceMinutes(1);
    const secret = DEMO_TOTP_SECRETS.supervisor ?? '';
    const wrongPassword = await login({ username: 'supervisor', password: 'not-the-password' });
    const missing = await login({ username: 'supervisor', password: DEMO_PASSWORD });
    const good = await codeAt(secret);
    const wrong = await login({ username: 'supervisor', password: DEMO_PASSWORD, totp: good === '123456' ? '654321' : '123456' });
    for (const r of [missing, wrong]) {
      expect(r.statusCode).toBe(401);
      expect(r.json()).toEqual(wrongPassword.json());
    }
    expect(await failedLogins('supervisor')).toBe(3);
    expect((await login({ username: 'supervisor', password: DEMO_PASSWORD, totp: good })).statusCode).toBe(200);
    expect(await failedLogins('supervisor')).toBe(0);
    // The same code again (RFC 6238 §5.2: no second use of an accepted code).
    const replay = await login({ username: 'supervisor', password: DEMO_PASSWORD, totp: good });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toEqual(wrongPassword.json());
    // The next step's code works (a phone clock 30 s ahead).
    expect((await login({ username: 'supervisor', password: DEMO_PASSWORD, totp: await codeAt(secret, 1) })).statusCode).toBe(200);
    // A code two steps away does not.
    expect((await login({ username: 'supervisor', password: DEMO_PASSWORD, totp: await codeAt(secret, 3) })).statusCode).toBe(401);
  });

  it('a recovery code logs in once', async () => {
    await buildStaff(ctx.handle.db, { username: 'lostphone', orgKey: 'county-hall', roles: [{ role: 'window_clerk', scopeKey: 'county-gov' }] });
    const a = await ctx.as('lostphone'); // enrols at first login, as the app demands
    expect((await a.get('/api/workbench/inbox')).statusCode).toBe(200);
    // Take the factor away and enrol again by hand, to hold the recovery codes.
    await ctx.handle.db.updateTable('users').set({ totp_secret: null, totp_enabled_at: null }).where('username', '=', 'lostphone').execute();
    const enrol = await a.post('/api/auth/second-factor/enrol');
    const codes = (await a.post('/api/auth/second-factor/confirm', { code: await ctx.totp.codeFor('lostphone', enrol.json().secret) })).json().recoveryCodes as string[];
    const recovery = codes[3] ?? '';
    expect((await login({ username: 'lostphone', password: DEMO_PASSWORD, totp: recovery })).statusCode).toBe(200);
    expect((await login({ username: 'lostphone', password: DEMO_PASSWORD, totp: recovery })).statusCode).toBe(401);
    expect((await login({ username: 'lostphone', password: DEMO_PASSWORD, totp: recovery.toLowerCase().replace('-', ' ') })).statusCode).toBe(401);
    expect((await login({ username: 'lostphone', password: DEMO_PASSWORD, totp: codes[4] })).statusCode).toBe(200);
  });

  it('an admin resets another staff member\'s second factor only with a second admin\'s approval', async () => {
    const role = STAFF_ADMINISTRATION.account.by;
    await buildStaff(ctx.handle.db, { username: 'admin_two', orgKey: 'county-gov', roles: [{ role, scopeKey: 'province-gov' }] });
    await buildStaff(ctx.handle.db, { username: 'admin_one', orgKey: 'county-gov', roles: [{ role, scopeKey: 'province-gov' }] });
    const one = await ctx.as('admin_one');
    const two = await ctx.as('admin_two');
    const clerk = await ctx.as('clerk2');
    const clerkId = (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'clerk2').executeTakeFirstOrThrow()).id;

    // Not for applicants or business staff; not for oneself.
    expect((await clerk.post('/api/second-factor-resets', { userId: clerkId })).statusCode).toBe(403);
    const requested = await one.post('/api/second-factor-resets', { userId: clerkId });
    expect(requested.statusCode).toBe(201);
    const resetId = requested.json().id as string;
    // The requester cannot approve their own request.
    const self = await one.post(`/api/second-factor-resets/${resetId}/approve`);
    expect(self.statusCode).toBe(403);
    expect((await ctx.handle.db.selectFrom('users').select('totp_enabled_at').where('id', '=', clerkId).executeTakeFirstOrThrow()).totp_enabled_at).not.toBeNull();
    // The second admin sees it and approves it.
    expect((await two.get('/api/second-factor-resets')).json().items.map((i: { id: string }) => i.id)).toContain(resetId);
    expect((await two.post(`/api/second-factor-resets/${resetId}/approve`)).statusCode).toBe(200);
    expect((await two.post(`/api/second-factor-resets/${resetId}/approve`)).statusCode).toBe(404);
    // The factor is gone and the clerk's sessions ended; the next login must enrol again.
    expect((await clerk.get('/api/auth/me')).statusCode).toBe(401);
    const again = await login({ username: 'clerk2', password: DEMO_PASSWORD });
    expect(again.statusCode).toBe(200);
    expect(again.json().secondFactor).toEqual({ enabled: false, required: true });
    const audit = await ctx.handle.db.selectFrom('audit_events').select(['kind', 'user_id']).where('kind', 'in', ['second_factor_reset_requested', 'second_factor_reset']).execute();
    expect(audit.map((e) => e.kind).sort()).toEqual(['second_factor_reset', 'second_factor_reset_requested']);
  });
});
