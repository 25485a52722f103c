import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { generate } from 'otplib';
import { DEMO_TOTP_SECRETS } from '../src/server/demo/totp-secrets.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * Issue 9 — finishing the screens: menus by role (item 7), public progress milestones (item 8),
 * Beijing time everywhere, phone widths, and login returning to the page that asked for it.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const PASSWORD = 'Tongban@2026';

interface Opened {
  context: BrowserContext;
  page: Page;
}

/**
 * A fresh authenticator code for a demo staff account (undefined for applicants). The server takes
 * each 30-second step once per account and accepts the neighbouring steps, so wait for a free one.
 */
const usedSteps = new Map<string, Set<number>>();
async function totpFor(username: string): Promise<string | undefined> {
  const secret = DEMO_TOTP_SECRETS[username];
  if (!secret) return undefined;
  const used = usedSteps.get(username) ?? new Set<number>();
  usedSteps.set(username, used);
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    const free = [step, step + 1, step - 1].find((x) => !used.has(x));
    if (free !== undefined) {
      used.add(free);
      return generate({ secret, epoch: free * 30 });
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

async function loginBody(username: string): Promise<Record<string, string>> {
  const totp = await totpFor(username);
  return { username, password: PASSWORD, ...(totp ? { totp } : {}) };
}

/** A browser context logged in as `username` through the API (the login page has its own tests). */
async function openAs(username: string | null, opts: { viewport?: { width: number; height: number }; timezoneId?: string } = {}): Promise<Opened> {
  const context = await h.browser.newContext({ baseURL: h.baseUrl, viewport: opts.viewport ?? { width: 1366, height: 900 }, locale: 'zh-CN', ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}) });
  if (username) {
    const res = await context.request.post('/api/auth/login', { data: await loginBody(username) });
    expect(res.status(), `login ${username}`).toBe(200);
  }
  return { context, page: await context.newPage() };
}

async function headerMenus(page: Page): Promise<string[]> {
  await page.locator('header .ant-menu-item').first().waitFor();
  return (await page.locator('header .ant-menu-item').allInnerTexts()).map((s) => s.trim());
}

async function adminMenus(page: Page): Promise<string[]> {
  await page.locator('.ant-layout-sider .ant-menu-item').first().waitFor();
  return (await page.locator('.ant-layout-sider .ant-menu-item').allInnerTexts()).map((s) => s.trim());
}

describe('item 7: each role sees only the menus and buttons it can use', () => {
  it('a window clerk has the workbench and intake but no 管理; /admin says which role is needed', async () => {
    const { context, page } = await openAs('clerk');
    await page.goto('/workbench');
    await page.getByRole('button', { name: '窗口受理' }).waitFor();
    expect(await headerMenus(page)).toEqual(['网上办事大厅', '进度查询', '工作台']);
    await page.goto('/admin');
    await page.getByText('无权访问此页面').waitFor();
    await page.getByText(/此页面需要以下角色之一：.*事项管理员.*您当前的角色：综合窗口受理/).waitFor();
    expect(await page.getByRole('button', { name: /导入|导出/ }).count()).toBe(0);
    await h.screenshot(page, 'role-clerk-admin-403');
    await context.close();
  });

  it('a supervisor sees the catalogue read-only (export, no import), consistency and organisation; the calendar says it needs 系统管理员', async () => {
    const { context, page } = await openAs('supervisor');
    await page.goto('/workbench');
    await page.getByText('时限监察').first().waitFor();
    expect(await page.getByRole('button', { name: '窗口受理' }).count()).toBe(0);
    expect(await headerMenus(page)).toEqual(['网上办事大厅', '进度查询', '工作台', '管理']);
    await page.goto('/admin');
    expect(await adminMenus(page)).toEqual(['事项管理', '三级十同比对', '机构与人员']);
    await page.getByRole('button', { name: /导出 Excel/ }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.getByRole('button', { name: /导入/ }).count()).toBe(0);
    await page.goto('/admin/calendar');
    await page.getByText(/此页面需要以下角色之一：系统管理员/).waitFor();
    await h.screenshot(page, 'role-supervisor-calendar-403');
    await context.close();
  });

  it('a catalogue administrator lands on 管理 (no workbench) with import buttons', async () => {
    const { context, page } = await openAs('catadmin');
    await page.goto('/workbench');
    await page.waitForURL('**/admin');
    expect(await headerMenus(page)).toEqual(['网上办事大厅', '进度查询', '管理']);
    expect(await adminMenus(page)).toEqual(['事项管理', '三级十同比对', '检索同义词']);
    await page.getByRole('button', { name: /导入 JSON/ }).waitFor();
    await page.goto('/admin/org');
    await page.getByText(/此页面需要以下角色之一：.*系统管理员/).waitFor();
    await context.close();
  });

  it('a system administrator sees every section, with the staff form', async () => {
    const { context, page } = await openAs('admin');
    await page.goto('/admin/org');
    expect(await headerMenus(page)).toEqual(['网上办事大厅', '进度查询', '工作台', '管理']);
    expect(await adminMenus(page)).toEqual(['事项管理', '三级十同比对', '检索同义词', '工作日历', '机构与人员']);
    await page.getByText('新增工作人员').waitFor();
    await context.close();
  });

  it('an applicant sees 我的办件 only; staff pages say they need staff roles', async () => {
    const { context, page } = await openAs('zhangsan');
    await page.goto('/my/cases');
    expect(await headerMenus(page)).toEqual(['网上办事大厅', '进度查询', '我的办件']);
    await page.goto('/admin/calendar');
    await page.getByText(/此页面需要以下角色之一：系统管理员。您当前的角色：申请人/).waitFor();
    await page.goto('/workbench');
    await page.getByText('无权访问此页面').waitFor();
    await context.close();
  });
});

// ---- data made through the API, as a person and the hall would ----

const RELIEF_FORM = { name: '张三', idNumber: '330523199003071234', reason: '家中失火' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

interface ApiAgent {
  post(url: string, body: unknown): Promise<unknown>;
  get(url: string): Promise<unknown>;
  uploadPdf(): Promise<string>;
  close(): Promise<void>;
}

async function apiAs(username: string): Promise<ApiAgent> {
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

interface MadeCase {
  id: string;
  caseNo: string;
  queryCode: string;
  implId: string;
}

let relief: { implId: string };
let claimed: MadeCase; // 临时救助: submitted, accepted, claimed (an internal step) by the 民政 handler
let owing: MadeCase; // 临时救助 accepted with a material owed (容缺受理)

beforeAll(async () => {
  const anon = await h.browser.newContext({ baseURL: h.baseUrl });
  const found = (await (await anon.request.get(`/api/catalogue/items?q=${encodeURIComponent('临时救助')}`)).json()) as { items: { implId: string; name: string }[] };
  await anon.close();
  relief = { implId: found.items.find((i) => i.name.startsWith('临时救助'))?.implId ?? '' };
  const applicant = await apiAs('zhangsan');
  const clerk = await apiAs('clerk');
  const handler = await apiAs('mca_handler');
  const make = async () => {
    const fileId = await applicant.uploadPdf();
    const c = (await applicant.post('/api/cases', { implId: relief.implId, formData: RELIEF_FORM, situationAnswers: {}, materials: [{ materialId: 'm-application', fileId, fileName: 'application.pdf' }] })) as MadeCase;
    const view = (await clerk.get(`/api/cases/${c.id}`)) as { checklist: { id: string; required: boolean }[] };
    return { c: { ...c, implId: relief.implId }, required: view.checklist.filter((m) => m.required).map((m) => m.id) };
  };
  const a = await make();
  await clerk.post(`/api/cases/${a.c.id}/actions`, { type: 'accept', received: a.required.map((materialId) => ({ materialId, originalSeen: true })) });
  await handler.post(`/api/cases/${a.c.id}/actions`, { type: 'claim' });
  claimed = a.c;
  const b = await make();
  await clerk.post(`/api/cases/${b.c.id}/actions`, {
    type: 'accept_with_gaps',
    received: b.required.filter((m) => m !== 'm-proof').map((materialId) => ({ materialId, originalSeen: true })),
    owed: [{ materialId: 'm-proof', dueDate: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10) }],
  });
  owing = b.c;
  await Promise.all([applicant.close(), clerk.close(), handler.close()]);
});

/** A time as the hall shows it: Beijing time, independent of the app's own formatter. */
function beijing(iso: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  ) as Record<string, string>;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
function utc(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

describe('item 8: the public progress page shows milestones and the QR link looks up at once', () => {
  it('finding 8: /progress?caseNo=…&code=… shows 提交申请 and 受理 without a click, and no 签收', async () => {
    const { context, page } = await openAs(null);
    await page.goto(`/progress?caseNo=${claimed.caseNo}&code=${claimed.queryCode}`);
    await page.getByText('临时救助').first().waitFor();
    const timeline = page.locator('.ant-timeline');
    await timeline.getByText('提交申请').waitFor();
    await timeline.getByText('受理', { exact: true }).waitFor();
    expect(await timeline.getByText('签收').count()).toBe(0);
    await page.locator('.ant-steps').getByText('审查决定').waitFor();
    await h.screenshot(page, 'progress-milestones');
    await context.close();
  });
});

describe('times: every page shows Beijing time to a browser in UTC', () => {
  it('the progress page, my case, the workbench case and the catalogue history show Asia/Shanghai times', async () => {
    const applicant = await apiAs('zhangsan');
    const mine = (await applicant.get(`/api/cases/${claimed.id}`)) as { timeline: { at: string }[] };
    await applicant.close();
    const times = mine.timeline.map((e) => e.at);
    expect(times.length).toBeGreaterThan(2);
    // Pick instants whose UTC and Beijing renderings differ (always: +8 h).
    const checkPage = async (page: Page, at: string[]) => {
      for (const t of at) {
        await page.getByText(beijing(t), { exact: false }).first().waitFor({ timeout: 15_000 });
        expect(await page.getByText(utc(t), { exact: false }).count(), `UTC ${utc(t)} shown`).toBe(0);
      }
    };
    const pub = await openAs(null, { timezoneId: 'UTC' });
    await pub.page.goto(`/progress?caseNo=${claimed.caseNo}&code=${claimed.queryCode}`);
    await checkPage(pub.page, times.slice(0, 2));
    await pub.context.close();

    const own = await openAs('zhangsan', { timezoneId: 'UTC' });
    await own.page.goto(`/my/cases/${claimed.id}`);
    await checkPage(own.page, times);
    await own.context.close();

    const staff = await openAs('mca_handler', { timezoneId: 'UTC' });
    await staff.page.goto(`/workbench/cases/${claimed.id}`);
    await checkPage(staff.page, times);
    await staff.context.close();

    const cat = await openAs('catadmin', { timezoneId: 'UTC' });
    const impls = (await (await cat.context.request.get('/api/admin/catalogue/impls')).json()) as { impls: { implId: string }[] };
    const implId = impls.impls[0]?.implId ?? '';
    const detail = (await (await cat.context.request.get(`/api/admin/catalogue/impls/${implId}`)).json()) as { versions: { createdAt: string }[] };
    await cat.page.goto(`/admin/catalogue/${implId}`);
    await checkPage(cat.page, detail.versions.slice(0, 1).map((v) => v.createdAt));
    await h.screenshot(cat.page, 'times-catalogue-history-utc-browser');
    await cat.context.close();
  });
});

describe('phone (390×844): no page is wider than the screen', () => {
  const PHONE = { width: 390, height: 844 };
  async function overflow(page: Page, path: string, ready: () => Promise<unknown>): Promise<string | null> {
    await page.goto(path);
    await ready();
    await page.waitForTimeout(300);
    const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    return m.scroll > m.inner ? `${path}: ${m.scroll}px > ${m.inner}px` : null;
  }
  const main = (page: Page) => () => page.locator('#main *').first().waitFor();

  it('public, applicant, workbench and admin pages fit the phone width', async () => {
    const problems: string[] = [];
    const visit = async (who: string | null, paths: string[]) => {
      const { context, page } = await openAs(who, { viewport: PHONE });
      for (const p of paths) {
        const bad = await overflow(page, p, main(page));
        if (p === `/my/cases/${owing.id}`) await h.screenshot(page, 'phone-case-with-owed-material');
        if (bad) {
          problems.push(`${who ?? 'public'} ${bad}`);
          await h.screenshot(page, `phone-overflow-${(who ?? 'public') + p.replace(/[^a-z0-9]+/gi, '-')}`.slice(0, 120));
        }
      }
      await context.close();
    };
    await visit(null, ['/', `/search?q=${encodeURIComponent('营业执照')}`, `/items/${relief.implId}`, `/progress?caseNo=${claimed.caseNo}&code=${claimed.queryCode}`, '/login', '/register']);
    await visit('zhangsan', ['/my/cases', `/my/cases/${owing.id}`, `/apply/${relief.implId}`]);
    await visit('clerk', ['/workbench', '/workbench/intake', `/workbench/cases/${owing.id}`]);
    await visit('mca_handler', [`/workbench/cases/${claimed.id}`]);
    await visit('supervisor', ['/workbench']);
    const cat = await openAs('catadmin');
    const impls = (await (await cat.context.request.get('/api/admin/catalogue/impls')).json()) as { impls: { implId: string; latestVersionId: string }[] };
    await cat.context.close();
    const first = impls.impls[0];
    await visit('catadmin', ['/admin', `/admin/catalogue/${first?.implId ?? ''}`, `/admin/versions/${first?.latestVersionId ?? ''}`, '/admin/consistency']);
    await visit('admin', ['/admin/calendar', '/admin/org']);
    expect(problems).toEqual([]);
  });
});

describe('login returns to the page that asked for it', () => {
  const loginThroughForm = async (page: Page, username: string) => {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    const totp = await totpFor(username);
    if (totp) await page.getByLabel('动态验证码（工作人员）').fill(totp);
    await page.getByRole('button', { name: /登\s*录/ }).last().click();
  };

  it('an applicant opening a case link is sent to log in and comes back to the case', async () => {
    const { context, page } = await openAs(null);
    await page.goto(`/my/cases/${claimed.id}`);
    await page.waitForURL(/\/login\?next=/);
    await loginThroughForm(page, 'zhangsan');
    await page.waitForURL(`**/my/cases/${claimed.id}`);
    await page.getByText('临时救助').first().waitFor();
    await context.close();
  });

  it('a clerk sent from /workbench/intake returns there; a foreign next= is ignored', async () => {
    const { context, page } = await openAs(null);
    await page.goto('/workbench/intake');
    await page.waitForURL(/\/login\?next=%2Fworkbench%2Fintake/);
    await loginThroughForm(page, 'clerk');
    await page.waitForURL('**/workbench/intake');
    await context.close();
    const other = await openAs(null);
    await other.page.goto('/login?next=https%3A%2F%2Fevil.example%2F');
    await loginThroughForm(other.page, 'clerk2');
    await other.page.waitForURL('**/workbench');
    await other.page.waitForTimeout(300);
    expect(new URL(other.page.url()).origin).toBe(h.baseUrl);
    await other.context.close();
  });
});
