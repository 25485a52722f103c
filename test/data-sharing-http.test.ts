import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { sampleApplicationFor } from './support/applications.js';
import { withChecklist } from './support/checklist.js';
import { DEMO_APPLICANTS } from '../src/server/demo/seed.js';
import { SIGNATURE_SCHEME, signatureOf } from '../src/server/data-sharing/http-source.js';

/**
 * The HTTP source adapter (issue 11) against a small mock provider started here on a random port: a
 * signed request answered; a slow provider timed out; a failing provider retried, then the circuit
 * opens and calls stop reaching it — each with a clear message, and the case left as it was.
 */
const KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const zs = DEMO_APPLICANTS.find((a) => a.username === 'zhangsan')!;

type Mode = 'ok' | 'slow' | 'fail';
const mock = { mode: 'ok' as Mode, requests: 0, badSignatures: 0, lastBody: undefined as Record<string, unknown> | undefined };
let server: http.Server;
let ctx: TestContext;
let handler: Agent;
let caseId: string;

function startMock(): Promise<string> {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      mock.requests++;
      const auth = req.headers.authorization ?? '';
      const sig = /signature=([0-9a-f]+)/.exec(auth)?.[1];
      const expected = signatureOf(Buffer.from(KEY, 'hex'), req.url ?? '', String(req.headers['x-tongban-timestamp']), body);
      if (!auth.startsWith(SIGNATURE_SCHEME) || sig !== expected) {
        mock.badSignatures++;
        res.writeHead(401).end();
        return;
      }
      mock.lastBody = JSON.parse(body) as Record<string, unknown>;
      if (mock.mode === 'fail') return void res.writeHead(500).end('{"error":"down"}');
      const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answer: { insured: true, employer: '安吉县某竹木制品有限公司', contributionMonths: 96, secret: 'not asked for' } }));
      if (mock.mode === 'slow') setTimeout(answer, 1500);
      else answer();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/social-insurance/query`)));
}

const query = () => handler.post('/api/data-sharing/queries', { caseId, purpose: 'employment_benefit_review', source: 'social_insurance', fields: ['insured', 'employer', 'contributionMonths'] });
const caseState = async () => ctx.handle.db.selectFrom('cases').select(['state', 'lock_version', 'event_seq', 'event_hash', 'snapshot']).where('id', '=', caseId).executeTakeFirstOrThrow();

beforeAll(async () => {
  const url = await startMock();
  ctx = await createTestContext({
    env: { DATA_SOURCE_SOCIAL_INSURANCE_URL: url, DATA_SOURCE_SOCIAL_INSURANCE_KEY: KEY, DATA_SOURCE_TIMEOUT_MS: '300', DATA_SOURCE_RETRIES: '1', DATA_SOURCE_BREAK_AFTER: '2', DATA_SOURCE_HALF_OPEN_MS: '60000' },
  });
  ctx.clock.set('2026-03-02T02:00:00Z');
  const zhangsan = await ctx.as('zhangsan');
  const clerk = await ctx.as('clerk');
  handler = await ctx.as('samr_handler');
  const implId = ((await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json() as { items: { implId: string; name: string }[] }).items.find((i) => i.name.startsWith('个体工商户设立登记'))!.implId;
  const created = await zhangsan.post('/api/cases', { implId, ...(await sampleApplicationFor(zhangsan, implId)), materials: [] });
  expect(created.statusCode, created.body).toBe(201);
  caseId = (created.json() as { id: string }).id;
  expect((await clerk.post(`/api/cases/${caseId}/actions`, await withChecklist(clerk, caseId, { type: 'accept' }))).statusCode).toBe(200);
  expect((await handler.post(`/api/cases/${caseId}/actions`, { type: 'claim' })).statusCode).toBe(200);
});
afterAll(async () => {
  await ctx.close();
  await new Promise((r) => server.close(r));
});

describe('the HTTP source adapter against the mock provider', () => {
  it('a signed request is answered with the items asked for only, and logged', async () => {
    const res = await query();
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { queryId: string; items: { key: string; value: unknown }[] };
    expect(Object.fromEntries(body.items.map((i) => [i.key, i.value]))).toEqual({ insured: true, employer: '安吉县某竹木制品有限公司', contributionMonths: 96 });
    expect(res.body).not.toContain('not asked for');
    expect(mock.badSignatures).toBe(0);
    expect(mock.lastBody).toMatchObject({ queryId: body.queryId, purpose: 'employment_benefit_review', subject: { kind: 'natural_person', idNumber: zs.idNumber }, fields: ['insured', 'employer', 'contributionMonths'] });
    const row = await ctx.handle.db.selectFrom('data_access_log').select(['outcome', 'source', 'source_owner']).where('id', '=', body.queryId).executeTakeFirstOrThrow();
    expect(row).toEqual({ outcome: 'answered', source: 'social_insurance', source_owner: '安吉县人力资源和社会保障局' });
  });

  it('a provider slower than the timeout: 503 with a clear message after the retries, logged as failed, the case unchanged', async () => {
    const before = await caseState();
    mock.mode = 'slow';
    mock.requests = 0;
    const started = Date.now();
    const res = await query();
    expect(Date.now() - started).toBeLessThan(1400);
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json()).toMatchObject({ error: 'DATA_SOURCE_UNAVAILABLE', message: expect.stringContaining('超时'), messageEn: expect.stringContaining('timed out') });
    expect(mock.requests).toBe(2); // the first attempt and one retry
    const failed = await ctx.handle.db.selectFrom('data_access_log').select(['outcome', 'fields', 'error']).where('outcome', '=', 'failed').execute();
    expect(failed).toEqual([{ outcome: 'failed', fields: [], error: expect.stringContaining('timed out') }]);
    expect(await caseState()).toEqual(before);
  });

  it('a failing provider opens the circuit: later calls do not reach it and say so; the case is unchanged and can go on', async () => {
    const before = await caseState();
    mock.mode = 'fail';
    const failing = await query();
    expect(failing.statusCode).toBe(503);
    expect(failing.json()).toMatchObject({ message: expect.stringContaining('返回错误') });
    // Two failed calls in a row (the slow one and this one) open the circuit.
    mock.mode = 'ok';
    mock.requests = 0;
    const open = await query();
    expect(open.statusCode, open.body).toBe(503);
    expect(open.json()).toMatchObject({ error: 'DATA_SOURCE_UNAVAILABLE', message: expect.stringContaining('熔断'), messageEn: expect.stringContaining('circuit open') });
    expect(mock.requests).toBe(0);
    expect(await caseState()).toEqual(before);
    // The open circuit is not logged as a read (nothing was asked); the case goes on without the data.
    expect((await ctx.handle.db.selectFrom('data_access_log').select('id').where('outcome', '=', 'failed').execute()).length).toBe(2);
    const advanced = await handler.post(`/api/cases/${caseId}/actions`, { type: 'advance', comment: '数据暂不可用，已请申请人提交参保证明' });
    expect(advanced.statusCode, advanced.body).toBe(200);
  });

  it('the directory shows the HTTP source as connected', async () => {
    const sources = ((await handler.get('/api/data-sharing/directory')).json() as { sources: { code: string; connected: boolean }[] }).sources;
    expect(sources.find((s) => s.code === 'social_insurance')?.connected).toBe(true);
  });
});
