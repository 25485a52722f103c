import type { APIRequestContext } from 'playwright-core';
import type { ItemContent } from '../../src/core/catalogue/types.js';
import { sampleApplication } from '../../test/support/applications.js';
import type { Harness } from './harness.js';
import { DEMO_PASSWORD, totpFor } from './login.js';

/** An API session of a demo account (staff give their authenticator code), for data the journey needs but does not test. */
export interface ApiSession {
  request: APIRequestContext;
  csrf: string;
  close(): Promise<void>;
}

export async function apiSession(h: Harness, username: string): Promise<ApiSession> {
  const context = await h.newContext();
  const totp = await totpFor(username);
  const res = await context.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD, ...(totp ? { totp } : {}) } });
  if (!res.ok()) throw new Error(`login ${username}: ${res.status()} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { request: context.request, csrf: csrfToken, close: () => context.close() };
}

async function ok<T>(res: { ok(): boolean; status(): number; text(): Promise<string>; json(): Promise<unknown> }, what: string): Promise<T> {
  if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The published item whose name starts with `name`. */
export async function itemNamed(s: ApiSession, name: string): Promise<{ implId: string; content: ItemContent }> {
  const found = await ok<{ items: { implId: string; name: string }[] }>(await s.request.get(`/api/catalogue/items?q=${encodeURIComponent(name)}`), `search ${name}`);
  const implId = found.items.find((i) => i.name.startsWith(name))?.implId;
  if (!implId) throw new Error(`no item ${name}`);
  return { implId, content: (await ok<{ content: ItemContent }>(await s.request.get(`/api/catalogue/items/${implId}`), `guide ${name}`)).content };
}

const PDF = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';

/**
 * An earlier 个体工商户设立登记 of the applicant with `fileName` as its 经营场所使用相关文件 (material code
 * premises-use), accepted at the window by `clerk`: on acceptance the file goes into the applicant's
 * 我的材料 (ADR 0027), where later applications that need the same material offer it.
 */
export async function acceptedLease(applicant: ApiSession, clerk: ApiSession, fileName: string): Promise<{ caseId: string; caseNo: string }> {
  const item = await itemNamed(applicant, '个体工商户设立登记');
  // A file of its own (uploads are stored by content), so the library entry is this lease.
  const file = await ok<{ id: string }>(
    await applicant.request.post('/api/files', { multipart: { file: { name: fileName, mimeType: 'application/pdf', buffer: Buffer.from(`${PDF}% ${fileName} ${Math.random()}\n`) } }, headers: { 'x-csrf-token': applicant.csrf } }),
    'upload',
  );
  const made = await ok<{ id: string; caseNo: string }>(
    await applicant.request.post('/api/cases', { data: { implId: item.implId, ...sampleApplication(item.content), materials: [{ materialId: 'm-premises', fileId: file.id, fileName }] }, headers: { 'x-csrf-token': applicant.csrf } }),
    'apply',
  );
  const view = await ok<{ checklist: { id: string; required: boolean }[] }>(await clerk.request.get(`/api/cases/${made.id}`), 'case');
  await ok(
    await clerk.request.post(`/api/cases/${made.id}/actions`, { data: { type: 'accept', received: view.checklist.filter((m) => m.required).map((m) => ({ materialId: m.id, originalSeen: true })) }, headers: { 'x-csrf-token': clerk.csrf } }),
    'accept',
  );
  return { caseId: made.id, caseNo: made.caseNo };
}
