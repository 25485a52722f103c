import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';

/**
 * 电子监察 cards and settings (issue 12, ADR 0031), on the test clock (ADR 0033): a case taken in after
 * the 5-working-day limit is a red hit recorded by the acceptance itself (no sweep runs); the offender's
 * workbench shows the department's card with the thresholds and the hit; the county's supervisor
 * changes the thresholds on the board and the card turns red.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock: '2026-12-07T09:00:00+08:00' }); // Monday
});
afterAll(async () => h?.close());

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
}

const cardsPanel = (page: Page) => page.locator('.ant-card').filter({ hasText: '本月亮牌警示（电子监察）' });
const settingsPanel = (page: Page) => page.locator('.ant-card').filter({ hasText: '监察设置（亮牌阈值与规则时限）' });

describe('supervision cards and settings', () => {
  it('a late intake gives the department a 黄牌 on its workbench; the supervisor lowers the red-card threshold and it turns red', async () => {
    const citizen = await h.newPage();
    await loginThroughPage(citizen.page, 'zhangsan');
    const items = (await (await citizen.page.request.get('/api/catalogue/items?q=gtgsh')).json()) as { items: { implId: string }[] };
    const made = await citizen.page.request.post('/api/cases', {
      data: { implId: items.items[0]?.implId, formData: { name: '张三', idNumber: '330523199003071234', phone: '13857210001', premises: '递铺街道胜利西路1号', scope: '茶叶零售' }, situationAnswers: { 's-who': ['o-self'], 's-name': ['o-no-name'] }, materials: [] },
      headers: { 'x-csrf-token': await csrf(citizen.page) },
    });
    expect(made.ok(), await made.text()).toBe(true);
    const caseId = ((await made.json()) as { id: string }).id;
    await citizen.context.close();

    await h.advanceClock({ days: 8 }); // Tuesday 15 December: the intake limit ended on the 14th
    const clerk = await h.newPage();
    await loginThroughPage(clerk.page, 'clerk');
    const view = (await (await clerk.page.request.get(`/api/cases/${caseId}`)).json()) as { checklist: { id: string; required: boolean }[] };
    const accepted = await clerk.page.request.post(`/api/cases/${caseId}/actions`, {
      data: { type: 'accept', received: view.checklist.filter((m) => m.required).map((m) => ({ materialId: m.id, originalSeen: true })) },
      headers: { 'x-csrf-token': await csrf(clerk.page) },
    });
    expect(accepted.ok(), await accepted.text()).toBe(true);
    await clerk.context.close();

    // The department's handler sees the card, the thresholds behind it and the red hit, with the case.
    const handler = await h.newPage();
    await loginThroughPage(handler.page, 'samr_handler');
    await handler.page.goto('/workbench');
    const cards = cardsPanel(handler.page);
    await cards.waitFor();
    await cards.getByText('黄牌', { exact: true }).waitFor();
    expect(await cards.innerText()).toMatch(/本月红灯1次黄牌、2次红牌/);
    await cards.getByText('超过5个工作日未受理').waitFor();
    await cards.getByRole('link', { name: /个体工商户/ }).waitFor();
    await h.screenshot(handler.page, 'workbench-supervision-cards');
    await handler.context.close();

    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'supervisor');
    await page.goto('/workbench/supervision');
    const panel = settingsPanel(page);
    await panel.waitFor();
    await panel.getByText('默认值').waitFor();
    expect(await panel.innerText()).toMatch(/红牌：本月红灯达到\s*2 次/);
    await panel.getByRole('button', { name: /修\s*改/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('红牌：本月红灯达到').fill('1');
    const saved = page.waitForResponse((r) => r.url().includes('/api/admin/supervision-settings/') && r.request().method() === 'PUT');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    expect((await saved).status()).toBe(200);
    await panel.getByText('本级设置').waitFor();
    await expect.poll(() => panel.innerText()).toMatch(/红牌：本月红灯达到\s*1 次/);
    expect(await panel.innerText()).toMatch(/电子监察 马骏 修改于/);
    // The board's department card follows the stored threshold.
    await page.reload();
    const departments = page.locator('.ant-card').filter({ hasText: '部门亮牌' });
    await departments.getByRole('row', { name: /市场监督管理局/ }).getByText('红牌', { exact: true }).waitFor();
    await h.screenshot(page, 'supervision-board-settings');
    await context.close();

    // The system administrator sees the settings but has no button to change them.
    const admin = await h.newPage();
    await loginThroughPage(admin.page, 'admin');
    await admin.page.goto('/workbench/supervision');
    await settingsPanel(admin.page).waitFor();
    expect(await settingsPanel(admin.page).getByRole('button', { name: /修\s*改/ }).count()).toBe(0);
    await admin.context.close();
  });
});
