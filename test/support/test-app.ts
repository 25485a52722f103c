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

  /** Logs in; demo staff also send the TOTP code of their published secret, computed on the test clock. */
  async login(username: string, password = DEMO_PASSWORD): Promise<this> {
    const totp = this.totp ? await this.totp.codeFor(username) : undefined;
    const res = await this.post('/api/auth/login', { username, password, ...(totp ? { totp } : {}) });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    this.csrfToken = (res.json() as { csrfToken: string }).csrfToken;
    return this;
  }
}

/**
 * TOTP codes for the demo staff on the TEST clock (the app verifies against its injected now()). The
 * app accepts the steps either side of now but each step only once (no replay), so a user logging in
 * again within one step gets the next unused step; when all three are used the clock moves on 30 s.
 */
export class TotpClient {
  private readonly used = new Map<string, Set<number>>();
  constructor(private readonly clock: TestClock) {}

  async codeFor(username: string, secret = DEMO_TOTP_SECRETS[username]): Promise<string | undefined> {
    if (!secret) return undefined;
    const used = this.used.get(username) ?? new Set<number>();
    this.used.set(username, used);
    for (;;) {
      const step = Math.floor(this.clock.now().getTime() / 30_000);
      const free = [step - 1, step, step + 1].find((s) => !used.has(s));
      if (free !== undefined) {
        used.add(free);
        return generate({ secret, epoch: free * 30 });
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

/** `handle`: another database than a fresh copy of the template; `storage`: e.g. a DiskStorage (default in memory). */
export async function createTestContext(opts: { handle?: DbHandle; storage?: FileStorage; env?: NodeJS.ProcessEnv; logger?: boolean } = {}): Promise<TestContext> {
  const handle = opts.handle ?? (await openTestDb());
  const clock = makeClock();
  // SECURE_COOKIES=false: app.inject() speaks plain http (the default is Secure, finding 14).
  const config = { ...loadConfig({ SECURE_COOKIES: 'false', ...opts.env }), seedDemo: false };
  const messages = new DevSinkSender();
  const totp = new TotpClient(clock);
  const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, now: clock.now, storage: opts.storage ?? new MemoryStorage(), messages });
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
