import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { sampleApplicationFor } from './support/applications.js';
import { withChecklist } from './support/checklist.js';

/** Issue 11: 我的证照 — the licence PDF with its electronic seal (电子印章, ADR 0029), file verification, and the public form's masking. */

let ctx: TestContext;
let zhangsan: Agent;
let baicha: Agent;

interface Own {
  identifier: string;
  typeCode: string;
  holderName: string;
}
interface SealAnswer {
  sha: string;
  verdict: { outcome: string; sealId?: string };
  seal: { id: string; kind: string; title: string; issuer: { name: string }; keyId: string; keyUrl: string; signature: string; signatureValid: boolean; licenceIdentifier: string | null } | null;
}

const sm3 = (b: Buffer) => createHash('sm3').update(b).digest('hex');
const mine = async (a: Agent) => ((await a.get('/api/me/licences')).json() as { licences: Own[] }).licences;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  [zhangsan, baicha] = await Promise.all([ctx.as('zhangsan'), ctx.as('baicha')]);
});
afterAll(async () => ctx.close());

describe('licence PDF (证照文件) with the 电子印章', () => {
  it('401 without a login, 404 for someone else’s licence, 400 for a malformed identifier', async () => {
    const theirs = (await mine(baicha))[0]?.identifier ?? '';
    expect((await ctx.anon().get(`/api/me/licences/${theirs}/pdf`)).statusCode).toBe(401);
    expect((await zhangsan.get(`/api/me/licences/${theirs}/pdf`)).statusCode).toBe(404);
    expect((await zhangsan.get('/api/me/licences/not-an-id/pdf')).statusCode).toBe(400);
  });

  it('gives the holder a PDF whose SM3 digest is sealed by the issuing department; the seal verifies (also with OpenSSL 3); the same file twice keeps one seal', async () => {
    const licence = (await mine(zhangsan)).find((l) => l.typeCode === 'SHBZK');
    expect(licence).toBeDefined();
    const res = await zhangsan.get(`/api/me/licences/${licence?.identifier}/pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const sha = sm3(pdf);
    expect(res.headers['x-document-sm3']).toBe(sha);

    const again = await zhangsan.get(`/api/me/licences/${licence?.identifier}/pdf`);
    expect(sm3(again.rawPayload)).toBe(sha);
    expect(await ctx.handle.db.selectFrom('document_seals').select('id').where('sha', '=', sha).execute()).toHaveLength(1);

    const v = (await ctx.anon().get(`/api/public/documents/seals/${sha.toUpperCase()}`)).json() as SealAnswer;
    expect(v.verdict.outcome).toBe('valid');
    expect(v.seal).toMatchObject({ kind: 'licence', signatureValid: true, licenceIdentifier: licence?.identifier, issuer: { name: expect.stringContaining('人力资源和社会保障局') } });

    // Anyone can check the seal with standard tools: SM2/SM3 over the 32 raw bytes of the file's SM3 digest.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seal-'));
    try {
      fs.writeFileSync(path.join(dir, 'key.pem'), (await ctx.anon().get(v.seal?.keyUrl ?? '')).body);
      fs.writeFileSync(path.join(dir, 'digest'), Buffer.from(sha, 'hex'));
      fs.writeFileSync(path.join(dir, 'sig'), Buffer.from(v.seal?.signature ?? '', 'base64'));
      const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', path.join(dir, 'key.pem'), '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', path.join(dir, 'digest'), '-sigfile', path.join(dir, 'sig')], { stdio: 'pipe' }).toString();
      expect(out).toContain('Signature Verified Successfully');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tells an unchanged uploaded file (valid) from a changed one (changed); refuses what is not a PDF and a malformed digest', async () => {
    const licence = (await mine(baicha)).find((l) => l.typeCode === 'YYZZ');
    const pdf = (await baicha.get(`/api/me/licences/${licence?.identifier}/pdf`)).rawPayload;
    const upload = (body: Buffer) => ctx.anon().post('/api/public/documents/verify', body, { 'content-type': 'application/pdf' });
    const ok = await upload(pdf);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as SealAnswer).verdict.outcome).toBe('valid');
    const changed = Buffer.from(pdf);
    // One byte of the page content changed (a digit somewhere in the middle of the file).
    const at = changed.indexOf('0', Math.floor(changed.length / 2));
    changed[at] = 0x31;
    const bad = (await upload(changed)).json() as SealAnswer;
    expect(bad.verdict.outcome).toBe('changed');
    expect(bad.seal).toBeNull();
    expect((await upload(Buffer.from('hello'))).statusCode).toBe(400);
    expect((await ctx.anon().get('/api/public/documents/seals/xyz')).statusCode).toBe(400);
  });
});

describe('case notices carry the same seal', () => {
  it('a 受理通知书 is sealed by the department once per file and checks as unchanged; the applicant’s other department cannot see it', async () => {
    const list = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json() as { items: { implId: string; name: string }[] };
    const implId = list.items.find((i) => i.name.startsWith('个体工商户设立登记'))?.implId ?? '';
    const app = await sampleApplicationFor(zhangsan, implId);
    const created = await zhangsan.post('/api/cases', { implId, ...app, materials: [] });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const clerk = await ctx.as('clerk');
    const accepted = await clerk.post(`/api/cases/${id}/actions`, await withChecklist(clerk, id, { type: 'accept' }));
    expect(accepted.statusCode, accepted.body).toBe(200);
    const first = await zhangsan.get(`/api/cases/${id}/notices/acceptance`);
    expect(first.statusCode, first.body).toBe(200);
    const sha = sm3(first.rawPayload);
    expect(first.headers['x-document-sm3']).toBe(sha);
    expect(sm3((await clerk.get(`/api/cases/${id}/notices/acceptance`)).rawPayload)).toBe(sha);
    const v = (await ctx.anon().get(`/api/public/documents/seals/${sha}`)).json() as SealAnswer;
    expect(v.verdict.outcome).toBe('valid');
    expect(v.seal).toMatchObject({ kind: 'notice', signatureValid: true, licenceIdentifier: null, issuer: { name: expect.stringContaining('市场监督管理局') } });
    expect(v.seal?.title).toContain('受理通知书');
    expect((await ctx.handle.db.selectFrom('document_seals').select('id').where('case_id', '=', id).execute()).length).toBe(1);
  });
});

describe('public form masking (公开核验)', () => {
  it('shows a company holder’s name in full — a legal person’s name is public — while natural persons’ data stays masked', async () => {
    const company = (await mine(baicha)).find((l) => l.typeCode === 'YYZZ');
    const v = (await ctx.anon().get(`/api/public/licences/${company?.identifier}`)).json() as { payload: { holder: { name: string }; fields: { key: string; value: string }[] } };
    expect(v.payload.holder.name).toBe('安吉白茶生态农业有限公司');
    expect(v.payload.fields.find((f) => f.key === 'operator')?.value).toBe('安吉白茶生态农业有限公司');
    // The company's premises (from the sealed form data) remain masked.
    expect(v.payload.fields.find((f) => f.key === 'premises')?.value).not.toContain('黄杜村');
    const food = (await mine(baicha)).find((l) => l.typeCode === 'SPJYXK');
    const f = (await ctx.anon().get(`/api/public/licences/${food?.identifier}`)).json() as { payload: { fields: { key: string; value: string }[] } };
    expect(f.payload.fields.find((x) => x.key === 'legalRep')?.value).toBe('王*国');

    const person = (await mine(zhangsan)).find((l) => l.typeCode === 'SHBZK');
    const p = (await ctx.anon().get(`/api/public/licences/${person?.identifier}`)).json() as { payload: { holder: { name: string }; fields: { key: string; value: string }[] } };
    expect(p.payload.holder.name).toBe('张*');
    expect(p.payload.fields.find((x) => x.key === 'name')?.value).toBe('张*');
  });
});
