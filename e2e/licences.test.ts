import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startHarness, SCREENSHOT_DIR, type Harness } from './support/harness.js';
import { apiCall, apiLogin as loginByApi, type ApiSessionKeys } from './support/api.js';
import { loginThroughPage } from './support/login.js';
import { sampleApplication } from '../test/support/applications.js';
import type { ItemContent } from '../src/core/catalogue/types.js';

/**
 * Issue 11, 电子证照 in the browser: a licence issued at the end of a case (driven through the API)
 * appears in 我的证照 with its QR code; its verification page verifies; the sealed PDF checks as
 * unchanged and a changed copy does not; a later application uses the licence instead of an upload;
 * the window's checklist shows it satisfied by the licence (nothing to receive); the approver sees it verified.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

type Session = ApiSessionKeys;
const apiLogin = (username: string): Promise<Session> => loginByApi(h.baseUrl, username);

const call = <T,>(s: Session, method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> => apiCall<T>(h.baseUrl, s, method, url, body);

async function implOf(name: string): Promise<{ implId: string; content: ItemContent }> {
  const list = (await (await fetch(`${h.baseUrl}/api/catalogue/items?q=${encodeURIComponent(name)}`)).json()) as { items: { implId: string; name: string }[] };
  const implId = list.items.find((i) => i.name.startsWith(name))?.implId;
  if (!implId) throw new Error(`no item ${name}`);
  const guide = (await (await fetch(`${h.baseUrl}/api/catalogue/items/${implId}`)).json()) as { content: ItemContent };
  return { implId, content: guide.content };
}

const accept = async (clerk: Session, caseId: string) => {
  const view = await call<{ checklist: { id: string; required: boolean }[] }>(clerk, 'GET', `/api/cases/${caseId}`);
  await call(clerk, 'POST', `/api/cases/${caseId}/actions`, { type: 'accept', received: view.checklist.filter((m) => m.required).map((m) => ({ materialId: m.id, originalSeen: true })) });
};

const uploadToCheck = async (page: Page, name: string, buffer: Buffer) => {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/pdf', buffer });
};

describe('电子证照 journey', () => {
  it('issued at the end of a case → 我的证照 → QR page verifies → sealed PDF checks → used instead of an upload → the approver sees it verified', async () => {
    // 1. 个体工商户设立登记 for 张三, completed through the API: completion issues a 营业执照.
    const [zhangsan, clerk, handler, signer] = [await apiLogin('zhangsan'), await apiLogin('clerk'), await apiLogin('samr_handler'), await apiLogin('samr_signer')];
    const gth = await implOf('个体工商户设立登记');
    const created = await call<{ id: string }>(zhangsan, 'POST', '/api/cases', { implId: gth.implId, ...sampleApplication(gth.content), materials: [] });
    await accept(clerk, created.id);
    for (const [who, body] of [
      [handler, { type: 'claim' }],
      [handler, { type: 'advance', comment: '材料齐全' }],
      [signer, { type: 'claim' }],
      [signer, { type: 'decide', decision: 'approved', reason: '准予登记' }],
      [signer, { type: 'complete' }],
    ] as const) {
      await call(who, 'POST', `/api/cases/${created.id}/actions`, body);
    }
    const wallet = await call<{ licences: { identifier: string; typeCode: string; status: string }[] }>(zhangsan, 'GET', '/api/me/licences');
    const yyzz = wallet.licences.find((l) => l.typeCode === 'YYZZ');
    expect(yyzz?.status).toBe('valid');
    const identifier = yyzz?.identifier ?? '';

    // 2. 我的证照, from the applicant's menu.
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'zhangsan');
    await page.getByRole('menuitem', { name: '我的证照' }).click();
    await page.waitForURL('**/me/licences');
    const card = page.getByLabel('营业执照', { exact: true });
    await card.getByText(identifier).waitFor();
    await card.getByRole('img', { name: '核验二维码' }).waitFor();
    await expect(card.getByText('有效', { exact: true }).count()).resolves.toBeGreaterThan(0);
    await h.screenshot(page, 'licence-wallet');

    // The PDF download with the 电子印章.
    const href = await card.getByRole('link', { name: /下载证照文件/ }).getAttribute('href');
    const pdfRes = await page.request.get(href ?? '');
    expect(pdfRes.headers()['content-type']).toBe('application/pdf');
    const pdf = Buffer.from(await pdfRes.body());
    fs.writeFileSync(path.join(SCREENSHOT_DIR, 'licence-yyzz.pdf'), pdf);

    // 3. The QR target verifies (signature checked in the browser).
    await card.getByRole('link', { name: '扫码或点此核验' }).click();
    await page.waitForURL((u) => u.pathname === '/licences/verify' && u.searchParams.get('id') === identifier);
    await page.getByText('签名验证通过（SM2/SM3，于本浏览器中验证）').waitFor();
    await h.screenshot(page, 'licence-verify-from-wallet');

    // 4. 文件核验: the downloaded PDF is unchanged; a copy with one byte changed is not.
    await page.goto('/documents/verify');
    await uploadToCheck(page, 'licence.pdf', pdf);
    await page.getByText('文件未被改动：电子印章验证通过').waitFor();
    await page.getByText('签名已在本浏览器中以公布的公钥再次验证（SM2/SM3）').waitFor();
    await h.screenshot(page, 'document-seal-valid');
    const changed = Buffer.from(pdf);
    const at = changed.indexOf('0', Math.floor(changed.length / 2));
    changed[at] = 0x31;
    await uploadToCheck(page, 'licence-changed.pdf', changed);
    await page.getByText(/核验未通过：文件已被改动/).waitFor();
    await h.screenshot(page, 'document-seal-changed');

    // 5. 食品经营许可: the 营业执照 material is fulfilled by the licence, chosen on the apply page.
    const food = await implOf('食品经营许可');
    await page.goto(`/apply/${food.implId}`);
    await page.getByText('否', { exact: true }).click();
    await page.getByRole('button', { name: /下一步/ }).click();
    const sample = sampleApplication(food.content, { 's-online': ['o-offline'] }).formData;
    for (const [key, value] of Object.entries(sample)) {
      const field = food.content.form.properties[key];
      if (!field) continue;
      if (field.enum) {
        await page.getByLabel(field.title, { exact: true }).click();
        await page.getByTitle(String(value), { exact: true }).click();
      } else {
        await page.getByLabel(field.title, { exact: true }).fill(String(value));
      }
    }
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByLabel(/营业执照或者其他主体资格证明文件：选择电子证照/).click();
    await page.getByTitle(/营业执照 · /).first().click();
    await h.screenshot(page, 'apply-with-licence');
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByText(identifier).waitFor();
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL('**/my/cases/**');
    const foodCaseId = new URL(page.url()).pathname.split('/').pop() as string;
    await context.close();
    const uses = await call<{ uses: { identifier: string; version: number }[] }>(zhangsan, 'GET', `/api/cases/${foodCaseId}/licence-uses`);
    expect(uses.uses).toEqual([expect.objectContaining({ identifier, version: 1 })]);

    // 6. Accepted at the window through the checklist: the 营业执照 line is shown fulfilled by the licence
    //    (type, identifier, version, verified now) with nothing to receive; the clerk ticks the others.
    const window = await h.newPage();
    await loginThroughPage(window.page, 'clerk');
    await window.page.goto(`/workbench/cases/${foodCaseId}`);
    await window.page.getByRole('button', { name: /^受\s*理$/ }).click();
    const dialog = window.page.getByRole('dialog');
    const fulfilled = dialog.getByTestId('fulfilled-m-licence');
    await fulfilled.getByText('已核验：SM2签名有效、证照有效').waitFor();
    expect(await fulfilled.innerText()).toContain(identifier);
    expect(await fulfilled.innerText()).toContain('第 1 版');
    await dialog.getByText('免提交，已满足').waitFor();
    for (const box of await dialog.getByRole('checkbox', { name: '已收' }).all()) if (!(await box.isChecked())) await box.check();
    for (const box of await dialog.getByRole('checkbox', { name: '原件已核' }).all()) await box.check();
    await h.screenshot(window.page, 'accept-with-licence-checklist');
    const posted = window.page.waitForResponse((r) => r.url().includes('/actions') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: '确认受理' }).click();
    const accepted = await posted;
    expect(accepted.status(), await accepted.text()).toBe(200);
    await window.context.close();
    expect((await call<{ state: string }>(clerk, 'GET', `/api/cases/${foodCaseId}`)).state).toBe('accepted');

    // The approver's case page shows the licence rendered and verified now, in the materials and in its card.
    const approver = await h.newPage();
    await loginThroughPage(approver.page, 'samr_handler');
    await approver.page.goto(`/workbench/cases/${foodCaseId}`);
    const usesCard = approver.page.getByText('以电子证照代替的材料（免提交）');
    await usesCard.waitFor();
    await approver.page.getByText('已核验：签名有效、证照有效').waitFor();
    await approver.page.getByText(identifier).first().waitFor();
    await approver.page.getByText('SM2 签名有效').waitFor();
    const line = approver.page.getByTestId('fulfilled-m-licence');
    await line.getByText('以电子证照代替：营业执照').waitFor();
    await line.getByText('已核验：SM2签名有效、证照有效').waitFor();
    await line.scrollIntoViewIfNeeded();
    await h.screenshot(approver.page, 'approver-materials-licence');
    await usesCard.scrollIntoViewIfNeeded();
    await h.screenshot(approver.page, 'approver-licence-verified');
    await approver.context.close();
  }, 300_000);
});
