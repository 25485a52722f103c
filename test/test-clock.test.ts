import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../src/server/clock/test-clock.js';
import { ConfigError, loadConfig } from '../src/server/config.js';
import { createTestContext, type TestContext } from './support/test-app.js';

/**
 * The test clock of browser journeys (ADR 0033): its routes exist only on a server started with
 * TONGBAN_TEST_CLOCK=1, it is the app's clock there (sessions, deadlines, the sweep), and it is never
 * part of the OpenAPI document.
 */
const START = '2026-12-07T09:00:00+08:00';

describe('without TONGBAN_TEST_CLOCK', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.close());

  it('has no test routes: moving the clock and running the sweep are 404s', async () => {
    for (const [method, url] of [
      ['GET', '/api/test/clock'],
      ['POST', '/api/test/clock'],
      ['POST', '/api/test/sweep'],
    ] as const) {
      const res = await ctx.anon().request(method, url, method === 'POST' ? { advanceMs: 86_400_000 } : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const spec = (await ctx.anon().get('/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths).filter((p) => p.startsWith('/api/test'))).toEqual([]);
  });
});

describe('with the test clock', () => {
  let ctx: TestContext;
  let clock: TestClock;
  beforeAll(async () => {
    const config = loadConfig({ TONGBAN_TEST_CLOCK: '1', TONGBAN_CLOCK_START: START });
    clock = new TestClock(config.testClock?.start ?? null);
    ctx = await createTestContext({ testClock: clock });
  });
  afterAll(async () => ctx.close());

  it('starts at TONGBAN_CLOCK_START and ticks on from there', async () => {
    const res = await ctx.anon().get('/api/test/clock');
    expect(res.statusCode).toBe(200);
    const at = new Date((res.json() as { now: string }).now).getTime();
    expect(at - new Date(START).getTime()).toBeGreaterThanOrEqual(0);
    expect(at - new Date(START).getTime()).toBeLessThan(60_000);
  });

  it('is the app’s clock: advancing it past the idle timeout ends a session', async () => {
    const a = await ctx.as('zhangsan');
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    const moved = await ctx.anon().post('/api/test/clock', { advanceMs: 31 * 60_000 });
    expect(moved.statusCode).toBe(200);
    const me = await a.get('/api/auth/me');
    expect(me.statusCode).toBe(401);
    expect(me.json()).toMatchObject({ error: 'SESSION_EXPIRED' });
  });

  it('sets the clock to an instant and answers it', async () => {
    const res = await ctx.anon().post('/api/test/clock', { set: '2027-01-04T09:00:00+08:00' });
    expect(res.statusCode).toBe(200);
    const now = new Date((res.json() as { now: string }).now).getTime();
    expect(now - Date.parse('2027-01-04T01:00:00Z')).toBeLessThan(5_000);
    expect(clock.now().getTime() - Date.parse('2027-01-04T01:00:00Z')).toBeLessThan(5_000);
  });

  it('refuses a move that is not exactly one of set or advanceMs, or that goes back, and leaves the clock alone', async () => {
    const before = clock.offset;
    for (const body of [{}, { set: START, advanceMs: 1 }, { advanceMs: -1 }, { set: 'tomorrow' }, { advanceMs: 1, extra: true }]) {
      const res = await ctx.anon().post('/api/test/clock', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ ok: false, error: 'VALIDATION_FAILED' });
    }
    expect(clock.offset).toBe(before);
  });

  it('runs the sweep on the test clock', async () => {
    const res = await ctx.anon().post('/api/test/sweep');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ report: { deemedAccepted: expect.any(Number), supervisionHits: expect.any(Number) } });
  });

  it('stays out of the OpenAPI document even when on', async () => {
    const spec = (await ctx.anon().get('/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths).filter((p) => p.startsWith('/api/test'))).toEqual([]);
  });
});

describe('TONGBAN_TEST_CLOCK in the configuration', () => {
  it('is off unless asked for', () => {
    expect(loadConfig({}).testClock).toBeNull();
    expect(loadConfig({ TONGBAN_TEST_CLOCK: '1' }).testClock).toEqual({ start: null });
    expect(loadConfig({ TONGBAN_TEST_CLOCK: '1', TONGBAN_CLOCK_START: START }).testClock?.start?.toISOString()).toBe('2026-12-07T01:00:00.000Z');
  });

  it('is refused in production, with several workers, with a start but no flag, and with a start it cannot read', () => {
    expect(() => loadConfig({ TONGBAN_TEST_CLOCK: '1', NODE_ENV: 'production' })).toThrow(/NODE_ENV=production/);
    expect(() => loadConfig({ TONGBAN_TEST_CLOCK: '1', WORKERS: '2', DATABASE_URL: 'postgres://h/x' })).toThrow(ConfigError);
    expect(() => loadConfig({ TONGBAN_CLOCK_START: START })).toThrow(/TONGBAN_TEST_CLOCK/);
    expect(() => loadConfig({ TONGBAN_TEST_CLOCK: '1', TONGBAN_CLOCK_START: '2026-12-07 09:00' })).toThrow(/TONGBAN_CLOCK_START/);
    expect(() => loadConfig({ TONGBAN_TEST_CLOCK: '1', TONGBAN_CLOCK_START: '2026-13-40T09:00:00Z' })).toThrow(/TONGBAN_CLOCK_START/);
  });
});

describe('TestClock', () => {
  it('ticks with real time from its moved origin and only jumps forward', () => {
    let real = 1_000_000;
    const c = new TestClock(new Date('2026-12-07T01:00:00Z'), () => real);
    real += 5_000;
    expect(c.now().toISOString()).toBe('2026-12-07T01:00:05.000Z');
    c.advance(86_400_000);
    expect(c.now().toISOString()).toBe('2026-12-08T01:00:05.000Z');
    expect(() => c.advance(-1)).toThrow(RangeError);
    c.set(new Date('2026-12-01T00:00:00Z'));
    expect(c.now().toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });
});
