import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/test-app.js';
import { loadConfig } from '../src/server/config.js';

let ctx: TestContext;
beforeAll(async () => {
  // The configuration as a deployment gets it: nothing turned off.
  ctx = await createTestContext({ env: { SECURE_COOKIES: 'true' } });
});
afterAll(async () => ctx.close());

describe('finding 14: secure by default', () => {
  it('finding 14: the session cookie is Secure unless turned off explicitly', async () => {
    expect(loadConfig({}).secureCookies).toBe(true);
    const res = await ctx.anon().post('/api/auth/login', { username: 'zhangsan', password: 'Tongban@2026' });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'tb_session');
    expect(cookie?.secure).toBe(true);
    expect(cookie?.httpOnly).toBe(true);
  });

  it('finding 14: every response carries HSTS, a strict CSP without inline scripts, frame-ancestors none, nosniff and a referrer policy', async () => {
    for (const url of ['/api/public/items', '/healthz', '/api/nope', '/api/public/progress?caseNo=x&code=y']) {
      const res = await ctx.anon().get(url);
      const csp = String(res.headers['content-security-policy']);
      expect(res.headers['strict-transport-security'], url).toMatch(/max-age=\d{7,}; includeSubDomains/);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it("every response carries the whole of helmet's set for these options, the same on each request", async () => {
    const expected = {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
      'x-frame-options': 'DENY',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    };
    const first = await ctx.anon().get('/api/public/items');
    const second = await ctx.anon().post('/api/auth/login', { username: 'nobody', password: 'x' });
    for (const res of [first, second]) {
      expect(res.headers).toMatchObject(expected);
      expect(res.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
    }
    expect(second.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('lets only the app itself frame an uploaded file (the material viewer)', async () => {
    const res = await ctx.anon().get('/api/files/00000000-0000-4000-8000-000000000000');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
