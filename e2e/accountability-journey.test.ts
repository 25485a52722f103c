import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { keepScreenshot, startHarness, type Harness } from './support/harness.js';
import { apiCall, apiLogin as loginByApi, type ApiSessionKeys } from './support/api.js';
import { loginThroughPage } from './support/login.js';
import { sampleApplication } from '../test/support/applications.js';
import type { ItemContent } from '../src/core/catalogue/types.js';

/**
 * Issue 12, the accountability loop in the browser, on the test clock (ADR 0033): 张三 rates a finished
 * case 不满意; the department (市场监管局) misses the 回访 deadline, calls back, misses the 整改
 * deadline and rectifies late; the sweep records the hits; the supervisor sees the 黄牌 and the
 * scorecard change; 张三 rates again; the public ranking (晒排名) shows the department and its 评价公开.
 */
let h: Harness;
beforeAll(async () => {
  // A Monday morning in Beijing; the deadlines count working days from here.
  h = await startHarness({ clock: '2026-12-07T09:00:00+08:00' });
}, 200_000);
afterAll(async () => h?.close());

const DEPARTMENT = '安吉县市场监督管理局';
const COMMENT = '营业执照办了三趟才办成，材料要求前后说法不一';

type Session = ApiSessionKeys;
const apiLogin = (username: string): Promise<Session> => loginByApi(h.baseUrl, username);

const call = <T,>(s: Session, method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> => apiCall<T>(h.baseUrl, s, method, url, body);

/** The page in use, screenshotted if a step fails. */
let current: Page | undefined;

/** A browser logged in through the login page, on the server's (test) clock. */
async function browserAs(username: string | null): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await h.newPage({ viewport: { width: 1366, height: 900 } });
  current = opened.page;
  if (username) await loginThroughPage(opened.page, username);
  return opened;
}

/** The month picker of a period (成绩单, 晒排名): choose 2026年12月 as a person would. */
async function chooseDecember(page: Page): Promise<void> {
  await page.locator('.ant-picker').first().click();
  await page.locator('.ant-picker-dropdown td[title="2026-12"]').click();
}

/** December's scorecard of departments ranked by 差评数, the table scrolled to the rating figures. */
async function scorecardByBadRatings(page: Page): Promise<void> {
  await page.goto('/workbench/scorecards');
  await chooseDecember(page);
  await page.getByRole('cell', { name: DEPARTMENT }).waitFor();
  // The option list opens with an animation; on a loaded machine a click during it can miss: retry.
  const chartTitle = page.getByText('差评数 · 2026-12-01 — 2026-12-31');
  for (let attempt = 0; attempt < 3 && !(await chartTitle.isVisible()); attempt++) {
    const option = page.getByTitle('差评数', { exact: true });
    if (!(await option.isVisible())) await page.getByLabel('排名指标').click();
    await option.waitFor();
    await page.waitForTimeout(400);
    await option.click({ timeout: 5_000 }).catch(() => undefined);
    await chartTitle.waitFor({ timeout: 5_000 }).catch(() => undefined);
  }
  await chartTitle.waitFor();
  await page.locator('.ant-table-content').evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await page.waitForTimeout(1500); // the chart's bars grow in
}

/** A toast over the header would hide part of a screenshot: let it go first. */
const toastGone = (page: Page) => page.locator('.ant-message-notice').last().waitFor({ state: 'detached', timeout: 10_000 });

type Figures = Record<string, number | null> & { id: string; name: string };
const departmentFigures = async (s: Session): Promise<Figures | undefined> =>
  (await call<{ rows: Figures[] }>(s, 'GET', '/api/scorecards?from=2026-12-01&to=2026-12-31&level=department')).rows.find((r) => r.name === DEPARTMENT);

const dayAfter = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('好差评 → 回访 → 整改 → 亮牌 → 成绩单 → 晒排名', () => {
  it('runs the accountability loop over three weeks of test-clock time', async () => {
    try {
      await journey();
    } catch (e) {
      if (current && !current.isClosed()) await h.screenshot(current, 'accountability-failure');
      throw e;
    }
  }, 180_000); // generous for a loaded machine; no step waits for real time to pass
});

async function journey(): Promise<void> {
  // 1. 个体工商户设立登记 for 张三, decided (准予) and its licence issued on Monday, through the API.
  const list = (await (await fetch(`${h.baseUrl}/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json()) as { items: { implId: string; name: string }[] };
  const implId = list.items.find((i) => i.name.startsWith('个体工商户设立登记'))?.implId ?? '';
  const guide = (await (await fetch(`${h.baseUrl}/api/catalogue/items/${implId}`)).json()) as { content: ItemContent };
  const [zhangsan, clerk, handler, signer, supervisor] = [await apiLogin('zhangsan'), await apiLogin('clerk'), await apiLogin('samr_handler'), await apiLogin('samr_signer'), await apiLogin('supervisor')];
  const created = await call<{ id: string }>(zhangsan, 'POST', '/api/cases', { implId, ...sampleApplication(guide.content), materials: [] });
  const view = await call<{ checklist: { id: string; required: boolean }[] }>(clerk, 'GET', `/api/cases/${created.id}`);
  await call(clerk, 'POST', `/api/cases/${created.id}/actions`, { type: 'accept', received: view.checklist.filter((m) => m.required).map((m) => ({ materialId: m.id, originalSeen: true })) });
  for (const [who, body] of [
    [handler, { type: 'claim' }],
    [handler, { type: 'advance', comment: '材料齐全' }],
    [signer, { type: 'claim' }],
    [signer, { type: 'decide', decision: 'approved', reason: '准予登记' }],
    [signer, { type: 'complete' }], // 制证: the 营业执照 is issued
  ] as const) {
    await call(who, 'POST', `/api/cases/${created.id}/actions`, body);
  }
  const before = await departmentFigures(supervisor);
  expect(before).toMatchObject({ received: 1, completed: 1, ratings: 0, goodRate: null, badRatings: 0, rectifiedRate: null });

  // The supervisor's scorecard of December before the rating.
  const sup = await browserAs('supervisor');
  await scorecardByBadRatings(sup.page);
  await h.screenshot(sup.page, 'accountability-scorecard-before');
  keepScreenshot('accountability-scorecard-before');
  await sup.context.close();

  // 2. 张三 rates the case 不满意 on its page.
  const citizen = await browserAs('zhangsan');
  await citizen.page.goto(`/my/cases/${created.id}`);
  await citizen.page.getByText('🙁 不满意', { exact: true }).click();
  await citizen.page.getByText('多次跑动', { exact: true }).click();
  await citizen.page.getByLabel('意见建议').fill(COMMENT);
  await citizen.page.getByText('差评将转交责任部门整改并回访').waitFor();
  await citizen.page.getByRole('button', { name: '提交评价' }).click();
  await citizen.page.getByText('待回访整改').waitFor();
  await toastGone(citizen.page);
  await h.screenshot(citizen.page, 'accountability-rated');
  keepScreenshot('accountability-rated');
  await citizen.context.close();

  // 3. Wednesday: the 回访 deadline (1 working day) has passed; the sweep lights a yellow light.
  await h.advanceClock({ days: 2 });
  await h.sweep();
  const dept = await browserAs('samr_handler');
  await dept.page.goto('/workbench/rectifications');
  await dept.page.locator('.ant-table-row', { hasText: '不满意' }).first().click();
  const drawer = dept.page.getByRole('dialog');
  await drawer.getByText(COMMENT, { exact: false }).waitFor();
  await drawer.getByLabel('回访结果').fill('已电话联系张三，核实为材料清单表述不清导致多跑，已致歉');
  await drawer.getByRole('button', { name: '保存回访记录' }).click();
  await drawer.getByText('已回访，整改中').waitFor();
  const rectifyDue = (await drawer.locator('tr', { hasText: '整改期限' }).locator('td').last().textContent()) ?? '';
  expect(rectifyDue).toBe('2026-12-28'); // 15 working days after Monday 7 December
  await h.screenshot(dept.page, 'accountability-revisited');
  await dept.context.close();

  // 4. The day after the 整改 deadline: a red light, and the department's first red hit of the month is a 黄牌.
  await h.setClock(`${dayAfter(rectifyDue)}T09:00:00+08:00`);
  await h.sweep();
  const late = await browserAs('samr_handler');
  await late.page.goto('/workbench/rectifications');
  await late.page.locator('.ant-table-row', { hasText: '不满意' }).first().click();
  const lateDrawer = late.page.getByRole('dialog');
  await lateDrawer.getByLabel('整改措施').fill('修订办事指南的材料清单，窗口一次性告知，全员培训');
  await lateDrawer.getByRole('button', { name: '完成整改' }).click();
  await lateDrawer.getByText('已整改', { exact: true }).waitFor();
  await toastGone(late.page);
  await h.screenshot(late.page, 'accountability-rectified');
  keepScreenshot('accountability-rectified');
  await late.context.close();

  // 5. The supervisor: the 黄牌 on the board, and the scorecard changed.
  const supervisor2 = await apiLogin('supervisor');
  const cards = await call<{ departments: { name: string; card: string | null; red: number; yellow: number }[] }>(supervisor2, 'GET', '/api/supervision/cards?month=2026-12');
  // One red hit (整改 late) → 黄牌; the yellow ones are the late 回访 and whatever the case's own events lit (临近超期).
  const unit = cards.departments.find((d) => d.name === DEPARTMENT);
  expect(unit).toMatchObject({ card: 'yellow', red: 1 });
  expect(unit?.yellow).toBeGreaterThanOrEqual(1);
  const after = await departmentFigures(supervisor2);
  // Rated 不满意 (no good rating), and rectified after its deadline (not on time).
  expect(after).toMatchObject({ received: 1, completed: 1, ratings: 1, goodRate: 0, badRatings: 1, rectifiedRate: 0 });
  const board = await browserAs('supervisor');
  await board.page.goto('/workbench/supervision');
  await board.page.locator('.ant-card', { hasText: '部门亮牌' }).getByRole('row', { name: new RegExp(DEPARTMENT) }).getByText('黄牌').waitFor();
  await board.page.getByRole('cell', { name: '差评未按时整改' }).waitFor();
  await board.page.getByRole('cell', { name: '差评未按时回访' }).waitFor();
  await board.page.getByRole('link', { name: '个体工商户设立登记（差评整改）' }).first().waitFor();
  await h.screenshot(board.page, 'accountability-supervision-board');
  keepScreenshot('accountability-supervision-board');
  await scorecardByBadRatings(board.page);
  await h.screenshot(board.page, 'accountability-scorecard-after');
  keepScreenshot('accountability-scorecard-after');
  await board.context.close();

  // 6. 张三 is asked to rate again and does.
  const again = await browserAs('zhangsan');
  await again.page.goto(`/my/cases/${created.id}`);
  await again.page.getByText('部门已整改，请再次评价').click();
  await again.page.getByText('🙂 满意', { exact: true }).click();
  await again.page.getByRole('button', { name: '提交再评价' }).click();
  await again.page.getByText('整改后再评价').waitFor();
  await h.screenshot(again.page, 'accountability-re-rated');
  await again.context.close();

  // 7. 晒排名, public: the department ranked for December, and its 评价公开 with the masked name.
  const visitor = await browserAs(null);
  await visitor.page.goto('/rankings');
  await chooseDecember(visitor.page);
  await visitor.page.getByRole('cell', { name: DEPARTMENT }).waitFor();
  await visitor.page.waitForTimeout(1500); // the chart's bars grow in
  await h.screenshot(visitor.page, 'accountability-rankings');
  keepScreenshot('accountability-rankings');
  await visitor.page.getByText(DEPARTMENT, { exact: true }).first().click();
  const ratings = visitor.page.getByRole('dialog');
  await ratings.getByText(COMMENT, { exact: false }).waitFor();
  await ratings.getByText('张*', { exact: true }).waitFor();
  expect(await ratings.getByText('张三').count()).toBe(0);
  await h.screenshot(visitor.page, 'accountability-ratings-drawer');
  // The full 评价公开 page of the department, per item.
  await ratings.getByRole('link', { name: /查看评价公开页/ }).click();
  await visitor.page.waitForURL((u) => u.pathname === '/ratings');
  await visitor.page.getByRole('heading', { name: `评价公开 · ${DEPARTMENT}` }).waitFor();
  await visitor.page.getByRole('link', { name: /个体工商户设立登记/ }).waitFor();
  await h.screenshot(visitor.page, 'accountability-public-ratings');
  keepScreenshot('accountability-public-ratings');
  // …and an item's own page, as the 办事指南 links it.
  await visitor.page.goto(`/items/${implId}`);
  await visitor.page.getByRole('link', { name: '评价公开' }).click();
  await visitor.page.getByRole('heading', { name: /^评价公开 · 个体工商户设立登记/ }).waitFor();
  await visitor.page.getByText(COMMENT, { exact: false }).waitFor();
  await visitor.context.close();
}
