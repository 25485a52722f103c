import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { keepScreenshot, startHarness, type Harness } from './support/harness.js';
import { DEMO_APPLICANTS } from '../src/server/demo/seed.js';

/**
 * 即办件 and enterprises at the kiosk in the browser (issue 13, ADR 0040): a person applies for an
 * on-the-spot item by touch only and gets the receipt; an item needing a window offers 取号; an
 * enterprise identifies by its credit code on the letter pad.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 200_000);
afterAll(async () => h?.close());

const demo = (username: string) => DEMO_APPLICANTS.find((x) => x.username === username);
const ZHANGSAN = { idNumber: (() => { const a = demo('zhangsan'); return (a && 'idNumber' in a ? a.idNumber : undefined) ?? ''; })(), phone: demo('zhangsan')?.phone ?? '' };
const BAICHA = { creditCode: (() => { const a = demo('baicha'); return (a && 'creditCode' in a ? a.creditCode : undefined) ?? ''; })(), phone: demo('baicha')?.phone ?? '' };

async function pad(page: Page, label: string, value: string) {
  const group = page.getByRole('group', { name: label });
  for (const ch of value) await group.getByRole('button', { name: ch, exact: true }).click();
}

const last: Record<string, string> = {};
async function freshSmsCode(phone: string): Promise<string> {
  for (let i = 0; i < 25; i++) {
    const code = await h.smsCode(phone);
    if (code !== last[phone]) return (last[phone] = code);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no new SMS code');
}

async function confirmCode(page: Page, phone: string) {
  await page.getByRole('group', { name: '短信验证码' }).waitFor();
  await pad(page, '短信验证码', await freshSmsCode(phone));
  await page.getByRole('button', { name: /^确\s?认$/ }).click();
}

describe('即办件 at the kiosk', () => {
  it('a person applies for an on-the-spot item by touch and gets the receipt; an item needing a window offers 取号', async () => {
    const { page, context } = await h.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto('/kiosk');
    await page.getByTestId('kiosk-apply').click();
    await page.getByRole('group', { name: '身份证号码' }).waitFor();
    await pad(page, '身份证号码', ZHANGSAN.idNumber);
    await page.getByRole('button', { name: '获取短信验证码' }).click();
    await confirmCode(page, ZHANGSAN.phone);
    await page.getByTestId('kiosk-item').first().waitFor();
    await h.screenshot(page, 'kiosk-apply-items');
    keepScreenshot('kiosk-apply-items');

    // 社会保障卡申领 needs the ID card original and a photo: the kiosk sends the person to a window.
    await page.getByTestId('kiosk-item').filter({ hasText: '社会保障卡申领' }).click();
    await page.getByTestId('kiosk-to-window').waitFor();
    await page.getByRole('button', { name: '取号到窗口办理' }).waitFor();
    await h.screenshot(page, 'kiosk-apply-window');
    keepScreenshot('kiosk-apply-window');
    await page.getByRole('button', { name: /^返\s?回$/ }).click();

    await page.getByTestId('kiosk-item').filter({ hasText: '城乡居民基本养老保险参保登记' }).click();
    await page.getByRole('group', { name: '缴费档次（元/年）' }).getByRole('button', { name: '300', exact: true }).click();
    await page.getByText('共享数据核验').waitFor();
    await page.getByText('张*').first().waitFor();
    await h.screenshot(page, 'kiosk-apply-confirm');
    keepScreenshot('kiosk-apply-confirm');
    await page.getByRole('button', { name: '确认提交' }).click();
    await page.getByTestId('kiosk-receipt').waitFor();
    const caseNo = (await page.getByTestId('receipt-case-no').textContent()) ?? '';
    expect(caseNo).toMatch(/\d{8}/);
    expect(((await page.getByTestId('receipt-query-code').textContent()) ?? '').length).toBeGreaterThanOrEqual(4);
    await page.getByRole('button', { name: '打印回执' }).waitFor();
    await h.screenshot(page, 'kiosk-apply-receipt');
    keepScreenshot('kiosk-apply-receipt');
    // Filed as the person, by the kiosk: it is among their cases there.
    const mine = (await (await context.request.get('/api/kiosk/cases')).json()) as { cases: { caseNo: string }[] };
    expect(mine.cases.map((c) => c.caseNo)).toContain(caseNo);
    await page.getByRole('button', { name: /^退\s?出$/ }).click();
    await page.waitForURL(/\/kiosk$/);
    expect((await context.request.get('/api/kiosk/items')).status()).toBe(401);
    await context.close();
  }, 120_000);

  it('an enterprise identifies by its credit code on the letter pad and sees its items', async () => {
    const { page, context } = await h.newPage({ viewport: { width: 1280, height: 1100 } });
    await page.goto('/kiosk');
    await page.getByTestId('kiosk-progress').click();
    await page.getByRole('button', { name: '企业（法人）办事' }).click();
    await page.getByRole('group', { name: '统一社会信用代码' }).waitFor();
    await pad(page, '统一社会信用代码', BAICHA.creditCode);
    await h.screenshot(page, 'kiosk-credit-code');
    keepScreenshot('kiosk-credit-code');
    await page.getByRole('button', { name: '获取短信验证码' }).click();
    await confirmCode(page, BAICHA.phone);
    await page.getByTestId('kiosk-identity').getByText('安吉白茶生态农业有限公司').waitFor();
    await page.goto('/kiosk/apply');
    await page.getByTestId('kiosk-item').filter({ hasText: '发票领用' }).waitFor();
    await page.getByText('本事项仅面向自然人（个人）办理').first().waitFor();
    await h.screenshot(page, 'kiosk-enterprise-items');
    keepScreenshot('kiosk-enterprise-items');
    await context.close();
  }, 120_000);
});
