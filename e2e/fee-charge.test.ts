import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { SCREENSHOT_DIR, keepScreenshot, startHarness, type Harness } from './support/harness.js';
import { apiCall, apiLogin as loginByApi, type ApiSessionKeys } from './support/api.js';
import { loginThroughPage } from './support/login.js';
import { sampleApplication } from '../test/support/applications.js';
import { buildItemContent } from '../src/core/catalogue/test-factory.js';
import { composeImplCode } from '../src/core/codes/impl-code.js';
import { standardFlow } from '../src/server/demo/items/build.js';
import type { Fee, ItemContent } from '../src/core/catalogue/types.js';

/**
 * 收费与目录不符 in the browser (ADR 0048): the signer's 作出决定 form shows the catalogue fee and the
 * amount charged prefilled with it; a different charge is recorded on the timeline and 电子监察 records
 * one `fee_mismatch` hit. At the window, 当场办结（即办件） sends the charge the clerk confirms.
 *
 * The demo items that list fees (不动产登记, 居民身份证申领) belong to departments without demo
 * back-office staff, so the catalogue administrators publish two 市场监管局 items with fixed fees here.
 */
let h: Harness;
beforeAll(async () => {
  // A Monday morning in Beijing: the hits are dated this month.
  h = await startHarness({ clock: '2026-12-07T09:00:00+08:00' });
}, 200_000);
afterAll(async () => h?.close());

const MONTH = '2026-12';
const DEPARTMENT = '安吉县市场监督管理局';
const BASIS = { law: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》', article: '发改价格规〔2016〕2559号' };
const REGISTRATION_FEES: Fee[] = [
  { name: '登记费', standard: '每件80元', amountFen: 8000, basis: BASIS, onlinePayment: false },
  { name: '代理登记加收', standard: '委托代理人办理的每件加收10元', amountFen: 1000, basis: BASIS, onlinePayment: false, situationOptionIds: ['o-agent'] },
];

type Session = ApiSessionKeys;
const apiLogin = (username: string): Promise<Session> => loginByApi(h.baseUrl, username);

const call = <T,>(s: Session | null, method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> => apiCall<T>(h.baseUrl, s, method, url, body);

/** A 市场监管局 item drafted by one catalogue administrator and published by another; its implementation id. */
async function publish(main: number, overrides: Partial<ItemContent>): Promise<string> {
  const facets = await call<{ departments: { orgId: string; name: string }[] }>(null, 'GET', '/api/catalogue/facets');
  const orgId = facets.departments.find((d) => d.name === DEPARTMENT)?.orgId ?? '';
  const samrItem = (await call<{ items: { implId: string; orgName: string }[] }>(null, 'GET', `/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).items.find((i) => i.orgName === DEPARTMENT);
  const credit = (await call<{ content: ItemContent }>(null, 'GET', `/api/catalogue/items/${samrItem?.implId ?? ''}`)).content.implementingBody.creditCode;
  const baseCode = `XK${String(main).padStart(5, '0')}000`;
  const content = buildItemContent({ baseCode, implCode: composeImplCode(credit, baseCode), implementingBody: { name: DEPARTMENT, creditCode: credit }, ...overrides });
  const catadmin = await apiLogin('catadmin');
  const created = await call<{ implId: string; versionId: string }>(catadmin, 'POST', '/api/admin/catalogue/impls', { orgId, level: 'county', content });
  await call(catadmin, 'POST', `/api/admin/catalogue/versions/${created.versionId}/submit`, {});
  await call(await apiLogin('provadmin'), 'POST', `/api/admin/catalogue/versions/${created.versionId}/publish`, {});
  return created.implId;
}

/** The page in use, screenshotted if a step fails. */
let current: Page | undefined;
async function browserAs(username: string): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await h.newPage();
  current = opened.page;
  await loginThroughPage(opened.page, username);
  return opened;
}
const failing = async (name: string, run: () => Promise<void>) => {
  try {
    await run();
  } catch (e) {
    if (current && !current.isClosed()) await h.screenshot(current, `${name}-failure`);
    throw e;
  }
};

type FeeHit = { rule: string; objectId: string; caseNo: string | null; staff: string | null };
const feeHitsOf = async (supervisor: Session, caseId: string) => (await call<{ hits: FeeHit[] }>(supervisor, 'GET', `/api/supervision/hits?month=${MONTH}`)).hits.filter((x) => x.rule === 'fee_mismatch' && x.objectId === caseId);

describe('收费 on the decision (ADR 0048)', () => {
  it('the signer sees the catalogue fee and the prefilled charge, charges a different amount, and 电子监察 records one fee_mismatch hit', async () => {
    await failing('fee-decision', async () => {
      const implId = await publish(981, { mainName: '收费演示事项', fees: REGISTRATION_FEES });
      const guide = await call<{ content: ItemContent }>(null, 'GET', `/api/catalogue/items/${implId}`);
      // 本人办理: the 代理登记加收 does not apply, the catalogue fee is 80 元.
      const [zhangsan, clerk, handler, signerApi, supervisor] = [await apiLogin('zhangsan'), await apiLogin('clerk'), await apiLogin('samr_handler'), await apiLogin('samr_signer'), await apiLogin('supervisor')];
      const created = await call<{ id: string; caseNo: string }>(zhangsan, 'POST', '/api/cases', { implId, ...sampleApplication(guide.content, { 's-who': ['o-self'] }), materials: [] });
      const view = await call<{ checklist: { id: string; required: boolean }[] }>(clerk, 'GET', `/api/cases/${created.id}`);
      await call(clerk, 'POST', `/api/cases/${created.id}/actions`, { type: 'accept', received: view.checklist.filter((m) => m.required).map((m) => ({ materialId: m.id, originalSeen: true })) });
      await call(handler, 'POST', `/api/cases/${created.id}/actions`, { type: 'claim' });
      await call(handler, 'POST', `/api/cases/${created.id}/actions`, { type: 'advance', comment: '材料齐全，符合条件' });
      await call(signerApi, 'POST', `/api/cases/${created.id}/actions`, { type: 'claim' });

      const signer = await browserAs('samr_signer');
      await signer.page.goto(`/workbench/cases/${created.id}`);
      await signer.page.getByRole('button', { name: /作出决定/ }).click();
      const dialog = signer.page.getByRole('dialog');
      await dialog.getByText('80.00元', { exact: true }).waitFor();
      await dialog.getByText('登记费：每件80元').waitFor();
      expect(await dialog.getByText('代理登记加收', { exact: false }).count()).toBe(0); // not the applicant's situation
      const charged = dialog.getByLabel('实收金额（元）');
      expect(await charged.inputValue()).toBe('80.00');
      await dialog.getByLabel('理由').fill('申请材料齐全，符合法定条件');
      // The amount charged must be given: an empty field is not sent.
      await charged.fill('');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await dialog.getByText('请填写实收金额（未收费填 0）').waitFor();
      await charged.fill('90.5');
      await charged.blur();
      expect(await charged.inputValue()).toBe('90.50');
      // The difference is flagged before the decision is sent.
      await dialog.getByText('比目录收费金额多收10.50元，电子监察将记录“收费与目录不符”').waitFor();
      await signer.page.waitForTimeout(300); // the warning's fade-in
      // The window's view, not the full page: the dialog's mask covers the window only.
      await signer.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'fee-decision-form.png') });
      keepScreenshot('fee-decision-form');

      const posted = signer.page.waitForResponse((r) => r.url().includes('/actions') && r.request().method() === 'POST');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      const res = await posted;
      expect(res.ok(), await res.text()).toBe(true);
      expect(((await res.json()) as { fee: { chargedFen: number | null } }).fee.chargedFen).toBe(9050);
      await signer.page.getByText('实收金额：90.50元').waitFor();
      await signer.page.getByText('已准予').first().waitFor();

      // 电子监察: one 收费与目录不符 hit for the case, in the command's own write (no sweep needed).
      expect(await feeHitsOf(supervisor, created.id)).toEqual([expect.objectContaining({ rule: 'fee_mismatch', objectId: created.id, caseNo: created.caseNo, staff: '市场监管局签批 郑伟' })]);
      await signer.context.close();

      // The supervisor's board lists it against the signer who charged, not the handler.
      const board = await browserAs('supervisor');
      await board.page.goto('/workbench/supervision');
      await board.page.getByRole('row', { name: /收费与目录不符.*收费演示事项.*市场监管局签批 郑伟/ }).waitFor();
      await h.screenshot(board.page, 'fee-supervision-board');
      await board.context.close();
    });
  });

  it('at the window, 当场办结（即办件） of an item with a fee sends the charge the clerk confirms', async () => {
    await failing('fee-intake', async () => {
      await publish(982, { mainName: '即办收费演示事项', caseKind: 'on_the_spot', promisedLimitDays: 0, flow: standardFlow(0), fees: [{ name: '工本费', standard: '每证20元', amountFen: 2000, basis: BASIS, onlinePayment: false }] });
      const clerk = await browserAs('clerk');
      const page = clerk.page;
      await page.goto('/workbench/intake');
      await page.getByLabel('身份证号 / 统一社会信用代码').fill('330523199003071234');
      await page.getByRole('button', { name: /查\s*找/ }).click();
      await page.getByText('已找到').first().waitFor();
      await page.getByRole('combobox', { name: '选择事项' }).fill('即办收费演示');
      await page.getByText(`即办收费演示事项（${DEPARTMENT}）`).click();
      await page.getByText('本人办理', { exact: true }).click();
      for (const box of await page.getByRole('checkbox', { name: '原件已核' }).all()) await box.check();
      await page.getByText('20.00元', { exact: true }).waitFor();
      const charged = page.getByLabel('实收金额（元）');
      expect(await charged.inputValue()).toBe('20.00');
      await h.screenshot(page, 'fee-intake-on-the-spot');
      const posted = page.waitForResponse((r) => r.url().includes('/actions') && r.request().method() === 'POST');
      await page.getByRole('button', { name: '当场办结（即办件）' }).click();
      const res = await posted;
      expect(res.ok(), await res.text()).toBe(true);
      const done = (await res.json()) as { id: string; state: string; fee: { catalogueFen: number | null; chargedFen: number | null } };
      expect(done.state).toBe('completed');
      expect(done.fee).toMatchObject({ catalogueFen: 2000, chargedFen: 2000 });
      await page.getByText('已办结').first().waitFor();
      // The charge equals the catalogue fee: no hit.
      expect(await feeHitsOf(await apiLogin('supervisor'), done.id)).toEqual([]);
      await clerk.context.close();
    });
  });
});
