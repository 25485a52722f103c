import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';
import { pickOption } from './support/forms.js';

/** Issue 9, "Finish the screens": the workbench inbox and case search, and the 申请表 on the case page (ADR 0015). */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const ID = '330523199003071234';

/** A valid 个体工商户设立登记 application made through the API as the citizen. */
async function applyAsCitizen(page: Page): Promise<{ id: string; caseNo: string }> {
  const items = (await (await page.request.get('/api/catalogue/items?q=gtgsh')).json()) as { items: { implId: string }[] };
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const res = await page.request.post('/api/cases', {
    data: { implId: items.items[0]?.implId, formData: { name: '张三', idNumber: ID, phone: '13857210001', premises: '递铺街道胜利西路1号', scope: '茶叶零售' }, situationAnswers: { 's-who': ['o-self'], 's-name': ['o-no-name'] }, materials: [] },
    headers: { 'x-csrf-token': me.csrfToken },
  });
  if (!res.ok()) throw new Error(`apply failed: ${res.status()} ${await res.text()}`);
  return (await res.json()) as { id: string; caseNo: string };
}

describe('workbench screens', () => {
  it('the clerk’s inbox has applicant, submitted time, channel and due columns and searches; the case search finds the case; the 申请表 reads in order, masked for the supervisor', async () => {
    const citizen = await h.newPage();
    await loginThroughPage(citizen.page, 'zhangsan');
    const c = await applyAsCitizen(citizen.page);
    await citizen.context.close();

    const clerk = await h.newPage();
    await loginThroughPage(clerk.page, 'clerk');
    await clerk.page.goto('/workbench');
    for (const col of ['申请人', '提交时间', '渠道', '期限']) await clerk.page.getByRole('columnheader', { name: col }).waitFor();
    const searched = clerk.page.waitForResponse((r) => r.url().includes('/api/workbench/inbox') && r.url().includes('q='));
    await clerk.page.getByRole('searchbox', { name: '搜索待办' }).fill(c.caseNo);
    await clerk.page.getByRole('searchbox', { name: '搜索待办' }).press('Enter');
    expect((await searched).ok()).toBe(true);
    const row = clerk.page.getByRole('row', { name: new RegExp(c.caseNo) });
    await row.waitFor();
    expect(await clerk.page.locator('tbody tr.ant-table-row').count()).toBe(1);
    await expect.poll(() => row.innerText()).toMatch(/张三/);
    expect(await row.innerText()).toMatch(/网上申请/);
    // Submitted time in Beijing time (yyyy-mm-dd hh:mm).
    expect(await row.innerText()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await h.screenshot(clerk.page, 'workbench-inbox-search');

    await clerk.page.getByRole('tab', { name: '办件查询' }).click();
    await clerk.page.getByLabel('身份证号码').fill(ID);
    const found = clerk.page.waitForResponse((r) => r.url().includes('/api/workbench/cases?'));
    await clerk.page.getByRole('button', { name: /查\s*询/ }).click();
    expect((await found).ok()).toBe(true);
    await clerk.page.getByRole('row', { name: new RegExp(c.caseNo) }).waitFor();
    await h.screenshot(clerk.page, 'workbench-case-search');
    await clerk.context.close();

    // The approver reads the 申请表 with titles in the schema's order, never raw keys.
    const handler = await h.newPage();
    await loginThroughPage(handler.page, 'samr_handler');
    await handler.page.goto(`/workbench/cases/${c.id}`);
    const form = handler.page.locator('.ant-card').filter({ has: handler.page.getByText('申请表', { exact: true }) });
    await form.getByText('公民身份号码').waitFor();
    const labels = await form.locator('.ant-descriptions-item-label').allInnerTexts();
    expect(labels.indexOf('公民身份号码')).toBeGreaterThan(labels.indexOf('申请人姓名'));
    expect(labels).not.toContain('idNumber');
    expect(labels).not.toContain('name');
    await h.screenshot(handler.page, 'case-page-form-approver');
    await handler.context.close();

    const supervisor = await h.newPage();
    await loginThroughPage(supervisor.page, 'supervisor');
    await supervisor.page.goto('/workbench');
    // The supervisor has no inbox: supervision and the case search only.
    await supervisor.page.getByText('时限监察').first().waitFor();
    expect(await supervisor.page.getByRole('tab', { name: '待办' }).count()).toBe(0);
    await supervisor.page.goto(`/workbench/cases/${c.id}`);
    const supForm = supervisor.page.locator('.ant-card').filter({ has: supervisor.page.getByText('申请表', { exact: true }) });
    await supForm.getByText('公民身份号码').waitFor();
    const text = await supForm.innerText();
    expect(text).not.toContain(ID);
    expect(text).toMatch(/330523\*{8}1234/);
    await h.screenshot(supervisor.page, 'case-page-form-supervisor-masked');
    await supervisor.context.close();
  });

  it('the application asks for a mailing address when 邮寄送达 is chosen, and will not go on without it', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'zhangsan');
    await page.goto('/search?q=gtgsh');
    await page.getByRole('link', { name: '个体工商户设立登记' }).click();
    await page.getByRole('button', { name: '在线申请' }).click();
    await page.getByText('本人（经营者/法定代表人）办理').click();
    await page.getByText('不使用字号').click();
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByLabel('经营场所').fill('安吉县递铺街道胜利路18号');
    await page.getByLabel('经营范围').fill('茶叶零售');
    // rjsf's antd theme renders the choice as a select (the options are antd's, named by their title).
    await pickOption(page, page.getByLabel('结果送达方式'), '邮寄送达');
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.locator('.ant-form-item-explain-error, .ant-alert').filter({ hasText: /邮寄地址/ }).first().waitFor();
    expect(await page.locator('input[type=file]').count()).toBe(0);
    await h.screenshot(page, 'apply-mailing-address-required');
    await page.getByLabel('邮寄地址').fill('浙江省湖州市安吉县递铺街道胜利西路1号 张三收');
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.locator('input[type=file]').first().waitFor({ state: 'attached' });
    await context.close();
  });
});
