import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { changedTables, fingerprint } from './support/fingerprint.js';
import { DEMO_PASSWORD } from '../src/server/demo/seed.js';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * Finding 9 (issue 8): control characters and malformed unicode made routes fail with 500 (PostgreSQL
 * refuses U+0000 in text, lone surrogates are not UTF-8). Every route refuses them with a clear 400
 * before anything runs, and nothing is written.
 */
let ctx: TestContext;
let zhangsan: Agent;
let clerk: Agent;
let gthImplId: string;
let caseId: string;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A raw multipart upload, so the test controls the field and file names byte for byte. */
function multipart(agent: Agent, url: string, fieldName: string, fileName: string, bytes: Buffer, type = 'application/pdf') {
  const boundary = '----tongban' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return ctx.app.inject({ method: 'POST', url, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
}

/** A JSON body sent as written (JSON.stringify keeps a lone surrogate as the escape `\ud800`). */
function rawJson(agent: Agent, method: 'POST' | 'PUT', url: string, json: string, headers: Record<string, string> = {}) {
  return ctx.app.inject({ method, url, payload: json, headers: { 'content-type': 'application/json', cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '', ...headers } });
}

/** A complete, valid 个体工商户设立登记 application (identity fields come from the account). */
const gthApplication = (implId: string) => ({
  implId,
  formData: { phone: '13857210001', premises: '安吉县递铺街道胜利西路1号', scope: '茶叶零售' },
  situationAnswers: { 's-who': ['o-self'], 's-name': ['o-no-name'] },
  materials: [] as { materialId: string; fileId: string; fileName: string }[],
});

function expectClear400(res: LightMyRequestResponse, what: string) {
  expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
  const body = res.json() as { ok: boolean; error: string; message: string; messageEn: string; details: { path?: string; zh: string; en: string }[] };
  expect(body.ok).toBe(false);
  expect(body.error).toBe('VALIDATION_FAILED');
  expect(body.message, what).toMatch(/[\u4e00-\u9fff]/);
  expect(body.messageEn, what).toMatch(/[a-z]/i);
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  zhangsan = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
  const items = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json() as { items: { implId: string }[] };
  gthImplId = items.items[0]?.implId ?? '';
  const submitted = await zhangsan.post('/api/cases', gthApplication(gthImplId), { 'idempotency-key': 'hygiene-case-0001' });
  expect([200, 201], submitted.body).toContain(submitted.statusCode);
  caseId = (submitted.json() as { id: string }).id;
});
afterAll(async () => ctx.close());

describe('finding 9: control characters and bad unicode are refused with a clear 400', () => {
  it('finding 9: NUL in login username or password is a 400, not a 500, and counts no failed login', async () => {
    const before = await fingerprint(ctx.handle.db);
    expectClear400(await ctx.anon().post('/api/auth/login', { username: 'zhangsan\u0000', password: DEMO_PASSWORD }), 'username');
    expectClear400(await ctx.anon().post('/api/auth/login', { username: 'zhangsan', password: `${DEMO_PASSWORD}\u0000` }), 'password');
    expectClear400(await ctx.anon().post('/api/auth/login', { username: '\u0000', password: '\u0000' }), 'both');
    expect(changedTables(before, await fingerprint(ctx.handle.db))).toEqual([]);
  });

  it('finding 9: NUL in the public progress look-up is a 400', async () => {
    expectClear400(await ctx.anon().get(`/api/public/progress?caseNo=${encodeURIComponent('TB2026030200001\u0000')}&code=123456`), 'caseNo');
    expectClear400(await ctx.anon().get(`/api/public/progress?caseNo=%00%00%00%00%00%00%00%00%00%00&code=123456`), 'caseNo of NULs');
  });

  it('finding 9: control characters in drafts, reasons, names and form data are 400s and write nothing', async () => {
    const before = await fingerprint(ctx.handle.db);
    expectClear400(await zhangsan.post('/api/cases/drafts', { implId: gthImplId, formData: { name: '张\u0000三' }, situationAnswers: {}, materials: [] }), 'draft form data');
    expectClear400(await zhangsan.post('/api/cases/drafts', { implId: gthImplId, formData: { ['na\u0001me']: '张三' }, situationAnswers: {}, materials: [] }), 'draft form key');
    expectClear400(await zhangsan.post('/api/cases', { implId: gthImplId, formData: { name: '张三' }, situationAnswers: {}, materials: [{ materialId: 'm-id-card', fileId: 'a'.repeat(64), fileName: 'id\u0000.pdf' }] }, { 'idempotency-key': 'hygiene-nul-file-name' }), 'material file name');
    expectClear400(await zhangsan.post(`/api/cases/${caseId}/actions`, { type: 'withdraw', reason: '不办了\u0000' }), 'withdraw reason');
    expectClear400(await clerk.post(`/api/cases/${caseId}/actions`, { type: 'refuse', reason: '\u001b[31m', remedies: '可申请复议' }), 'refusal reason (ESC)');
    expectClear400(await ctx.anon().post('/api/auth/register', { kind: 'natural_person', username: 'wangwu2026', password: 'Ab3$kd9!Lm2@Zq', name: '王\u0000五', idNumber: '11010519491231002X', phone: '13800138999' }), 'registration name');
    // Lone surrogates (not encodable as UTF-8) in form data, as raw JSON escapes.
    expectClear400(await rawJson(zhangsan, 'POST', '/api/cases', `{"implId":"${gthImplId}","formData":{"name":"\\ud800"},"situationAnswers":{},"materials":[]}`, { 'idempotency-key': 'hygiene-lone-surrogate-1' }), 'lone high surrogate');
    expectClear400(await rawJson(zhangsan, 'POST', '/api/cases/drafts', `{"implId":"${gthImplId}","formData":{"name":"x\\udc00y"},"situationAnswers":{},"materials":[]}`), 'lone low surrogate');
    // A well-formed pair (an emoji) and tabs/newlines are fine.
    const app = gthApplication(gthImplId);
    const ok = await zhangsan.post('/api/cases/drafts', { ...app, formData: { ...app.formData, scope: '茶叶零售\t批发 😀\r\n' } });
    expect(ok.statusCode, ok.body).toBe(201);
    const after = await fingerprint(ctx.handle.db);
    // Only the accepted draft was written.
    expect(changedTables(before, after).filter((t) => !['cases', 'case_events', 'case_progress', 'outbox', 'notifications'].includes(t))).toEqual([]);
  });

  it('finding 9: control characters in path parameters and query strings are 400s', async () => {
    expectClear400(await zhangsan.get('/api/cases/%00'), 'path param');
    expectClear400(await ctx.anon().get('/api/catalogue/items?q=%00'), 'search query');
    expectClear400(await ctx.anon().get('/api/catalogue/items?q=%1B%5B2J'), 'search query with ESC');
  });

  it('finding 9: control characters in multipart field and file names are 400s and store no file', async () => {
    const before = await fingerprint(ctx.handle.db);
    expectClear400(await multipart(zhangsan, '/api/files', 'file', 'id\u0000.pdf', PDF), 'upload file name');
    expectClear400(await multipart(zhangsan, '/api/files', 'fi\u0001le', 'id.pdf', PDF), 'upload field name');
    expect(changedTables(before, await fingerprint(ctx.handle.db))).toEqual([]);
  });

  it('finding 9: calendar dates out of range (start=9999-12-31) are 400s', async () => {
    expectClear400(await ctx.anon().get('/api/calendar/add-working-days?start=9999-12-31&n=1'), 'add-working-days 9999');
    expectClear400(await ctx.anon().get('/api/calendar/add-working-days?start=0001-01-01&n=1'), 'add-working-days 0001');
    expectClear400(await ctx.anon().get('/api/calendar/count-working-days?from=2026-01-01&to=9999-12-31'), 'count-working-days to 9999');
    expectClear400(await ctx.anon().get('/api/calendar/days?from=9999-12-01&to=9999-12-31'), 'days in 9999');
    const ok = await ctx.anon().get('/api/calendar/add-working-days?start=2026-03-02&n=5');
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Overwrites the declared unpacked size of every central-directory entry named `name` (a lying header). */
function lieAboutSize(zip: Buffer, name: string, declared: number): Buffer {
  const out = Buffer.from(zip);
  for (let p = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])), cd = out.readUInt32LE(p + 16), i = 0, n = out.readUInt16LE(p + 10); i < n; i++) {
    const nameLen = out.readUInt16LE(cd + 28);
    if (out.toString('utf8', cd + 46, cd + 46 + nameLen) === name) out.writeUInt32LE(declared, cd + 24);
    cd += 46 + nameLen + out.readUInt16LE(cd + 30) + out.readUInt16LE(cd + 32);
  }
  return out;
}

describe('finding 10: Excel import checks permission first and limits what it unpacks', () => {
  let catadmin: Agent;
  let exported: Buffer;
  const importXlsx = (agent: Agent, bytes: Buffer) => multipart(agent, '/api/admin/catalogue/import.xlsx', 'file', 'catalogue.xlsx', bytes, XLSX_MIME);
  /** The exported workbook with its first sheet replaced (or entries added). */
  const tampered = (change: (files: Zippable) => void) => {
    const files = unzipSync(new Uint8Array(exported)) as Zippable;
    change(files);
    return Buffer.from(zipSync(files, { level: 9 }));
  };

  beforeAll(async () => {
    catadmin = await ctx.as('catadmin');
    const res = await catadmin.get('/api/admin/catalogue/export.xlsx');
    expect(res.statusCode).toBe(200);
    exported = res.rawPayload;
  });

  it('finding 10: callers without the catalogue-edit permission are refused before the upload is parsed', async () => {
    const garbage = Buffer.from('this is not a workbook at all');
    // A window clerk is staff but may not edit the catalogue: 403, not the 422 a parsed garbage file gives.
    const byClerk = await importXlsx(clerk, garbage);
    expect(byClerk.statusCode, byClerk.body).toBe(403);
    const byApplicant = await importXlsx(zhangsan, garbage);
    expect(byApplicant.statusCode, byApplicant.body).toBe(403);
    const anonymous = await importXlsx(ctx.anon(), garbage);
    expect(anonymous.statusCode).toBe(401);
    // The catalogue administrator gets the parse error for the same bytes.
    const byAdmin = await importXlsx(catadmin, garbage);
    expect(byAdmin.statusCode, byAdmin.body).toBe(422);
  });

  it('finding 10: a zip bomb is refused with a clear message without unpacking it, and memory stays bounded', async () => {
    // 64 MB of one repeated row packs into well under 1 MB (ratio ≈ 1000:1).
    const row = '<row r="2"><c r="A2" t="inlineStr"><is><t>炸弹</t></is></c></row>';
    const sheet = strToU8(`<?xml version="1.0"?><worksheet><sheetData>${row.repeat(Math.ceil((64 * 1024 * 1024) / row.length))}</sheetData></worksheet>`);
    const bomb = tampered((f) => {
      f['xl/worksheets/sheet1.xml'] = sheet;
    });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const res = await importXlsx(catadmin, bomb);
    const grown = process.memoryUsage().rss - before;
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json() as { error: string; message: string; messageEn: string };
    expect(body.error).toBe('UPLOAD_REJECTED');
    expect(body.message).toMatch(/Excel 文件被拒绝/);
    expect(body.messageEn).toMatch(/refused/);
    expect(grown).toBeLessThan(64 * 1024 * 1024);

    // The same bomb with a central directory that claims 1 KB: inflating stops at the claim.
    const liar = lieAboutSize(bomb, 'xl/worksheets/sheet1.xml', 1024);
    const lied = await importXlsx(catadmin, liar);
    expect(lied.statusCode, lied.body).toBe(422);
    expect((lied.json() as { messageEn: string }).messageEn).toMatch(/declared size/);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('finding 10: too many entries, rows or cells are refused before parsing', async () => {
    const manyEntries = tampered((f) => {
      for (let i = 0; i < 150; i++) f[`xl/media/image${i}.png`] = strToU8('x');
    });
    const a = await importXlsx(catadmin, manyEntries);
    expect(a.statusCode, a.body).toBe(422);
    expect((a.json() as { messageEn: string }).messageEn).toMatch(/entries/);

    // 1.2 million empty cells in 12 MB: within the byte limits, beyond the cell limit.
    const cells = strToU8(`<?xml version="1.0"?><worksheet><sheetData>${'<row r="2">' + '<c r="A2"/>'.repeat(1_200_000) + '</row>'}</sheetData></worksheet>`);
    const manyCells = tampered((f) => {
      f['xl/worksheets/sheet1.xml'] = cells;
    });
    const b = await importXlsx(catadmin, manyCells);
    expect(b.statusCode, b.body).toBe(422);
    expect((b.json() as { messageEn: string }).messageEn).toMatch(/cells|compressed/);
  });

  it('finding 10: an ordinary exported workbook still imports', async () => {
    const res = await importXlsx(catadmin, exported);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { updated: number }).updated).toBeGreaterThan(0);
  });
});
