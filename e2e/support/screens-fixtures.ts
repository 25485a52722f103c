import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { totpFor } from './login.js';
import type { Harness } from './harness.js';

/** Logged-in browser contexts, API agents and demo cases for the screen journeys (e2e/screens, e2e/phone). */
export const PASSWORD = 'Tongban@2026';

export interface Opened {
  context: BrowserContext;
  page: Page;
}

export interface MadeCase {
  id: string;
  caseNo: string;
  queryCode: string;
  implId: string;
}

export interface ApiAgent {
  post(url: string, body: unknown): Promise<unknown>;
  get(url: string): Promise<unknown>;
  uploadPdf(): Promise<string>;
  close(): Promise<void>;
}

const RELIEF_FORM = { name: '张三', idNumber: '330523199003071234', reason: '家中失火' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A fresh authenticator code for a demo staff account on the server's clock (e2e/support/login.ts). */
export { totpFor };

async function loginBody(username: string): Promise<Record<string, string>> {
  const totp = await totpFor(username);
  return { username, password: PASSWORD, ...(totp ? { totp } : {}) };
}

/** A browser context logged in as `username` through the API (the login page has its own tests). */
export async function openAs(h: Harness, username: string | null, opts: { viewport?: { width: number; height: number }; timezoneId?: string; lang?: 'en-US' } = {}): Promise<Opened> {
  const context = await h.newContext({ viewport: opts.viewport ?? { width: 1366, height: 900 }, ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}) });
  // The page language only (the browser's locale stays zh-CN, as a visitor who switched the language).
  if (opts.lang) await context.addInitScript(() => localStorage.setItem('tongban.lang', 'en-US'));
  if (username) {
    const res = await context.request.post('/api/auth/login', { data: await loginBody(username) });
    expect(res.status(), `login ${username}`).toBe(200);
  }
  return { context, page: await context.newPage() };
}

export async function apiAs(h: Harness, username: string): Promise<ApiAgent> {
  const context = await h.browser.newContext({ baseURL: h.baseUrl });
  const login = await context.request.post('/api/auth/login', { data: await loginBody(username) });
  expect(login.status(), `login ${username}`).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const check = async (res: { ok(): boolean; status(): number; text(): Promise<string>; json(): Promise<unknown> }, what: string) => {
    if (!res.ok()) throw new Error(`${what} → ${res.status()} ${await res.text()}`);
    return res.json();
  };
  return {
    post: async (url, body) => check(await context.request.post(url, { data: body, headers: { 'x-csrf-token': csrfToken } }), `POST ${url}`),
    get: async (url) => check(await context.request.get(url), `GET ${url}`),
    uploadPdf: async () =>
      ((await check(await context.request.post('/api/files', { multipart: { file: { name: 'scan.pdf', mimeType: 'application/pdf', buffer: PDF } }, headers: { 'x-csrf-token': csrfToken } }), 'upload')) as { id: string }).id,
    close: () => context.close(),
  };
}

/** Two 临时救助 cases: one accepted and claimed (an internal step) by the 民政 handler, one accepted with a material owed (容缺受理). */
export async function makeReliefCases(h: Harness): Promise<{ relief: { implId: string }; claimed: MadeCase; owing: MadeCase }> {
  const anon = await h.browser.newContext({ baseURL: h.baseUrl });
  const found = (await (await anon.request.get(`/api/catalogue/items?q=${encodeURIComponent('临时救助')}`)).json()) as { items: { implId: string; name: string }[] };
  await anon.close();
  const relief = { implId: found.items.find((i) => i.name.startsWith('临时救助'))?.implId ?? '' };
  const applicant = await apiAs(h, 'zhangsan');
  const clerk = await apiAs(h, 'clerk');
  const handler = await apiAs(h, 'mca_handler');
  const make = async () => {
    const fileId = await applicant.uploadPdf();
    const c = (await applicant.post('/api/cases', { implId: relief.implId, formData: RELIEF_FORM, situationAnswers: {}, materials: [{ materialId: 'm-application', fileId, fileName: 'application.pdf' }] })) as MadeCase;
    const view = (await clerk.get(`/api/cases/${c.id}`)) as { checklist: { id: string; required: boolean }[] };
    return { c: { ...c, implId: relief.implId }, required: view.checklist.filter((m) => m.required).map((m) => m.id) };
  };
  const a = await make();
  await clerk.post(`/api/cases/${a.c.id}/actions`, { type: 'accept', received: a.required.map((materialId) => ({ materialId, originalSeen: true })) });
  await handler.post(`/api/cases/${a.c.id}/actions`, { type: 'claim' });
  const b = await make();
  await clerk.post(`/api/cases/${b.c.id}/actions`, {
    type: 'accept_with_gaps',
    received: b.required.filter((m) => m !== 'm-proof').map((materialId) => ({ materialId, originalSeen: true })),
    owed: [{ materialId: 'm-proof', dueDate: new Date(h.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10) }],
  });
  await Promise.all([applicant.close(), clerk.close(), handler.close()]);
  return { relief, claimed: a.c, owing: b.c };
}
