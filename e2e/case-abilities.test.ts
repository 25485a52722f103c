import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';

/** Issue 9 items 1 and 5 in the browser: 受理 needs the ticked checklist; each person sees only what they can do. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

/** A valid 个体工商户设立登记 application made through the API as the citizen. */
async function applyAsCitizen(page: Page): Promise<string> {
  const items = (await (await page.request.get('/api/catalogue/items?q=gtgsh')).json()) as { items: { implId: string }[] };
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const res = await page.request.post('/api/cases', {
    data: { implId: items.items[0]?.implId, formData: { name: '张三', idNumber: '330523199003071234', phone: '13857210001', premises: '递铺街道胜利西路1号', scope: '茶叶零售' }, situationAnswers: { 's-who': ['o-self'], 's-name': ['o-no-name'] }, materials: [] },
    headers: { 'x-csrf-token': me.csrfToken },
  });
  if (!res.ok()) throw new Error(`apply failed: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

describe('abilities in the workbench', () => {
  it('受理 opens the checklist and stays disabled until every material is received and its original seen; the handler sees 签收 once', async () => {
    const citizen = await h.newPage();
    await loginThroughPage(citizen.page, 'zhangsan');
    const caseId = await applyAsCitizen(citizen.page);
    await citizen.context.close();

    const clerk = await h.newPage();
    await loginThroughPage(clerk.page, 'clerk');
    await clerk.page.goto(`/workbench/cases/${caseId}`);
    // The clerk has no veto and nothing of the back office.
    await clerk.page.getByRole('button', { name: /^受\s*理$/ }).waitFor();
    expect(await clerk.page.getByRole('button', { name: /不予受理|签\s*收|作出决定/ }).count()).toBe(0);
    await clerk.page.getByRole('button', { name: /一次性告知补正/ }).click();
    const notice = clerk.page.getByRole('dialog');
    await notice.getByRole('checkbox', { name: '经营场所使用相关文件' }).check();
    await notice.getByLabel('经营场所使用相关文件的补充说明').fill('租赁合同已过期');
    await h.screenshot(clerk.page, 'correction-dialog');
    await notice.getByRole('button', { name: /取\s*消|Cancel/ }).click();

    await clerk.page.getByRole('button', { name: /^受\s*理$/ }).click();
    const dialog = clerk.page.getByRole('dialog');
    const ok = dialog.getByRole('button', { name: '确认受理' });
    expect(await ok.isDisabled()).toBe(true);
    for (const box of await dialog.getByRole('checkbox', { name: '已收' }).all()) await box.check();
    expect(await ok.isDisabled()).toBe(true); // originals not yet seen
    for (const box of await dialog.getByRole('checkbox', { name: '原件已核' }).all()) await box.check();
    await h.screenshot(clerk.page, 'accept-checklist');
    const posted = clerk.page.waitForResponse((r) => r.url().includes('/actions') && r.request().method() === 'POST');
    await ok.click();
    expect((await posted).ok()).toBe(true);
    await clerk.page.getByText('已受理').first().waitFor();
    // 申请材料 shows how each material was provided: received at the window with the original seen.
    await clerk.page.getByText('窗口已收，原件已核').first().waitFor();
    await h.screenshot(clerk.page, 'case-materials-after-acceptance');
    await clerk.context.close();

    const handler = await h.newPage();
    await loginThroughPage(handler.page, 'samr_handler');
    await handler.page.goto(`/workbench/cases/${caseId}`);
    expect(await handler.page.getByRole('button', { name: /作出决定/ }).count()).toBe(0);
    const claimed = handler.page.waitForResponse((r) => r.url().includes('/actions') && r.request().method() === 'POST');
    await handler.page.getByRole('button', { name: /^签\s*收$/ }).click();
    expect((await claimed).ok()).toBe(true);
    await handler.page.getByRole('button', { name: /审查通过/ }).waitFor();
    // 签收 is gone once claimed: it cannot be clicked twice.
    expect(await handler.page.getByRole('button', { name: /^签\s*收$/ }).count()).toBe(0);
    expect(await handler.page.getByRole('button', { name: /作出决定/ }).count()).toBe(0);
    await h.screenshot(handler.page, 'handler-abilities');
    await handler.context.close();
  });
});
