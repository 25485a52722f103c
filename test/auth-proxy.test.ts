import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/test-app.js';

let plain: TestContext;
let proxied: TestContext;
beforeAll(async () => {
  plain = await createTestContext();
  proxied = await createTestContext({ env: { TRUST_PROXY: '10.0.0.1, 172.16.0.0/12' } });
});
afterAll(async () => {
  await plain.close();
  await proxied.close();
});

const lastAuditIp = async (ctx: TestContext, username: string) =>
  (await ctx.handle.db.selectFrom('audit_events').select('ip').where('username', '=', username).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).ip;

describe('finding 4: X-Forwarded-For', () => {
  it('finding 4: a spoofed X-Forwarded-For from an untrusted peer changes neither the throttle key nor the audit IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await plain.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: `ghost${i}`, password: 'whatever-it-is' },
        remoteAddress: '192.0.2.10',
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      });
      statuses.push(res.statusCode);
    }
    // Counted against the peer (limit 30 per 10 minutes), whatever the header claimed.
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    expect(await lastAuditIp(plain, 'ghost0')).toBe('192.0.2.10');
  }, 180_000);

  it('honours X-Forwarded-For from a configured proxy (TRUST_PROXY)', async () => {
    await proxied.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'viaproxy', password: 'whatever-it-is' },
      remoteAddress: '10.0.0.1',
      headers: { 'x-forwarded-for': '198.51.100.77' },
    });
    expect(await lastAuditIp(proxied, 'viaproxy')).toBe('198.51.100.77');
    await proxied.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'viacidr', password: 'whatever-it-is' },
      remoteAddress: '172.20.1.2',
      headers: { 'x-forwarded-for': '198.51.100.78' },
    });
    expect(await lastAuditIp(proxied, 'viacidr')).toBe('198.51.100.78');
    // Not from the proxy: the header is ignored.
    await proxied.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'direct', password: 'whatever-it-is' },
      remoteAddress: '192.0.2.99',
      headers: { 'x-forwarded-for': '198.51.100.79' },
    });
    expect(await lastAuditIp(proxied, 'direct')).toBe('192.0.2.99');
  });
});

describe('TRUST_PROXY configuration', () => {
  it('trusts no proxy by default and refuses entries that are not addresses or CIDR ranges', async () => {
    const { loadConfig, ConfigError } = await import('../src/server/config.js');
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1,fd00::/8' }).trustProxy).toEqual(['10.0.0.1', 'fd00::/8']);
    for (const bad of ['true', '10.0.0.1/33', 'proxy.local', '10.0.0.0/8/1']) expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
  });
});
