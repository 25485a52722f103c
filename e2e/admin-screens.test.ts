import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';
import { pickUntil } from './support/forms.js';

/**
 * Issue 9, "Finish the screens": the catalogue administrator's screens and the calendar reminder, walked
 * in a browser with screenshots (test-results/screenshots/admin-screens-*.png).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('catalogue administrator screens', () => {
  it('names the item on its page, words the change log and rule checks, and picks a base item from a searchable list', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'catadmin');
    await page.goto('/admin');
    await page.getByRole('searchbox', { name: '筛选事项' }).fill('公共场所卫生许可');
    await page.getByRole('link', { name: /公共场所卫生许可/ }).click();
    // The implementation page is titled with the item's name; the change log speaks in words.
    await page.locator('.ant-card-head-title').getByText(/公共场所卫生许可/).first().waitFor();
    const implUrl = page.url();
    await page.getByRole('button', { name: '新建版本' }).click();
    await page.waitForURL('**/admin/versions/**');
    await page.getByLabel(/^承诺时限/).fill('999');
    await page.getByLabel(/^咨询电话/).fill('1385721');
    await page.getByRole('button', { name: '保存草稿' }).click();
    // Rule checks in words: the field named, no rule code, no raw path.
    await page.getByText(/咨询电话“1385721”不正确/).waitFor();
    await page.getByText(/承诺时限（999个工作日）不能超过法定时限/).waitFor();
    const problems = await page.locator('.ant-list').first().innerText();
    expect(problems).not.toMatch(/PROMISED_EXCEEDS_LEGAL|CONSULT_PHONE_INVALID|promisedLimitDays/);
    expect(problems).toContain('须修改');
    await h.screenshot(page, 'admin-screens-problems');
    await page.goto(implUrl);
    await page.getByText('新建草稿版本').first().waitFor();
    await page.getByText('修改', { exact: false }).first().waitFor();
    expect(await page.locator('.ant-timeline').innerText()).not.toMatch(/create_draft|\bedit\b/);
    await h.screenshot(page, 'admin-screens-impl');
    await page.goto('/admin/consistency');
    await pickUntil(
      page,
      async () => {
        await page.getByTestId('base-item-picker').click();
        await page.keyboard.type('药品');
      },
      '药品零售企业许可',
      page.locator('.ant-card-head-title').filter({ hasText: /药品零售企业许可（/ }).first(),
    );
    await h.screenshot(page, 'admin-screens-consistency');
    await context.close();
  });

  it('reminds the system administrator to enter next year’s holiday arrangement from 1 December', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'admin');
    await page.goto('/admin/calendar');
    const today = new Date().toLocaleDateString('sv', { timeZone: 'Asia/Shanghai' });
    const banner = page.getByTestId('calendar-reminder');
    if (today.slice(5) >= '12-01') {
      await banner.waitFor();
      expect(await banner.innerText()).toContain(`${Number(today.slice(0, 4)) + 1}`);
    }
    await h.screenshot(page, 'admin-screens-calendar-reminder');
    await context.close();
  });
});
