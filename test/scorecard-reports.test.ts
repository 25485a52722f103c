import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { decide, implByName, submitOnline, type Team } from './support/accountability.js';

/** The scorecard as Excel and the monthly 通报 PDF (issue 12): same scope as GET /api/scorecards. */
let ctx: TestContext;
let supervisor: Agent;
let applicant: Agent;
let team: Team;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  applicant = await ctx.as('zhangsan');
  supervisor = await ctx.as('supervisor');
  team = { clerk: await ctx.as('clerk'), handler: await ctx.as('samr_handler'), signer: await ctx.as('samr_signer') };
  const c = await submitOnline(applicant, await implByName(ctx, '个体工商户设立登记'));
  await decide(team, c.id);
  expect((await applicant.post(`/api/cases/${c.id}/ratings`, { service: 'case', level: 2, tags: ['办事拖延'] })).statusCode).toBe(201);
}, 180_000); // a case driven to 办结 through the API: slow on a loaded machine
afterAll(async () => ctx.close());

describe('GET /api/scorecards.xlsx', () => {
  it('401 → 400 → 403 → a workbook with one row per unit and every figure', async () => {
    expect((await ctx.anon().get('/api/scorecards.xlsx?from=2026-03-01&to=2026-03-31')).statusCode).toBe(401);
    expect((await supervisor.get('/api/scorecards.xlsx?from=2026-03-31&to=2026-03-01')).statusCode).toBe(400);
    expect((await applicant.get('/api/scorecards.xlsx?from=2026-03-01&to=2026-03-31')).statusCode).toBe(403);
    expect((await team.handler.get('/api/scorecards.xlsx?from=2026-03-01&to=2026-03-31&level=region')).statusCode).toBe(403);
    const res = await supervisor.get('/api/scorecards.xlsx?from=2026-03-01&to=2026-03-31&level=department');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.getRow(1).getCell(3).value).toBe('受理量 (received)');
    const names = [] as unknown[];
    ws?.eachRow((row, n) => n > 1 && names.push(row.getCell(1).value));
    expect(names).toContain('安吉县市场监督管理局');
  });
  it('a department’s staff export only their own department', async () => {
    const res = await ctx.as('mca_handler').then((a) => a.get('/api/scorecards.xlsx?from=2026-03-01&to=2026-03-31'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = [] as unknown[];
    wb.worksheets[0]?.eachRow((row, n) => n > 1 && names.push(row.getCell(1).value));
    expect(names).not.toContain('安吉县市场监督管理局');
  });
});

describe('GET /api/scorecards/bulletin.pdf', () => {
  it('401 → 400 → 403 → a PDF with an embedded Chinese font', async () => {
    expect((await ctx.anon().get('/api/scorecards/bulletin.pdf?month=2026-03')).statusCode).toBe(401);
    expect((await supervisor.get('/api/scorecards/bulletin.pdf?month=2026-13')).statusCode).toBe(400);
    expect((await applicant.get('/api/scorecards/bulletin.pdf?month=2026-03')).statusCode).toBe(403);
    const res = await supervisor.get('/api/scorecards/bulletin.pdf?month=2026-03');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload.toString('latin1');
    expect(pdf.startsWith('%PDF')).toBe(true);
    expect(pdf).toMatch(/NotoSansSC/);
  });
});
