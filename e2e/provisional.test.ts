import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ItemContent } from '../src/core/catalogue/types.js';
import { sampleApplication } from '../test/support/applications.js';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';

/**
 * Issue 9 (calendar; ADR 0016): a due date in a year whose holiday arrangement is not loaded (2027 and
 * later: 2024–2026 are built in) is marked 暂定 on the case page, in the inbox and on the applicant's page,
 * and the calendar administrator is reminded to enter the year. A 最低生活保障审批 case (15 working days)
 * accepted now and extended by 10 working days (第42条) is due in 2027.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const shot = (page: Page, name: string) => page.screenshot({ path: path.resolve('docs/screenshots', `${name}.png`), fullPage: true });

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
}

async function post(page: Page, url: string, data: unknown): Promise<Record<string, unknown>> {
  const res = await page.request.post(url, { data, headers: { 'x-csrf-token': await csrf(page) } });
  if (!res.ok()) throw new Error(`${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

describe('provisional (暂定) due dates in the browser', () => {
  it('a case due in 2027 reads 暂定 on the case page, in the inbox and on the applicant’s page; the administrator is reminded to enter the year', async () => {
    const citizen = await h.newPage();
    await loginThroughPage(citizen.page, 'zhangsan');
    const items = (await (await citizen.page.request.get(`/api/catalogue/items?q=${encodeURIComponent('最低生活保障')}`)).json()) as { items: { implId: string; name: string }[] };
    const implId = items.items.find((i) => i.name.startsWith('最低生活保障审批'))?.implId ?? '';
    const content = ((await (await citizen.page.request.get(`/api/catalogue/items/${implId}`)).json()) as { content: ItemContent }).content;
    const created = await post(citizen.page, '/api/cases', { implId, ...sampleApplication(content), materials: [] });
    const caseId = String(created.id);

    // The clerk takes it in with the checklist; the signer extends the limit by 10 working days (第42条).
    const clerk = await h.newPage();
    await loginThroughPage(clerk.page, 'clerk');
    const view = (await (await clerk.page.request.get(`/api/cases/${caseId}`)).json()) as { checklist: { id: string; required: boolean; promised: boolean }[] };
    await post(clerk.page, `/api/cases/${caseId}/actions`, { type: 'accept', received: view.checklist.filter((m) => m.required && !m.promised).map((m) => ({ materialId: m.id, originalSeen: true })) });
    await clerk.context.close();
    const signer = await h.newPage();
    await loginThroughPage(signer.page, 'mca_signer');
    const extended = await post(signer.page, `/api/cases/${caseId}/actions`, { type: 'extend', days: 10, reason: '需入户调查核实家庭经济状况，情况复杂' });
    expect(String(extended.dueDate) >= '2027-01-01').toBe(true);
    expect(extended.dueDateProvisional).toBe(true);
    await signer.context.close();

    // The handler's inbox row and case page.
    const handler = await h.newPage();
    await loginThroughPage(handler.page, 'mca_handler');
    await handler.page.goto('/workbench');
    const row = handler.page.getByRole('row', { name: new RegExp(String(created.caseNo)) });
    await row.waitFor();
    await expect.poll(() => row.innerText()).toMatch(/2027-\d{2}-\d{2}[\s\S]*暂定/);
    await shot(handler.page, 'provisional-inbox');
    await handler.page.goto(`/workbench/cases/${caseId}`);
    await handler.page.getByText('暂定').first().waitFor();
    expect(await handler.page.getByText(String(extended.dueDate)).count()).toBeGreaterThan(0);
    await shot(handler.page, 'provisional-case');
    await handler.context.close();

    // The applicant's own page.
    await citizen.page.goto(`/my/cases/${caseId}`);
    await citizen.page.getByText('暂定').first().waitFor();
    expect(await citizen.page.getByText(String(extended.dueDate)).count()).toBeGreaterThan(0);
    await shot(citizen.page, 'provisional-applicant');
    await citizen.context.close();

    // The administrator who keeps the calendar is reminded to enter 2027.
    const admin = await h.newPage();
    await loginThroughPage(admin.page, 'admin');
    await admin.page.goto('/admin');
    const banner = admin.page.getByTestId('calendar-reminder');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/请录入[\s\S]*2027[\s\S]*年的放假安排/);
    expect(await banner.innerText()).toMatch(/\d+件在办办件的承诺办结日期为暂定/);
    await shot(admin.page, 'provisional-admin-reminder');
    await admin.context.close();
  });
});
