import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgListener } from '../src/server/db/listener.js';
import { HallEventBus, HALL_CHANNEL, type HallEvent, type HallSignal } from '../src/server/hall/events.js';
import { PG_ADMIN_URL } from './support/databases.js';
import { startPgProxy, type PgProxy } from './support/pg-proxy.js';

/**
 * The one listening connection per server process (ADR 0054), on the real PostgreSQL server whichever
 * database the suite runs on (LISTEN/NOTIFY is PostgreSQL's), through a proxy the test can cut or stall.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (ok: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) return false;
    await sleep(20);
  }
  return true;
};

let proxy: PgProxy;
let admin: pg.Client;
beforeAll(async () => {
  proxy = await startPgProxy();
  admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
  await proxy.close();
});

/** A channel of this test's own (the tests share the server's postgres database). */
const channel = () => `tb_test_${randomUUID().replaceAll('-', '')}`;
const notify = (ch: string, payload: string) => admin.query('select pg_notify($1, $2)', [ch, payload]);
const backends = async (app: string) => (await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [app])).rows.map((r) => r.pid);

/** A listener through the proxy with a name of its own, and what its subscriber heard. */
function makeListener(opts: ConstructorParameters<typeof PgListener>[1] = {}) {
  const app = `tb-test-${randomUUID().slice(0, 8)}`;
  const errors: string[] = [];
  const listener = new PgListener(proxy.url('postgres'), { applicationName: app, retryMs: 50, maxRetryMs: 400, onError: (m) => errors.push(m), ...opts });
  return { listener, app, errors };
}

describe('hall events across a database outage (review finding: the call screens went deaf)', () => {
  it('a process hears hall events again after PostgreSQL refused connections for a few seconds, and its screens are told to start over', { timeout: 40_000 }, async () => {
    const hallId = randomUUID();
    // Before ADR 0054 the bus tried once, a second after the drop, and never again.
    const { listener } = makeListener({ retryMs: 250, maxRetryMs: 1_000 });
    const bus = new HallEventBus(listener);
    await listener.start();
    const got: HallSignal[] = [];
    bus.subscribe(hallId, (e) => got.push(e));
    const publish = (category: string) => notify(HALL_CHANNEL, JSON.stringify({ kind: 'queue', hallId, category } satisfies HallEvent));
    try {
      await publish('before');
      expect(await until(() => got.length === 1)).toBe(true);
      // The server goes away and refuses connections for longer than several retries.
      await proxy.down();
      await sleep(3_000);
      await proxy.up();
      expect(await until(() => got.some((e) => e.kind === 'resync'), 10_000)).toBe(true);
      // Listening again: the next event arrives.
      await publish('after');
      expect(await until(() => got.some((e) => e.kind === 'queue' && e.category === 'after'))).toBe(true);
      expect(got.map((e) => e.kind)).toEqual(['queue', 'resync', 'queue']);
    } finally {
      bus.close();
      await listener.close();
    }
  });
});

describe('the listening connection (ADR 0054)', () => {
  it('delivers each channel to its subscribers only, and listens on a channel subscribed after it started', async () => {
    const { listener } = makeListener();
    const [a, b] = [channel(), channel()];
    const heard: string[] = [];
    const states: boolean[] = [];
    listener.subscribe({ channel: a, notify: (p) => heard.push(`a:${p}`), state: (s) => states.push(s) });
    await listener.start();
    expect(listener.listening(a)).toBe(true);
    expect(states).toEqual([true]);
    const bStates: boolean[] = [];
    listener.subscribe({ channel: b, notify: (p) => heard.push(`b:${p}`), state: (s) => bStates.push(s) });
    expect(await until(() => listener.listening(b))).toBe(true);
    expect(bStates).toEqual([true]);
    await notify(a, '1');
    await notify(b, '2');
    await notify(channel(), 'nobody');
    expect(await until(() => heard.length === 2)).toBe(true);
    expect(heard.sort()).toEqual(['a:1', 'b:2']);
    expect(() => listener.subscribe({ channel: 'x; drop table users', notify: () => undefined })).toThrow(/channel/);
    await listener.close();
  });

  it('comes back after its backend is terminated, again and again, telling subscribers each time', { timeout: 20_000 }, async () => {
    const { listener, app, errors } = makeListener();
    const ch = channel();
    const heard: string[] = [];
    const states: boolean[] = [];
    listener.subscribe({ channel: ch, notify: (p) => heard.push(p), state: (s) => states.push(s) });
    await listener.start();
    for (let round = 1; round <= 3; round++) {
      const [pid] = await backends(app);
      expect(pid).toBeDefined();
      await admin.query('select pg_terminate_backend($1)', [pid]);
      expect(await until(() => states.length === 2 * round + 1)).toBe(true);
      await notify(ch, `round ${round}`);
      expect(await until(() => heard.includes(`round ${round}`))).toBe(true);
    }
    expect(states).toEqual([true, false, true, false, true, false, true]);
    expect(errors).toHaveLength(3);
    expect(await backends(app)).toHaveLength(1);
    await listener.close();
  });

  it('a barrier returns after every notification committed before it has been delivered', async () => {
    const { listener } = makeListener();
    const ch = channel();
    const heard: string[] = [];
    listener.subscribe({ channel: ch, notify: (p) => heard.push(p) });
    await listener.start();
    for (let i = 0; i < 20; i++) {
      await admin.query('begin');
      await admin.query('select pg_notify($1, $2)', [ch, String(i)]);
      await admin.query('commit');
      await listener.barrier();
      expect(heard).toContain(String(i));
    }
    // Concurrent callers share round trips, and each one's notification is in before it returns.
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        await notify(ch, `c${i}`);
        await listener.barrier();
        expect(heard).toContain(`c${i}`);
      }),
    );
    await listener.close();
  });

  it('a connection that stops answering is given up by the barrier, and the listener connects again', { timeout: 20_000 }, async () => {
    const { listener, app } = makeListener({ barrierTimeoutMs: 300 });
    const ch = channel();
    const states: boolean[] = [];
    const heard: string[] = [];
    listener.subscribe({ channel: ch, notify: (p) => heard.push(p), state: (s) => states.push(s) });
    await listener.start();
    proxy.stall();
    const started = Date.now();
    await listener.barrier();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(states).toEqual([true, false]);
    expect(listener.listening(ch)).toBe(false);
    // A barrier without a connection does not wait.
    await listener.barrier();
    expect(await until(() => listener.listening(ch))).toBe(true);
    await notify(ch, 'back');
    expect(await until(() => heard.includes('back'))).toBe(true);
    await listener.close();
    // The stalled connection is gone from the server once the proxy lets go of it.
    await proxy.down();
    await proxy.up();
    await sleep(300);
    expect(await backends(app)).toHaveLength(0);
  });

  it('keeps trying while the server refuses connections, and stops for good when closed', { timeout: 20_000 }, async () => {
    await proxy.down();
    const { listener, app, errors } = makeListener();
    const ch = channel();
    const states: boolean[] = [];
    listener.subscribe({ channel: ch, notify: () => undefined, state: (s) => states.push(s) });
    await listener.start(); // resolves after the first failure
    expect(listener.listening(ch)).toBe(false);
    await sleep(1_500);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    await proxy.up();
    expect(await until(() => listener.listening(ch))).toBe(true);
    expect(states).toEqual([true]);
    await listener.close();
    expect(states).toEqual([true, false]);
    await sleep(1_000);
    expect(await backends(app)).toHaveLength(0);
    expect(listener.listening(ch)).toBe(false);
  });
});
