import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { keepScreenshot, startHarness, type Harness } from './support/harness.js';
import { apiAs, openAs } from './support/screens-fixtures.js';
import { DEMO_APPLICANTS } from '../src/server/demo/seed.js';
import { pickOption } from './support/forms.js';

/**
 * The hall end to end (issue 13 Acceptance), on the test clock (ADR 0033): book online → check in at the
 * kiosk half an hour before the slot → priority ticket → the call screen shows the call → the clerk serves
 * and takes in a case pre-filled from the ticket → the applicant rates the window service on the tablet.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock: '2026-12-07T08:00:00+08:00' }); // a Monday, before the hall opens
}, 200_000);
afterAll(async () => h?.close());

const ZHANGSAN = (() => {
  const a = DEMO_APPLICANTS.find((x) => x.username === 'zhangsan');
  return (a && 'idNumber' in a ? a.idNumber : undefined) ?? '';
})();

async function pad(page: Page, label: string, value: string) {
  const group = page.getByRole('group', { name: label });
  for (const ch of value) await group.getByRole('button', { name: ch, exact: true }).click();
}

describe('the service hall, end to end', () => {
  it('book → kiosk check-in → priority ticket → call screen → intake from the ticket → window rating', async () => {
    // 1. 预约办理 online for 社会保障卡申领.
    const found = (await (await fetch(`${h.baseUrl}/api/catalogue/items?q=${encodeURIComponent('社会保障卡申领')}`)).json()) as { items: { implId: string; name: string }[] };
    const implId = found.items.find((i) => i.name.startsWith('社会保障卡申领'))?.implId ?? '';
    const applicant = await openAs(h, 'zhangsan', { viewport: { width: 1280, height: 900 } });
    await applicant.page.goto(`/hall/book?implId=${implId}`);
    await applicant.page.locator('.ant-radio-button-wrapper:not(.ant-radio-button-wrapper-disabled)', { hasText: '余' }).first().click();
    await applicant.page.getByRole('button', { name: /^预约 \d{4}-/ }).click();
    const code = (await applicant.page.getByTestId('check-in-code').textContent()) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const api = await apiAs(h, 'zhangsan');
    const booking = ((await api.get('/api/hall/bookings')) as { bookings: { category: string; date: string; start: string; hallId: string }[] }).bookings[0];
    if (!booking) throw new Error('no booking');
    await api.close();
    await applicant.context.close();

    // 2. Ten minutes before the slot, check in at the kiosk: code and ID number on the pad → a priority ticket.
    await h.setClock(new Date(new Date(`${booking.date}T${booking.start}:00+08:00`).getTime() - 10 * 60_000));
    const kiosk = await h.newPage({ viewport: { width: 1280, height: 1000 } });
    await kiosk.page.goto('/kiosk');
    await kiosk.page.getByTestId('kiosk-ticket').click();
    await kiosk.page.getByRole('button', { name: '签到码' }).click();
    await pad(kiosk.page, '签到码', code);
    await kiosk.page.getByRole('button', { name: '身份证号' }).click();
    await pad(kiosk.page, '身份证号', ZHANGSAN);
    await kiosk.page.getByRole('button', { name: new RegExp(booking.category) }).click();
    const number = (await kiosk.page.getByTestId('ticket-number').textContent()) ?? '';
    await kiosk.page.getByText('优先号').waitFor();
    await h.screenshot(kiosk.page, 'hall-journey-kiosk-check-in');
    keepScreenshot('hall-journey-kiosk-check-in');
    await kiosk.context.close();

    // 3. The clerk opens the window for the category and calls: the call screen shows it.
    const screen = await h.newPage({ viewport: { width: 1280, height: 720 } });
    await screen.page.goto(`/hall/screen/${booking.hallId}`);
    await screen.page.getByText(new RegExp(booking.category)).first().waitFor();
    const clerk = await openAs(h, 'clerk2', { viewport: { width: 1280, height: 900 } });
    await clerk.page.goto('/workbench/hall');
    await clerk.page.getByRole('checkbox', { name: new RegExp(booking.category) }).check();
    await clerk.page.getByRole('button', { name: /开启窗口|更新受理类别/ }).click();
    await clerk.page.getByRole('button', { name: /^叫\s?号$/ }).click();
    await clerk.page.getByTestId('current-number').getByText(number).waitFor();
    await screen.page.getByText(number).first().waitFor();
    await h.screenshot(screen.page, 'hall-journey-call-screen');
    keepScreenshot('hall-journey-call-screen');
    await screen.context.close();

    // 4. 受理（带入取号人）: the intake desk finds the person from the ticket; the clerk completes the item on the spot.
    await clerk.page.getByRole('button', { name: '受理（带入取号人）' }).click();
    await clerk.page.getByText('已找到').first().waitFor();
    await clerk.page.getByText('张三').first().waitFor();
    await clerk.page.getByRole('combobox', { name: '选择事项' }).fill('社会保障卡');
    await clerk.page.getByText('社会保障卡申领（安吉县人力资源和社会保障局）').click();
    const phone = clerk.page.getByLabel(/联系电话/);
    if (!(await phone.inputValue())) await phone.fill('13857212345');
    await pickOption(clerk.page, clerk.page.getByLabel('金融服务银行'), '浙江农商银行');
    for (const box of await clerk.page.getByRole('checkbox', { name: '原件已核' }).all()) await box.check();
    await h.screenshot(clerk.page, 'hall-journey-intake-from-ticket');
    keepScreenshot('hall-journey-intake-from-ticket');
    await clerk.page.getByRole('button', { name: '当场办结（即办件）' }).click();
    await clerk.page.getByText('已办结').first().waitFor();

    // 5. Back at the desk: the case is linked to the ticket; the tablet goes to the applicant, who rates.
    await clerk.page.goto('/workbench/hall');
    await clerk.page.getByTestId('current-number').getByText(number).waitFor();
    const tabletOpened = clerk.context.waitForEvent('page');
    await clerk.page.getByRole('button', { name: '请申请人评价（平板）' }).click();
    const tablet = await tabletOpened;
    await tablet.setViewportSize({ width: 1024, height: 900 });
    await tablet.getByTestId('rated-window').getByText(number).waitFor();
    await tablet.getByText('非常满意').click();
    await tablet.getByText('一次办成').click();
    await tablet.getByRole('button', { name: '提交评价' }).click();
    await tablet.getByText('感谢您的评价！').waitFor();
    await h.screenshot(tablet, 'hall-journey-rated');
    keepScreenshot('hall-journey-rated');
    await clerk.page.getByRole('button', { name: /^办\s?结$/ }).click();
    await clerk.page.getByRole('button', { name: /^叫\s?号$/ }).waitFor();
    await clerk.context.close();
  }, 90_000);
});
