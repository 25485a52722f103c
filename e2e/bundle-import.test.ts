import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';
import { apiSession } from './support/library-fixtures.js';

/**
 * 一件事目录 import (ADR 0045) and 我的资料: a catalogue administrator imports the exported bundles with
 * one definition changed and sees the new draft's rule check; an applicant edits their profile on its
 * own page and sees the change recorded.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 300_000);
afterAll(async () => {
  await h?.close();
});

type Exported = { bundles: { code: string; content: { name: string; limitDays: number; description: string } }[] };

describe('bundle import and 我的资料', () => {
  it('the catalogue administrator imports the export with 开办餐饮店 changed: a new draft, its change and the rule check are shown', async () => {
    const api = await apiSession(h, 'catadmin');
    const exported = (await (await api.request.get('/api/admin/bundles/export.json')).json()) as Exported;
    await api.close();
    const restaurant = exported.bundles.find((b) => b.content.name === '开办餐饮店')!;
    restaurant.content.limitDays = 3;

    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'catadmin');
    await page.goto('/admin/bundles');
    await page.locator('.ant-table-row', { hasText: '开办餐饮店' }).waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: 'bundles.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    const result = page.locator('.ant-card', { hasText: '导入结果与规则检查' });
    await result.getByText(/导入完成：新建 0 个，更新 1 个，无变化 \d+ 个/).waitFor();
    const item = result.locator('.ant-list-item', { hasText: '开办餐饮店' });
    await item.getByText('新建草稿版本').waitFor();
    await item.getByText(/变更：办理时限/).waitFor();
    await item.getByText(/规则检查：1 处错误/).waitFor();
    await item.getByText(/短于成员事项承诺时限的关键路径/).waitFor();
    // The list shows the new draft version.
    await page.locator('.ant-table-row', { hasText: '开办餐饮店' }).getByText('草稿').waitFor();
    await h.screenshot(page, 'bundle-import');

    // A file that is not an export: a bilingual refusal, in the page.
    await page.locator('input[type=file]').setInputFiles({ name: 'bundles.json', mimeType: 'application/json', buffer: Buffer.from('{"bundles": [') });
    await page.getByText(/导入文件有误，未导入任何一件事/).waitFor();
    await context.close();
  });

  it('the applicant edits 我的资料: identity read-only, a bad phone refused as typed, the saved change recorded', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'zhangsan');
    await page.getByRole('link', { name: '我的资料' }).first().click();
    await page.waitForURL('**/me/profile');
    const identity = page.locator('.ant-descriptions');
    await identity.getByText('张三').waitFor();
    // Identity facts are shown, not editable.
    expect(await page.getByLabel('姓名').count()).toBe(0);
    await page.getByLabel('联系电话').fill('12345');
    await page.getByText('“联系电话”须为11位手机号码或带区号的固定电话').waitFor();
    await page.getByLabel('联系电话').fill('13957209876');
    await page.getByLabel('联系地址').fill('浙江省湖州市安吉县递铺街道胜利西路1号');
    await page.getByLabel('工作单位').fill('安吉县白茶合作社');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('办事资料已保存').waitFor();
    const record = page.locator('.ant-card', { hasText: '修改记录' });
    await record.getByText('工作单位：（空） → 安吉县白茶合作社').waitFor();
    await record.getByText(/联系地址：（空） → 浙江省湖州市安吉县递铺街道胜利西路1号/).waitFor();
    await h.screenshot(page, 'profile-page');
    await context.close();
  });
});
