import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleApplicationFor } from './support/applications.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { withChecklist } from './support/checklist.js';
import { orgIdByKey } from './support/factories.js';
import { parseLicenceId } from '../src/core/licences/identifier.js';
import { recordExpiries } from '../src/server/licences/service.js';
import { licenceHistory, verifyLicenceHistory } from '../src/server/licences/history.js';

/** Issue 11, electronic licences: issue on completion, verify (also with OpenSSL 3), revoke, expire, renew, rotate keys. */

let ctx: TestContext;
let zhangsan: Agent;
let baicha: Agent;
let clerk: Agent;
let handler: Agent;
let signer: Agent;
let gthImplId: string; // 个体工商户设立登记 → 营业执照

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function upload(agent: Agent): Promise<string> {
  const boundary = '----tongban' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), PDF, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await ctx.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
  return (res.json() as { id: string }).id;
}

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

const act = async (agent: Agent, id: string, body: Record<string, unknown>) => {
  const res = await agent.post(`/api/cases/${id}/actions`, await withChecklist(agent, id, body));
  expect(res.statusCode, res.body).toBe(200);
  return res;
};

type Own = { identifier: string; version: number; typeCode: string; status: string; fields: { key: string; value: string }[]; holderName: string };
type Verification = { identifier: string; status: string; revokeReason: string | null; latestIdentifier: string; payload: { holder: { name: string; identifier: string }; keyId: string; fields: { key: string; value: string }[] }; canonical: string; signature: string; keyId: string; keyUrl: string; signatureValid: boolean; historyValid: boolean; history: { kind: string }[] };

/** 个体工商户设立登记 by 张三, through to completion (承办 → 签批 → 办结). */
async function completeGthCase(): Promise<string> {
  const file = await upload(zhangsan);
  const app = await sampleApplicationFor(zhangsan, gthImplId);
  const res = await zhangsan.post('/api/cases', { implId: gthImplId, ...app, formData: { ...app.formData, tradeName: '张三茶铺', premises: '安吉县递铺街道胜利路18号', scope: '茶叶零售' }, materials: [{ materialId: 'm-id-card', fileId: file, fileName: 'id.pdf' }] });
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as { id: string }).id;
  await act(clerk, id, { type: 'accept' });
  await act(handler, id, { type: 'claim' });
  await act(handler, id, { type: 'advance', comment: '材料齐全' });
  await act(signer, id, { type: 'claim' });
  await act(signer, id, { type: 'decide', decision: 'approved', reason: '符合法定条件，准予登记' });
  await act(signer, id, { type: 'complete' });
  return id;
}

let caseId: string;
let licence: Own;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  [zhangsan, baicha, clerk, handler, signer] = await Promise.all([ctx.as('zhangsan'), ctx.as('baicha'), ctx.as('clerk'), ctx.as('samr_handler'), ctx.as('samr_signer')]);
  gthImplId = await implByName('个体工商户设立登记');
  caseId = await completeGthCase();
  const mine = (await zhangsan.get('/api/me/licences')).json() as { licences: Own[] };
  licence = mine.licences.find((l) => l.typeCode === 'YYZZ') as Own;
});
afterAll(async () => ctx.close());

describe('issuing on completion', () => {
  it('a completed case of an issuing item issues the licence to the applicant, with data from the form and the case', async () => {
    expect(licence).toBeDefined();
    expect(licence.status).toBe('valid');
    expect(parseLicenceId(licence.identifier)).toMatchObject({ ok: true, parts: { typeCode: 'YYZZ', version: 1 } });
    expect(Object.fromEntries(licence.fields.map((f) => [f.key, f.value]))).toMatchObject({ name: '张三茶铺', operator: '张三', scope: '茶叶零售' });
    const row = await ctx.handle.db.selectFrom('licences').select(['case_id', 'holder_id']).where('identifier', '=', licence.identifier).executeTakeFirstOrThrow();
    expect(row.case_id).toBe(caseId);
  });

  it('issues once per case however often the hook runs', async () => {
    const { issueLicencesForCase } = await import('../src/server/licences/service.js');
    expect(await issueLicencesForCase(ctx.handle.db, ctx.clock.now(), caseId, { userId: null, username: 'test' })).toEqual([]);
    const n = await ctx.handle.db.selectFrom('licences').select((eb) => eb.fn.countAll<string>().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('the licence is in nobody else’s wallet, and another applicant cannot open it', async () => {
    const theirs = (await baicha.get('/api/me/licences')).json() as { licences: Own[] };
    expect(theirs.licences.map((l) => l.identifier)).not.toContain(licence.identifier);
    expect((await baicha.get(`/api/me/licences/${licence.identifier}`)).statusCode).toBe(404);
    expect((await zhangsan.get(`/api/me/licences/${licence.identifier}`)).statusCode).toBe(200);
    expect((await ctx.anon().get('/api/me/licences')).statusCode).toBe(401);
    expect((await handler.get('/api/me/licences')).statusCode).toBe(403);
  });
});

describe('public verification', () => {
  it('answers the masked public data, status, canonical bytes, signature and key, and the signature verifies', async () => {
    const res = await ctx.anon().get(`/api/public/licences/${licence.identifier}`);
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json() as Verification;
    expect(v).toMatchObject({ status: 'valid', signatureValid: true, historyValid: true });
    expect(v.payload.holder).toEqual({ kind: 'natural_person', name: '张*', identifier: expect.stringMatching(/^330523\*{8}\d{3}[0-9X]$/) });
    // No full ID number anywhere in the public answer (nor in the signed bytes).
    expect(res.body).not.toMatch(/33052319900307123/);
    expect(Buffer.from(v.canonical, 'base64').toString('utf8')).not.toMatch(/33052319900307123/);
    expect(JSON.parse(Buffer.from(v.canonical, 'base64').toString('utf8'))).toEqual(v.payload);
    expect(v.keyUrl).toBe(`/api/public/signing-keys/${v.keyId}`);
  });

  it('refuses a malformed identifier with a clear message and answers 404 for an unknown one', async () => {
    const bad = await ctx.anon().get(`/api/public/licences/${licence.identifier.slice(0, -1)}${licence.identifier.endsWith('0') ? '1' : '0'}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'VALIDATION_FAILED', message: '电子证照标识校验位错误' });
    expect((await ctx.anon().get('/api/public/licences/not-an-id')).statusCode).toBe(400);
    const other = licence.identifier.replace(/\.(\d+)\.1\.[0-9A-Z]$/, '.999999.1.');
    const { mod3736CheckChar } = await import('../src/core/licences/identifier.js');
    const unknown = other + mod3736CheckChar(other.replaceAll('.', ''));
    expect((await ctx.anon().get(`/api/public/licences/${unknown}`)).statusCode).toBe(404);
  });

  it('OpenSSL 3 verifies the SM2 signature over the canonical bytes with the published PEM key, and refuses changed bytes', async () => {
    expect(execFileSync('openssl', ['version']).toString()).toMatch(/^OpenSSL 3\./);
    const v = (await ctx.anon().get(`/api/public/licences/${licence.identifier}`)).json() as Verification;
    const pem = await ctx.anon().get(v.keyUrl);
    expect(pem.statusCode).toBe(200);
    expect(pem.headers['content-type']).toContain('application/x-pem-file');
    expect(pem.body).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(pem.headers['x-key-valid-from']).toBeTruthy();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licence-'));
    try {
      fs.writeFileSync(path.join(dir, 'key.pem'), pem.body);
      fs.writeFileSync(path.join(dir, 'data'), Buffer.from(v.canonical, 'base64'));
      fs.writeFileSync(path.join(dir, 'sig'), Buffer.from(v.signature, 'base64'));
      const verify = (data: string) =>
        execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', path.join(dir, 'key.pem'), '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', path.join(dir, data), '-sigfile', path.join(dir, 'sig')], { stdio: 'pipe' }).toString();
      expect(verify('data')).toContain('Signature Verified Successfully');
      fs.writeFileSync(path.join(dir, 'changed'), Buffer.from(Buffer.from(v.canonical, 'base64').toString('utf8').replace('茶叶零售', '茶叶批发')));
      expect(() => verify('changed')).toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tampered licence data in the store fails verification, also right after a good verification of the same licence', async () => {
    // The server keeps what it computed per licence with the exact bytes it was computed from (ADR 0021 note): verify first, then tamper.
    expect(((await ctx.anon().get(`/api/public/licences/${licence.identifier}`)).json() as Verification).signatureValid).toBe(true);
    const row = await ctx.handle.db.selectFrom('licences').select(['canonical']).where('identifier', '=', licence.identifier).executeTakeFirstOrThrow();
    const tampered = Buffer.from(Buffer.from(row.canonical, 'base64').toString('utf8').replace('茶叶零售', '茶叶批发')).toString('base64');
    await ctx.handle.db.updateTable('licences').set({ canonical: tampered }).where('identifier', '=', licence.identifier).execute();
    try {
      const v = (await ctx.anon().get(`/api/public/licences/${licence.identifier}`)).json() as Verification;
      expect(v.signatureValid).toBe(false);
    } finally {
      await ctx.handle.db.updateTable('licences').set({ canonical: row.canonical }).where('identifier', '=', licence.identifier).execute();
    }
    expect(((await ctx.anon().get(`/api/public/licences/${licence.identifier}`)).json() as Verification).signatureValid).toBe(true);
  });
});

describe('staff look-up within a case', () => {
  it('staff working on the case see the applicant’s valid licences; staff of another department and applicants do not', async () => {
    const own = await handler.get(`/api/cases/${caseId}/licences`);
    expect(own.statusCode, own.body).toBe(200);
    expect((own.json() as { licences: Own[] }).licences.map((l) => l.identifier)).toContain(licence.identifier);
    const mca = await ctx.as('mca_handler');
    expect((await mca.get(`/api/cases/${caseId}/licences`)).statusCode).toBe(403);
    expect((await zhangsan.get(`/api/cases/${caseId}/licences`)).statusCode).toBe(403);
    expect((await ctx.anon().get(`/api/cases/${caseId}/licences`)).statusCode).toBe(401);
  });
});

describe('lifecycle', () => {
  it('renewal issues version 2 signed by the department; the old version is superseded and both still verify', async () => {
    const refused = await handler.post(`/api/licences/${licence.identifier}/renew`, { kind: 'change', reason: '经营范围变更', changes: { scope: '茶叶零售、茶饮' } });
    expect(refused.statusCode).toBe(403);
    const res = await signer.post(`/api/licences/${licence.identifier}/renew`, { kind: 'change', reason: '经营范围变更', changes: { scope: '茶叶零售、茶饮' } });
    expect(res.statusCode, res.body).toBe(201);
    const v2 = res.json() as Verification;
    expect(parseLicenceId(v2.identifier)).toMatchObject({ ok: true, parts: { version: 2 } });
    expect(v2.payload.fields.find((f) => f.key === 'scope')?.value).toBe('茶叶零售、茶饮');
    const v1 = (await ctx.anon().get(`/api/public/licences/${licence.identifier}`)).json() as Verification;
    expect(v1).toMatchObject({ status: 'superseded', signatureValid: true, latestIdentifier: v2.identifier });
    expect(v1.history.map((h) => h.kind)).toEqual(['issued', 'superseded', 'changed']);
    expect(v2.historyValid).toBe(true);
    // A superseded version cannot be renewed again, nor revoked.
    expect((await signer.post(`/api/licences/${licence.identifier}/renew`, { kind: 'renew', reason: '换证' })).statusCode).toBe(409);
    expect((await signer.post(`/api/licences/${licence.identifier}/revoke`, { reason: '测试' })).statusCode).toBe(409);
    expect((await signer.post(`/api/licences/${v2.identifier}/renew`, { kind: 'change', reason: '无变化', changes: { nope: 'x' } })).statusCode).toBe(400);
  });

  it('revocation by the issuing department, with reason, is final and shows publicly; others are refused', async () => {
    const mine = (await zhangsan.get('/api/me/licences')).json() as { licences: Own[] };
    const current = mine.licences.find((l) => l.typeCode === 'YYZZ' && l.status === 'valid') as Own;
    expect((await ctx.anon().post(`/api/licences/${current.identifier}/revoke`, { reason: '测试' })).statusCode).toBe(401);
    expect((await handler.post(`/api/licences/${current.identifier}/revoke`, { reason: '测试' })).statusCode).toBe(403);
    const mcaSigner = await ctx.as('mca_signer');
    expect((await mcaSigner.post(`/api/licences/${current.identifier}/revoke`, { reason: '测试' })).statusCode).toBe(403);
    expect((await signer.post(`/api/licences/${current.identifier}/revoke`, {})).statusCode).toBe(400);
    const res = await signer.post(`/api/licences/${current.identifier}/revoke`, { reason: '申请人申请注销登记' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'revoked', revokeReason: '申请人申请注销登记', signatureValid: true, historyValid: true });
    const again = await signer.post(`/api/licences/${current.identifier}/revoke`, { reason: '再次注销' });
    expect(again.statusCode).toBe(409);
    expect(((await ctx.anon().get(`/api/public/licences/${current.identifier}`)).json() as Verification).revokeReason).toBe('申请人申请注销登记');
  });

  it('a licence past its last day is expired, and the expiry is recorded on its history once', async () => {
    const food = ((await baicha.get('/api/me/licences')).json() as { licences: (Own & { validUntil: string })[] }).licences.find((l) => l.typeCode === 'SPJYXK');
    expect(food?.status).toBe('valid');
    const later = new Date(`${food?.validUntil}T16:00:01Z`); // the next day in Beijing
    ctx.clock.set(later);
    try {
      expect(((await ctx.anon().get(`/api/public/licences/${food?.identifier}`)).json() as Verification).status).toBe('expired');
      expect(await recordExpiries(ctx.handle.db, later)).toBeGreaterThanOrEqual(1);
      expect(await recordExpiries(ctx.handle.db, later)).toBe(0);
      const row = await ctx.handle.db.selectFrom('licences').select('lineage').where('identifier', '=', food?.identifier ?? '').executeTakeFirstOrThrow();
      const history = await licenceHistory(ctx.handle.db, row.lineage);
      expect(history.map((h) => h.kind)).toEqual(['issued', 'expired']);
      expect(verifyLicenceHistory(history)).toEqual({ ok: true, checked: 2 });
    } finally {
      ctx.clock.set('2026-03-02T02:00:00Z');
    }
  });

  it('a changed history entry breaks the chain', async () => {
    const row = await ctx.handle.db.selectFrom('licences').select('lineage').where('identifier', '=', licence.identifier).executeTakeFirstOrThrow();
    await ctx.handle.db.updateTable('licence_events').set({ detail: JSON.stringify({ reason: '改过的理由' }) }).where('lineage', '=', row.lineage).where('kind', '=', 'changed').execute();
    expect(((await ctx.anon().get(`/api/public/licences/${licence.identifier}`)).json() as Verification).historyValid).toBe(false);
  });
});

describe('signing keys', () => {
  it('rotation by the security administrator: new licences use the new key, old ones keep verifying with the retired key', async () => {
    const samr = await orgIdByKey(ctx.handle.db, 'county-samr');
    const before = (await ctx.anon().get(`/api/public/licences/${licence.identifier}`)).json() as Verification;
    expect((await signer.post('/api/admin/signing-keys/rotate', { orgId: samr })).statusCode).toBe(403);
    const secadmin = await ctx.as('secadmin');
    const res = await secadmin.post('/api/admin/signing-keys/rotate', { orgId: samr });
    expect(res.statusCode, res.body).toBe(200);
    const rotated = res.json() as { keyId: string; retiredKeyId: string };
    expect(rotated.retiredKeyId).toBe(before.keyId);
    expect(rotated.keyId).not.toBe(before.keyId);
    const after = (await ctx.anon().get(`/api/public/licences/${licence.identifier}`)).json() as Verification;
    expect(after.signatureValid).toBe(true);
    const old = await ctx.anon().get(`/api/public/signing-keys/${before.keyId}`);
    expect(old.statusCode).toBe(200);
    expect(old.headers['x-key-retired-at']).toBeTruthy();
    // A licence issued now is signed with the new key.
    const next = await completeGthCase();
    const issued = await ctx.handle.db.selectFrom('licences').select('key_id').where('case_id', '=', next).executeTakeFirstOrThrow();
    expect(issued.key_id).toBe(rotated.keyId);
    const audit = await ctx.handle.db.selectFrom('audit_events').select(['kind', 'object_id']).where('kind', '=', 'signing_key_rotated').executeTakeFirstOrThrow();
    expect(audit.object_id).toBe(rotated.keyId);
  });

  it('the private key is stored sealed, never as plain hex', async () => {
    const keys = await ctx.handle.db.selectFrom('signing_keys').select(['private_key_sealed', 'public_key']).execute();
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k.private_key_sealed).toMatch(/^tb1\./);
    expect((await ctx.anon().get('/api/public/signing-keys/SM2-0000000000000000')).statusCode).toBe(404);
    expect((await ctx.anon().get('/api/public/signing-keys/nope')).statusCode).toBe(400);
  });
});
