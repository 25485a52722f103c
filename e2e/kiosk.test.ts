import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { keepScreenshot, startHarness, type Harness } from './support/harness.js';
import { apiAs, makeReliefCases, openAs } from './support/screens-fixtures.js';
import { DEMO_APPLICANTS } from '../src/server/demo/seed.js';

/**
 * 自助终端 and 好差评 at the window in the browser (issue 13): identity at the kiosk by ID number and SMS
 * code, the person's progress and a notice to print; the idle timeout clearing the kiosk; the applicant
 * rating the window service on the tablet the clerk's desk hands over.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await makeReliefCases(h); // two 临时救助 cases of 张三, both taken in (受理通知书 to print)
}, 200_000);
afterAll(async () => h?.close());

const ZHANGSAN = (() => {
  const a = DEMO_APPLICANTS.find((x) => x.username === 'zhangsan');
  return { idNumber: (a && 'idNumber' in a ? a.idNumber : undefined) ?? '', phone: a?.phone ?? '' };
})();

/** Types on the kiosk's on-screen pad (no keyboard at a kiosk). */
async function pad(page: Page, label: string, value: string) {
  const group = page.getByRole('group', { name: label });
  for (const ch of value) await group.getByRole('button', { name: ch, exact: true }).click();
}

/** The code just sent (the harness reads the server's log, which may trail the answer by a moment). */
let lastCode = '';
async function freshSmsCode(): Promise<string> {
  for (let i = 0; i < 25; i++) {
    const code = await h.smsCode(ZHANGSAN.phone);
    if (code !== lastCode) return (lastCode = code);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no new SMS code');
}

async function identify(page: Page, shots: boolean) {
  await page.getByTestId('kiosk-progress').click();
  await page.getByRole('group', { name: '身份证号码' }).waitFor();
  await pad(page, '身份证号码', ZHANGSAN.idNumber);
  if (shots) {
    await h.screenshot(page, 'kiosk-id-number');
    keepScreenshot('kiosk-id-number');
  }
  await page.getByRole('button', { name: '获取短信验证码' }).click();
  await page.getByRole('group', { name: '短信验证码' }).waitFor();
  await pad(page, '短信验证码', await freshSmsCode());
  if (shots) {
    await h.screenshot(page, 'kiosk-sms-code');
    keepScreenshot('kiosk-sms-code');
  }
  // antd spaces out a two-character label (确 认).
  await page.getByRole('button', { name: /^确\s?认$/ }).click();
  await page.getByTestId('kiosk-case').first().waitFor();
}

describe('self-service kiosk (自助终端)', () => {
  it('identifies a person by ID number and SMS code, shows their cases’ progress and opens a notice for printing', async () => {
    const { page, context } = await h.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto('/kiosk');
    await page.getByTestId('kiosk-ticket').waitFor();
    await h.screenshot(page, 'kiosk-home');
    keepScreenshot('kiosk-home');
    await identify(page, true);
    await expect.poll(() => page.getByTestId('kiosk-case').count()).toBe(2);
    await page.getByTestId('kiosk-identity').getByText('张*').waitFor();
    await page.getByText('受理').first().waitFor();
    await h.screenshot(page, 'kiosk-cases');
    keepScreenshot('kiosk-cases');
    // 打印: the sealed PDF opens in a window of its own for the browser's print dialog.
    const pdf = context.waitForEvent('response', (r) => r.url().includes('/api/kiosk/cases/') && r.url().endsWith('/notices/acceptance'));
    await page.getByRole('button', { name: /打印受理通知书/ }).first().click();
    const res = await pdf;
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    // 退出 ends the session: the kiosk is back home and the session no longer reads anything.
    await page.getByRole('button', { name: /^退\s?出$/ }).click();
    await page.waitForURL(/\/kiosk$/);
    expect((await context.request.get('/api/kiosk/cases')).status()).toBe(401);
    await context.close();
  }, 90_000);

  it('clears itself after the idle timeout, with a countdown in the last seconds', async () => {
    const { page, context } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    // A short timeout for the test (the default is 60 s).
    await page.goto('/kiosk?idle=14');
    await identify(page, false);
    await page.evaluate(() => {
      sessionStorage.setItem('kiosk.trace', 'x');
      localStorage.setItem('kiosk.trace', 'x');
    });
    expect((await context.request.get('/api/kiosk/cases')).status()).toBe(200);
    const countdown = page.getByTestId('idle-countdown');
    await countdown.waitFor({ timeout: 20_000 });
    await h.screenshot(page, 'kiosk-idle-countdown');
    keepScreenshot('kiosk-idle-countdown');
    // Time up: back to the kiosk home, nothing of the person left.
    await page.waitForURL(/\/kiosk\?idle=14$/, { timeout: 20_000 });
    await page.getByTestId('kiosk-progress').waitFor();
    expect(await page.getByTestId('kiosk-identity').count()).toBe(0);
    expect(await page.evaluate(() => [sessionStorage.length, localStorage.length])).toEqual([0, 0]);
    expect((await context.request.get('/api/kiosk/cases')).status()).toBe(401);
    await page.getByTestId('kiosk-progress').click();
    await page.getByRole('group', { name: '身份证号码' }).waitFor(); // identify again, from scratch
    expect(await page.getByTestId('pad-value').textContent()).not.toContain('3305');
    await h.screenshot(page, 'kiosk-after-timeout');
    await context.close();
  }, 90_000);
});

describe('window service rating (好差评 at the window)', () => {
  it('the clerk’s desk hands the tablet over after intake and the applicant rates the window service once', async () => {
    const halls = (await (await fetch(`${h.baseUrl}/api/public/halls`)).json()) as { halls: { id: string }[] };
    const hallId = halls.halls[0]?.id ?? '';
    const taken = await fetch(`${h.baseUrl}/api/public/halls/${hallId}/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ category: '社会事务', idNumber: ZHANGSAN.idNumber }) });
    expect(taken.status).toBe(201);
    // clerk2 sits at C01 (社会事务): opens, calls, and takes in a 临时救助 application for the person.
    const clerk = await apiAs(h, 'clerk2');
    const w = (await clerk.get('/api/hall/my-window')) as { window: { id: string } };
    await clerk.post(`/api/hall/windows/${w.window.id}/open`, { categories: ['社会事务'] });
    const called = (await clerk.post(`/api/hall/windows/${w.window.id}/call-next`, {})) as { current: { id: string; number: string } };
    const person = (await clerk.post('/api/workbench/applicants/lookup', { idNumber: ZHANGSAN.idNumber })) as { id: string };
    const found = (await (await fetch(`${h.baseUrl}/api/catalogue/items?q=${encodeURIComponent('临时救助')}`)).json()) as { items: { implId: string; name: string }[] };
    const implId = found.items.find((i) => i.name.startsWith('临时救助'))?.implId ?? '';
    const fileId = await clerk.uploadPdf();
    const made = (await clerk.post('/api/cases', { implId, applicantId: person.id, formData: { name: '张三', idNumber: ZHANGSAN.idNumber, reason: '家中失火' }, situationAnswers: {}, materials: [{ materialId: 'm-application', fileId, fileName: 'application.pdf' }] })) as { id: string };
    await clerk.post(`/api/hall/tickets/${called.current.id}/cases`, { caseId: made.id });
    await clerk.close();

    const { page, context } = await openAs(h, 'clerk2', { viewport: { width: 1280, height: 800 } });
    await page.goto('/workbench/hall');
    await page.getByTestId('current-number').getByText(called.current.number).waitFor();
    const tabletOpened = context.waitForEvent('page');
    await page.getByRole('button', { name: '请申请人评价（平板）' }).click();
    await h.screenshot(page, 'hall-window-rating-desk');
    keepScreenshot('hall-window-rating-desk');
    const tablet = await tabletOpened;
    await tablet.setViewportSize({ width: 1024, height: 900 });
    await tablet.getByTestId('rated-window').getByText('C01 号窗口').waitFor();
    await tablet.getByText('综合窗口 孙宁').waitFor();
    await tablet.getByText('😀 非常满意').click();
    await tablet.getByText('服务热情').click();
    await h.screenshot(tablet, 'hall-window-rating-tablet');
    keepScreenshot('hall-window-rating-tablet');
    await tablet.getByRole('button', { name: '提交评价' }).click();
    await tablet.getByText('感谢您的评价！').waitFor();
    await h.screenshot(tablet, 'hall-window-rating-thanks');
    keepScreenshot('hall-window-rating-thanks');
    // 一次一评: the desk cannot hand it over again.
    await page.getByRole('button', { name: '请申请人评价（平板）' }).click();
    await page.getByText('本次窗口服务已评价（一次一评）').waitFor();
    const applicant = await apiAs(h, 'zhangsan');
    const ratings = (await applicant.get(`/api/cases/${made.id}/ratings`)) as { ratings: { service: string; level: number; channel: string }[] };
    expect(ratings.ratings).toEqual([expect.objectContaining({ service: 'window', level: 5, channel: 'tablet' })]);
    await applicant.close();
    await context.close();
  }, 90_000);
});
