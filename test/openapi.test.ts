import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestContext, type TestContext } from './support/test-app.js';

/**
 * OpenAPI for integrators (issue 9): /openapi.json passes `redocly lint` with the recommended rules —
 * security (session cookie, CSRF header) declared from each route's permission, servers, an
 * operationId and 4xx responses (the shared error body) on every operation, licence and contact.
 */
let ctx: TestContext;
let spec: OpenApi;

type Operation = { operationId?: string; security?: Record<string, string[]>[]; responses: Record<string, unknown> };
type OpenApi = { servers?: { url: string }[]; info: { license?: { name: string }; contact?: unknown }; paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  ctx = await createTestContext();
  const res = await ctx.anon().get('/openapi.json');
  expect(res.statusCode).toBe(200);
  spec = res.json() as OpenApi;
});
afterAll(async () => ctx.close());

const operations = () => Object.entries(spec.paths).flatMap(([url, ops]) => Object.entries(ops).map(([method, op]) => ({ url, method, op })));

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

describe('OpenAPI for integrators', () => {
  it('finding: redocly lint (recommended rules) reports no errors and no warnings', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-openapi-')), 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    const cli = path.resolve('node_modules/.bin/redocly');
    const out = await promisify(execFile)(cli, ['lint', file, '--extends=recommended', '--format=json', '--max-problems=1000'], { maxBuffer: 32 * 1024 * 1024 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    const json = out.stdout.slice(out.stdout.indexOf('{'));
    const report = JSON.parse(json) as { totals: { errors: number; warnings: number }; problems: LintProblem[] };
    expect(report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 120_000);

  it('declares the session cookie and, on state-changing calls, the CSRF header from each route’s permission', () => {
    const byKey = new Map(operations().map((o) => [`${o.method.toUpperCase()} ${o.url}`, o.op]));
    expect(byKey.get('GET /api/catalogue/items')?.security).toEqual([]);
    expect(byKey.get('GET /api/public/progress')?.security).toEqual([]);
    expect(byKey.get('GET /api/cases/{id}')?.security).toEqual([{ session: [] }]);
    expect(byKey.get('POST /api/cases/{id}/actions')?.security).toEqual([{ session: [], csrf: [] }]);
    for (const { op } of operations()) {
      expect(op.operationId).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(Object.keys(op.responses).some((s) => s.startsWith('4'))).toBe(true);
      if (op.security?.length) expect(op.responses).toHaveProperty('401');
    }
    expect(spec.servers?.length).toBeGreaterThan(0);
    expect(spec.info.license?.name).toBeTruthy();
  });
});
