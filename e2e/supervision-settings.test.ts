import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';

/** 电子监察 settings on the supervisor's board (issue 12, ADR 0031): the values in force, changed by the county's supervisor. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('supervision settings', () => {
  it('the supervisor sees the defaults in force, changes the red-card threshold, and the board shows the county’s own settings', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'supervisor');
    await page.goto('/workbench/supervision');
    const panel = page.locator('.ant-card').filter({ hasText: '监察设置（亮牌阈值与规则时限）' });
    await panel.waitFor();
    await panel.getByText('默认值').waitFor();
    expect(await panel.innerText()).toMatch(/红牌：本月红灯达到\s*2 次/);
    await panel.getByRole('button', { name: /修\s*改/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('红牌：本月红灯达到').fill('3');
    const saved = page.waitForResponse((r) => r.url().includes('/api/admin/supervision-settings/') && r.request().method() === 'PUT');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    expect((await saved).status()).toBe(200);
    await panel.getByText('本级设置').waitFor();
    await expect.poll(() => panel.innerText()).toMatch(/红牌：本月红灯达到\s*3 次/);
    expect(await panel.innerText()).toMatch(/电子监察 马骏 修改于/);
    await h.screenshot(page, 'supervision-settings');
    await context.close();

    // The system administrator sees the board's settings but has no button to change them.
    const admin = await h.newPage();
    await loginThroughPage(admin.page, 'admin');
    await admin.page.goto('/workbench/supervision');
    const adminPanel = admin.page.locator('.ant-card').filter({ hasText: '监察设置（亮牌阈值与规则时限）' });
    await adminPanel.waitFor();
    expect(await adminPanel.getByRole('button', { name: /修\s*改/ }).count()).toBe(0);
    await admin.context.close();
  });
});
