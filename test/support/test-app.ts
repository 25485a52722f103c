import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { DbHandle } from '../../src/server/db/database.js';
import type { App } from '../../src/server/http/types.js';
import { DEMO_PASSWORD } from '../../src/server/demo/seed.js';
import { openTestDb } from './databases.js';
import { MemoryStorage } from '../../src/server/adapters/storage.js';
import { DevSinkSender } from '../../src/server/adapters/messaging.js';

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
  constructor(private readonly app: App) {}

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

  async login(username: string, password = DEMO_PASSWORD): Promise<this> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    this.csrfToken = (res.json() as { csrfToken: string }).csrfToken;
    return this;
  }
}

export interface TestContext {
  app: App;
  messages: DevSinkSender;
  handle: DbHandle;
  clock: TestClock;
  anon(): Agent;
  as(username: string): Promise<Agent>;
  close(): Promise<void>;
}

export async function createTestContext(): Promise<TestContext> {
  const handle = await openTestDb();
  const clock = makeClock();
  const config = { ...loadConfig({}), seedDemo: false };
  const messages = new DevSinkSender();
  const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, now: clock.now, storage: new MemoryStorage(), messages });
  await app.ready();
  return {
    app,
    messages,
    handle,
    clock,
    anon: () => new Agent(app),
    as: (username) => new Agent(app).login(username),
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
