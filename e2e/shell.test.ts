import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('web shell', () => {
  it('serves the portal in Chinese and switches to English', async () => {
    const { page, context } = await h.newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { name: '安吉县网上办事大厅' }).first().isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'switch language' }).click();
    await page.getByRole('heading', { name: 'Anji County Online Service Hall' }).first().waitFor();
    await h.screenshot(page, 'shell-home-en');
    await context.close();
  });

  it('logs a clerk in and shows the workbench', async () => {
    const { page, context } = await h.newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('clerk');
    await page.getByLabel('密码').fill('Tongban@2026');
    await page.getByRole('button', { name: /登\s*录/ }).last().click();
    await page.waitForURL('**/workbench');
    await page.getByText('综合窗口 赵丽').waitFor();
    await h.screenshot(page, 'shell-workbench');
    await context.close();
  });
});
