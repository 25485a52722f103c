import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
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

/** A browser context logged in as `username` through the API (the login page has its own tests). */
async function openAs(username: string | null, opts: { viewport?: { width: number; height: number }; timezoneId?: string } = {}): Promise<Opened> {
  const context = await h.browser.newContext({ baseURL: h.baseUrl, viewport: opts.viewport ?? { width: 1366, height: 900 }, locale: 'zh-CN', ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}) });
  if (username) {
    const res = await context.request.post('/api/auth/login', { data: { username, password: PASSWORD } });
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
    expect(await adminMenus(page)).toEqual(['事项管理', '三级十同比对']);
    await page.getByRole('button', { name: /导入 JSON/ }).waitFor();
    await page.goto('/admin/org');
    await page.getByText(/此页面需要以下角色之一：.*系统管理员/).waitFor();
    await context.close();
  });

  it('a system administrator sees every section, with the staff form', async () => {
    const { context, page } = await openAs('admin');
    await page.goto('/admin/org');
    expect(await headerMenus(page)).toEqual(['网上办事大厅', '进度查询', '工作台', '管理']);
    expect(await adminMenus(page)).toEqual(['事项管理', '三级十同比对', '工作日历', '机构与人员']);
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
