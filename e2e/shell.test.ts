import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage, totpFor } from './support/login.js';
import { pickOption } from './support/forms.js';

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

  it('serves the built app only, not the portal’s source files (src/web/public is no static-files folder)', async () => {
    for (const file of ['LoginPage.tsx', 'ApplyPage.tsx']) {
      const body = await (await fetch(`${h.baseUrl}/${file}`)).text();
      expect(body).not.toMatch(/\bimport\b[^;]*\bfrom\b/);
    }
  });

  it('logs a clerk in and shows the workbench', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'clerk');
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
    await page.getByLabel('密码').fill('Zhao-Anji-2026');
    await page.getByRole('button', { name: '获取短信验证码' }).click();
    await page.getByRole('alert').getByText(/身份证号码不正确/).waitFor();
    await h.screenshot(page, 'register-error');
    await page.getByLabel('公民身份号码').fill('11010519491231002X');
    await page.getByRole('button', { name: '获取短信验证码' }).click();
    // The code arrives by SMS (the development sink prints it in the server's log).
    await page.getByLabel('短信验证码').fill(await h.smsCode('13900001111'));
    await h.screenshot(page, 'register-sms');
    await page.getByRole('button', { name: '完成注册' }).click();
    await page.getByText('赵六').first().waitFor();
    await context.close();
  });

  it('a system administrator adds a window clerk who can then log in', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'admin');
    await page.waitForURL('**/workbench');
    await page.goto('/admin/org');
    const form = page.locator('form').filter({ hasText: '初始密码' });
    await form.getByLabel('姓名').fill('新窗口 钱七');
    await form.getByLabel('用户名').fill('clerk3');
    await form.getByLabel('初始密码').fill('Clerk3@Anji-2026');
    // 三权分立: the system administrator creates the account; roles are the security administrator's.
    await pickOption(page, form.getByLabel('所属机构'), '安吉县政务服务中心', '安吉县政务服务中心');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('cell', { name: 'clerk3', exact: true }).waitFor();
    await h.screenshot(page, 'admin-org');
    await context.close();
    const other = await h.newPage();
    await other.page.goto('/login');
    await other.page.getByLabel('用户名').fill('clerk3');
    await other.page.getByLabel('密码', { exact: true }).fill('Clerk3@Anji-2026');
    await other.page.getByRole('button', { name: /登\s*录/ }).last().click();
    // Staff must enrol a second factor at the first login: the QR code, or the key typed in.
    await other.page.waitForURL('**/account/security');
    await other.page.getByText('新窗口 钱七').first().waitFor();
    await other.page.getByRole('button', { name: '绑定动态验证码' }).click();
    await other.page.getByRole('img', { name: '动态验证码二维码' }).waitFor();
    const secret = (await other.page.locator('.ant-typography code').first().innerText()).trim();
    await other.page.getByLabel(/输入App显示的6位数字/).fill((await totpFor('clerk3', secret)) ?? '');
    await h.screenshot(other.page, 'second-factor-enrol');
    await other.page.getByRole('button', { name: /确认绑定/ }).click();
    await other.page.getByLabel('恢复码').waitFor();
    await other.page.getByRole('button', { name: /我已保存恢复码/ }).click();
    await other.page.goto('/workbench');
    await other.page.waitForURL('**/workbench');
    await other.context.close();
  });
});
