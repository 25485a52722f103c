import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';
import { pickOption } from './support/forms.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const login = (page: Page, username: string): Promise<void> => loginThroughPage(page, username);

async function act(page: Page, label: RegExp, fill: Record<string, string> = {}): Promise<void> {
  // Wait for the command's own response and the page's reload, not for a toast that may be an old one.
  const posted = page.waitForResponse((r) => r.url().includes('/actions') && r.request().method() === 'POST');
  const reloaded = page.waitForResponse((r) => /\/api\/cases\/[0-9a-f-]{36}$/.test(new URL(r.url()).pathname) && r.request().method() === 'GET');
  await page.getByRole('button', { name: label }).first().click();
  const dialog = page.getByRole('dialog');
  if (Object.keys(fill).length) {
    for (const [field, value] of Object.entries(fill)) await dialog.getByLabel(field).fill(value);
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  }
  const res = await posted;
  if (!res.ok()) throw new Error(`action failed: ${res.status()} ${await res.text()}`);
  await reloaded;
  await page.waitForTimeout(200);
}

/** 受理 with the checklist dialog (issue 9 item 1): every material received, originals seen, then confirm. */
async function acceptChecked(page: Page): Promise<void> {
  const posted = page.waitForResponse((r) => r.url().includes('/actions') && r.request().method() === 'POST');
  await page.getByRole('button', { name: /^受\s*理$/ }).first().click();
  const dialog = page.getByRole('dialog');
  for (const box of await dialog.getByRole('checkbox', { name: '已收' }).all()) if (!(await box.isChecked())) await box.check();
  for (const box of await dialog.getByRole('checkbox', { name: '原件已核' }).all()) await box.check();
  await h.screenshot(page, 'accept-checklist');
  await dialog.getByRole('button', { name: '确认受理' }).click();
  const res = await posted;
  if (!res.ok()) throw new Error(`accept failed: ${res.status()} ${await res.text()}`);
  await page.waitForTimeout(200);
}

/** 办结 asks for confirmation first. */
async function completeConfirmed(page: Page): Promise<void> {
  const posted = page.waitForResponse((r) => r.url().includes('/actions') && r.request().method() === 'POST');
  await page.getByRole('button', { name: /办结/ }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: '确认办结' }).click();
  const res = await posted;
  if (!res.ok()) throw new Error(`complete failed: ${res.status()} ${await res.text()}`);
  await page.waitForTimeout(200);
}

describe('case journeys', () => {
  it('a citizen applies online → the clerk accepts → the approver handles and signs off → the citizen sees 办结 and downloads the decision', async () => {
    const { page, context } = await h.newPage();
    await login(page, 'zhangsan');
    await page.goto('/search?q=gtgsh');
    await page.getByRole('link', { name: '个体工商户设立登记' }).click();
    await page.getByRole('button', { name: '在线申请' }).click();
    await page.getByText('本人（经营者/法定代表人）办理').click();
    await page.getByText('不使用字号').click(); // every situation is answered before the form (issue 9 item 2)
    await h.screenshot(page, 'apply-situations');
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByLabel('经营场所').fill('安吉县递铺街道胜利路18号');
    await page.getByLabel('经营范围').fill('茶叶零售');
    await h.screenshot(page, 'apply-form');
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.locator('input[type=file]').first().setInputFiles({ name: '申请书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await page.getByText('✓ 申请书.pdf').first().waitFor();
    await h.screenshot(page, 'apply-materials');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText(/草稿已保存/).waitFor();
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL('**/my/cases/**');
    const caseUrl = new URL(page.url()).pathname;
    const caseId = caseUrl.split('/').pop() as string;
    await page.getByText('待受理').first().waitFor();
    await h.screenshot(page, 'my-case-submitted');

    const staff = await h.newPage();
    await login(staff.page, 'clerk');
    await staff.page.getByRole('link', { name: '个体工商户设立登记' }).first().waitFor();
    await h.screenshot(staff.page, 'workbench-inbox');
    await staff.page.goto(`/workbench/cases/${caseId}`);
    await acceptChecked(staff.page);
    await staff.context.close();

    const handler = await h.newPage();
    await login(handler.page, 'samr_handler');
    await handler.page.goto(`/workbench/cases/${caseId}`);
    await act(handler.page, /^签\s*收$/);
    await act(handler.page, /审查通过/, { 审查意见: '材料齐全，符合条件' });
    await handler.context.close();

    const signer = await h.newPage();
    await login(signer.page, 'samr_signer');
    await signer.page.goto(`/workbench/cases/${caseId}`);
    await act(signer.page, /^签\s*收$/);
    await act(signer.page, /作出决定/, { 理由: '申请材料齐全，符合法定条件' });
    await completeConfirmed(signer.page);
    await h.screenshot(signer.page, 'workbench-case');
    await signer.context.close();

    await page.reload();
    await page.getByText('已办结').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('popup'), page.getByText('准予行政许可决定书').click()]);
    await download.waitForLoadState();
    const res = await page.request.get(`/api/cases/${caseId}/notices/approval`);
    if (res.headers()['content-type'] !== 'application/pdf') throw new Error('decision is not a PDF');
    await h.screenshot(page, 'my-case-completed');
    // Anyone can follow it with the case number and the query code from the notice, without logging in.
    const { caseNo, queryCode } = (await page.request.get(`/api/cases/${caseId}`).then((r) => r.json())) as { caseNo: string; queryCode: string };
    const anon = await h.browser.newContext({ baseURL: h.baseUrl, locale: 'zh-CN' });
    const pub = await anon.newPage();
    await pub.goto(`/progress?caseNo=${caseNo}&code=${queryCode}`);
    await pub.getByRole('button', { name: /查\s*询/ }).click();
    await pub.getByText('已办结').first().waitFor();
    await pub.getByText(/办理记录(待校验|已校验)/).first().waitFor();
    await h.screenshot(pub, 'progress-public');
    await anon.close();
    await context.close();
  });

  it('a clerk takes in an on-the-spot item at the window and completes it in one visit', async () => {
    const { page, context } = await h.newPage();
    await login(page, 'clerk');
    await page.goto('/workbench/intake');
    await page.getByLabel('身份证号 / 统一社会信用代码').fill('11010519491231002X');
    await page.getByRole('button', { name: /查\s*找/ }).click();
    await page.getByLabel('姓名 / 名称（新登记）').fill('王五');
    await page.getByRole('button', { name: /登\s*记/ }).click();
    await page.getByText('新登记').first().waitFor();
    await page.getByRole('combobox', { name: '选择事项' }).fill('社会保障卡');
    await page.getByText('社会保障卡申领（安吉县人力资源和社会保障局）').click();
    // The 申请表 at the window: a newly registered person has no phone on record; the bank is a choice.
    await page.getByLabel(/联系电话/).fill('13857210002');
    await pickOption(page, page.getByLabel('金融服务银行'), '浙江农商银行');
    // The checklist: every material received with its original seen (issue 9 item 1).
    for (const box of await page.getByRole('checkbox', { name: '原件已核' }).all()) await box.check();
    await page.getByRole('button', { name: '当场办结（即办件）' }).click();
    await page.getByText('已办结').first().waitFor();
    await h.screenshot(page, 'intake-on-the-spot');
    await context.close();
  });
});

describe('more case journeys', () => {
  it('walk-in with a missing material → one-time notice → the applicant supplements online → accepted → approved on time', async () => {
    const clerk = await h.newPage();
    await login(clerk.page, 'clerk');
    await clerk.page.goto('/workbench/intake');
    await clerk.page.getByLabel('身份证号 / 统一社会信用代码').fill('330523199003071234');
    await clerk.page.getByRole('button', { name: /查\s*找/ }).click();
    await clerk.page.getByText('已找到').first().waitFor();
    await clerk.page.getByRole('combobox', { name: '选择事项' }).fill('gtgsh');
    await clerk.page.getByText('个体工商户设立登记（安吉县市场监督管理局）').click();
    // The 申请表 at the window (issue 9 item 2): situations and the required fields.
    await clerk.page.getByText('本人（经营者/法定代表人）办理').click();
    await clerk.page.getByText('不使用字号').click();
    await clerk.page.getByLabel(/联系电话/).fill('13857210001');
    await clerk.page.getByLabel(/经营场所/).first().fill('递铺街道胜利西路1号');
    await clerk.page.getByLabel(/经营范围/).fill('茶叶零售');
    await clerk.page.getByRole('row', { name: /经营场所使用相关文件/ }).getByText('缺少').click();
    await h.screenshot(clerk.page, 'intake-checklist');
    await clerk.page.getByRole('button', { name: /一次性告知补正（1项）/ }).click();
    // The 一次性告知 dialog: the material marked missing is already listed with a reason.
    await clerk.page.getByRole('dialog').getByRole('button', { name: /发出一次性告知（1项）/ }).click();
    await clerk.page.getByText(/待补正/).first().waitFor();
    const subtitle = await clerk.page.locator('.ant-result-subtitle').innerText();
    const caseNo = /办件编号 (\S+)/.exec(subtitle)?.[1] as string;
    await clerk.context.close();

    const citizen = await h.newPage();
    await login(citizen.page, 'zhangsan');
    await citizen.page.goto('/my/cases');
    await citizen.page.getByRole('row', { name: new RegExp(caseNo) }).getByRole('link').click();
    await citizen.page.getByText('补正材料（一次性告知）').first().waitFor();
    await citizen.page.locator('input[type=file]').first().setInputFiles({ name: '租赁合同.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await citizen.page.getByText('✓ 租赁合同.pdf').first().waitFor();
    await h.screenshot(citizen.page, 'my-case-correction');
    await citizen.page.getByRole('button', { name: '提交补正' }).click();
    await citizen.page.getByText('待受理').first().waitFor();
    const caseId = new URL(citizen.page.url()).pathname.split('/').pop() as string;

    const clerk2 = await h.newPage();
    await login(clerk2.page, 'clerk');
    await clerk2.page.goto(`/workbench/cases/${caseId}`);
    // The corrected material arrived with the resubmission and opens in the page.
    await clerk2.page.getByRole('button', { name: '租赁合同.pdf' }).click();
    await clerk2.page.getByTitle('租赁合同.pdf').waitFor();
    await h.screenshot(clerk2.page, 'workbench-material-viewer');
    await clerk2.page.getByRole('dialog').getByRole('button', { name: /close|关闭/i }).click();
    await clerk2.page.getByRole('dialog').waitFor({ state: 'hidden' });
    await acceptChecked(clerk2.page);
    await clerk2.context.close();
    const handler = await h.newPage();
    await login(handler.page, 'samr_handler');
    await handler.page.goto(`/workbench/cases/${caseId}`);
    await act(handler.page, /^签\s*收$/);
    await act(handler.page, /审查通过/, { 审查意见: '补正后材料齐全' });
    await handler.context.close();
    const signer = await h.newPage();
    await login(signer.page, 'samr_signer');
    await signer.page.goto(`/workbench/cases/${caseId}`);
    await act(signer.page, /^签\s*收$/);
    await act(signer.page, /作出决定/, { 理由: '符合法定条件' });
    await signer.page.getByText('已准予').first().waitFor();
    await signer.page.getByText('正常').first().waitFor(); // decided within the time limit
    await signer.context.close();
    await citizen.page.reload();
    await citizen.page.getByText('已准予').first().waitFor();
    await citizen.context.close();
  });

  it('a clerk cannot refuse; the department’s handler refuses with reason and remedies (ADR 0020), and the applicant sees it', async () => {
    const citizen = await h.newPage();
    await login(citizen.page, 'zhangsan');
    const items = (await (await citizen.page.request.get('/api/catalogue/items?q=gtgsh')).json()) as { items: { implId: string }[] };
    const me = (await (await citizen.page.request.get('/api/auth/me')).json()) as { csrfToken: string };
    const created = (await (await citizen.page.request.post('/api/cases', { data: { implId: items.items[0]?.implId, formData: { phone: '13857210001', premises: '递铺街道胜利西路1号', scope: '茶叶零售' }, situationAnswers: { 's-who': ['o-self'], 's-name': ['o-no-name'] }, materials: [] }, headers: { 'x-csrf-token': me.csrfToken } })).json()) as { id: string };
    const clerk = await h.newPage();
    await login(clerk.page, 'clerk');
    await clerk.page.goto(`/workbench/cases/${created.id}`);
    await clerk.page.getByRole('button', { name: /^受\s*理$/ }).waitFor();
    if ((await clerk.page.getByRole('button', { name: /不予受理/ }).count()) !== 0) throw new Error('a clerk must not see a refuse button');
    await clerk.context.close();
    const handler = await h.newPage();
    await login(handler.page, 'samr_handler');
    await handler.page.goto(`/workbench/cases/${created.id}`);
    await handler.page.getByRole('button', { name: /不予受理/ }).click();
    await handler.page.getByRole('dialog').getByLabel('不予受理理由').fill('申请经营的项目属于本县禁止类目录');
    await handler.page.getByRole('dialog').getByLabel(/救济途径/).fill('如不服，可于六十日内申请行政复议，或于六个月内提起行政诉讼');
    await handler.page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
    await handler.page.getByText('操作成功').first().waitFor();
    await handler.context.close();
    await citizen.page.goto(`/my/cases/${created.id}`);
    await citizen.page.getByText('不予受理').first().waitFor();
    await citizen.page.getByText(/禁止类目录/).waitFor();
    await citizen.page.getByText('不予受理通知书').first().waitFor();
    await h.screenshot(citizen.page, 'my-case-refused');
    await citizen.context.close();
  });

  it('shows the key screens in English', async () => {
    const { page, context } = await h.newPage({ lang: 'en-US' });
    await login(page, 'zhangsan');
    await page.goto('/my/cases');
    await page.getByText('My cases').first().waitFor();
    await page.getByRole('link').filter({ hasText: '个体工商户' }).first().click();
    await page.getByText('Progress').first().waitFor();
    await h.screenshot(page, 'my-case-en');
    const staff = await h.newPage({ lang: 'en-US' });
    await login(staff.page, 'clerk');
    await staff.page.getByText('Inbox').first().waitFor();
    await staff.page.goto('/workbench/intake');
    await staff.page.getByText('1. Applicant').first().waitFor();
    await h.screenshot(staff.page, 'intake-en');
    await staff.context.close();
    await context.close();
  });
});
