import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, startHarness, type Harness } from './support/harness.js';
import { apiAs, openAs } from './support/screens-fixtures.js';

/** The service hall's journeys (issue 13): 预约办理 from the guide page, 我的预约, and the hall administrator's figures. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 200_000);
afterAll(async () => h?.close());


describe('service hall journeys', () => {
  it('books a visit from the guide page’s 预约办理 button and sees it under 我的预约 with its check-in code', async () => {
    const found = (await (await fetch(`${h.baseUrl}/api/catalogue/items?q=${encodeURIComponent('个体工商户')}`)).json()) as { items: { implId: string }[] };
    const implId = found.items[0]?.implId ?? '';
    const { page, context } = await openAs(h, 'zhangsan', { viewport: { width: 1280, height: 900 } });
    await page.goto(`/items/${implId}`);
    await page.getByRole('button', { name: '预约办理' }).click();
    await page.getByText('预约办理', { exact: true }).first().waitFor();
    // The item's window category is chosen for the applicant; pick the first free slot of the first day.
    await page.locator('.ant-radio-button-wrapper:not(.ant-radio-button-wrapper-disabled)', { hasText: '余' }).first().click();
    await h.screenshot(page, 'hall-booking-choose');
    keepScreenshot('hall-booking-choose');
    await page.getByRole('button', { name: /^预约 \d{4}-/ }).click();
    const code = page.getByTestId('check-in-code');
    await code.waitFor();
    expect(await code.textContent()).toMatch(/^\d{6}$/);
    await h.screenshot(page, 'hall-booking-confirmed');
    keepScreenshot('hall-booking-confirmed');
    await page.getByRole('button', { name: '我的预约' }).click();
    await page.getByText(String(await code.textContent().catch(() => ''))).first().waitFor().catch(() => undefined);
    await page.getByRole('cell', { name: '待签到' }).waitFor();
    await h.screenshot(page, 'hall-my-bookings');
    keepScreenshot('hall-my-bookings');
    await context.close();
  }, 180_000);

  it('shows the hall administrator the day’s tickets, waits and service per category', async () => {
    const halls = (await (await fetch(`${h.baseUrl}/api/public/halls`)).json()) as { halls: { id: string }[] };
    const hallId = halls.halls[0]?.id ?? '';
    for (const category of ['市场准入', '市场准入', '社会事务']) {
      const res = await fetch(`${h.baseUrl}/api/public/halls/${hallId}/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ category }) });
      expect(res.status).toBe(201);
    }
    const clerk = await apiAs(h, 'clerk');
    const w = (await clerk.get('/api/hall/my-window')) as { window: { id: string } };
    await clerk.post(`/api/hall/windows/${w.window.id}/open`, { categories: ['市场准入'] });
    const called = (await clerk.post(`/api/hall/windows/${w.window.id}/call-next`, {})) as { current: { id: string } };
    await clerk.post(`/api/hall/tickets/${called.current.id}/finish`, {});
    await clerk.close();

    const { page, context } = await openAs(h, 'halladmin', { viewport: { width: 1280, height: 1000 } });
    await page.goto('/hall/figures');
    await page.getByText('大厅运行指标').waitFor();
    await page.getByRole('cell', { name: '市场准入' }).waitFor();
    await page.getByText('今日').click();
    await page.getByRole('cell', { name: '社会事务' }).waitFor();
    await h.screenshot(page, 'hall-figures');
    keepScreenshot('hall-figures');
    await context.close();
  }, 180_000);
});
