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
    await page.getByText('综合窗口 赵丽').first().waitFor();
    await h.screenshot(page, 'shell-workbench');
    await context.close();
  });
});

describe('registration and staff administration', () => {
  it('registers a natural person, refusing a wrong ID check digit first', async () => {
    const { page, context } = await h.newPage();
    await page.goto('/register');
    await page.getByLabel('姓名').fill('赵六');
    await page.getByLabel('公民身份号码').fill('110105194912310021');
    await page.getByLabel('手机号码').fill('13900001111');
    await page.getByLabel('用户名').fill('zhaoliu');
    await page.getByLabel('密码').fill('Zhao@2026');
    await page.getByRole('button', { name: /^注\s*册$/ }).click();
    await page.getByRole('alert').getByText(/身份证号码不正确/).waitFor();
    await h.screenshot(page, 'register-error');
    await page.getByLabel('公民身份号码').fill('11010519491231002X');
    await page.getByRole('button', { name: /^注\s*册$/ }).click();
    await page.getByText('赵六').first().waitFor();
    await context.close();
  });

  it('a system administrator adds a window clerk who can then log in', async () => {
    const { page, context } = await h.newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('Tongban@2026');
    await page.getByRole('button', { name: /登\s*录/ }).last().click();
    await page.waitForURL('**/workbench');
    await page.goto('/admin/org');
    const form = page.locator('form').filter({ hasText: '初始密码' });
    await form.getByLabel('姓名').fill('新窗口 钱七');
    await form.getByLabel('用户名').fill('clerk3');
    await form.getByLabel('初始密码').fill('Clerk3@2026');
    await form.getByLabel('所属机构（授权范围）').fill('安吉县政务服务中心');
    await page.locator('.ant-select-item-option').getByText('安吉县政务服务中心', { exact: true }).click();
    await form.getByLabel('角色').click();
    await page.locator('.ant-select-item-option').getByText('综合窗口受理', { exact: true }).click();
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('cell', { name: 'clerk3', exact: true }).waitFor();
    await h.screenshot(page, 'admin-org');
    await context.close();
    const other = await h.newPage();
    await other.page.goto('/login');
    await other.page.getByLabel('用户名').fill('clerk3');
    await other.page.getByLabel('密码').fill('Clerk3@2026');
    await other.page.getByRole('button', { name: /登\s*录/ }).last().click();
    await other.page.getByText('新窗口 钱七').first().waitFor();
    await other.context.close();
  });
});
