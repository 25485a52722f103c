import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { DbHandle } from '../../src/server/db/database.js';
import type { App } from '../../src/server/http/types.js';
import { DEMO_PASSWORD } from '../../src/server/demo/seed.js';
import { openTestDb } from './databases.js';
import { MemoryStorage, type FileStorage } from '../../src/server/adapters/storage.js';
import { DevSinkSender } from '../../src/server/adapters/messaging.js';
import { DEMO_TOTP_SECRETS } from '../../src/server/demo/totp-secrets.js';
import { generate } from 'otplib';
import { openTotpSecret } from '../../src/server/crypto/second-factor-secrets.js';
import { PgListener } from '../../src/server/db/listener.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.js';
import type { TestClock as ServerTestClock } from '../../src/server/clock/test-clock.js';

export interface TestClock {
  now: () => Date;
  set(d: Date | string): void;
  advanceMinutes(m: number): void;
}

export function makeClock(start = new Date()): TestClock {
  let t = new Date(start);
  return {
    now: () => new Date(t),
    set: (d) => {
      t = new Date(d);
    },
    advanceMinutes: (m) => {
      t = new Date(t.getTime() + m * 60_000);
    },
  };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A logged-in (or anonymous) HTTP client over app.inject(), carrying the cookie and CSRF token. */
export class Agent {
  cookie: string | undefined;
  csrfToken: string | undefined;
  constructor(
    private readonly app: App,
    private readonly totp?: TotpClient,
  ) {}

  async request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in headers)) h['x-csrf-token'] = this.csrfToken;
    // A test may have changed an account or a grant straight in the database just before: let the
    // session cache (PostgreSQL, ADR 0053) take in the change notices first, as a request that made the
    // change does before answering. Without a notice (a missing trigger) the cached session stays and the test sees it.
    await this.app.sessionCache?.barrier();
    const res = await this.app.inject({ method, url, headers: h, ...(body === undefined ? {} : { payload: body as object }) });
    const set = res.cookies.find((c) => c.name === 'tb_session');
    if (set) this.cookie = set.value ? `tb_session=${set.value}` : undefined;
    return res;
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
  put(url: string, body?: unknown) {
    return this.request('PUT', url, body ?? {});
  }
  patch(url: string, body?: unknown) {
    return this.request('PATCH', url, body ?? {});
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }

  /**
   * Logs in as the person would: staff send the code of their authenticator app (computed on the test
   * clock), and a staff account without a second factor enrols one first, as the app demands.
   */
  async login(username: string, password = DEMO_PASSWORD): Promise<this> {
    const totp = this.totp ? await this.totp.codeFor(username) : undefined;
    const res = await this.post('/api/auth/login', { username, password, ...(totp ? { totp } : {}) });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const body = res.json() as { csrfToken: string; secondFactor?: { required: boolean; enabled: boolean } };
    this.csrfToken = body.csrfToken;
    if (this.totp && body.secondFactor?.required && !body.secondFactor.enabled) {
      const enrol = await this.post('/api/auth/second-factor/enrol');
      const code = await this.totp.codeFor(username, (enrol.json() as { secret: string }).secret);
      const confirmed = await this.post('/api/auth/second-factor/confirm', { code });
      if (confirmed.statusCode !== 200) throw new Error(`enrolling ${username} failed: ${confirmed.statusCode} ${confirmed.body}`);
    }
    return this;
  }
}

export class TotpClient {
  private readonly used = new Map<string, Set<number>>();
  constructor(
    private readonly clock: TestClock,
    private readonly db: Kysely<Database>,
  ) {}

  async secretFor(username: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('users').select('totp_secret').where('username', '=', username).executeTakeFirst();
    // Sealed at rest (ADR 0014).
    return openTotpSecret(row?.totp_secret ?? null) ?? DEMO_TOTP_SECRETS[username];
  }

  /** A fresh code for the account's secret (or the one given, e.g. while enrolling). */
  async codeFor(username: string, secret?: string): Promise<string | undefined> {
    const s = secret ?? (await this.secretFor(username));
    if (!s) return undefined;
    const used = this.used.get(username) ?? new Set<number>();
    this.used.set(username, used);
    for (;;) {
      const step = Math.floor(this.clock.now().getTime() / 30_000);
      const free = [step - 1, step, step + 1].find((x) => !used.has(x));
      if (free !== undefined) {
        used.add(free);
        return generate({ secret: s, epoch: free * 30 });
      }
      this.clock.advanceMinutes(0.5);
    }
  }
}

export interface TestContext {
  app: App;
  messages: DevSinkSender;
  handle: DbHandle;
  clock: TestClock;
  totp: TotpClient;
  anon(): Agent;
  as(username: string): Promise<Agent>;
  close(): Promise<void>;
}

/**
 * `handle`: another database than a fresh copy of the template; `storage`: e.g. a DiskStorage (default in memory);
 * `testClock`: the server's own test clock (ADR 0033) in place of the test's, with its test-only routes.
 */
export async function createTestContext(opts: { handle?: DbHandle; storage?: FileStorage; env?: NodeJS.ProcessEnv; logger?: boolean; testClock?: ServerTestClock } = {}): Promise<TestContext> {
  const handle = opts.handle ?? (await openTestDb());
  const server = opts.testClock;
  const clock: TestClock = server ? { now: server.now, set: (d) => void server.set(new Date(d)), advanceMinutes: (m) => void server.advance(m * 60_000) } : makeClock();
  // SECURE_COOKIES=false: app.inject() speaks plain http (the default is Secure, finding 14).
  const config = { ...loadConfig({ SECURE_COOKIES: 'false', ...opts.env }), seedDemo: false };
  const messages = new DevSinkSender();
  const totp = new TotpClient(clock, handle.db);
  // On PostgreSQL the app runs with its listening connection, session cache and hall events on it, as a server does (ADR 0053, 0054).
  const listener = handle.databaseUrl ? new PgListener(handle.databaseUrl) : undefined;
  const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, now: clock.now, storage: opts.storage ?? new MemoryStorage(), messages, ...(server ? { testClock: server } : {}), ...(listener ? { listener } : {}) });
  await app.ready();
  return {
    app,
    messages,
    handle,
    clock,
    totp,
    anon: () => new Agent(app, totp),
    as: (username) => new Agent(app, totp).login(username),
    async close() {
      await app.close();
      await handle.close();
    },
  };
}

/** The last SMS code (6 digits) the development sink sent to `phone`. */
export function lastSmsCode(messages: DevSinkSender, phone: string): string | undefined {
  const sms = messages.sent.filter((m) => m.channel === 'sms' && m.to === phone).at(-1);
  return sms?.body.match(/\b(\d{6})\b/)?.[1];
}

/** Registration in two steps (the SMS code read from the development sink); answers the confirmation. */
export async function registerWithCode(ctx: TestContext, body: Record<string, unknown>): Promise<LightMyRequestResponse> {
  const started = await ctx.anon().post('/api/auth/register', body);
  if (started.statusCode !== 202) return started;
  const code = lastSmsCode(ctx.messages, String(body.phone));
  if (!code) throw new Error(`no SMS code sent to ${String(body.phone)}`);
  return ctx.anon().post('/api/auth/register/confirm', { registrationId: (started.json() as { registrationId: string }).registrationId, code });
}
