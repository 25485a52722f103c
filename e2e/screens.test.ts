import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './support/harness.js';
import { apiAs, makeReliefCases, openAs, type MadeCase } from './support/screens-fixtures.js';

/**
 * Issue 9 — finishing the screens: menus by role (item 7), public progress milestones (item 8),
 * Beijing time everywhere, phone widths, and login returning to the page that asked for it.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

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
    const { context, page } = await openAs(h, 'clerk');
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
    const { context, page } = await openAs(h, 'supervisor');
    await page.goto('/workbench');
    await page.getByText('时限监察').first().waitFor();
    expect(await page.getByRole('button', { name: '窗口受理' }).count()).toBe(0);
    expect(await headerMenus(page)).toEqual(['网上办事大厅', '进度查询', '工作台', '管理']);
    await page.goto('/admin');
    expect(await adminMenus(page)).toEqual(['事项管理', '一件事目录', '三级十同比对', '机构与人员', '证照类型']);
    await page.getByRole('button', { name: /导出 Excel/ }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.getByRole('button', { name: /导入/ }).count()).toBe(0);
    await page.goto('/admin/calendar');
    await page.getByText(/此页面需要以下角色之一：系统管理员/).waitFor();
    await h.screenshot(page, 'role-supervisor-calendar-403');
    await context.close();
  });

  it('a catalogue administrator lands on 管理 (no workbench) with import buttons', async () => {
    const { context, page } = await openAs(h, 'catadmin');
    await page.goto('/workbench');
    await page.waitForURL('**/admin');
    expect(await headerMenus(page)).toEqual(['网上办事大厅', '进度查询', '管理']);
    expect(await adminMenus(page)).toEqual(['事项管理', '一件事目录', '三级十同比对', '检索同义词', '证照类型']);
    await page.getByRole('button', { name: /导入 JSON/ }).waitFor();
    await page.goto('/admin/org');
    await page.getByText(/此页面需要以下角色之一：.*系统管理员/).waitFor();
    await context.close();
  });

  it('a system administrator sees every section, with the staff form', async () => {
    const { context, page } = await openAs(h, 'admin');
    await page.goto('/admin/org');
    expect(await headerMenus(page)).toEqual(['网上办事大厅', '进度查询', '工作台', '管理']);
    expect(await adminMenus(page)).toEqual(['事项管理', '一件事目录', '三级十同比对', '检索同义词', '工作日历', '机构与人员', '证照类型']);
    await page.getByText('新增工作人员').waitFor();
    await context.close();
  });

  it('an applicant sees 我的办件, 我的证照, 数据使用记录, 我的材料 and 我的资料 only; staff pages say they need staff roles', async () => {
    const { context, page } = await openAs(h, 'zhangsan');
    await page.goto('/my/cases');
    expect(await headerMenus(page)).toEqual(['网上办事大厅', '进度查询', '我的办件', '我的证照', '数据使用记录', '我的材料', '我的资料']);
    await page.goto('/admin/calendar');
    await page.getByText(/此页面需要以下角色之一：系统管理员。您当前的角色：申请人/).waitFor();
    await page.goto('/workbench');
    await page.getByText('无权访问此页面').waitFor();
    await context.close();
  });
});

// ---- data made through the API, as a person and the hall would ----

let claimed: MadeCase; // 临时救助: submitted, accepted, claimed (an internal step) by the 民政 handler

beforeAll(async () => {
  ({ claimed } = await makeReliefCases(h));
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
    const { context, page } = await openAs(h, null);
    await page.goto(`/progress?caseNo=${claimed.caseNo}&code=${claimed.queryCode}`);
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
    const applicant = await apiAs(h, 'zhangsan');
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
    const pub = await openAs(h, null, { timezoneId: 'UTC' });
    await pub.page.goto(`/progress?caseNo=${claimed.caseNo}&code=${claimed.queryCode}`);
    await checkPage(pub.page, times.slice(0, 2));
    await pub.context.close();

    const own = await openAs(h, 'zhangsan', { timezoneId: 'UTC' });
    await own.page.goto(`/my/cases/${claimed.id}`);
    await checkPage(own.page, times);
    await own.context.close();

    const staff = await openAs(h, 'mca_handler', { timezoneId: 'UTC' });
    await staff.page.goto(`/workbench/cases/${claimed.id}`);
    await checkPage(staff.page, times);
    await staff.context.close();

    const cat = await openAs(h, 'catadmin', { timezoneId: 'UTC' });
    const impls = (await (await cat.context.request.get('/api/admin/catalogue/impls')).json()) as { impls: { implId: string }[] };
    const implId = impls.impls[0]?.implId ?? '';
    const detail = (await (await cat.context.request.get(`/api/admin/catalogue/impls/${implId}`)).json()) as { versions: { createdAt: string }[] };
    await cat.page.goto(`/admin/catalogue/${implId}`);
    await checkPage(cat.page, detail.versions.slice(0, 1).map((v) => v.createdAt));
    await h.screenshot(cat.page, 'times-catalogue-history-utc-browser');
    await cat.context.close();
  });
});

describe('portal search and topic pages', () => {
  it('"低保" finds 最低生活保障; the 开办企业 topic page has a heading and lists each item once, the county first', async () => {
    const { context, page } = await openAs(h, null, { lang: 'en-US' });
    await page.goto(`/search?q=${encodeURIComponent('低保')}`);
    // English mode shows the catalogue's English name (issue 9); the synonym still finds it.
    await page.getByRole('link', { name: /^Minimum living allowance/ }).first().waitFor();
    await page.goto(`/search?topic=${encodeURIComponent('开办企业')}`);
    await page.getByRole('heading', { level: 1, name: '开办企业' }).waitFor();
    await page.locator('.ant-list-item').first().waitFor();
    const titles = await page.locator('.ant-list-item-meta-title').allInnerTexts();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.length).toBe(new Set(titles).size);
    // English plural forms: "1 trip", never "1 trip(s)".
    expect(await page.getByText('(s)').count()).toBe(0);
    await h.screenshot(page, 'topic-page-en');
    await context.close();
  });
});
