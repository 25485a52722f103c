import { afterAll, beforeAll, describe, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { pickOption, pickUntil } from './support/forms.js';
import { loginThroughPage } from './support/login.js';

/** 三权分立 in the browser: the security administrator grants roles; the audit administrator reads the log. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('administrators (三权分立)', () => {
  it('the security administrator gives a handler a second role', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'secadmin');
    await page.goto('/admin/org');
    await page.getByRole('button', { name: '调整角色 samr_handler' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '添加角色' }).click();
    // The second row by position; each pick checked (a click during the list's animation could miss, CI stop 18).
    await pickOption(page, dialog.getByLabel('角色', { exact: true }).nth(1), '审核');
    await pickOption(page, dialog.getByLabel('授权范围', { exact: true }).nth(1), '安吉县市场监督管理局', '安吉县市场监督管理局');
    await h.screenshot(page, 'admin-grant-roles');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' }); // saved: a form the server refused would stay open
    // Both grants: the handler's own kept, the new one added.
    await page.getByRole('row', { name: /samr_handler/ }).getByText('审核').waitFor();
    await page.getByRole('row', { name: /samr_handler/ }).getByText('承办', { exact: true }).waitFor();
    await context.close();
  });

  it('the audit administrator searches the log, checks the chain, in both languages', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'auditor');
    await page.goto('/admin/audit');
    await pickUntil(page, () => page.getByLabel('类型').fill('调整角色'), page.locator('.ant-select-dropdown:visible .ant-select-item-option').getByText('调整角色授权', { exact: true }), page.locator('.ant-select-selection-item, .ant-select-selection-overflow-item').filter({ hasText: '调整角色授权' }).first());
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByRole('cell', { name: 'secadmin' }).first().waitFor();
    await page.getByRole('button', { name: '校验哈希链' }).click();
    await page.getByText(/SM3 哈希链完整/).waitFor();
    await h.screenshot(page, 'admin-audit-log');
    await page.getByRole('button', { name: 'switch language' }).click();
    await page.getByRole('link', { name: 'Export Excel' }).waitFor(); // antd renders a Button with href as a link
    await context.close();
  });
});
