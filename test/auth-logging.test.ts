import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import type { DbHandle } from '../src/server/db/database.js';
import type { App } from '../src/server/http/types.js';
import { MemoryStorage } from '../src/server/adapters/storage.js';
import { DevSinkSender } from '../src/server/adapters/messaging.js';
import { openTestDb } from './support/databases.js';

/** The access log as a deployment writes it (LOG_LEVEL=info), captured line by line. */
const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let handle: DbHandle;
let app: App;
beforeAll(async () => {
  handle = await openTestDb();
  const config = { ...loadConfig({ SECURE_COOKIES: 'false', LOG_LEVEL: 'info' }), seedDemo: false };
  app = await buildApp({ config, db: handle.db, dbKind: handle.kind, logger: true, logStream: capture, storage: new MemoryStorage(), messages: new DevSinkSender() });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

describe('finding 15: secrets and personal data stay out of the logs', () => {
  it('finding 15: the query code, tokens, ID numbers and phones are redacted from the access log', async () => {
    lines.length = 0;
    await app.inject({ method: 'GET', url: '/api/public/progress?caseNo=AJ-20260302-000123&code=918273' });
    await app.inject({ method: 'GET', url: '/api/nope?token=s3cr3t-t0ken-value&idNumber=330523199003071234&phone=13857212345' });
    await app.inject({ method: 'GET', url: '/api/people/330523199003071234/13857212345' });
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'zhangsan', password: 'Tongban@2026' }, headers: { cookie: 'tb_session=abcdefsessiontoken', 'x-csrf-token': 'csrf-secret-value' } });
    const log = lines.join('\n');
    expect(lines.some((l) => l.includes('/api/public/progress'))).toBe(true);
    for (const secret of ['918273', 's3cr3t-t0ken-value', '330523199003071234', '13857212345', 'Tongban@2026', 'abcdefsessiontoken', 'csrf-secret-value']) {
      expect(log, secret).not.toContain(secret);
    }
    // What is needed to follow a request stays: the case number, the route, the status.
    expect(log).toContain('AJ-20260302-000123');
    expect(log).toContain('"statusCode":404');
  });
});
