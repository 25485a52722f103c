import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { createTestContext, type TestContext } from './support/test-app.js';
import { buildStaff } from './support/factories.js';
import { installKeyring, keyring } from '../src/server/crypto/data-key.js';
import { generateMasterKey, Keyring } from '../src/server/crypto/keyring.js';
import { resealPersonalData } from '../src/server/crypto/reseal.js';
import { DEMO_TOTP_SECRETS } from '../src/server/demo/totp-secrets.js';
import { TEST_DATA_KEY } from './support/databases.js';

/** ADR 0007 left the TOTP secrets in plain text; ADR 0014 seals them with the personal-data key (SM4). */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  installKeyring(new Keyring([TEST_DATA_KEY]));
  await ctx.close();
});

const secretsOf = async () => ctx.handle.db.selectFrom('users').select(['username', 'totp_secret', 'totp_pending_secret']).execute();
const plaintextSecrets = async () =>
  (await secretsOf()).flatMap((u) => [u.totp_secret, u.totp_pending_secret]).filter((v): v is string => v !== null && !Keyring.isSealed(v));

describe('TOTP secrets sealed at rest (ADR 0014)', () => {
  it('totp at rest: no plaintext TOTP secret remains after start-up, and demo staff still log in with their app codes', async () => {
    expect(await plaintextSecrets()).toEqual([]);
    const clerk = await secretsOf().then((rows) => rows.find((r) => r.username === 'clerk'));
    expect(clerk?.totp_secret).not.toBe(DEMO_TOTP_SECRETS.clerk);
    expect(clerk?.totp_secret).not.toContain(DEMO_TOTP_SECRETS.clerk ?? '-');
    const agent = await ctx.as('clerk');
    expect((await agent.get('/api/workbench/inbox')).statusCode).toBe(200);
  });

  it('totp at rest: a secret being enrolled and the confirmed one are stored sealed; the login with a code works', async () => {
    await buildStaff(ctx.handle.db, { username: 'sealclerk', orgKey: 'county-hall', roles: [{ role: 'window_clerk', scopeKey: 'county-gov' }] });
    const agent = ctx.anon();
    const first = await agent.post('/api/auth/login', { username: 'sealclerk', password: 'Tongban@2026' });
    agent.csrfToken = (first.json() as { csrfToken: string }).csrfToken;
    const { secret } = (await agent.post('/api/auth/second-factor/enrol')).json() as { secret: string };
    const pending = (await secretsOf()).find((r) => r.username === 'sealclerk');
    expect(pending?.totp_pending_secret).toBeTruthy();
    expect(Keyring.isSealed(pending?.totp_pending_secret ?? '')).toBe(true);
    const confirmed = await agent.post('/api/auth/second-factor/confirm', { code: await generate({ secret, epoch: Math.floor(ctx.clock.now().getTime() / 1000) }) });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const row = (await secretsOf()).find((r) => r.username === 'sealclerk');
    expect(Keyring.isSealed(row?.totp_secret ?? '')).toBe(true);
    expect(row?.totp_secret).not.toContain(secret);
    expect(await plaintextSecrets()).toEqual([]);
    ctx.clock.advanceMinutes(1);
    const login = await ctx.anon().post('/api/auth/login', { username: 'sealclerk', password: 'Tongban@2026', totp: await generate({ secret, epoch: Math.floor(ctx.clock.now().getTime() / 1000) }) });
    expect(login.statusCode, login.body).toBe(200);
    const wrong = await ctx.anon().post('/api/auth/login', { username: 'sealclerk', password: 'Tongban@2026', totp: '000000' });
    expect(wrong.statusCode).toBe(401);
  });

  it('totp at rest: a plaintext secret from before is sealed by the start-up data step and by key rotation', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await buildStaff(ctx.handle.db, { username: 'legacyclerk', orgKey: 'county-hall', roles: [{ role: 'window_clerk', scopeKey: 'county-gov' }] });
    await ctx.handle.db.updateTable('users').set({ totp_secret: secret, totp_enabled_at: new Date() }).where('username', '=', 'legacyclerk').execute();
    expect(await plaintextSecrets()).toEqual([secret]);
    // Still readable before the data step (a value that is not an envelope is plaintext from before).
    ctx.clock.advanceMinutes(1);
    const before = await ctx.anon().post('/api/auth/login', { username: 'legacyclerk', password: 'Tongban@2026', totp: await generate({ secret, epoch: Math.floor(ctx.clock.now().getTime() / 1000) }) });
    expect(before.statusCode, before.body).toBe(200);

    const report = await resealPersonalData(ctx.handle.db);
    expect(report.totpSecrets).toBe(1);
    expect(await plaintextSecrets()).toEqual([]);
    ctx.clock.advanceMinutes(1);
    const after = await ctx.anon().post('/api/auth/login', { username: 'legacyclerk', password: 'Tongban@2026', totp: await generate({ secret, epoch: Math.floor(ctx.clock.now().getTime() / 1000) }) });
    expect(after.statusCode, after.body).toBe(200);

    // Rotation: with a new key first, every secret is re-sealed under it, and codes still verify.
    const oldKid = keyring().currentKid;
    installKeyring(new Keyring([generateMasterKey(), TEST_DATA_KEY]));
    const rotated = await resealPersonalData(ctx.handle.db);
    expect(rotated.totpSecrets).toBeGreaterThan(3);
    const kids = new Set((await secretsOf()).flatMap((u) => [u.totp_secret, u.totp_pending_secret]).filter((v): v is string => v !== null).map((v) => Keyring.kidOf(v)));
    expect(kids).toEqual(new Set([keyring().currentKid]));
    expect(kids.has(oldKid)).toBe(false);
    ctx.clock.advanceMinutes(1);
    const rotatedLogin = await ctx.anon().post('/api/auth/login', { username: 'legacyclerk', password: 'Tongban@2026', totp: await generate({ secret, epoch: Math.floor(ctx.clock.now().getTime() / 1000) }) });
    expect(rotatedLogin.statusCode, rotatedLogin.body).toBe(200);
  });
});
