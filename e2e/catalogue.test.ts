import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';
import { confirmOk } from './support/forms.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('catalogue journeys', () => {
  it('a citizen searches an item by name and by pinyin initials and reads its guide', async () => {
    const { page, context } = await h.newPage();
    await page.goto('/');
    await h.screenshot(page, 'portal-home');
    await page.getByRole('searchbox', { name: '搜索' }).fill('个体工商户');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/search?**');
    await page.getByRole('link', { name: '个体工商户设立登记' }).waitFor();
    await page.goto('/search?q=gtgsh');
    await page.getByRole('link', { name: '个体工商户设立登记' }).click();
    await page.getByRole('heading', { name: '个体工商户设立登记' }).waitFor();
    await page.getByRole('tab', { name: '申请材料' }).click();
    await page.getByText('经营者身份证明').first().waitFor();
    // 情形引导: only when an agent applies is the power of attorney needed.
    expect(await page.getByText('委托书及代理人身份证明').count()).toBe(1);
    await page.getByText('本人（经营者/法定代表人）办理').click();
    await page.getByText('委托书及代理人身份证明').waitFor({ state: 'detached' });
    await h.screenshot(page, 'guide-materials');
    await page.getByRole('tab', { name: '办理流程' }).click();
    const chart = page.getByRole('figure', { name: '办理流程图' });
    await chart.waitFor();
    const steps = await chart.getByTestId('flow-step').allInnerTexts();
    expect(steps.join(' ')).toContain('受理');
    expect(steps.join(' ')).toContain('决定');
    await h.screenshot(page, 'guide-flow');
    await context.close();
  });

  it('an administrator edits an item, publishes a new version, and the guide shows it while v1 stays in history', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'catadmin');
    await page.waitForURL('**/workbench');
    await page.goto('/admin');
    await page.getByRole('searchbox', { name: '筛选事项' }).fill('公共场所卫生许可');
    await page.getByRole('link', { name: /公共场所卫生许可/ }).click();
    await h.screenshot(page, 'admin-item-history');
    await page.getByRole('button', { name: '新建版本' }).click();
    await page.waitForURL('**/admin/versions/**');
    await page.getByLabel(/^承诺时限/).fill('6');
    await h.screenshot(page, 'admin-editor');
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByText('审核中').first().waitFor();
    // 四眼原则 (issue 8 finding 16): the drafter has no publish button; a second administrator publishes.
    await page.getByText(/四眼原则/).waitFor();
    expect(await page.getByRole('button', { name: /^发\s*布$/ }).count()).toBe(0);
    await h.screenshot(page, 'admin-four-eyes');
    const versionUrl = page.url();
    await context.close();
    const { page: reviewer, context: reviewerContext } = await h.newPage();
    await loginThroughPage(reviewer, 'provadmin');
    await reviewer.goto(versionUrl);
    await reviewer.getByText('审核中').first().waitFor();
    await reviewer.getByRole('button', { name: /^发\s*布$/ }).click();
    await confirmOk(reviewer);
    await reviewer.getByText('已发布').first().waitFor();
    await reviewer.getByRole('link', { name: /公共场所卫生许可/ }).first().click();
    await reviewer.getByRole('cell', { name: '已停用' }).waitFor();
    await reviewer.getByRole('button', { name: '与上一版本比对' }).first().click();
    await reviewer.getByText('承诺时限').first().waitFor();
    await h.screenshot(reviewer, 'admin-diff');
    await reviewer.getByRole('link', { name: '查看办事指南' }).click();
    await reviewer.getByText('版本 v2').first().waitFor();
    await reviewer.getByText('承诺时限 6个工作日').first().waitFor();
    await reviewerContext.close();
  });

  it('switches the portal and the guide to English', async () => {
    const { page, context } = await h.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'switch language' }).click();
    await page.getByText('Popular services').first().waitFor();
    await h.screenshot(page, 'portal-home-en');
    await page.getByRole('searchbox', { name: 'Search' }).fill('gtgsh');
    await page.keyboard.press('Enter');
    // English mode shows the catalogue's English name (issue 9).
    await page.getByRole('link', { name: 'Registration of an individual business' }).first().click();
    await page.getByRole('tab', { name: 'Materials' }).click();
    await page.getByRole('columnheader', { name: 'Material' }).waitFor();
    await page.getByRole('tab', { name: 'Flow' }).click();
    await page.getByRole('figure', { name: 'Flow chart' }).waitFor();
    await h.screenshot(page, 'guide-en');
    await context.close();
  });
});
