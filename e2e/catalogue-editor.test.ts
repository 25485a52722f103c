import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemContent } from '../src/core/catalogue/types.js';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';

/** Issue 9 — the catalogue administrator edits situations, form fields and special procedures visually. */
let h: Harness;
/** The draft the first journey edits; the phone check opens it again. */
let versionId = '';
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const DOCS = path.resolve('docs/screenshots');
/** A screenshot for docs/: the whole page, or the window's view scrolled to `at` (the form tab is long). */
const shot = async (page: Page, name: string, at?: Locator) => {
  if (at) await at.scrollIntoViewIfNeeded();
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(DOCS, `catalogue-editor-${name}.png`), fullPage: !at });
};
/** Picks an entry of the open antd select dropdown. */
const choose = async (page: Page, text: string) => {
  await page.locator('.ant-select-dropdown .ant-select-item-option:visible').filter({ hasText: text }).first().click();
};
/** Closes the open dropdown and waits until it has gone (a closing one would catch the next click). */
const closeDropdowns = async (page: Page) => {
  const open = page.locator('.ant-select-dropdown:visible');
  if (await open.count()) await page.keyboard.press('Escape');
  await expect.poll(() => open.count()).toBe(0);
};
const noSideways = async (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('catalogue visual editor', () => {
  it('adds a situation tied to materials, a formatted field required by that situation and a special procedure; the saved version holds exactly that', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'catadmin');
    await page.goto('/admin');
    await page.getByRole('searchbox', { name: '筛选事项' }).fill('公共场所卫生许可');
    await page.getByRole('link', { name: /公共场所卫生许可/ }).click();
    await page.getByRole('button', { name: '新建版本' }).click();
    await page.waitForURL('**/admin/versions/**');
    versionId = page.url().split('/').pop() ?? '';
    const read = async () => ((await (await page.request.get(`/api/admin/catalogue/versions/${versionId}`)).json()) as { content: ItemContent }).content;
    const before = await read();
    expect(before.situations).toEqual([]);

    // 情形引导: one question, two options; each option brings in one material, picked by name.
    await page.getByRole('tab', { name: '情形引导' }).click();
    await page.getByRole('button', { name: '添加情形问题' }).click();
    await page.getByLabel('问题 1 · 问题', { exact: true }).fill('是否委托他人办理？');
    await page.getByLabel('问题 1 · 选项文字 1', { exact: true }).fill('本人办理');
    await page.getByLabel('问题 1 · 选项文字 2', { exact: true }).fill('委托他人办理');
    await page.getByLabel('问题 1 · 选项文字 1 · 选择后需提交的材料').click();
    await choose(page, '营业执照');
    await closeDropdowns(page);
    await page.getByLabel('问题 1 · 选项文字 2 · 选择后需提交的材料').click();
    await choose(page, '卫生管理制度及从业人员健康合格承诺书');
    await closeDropdowns(page);
    // The materials list names the option in words, never by its id.
    await page.getByRole('tab', { name: '申请材料' }).click();
    await page.getByText('是否委托他人办理？：委托他人办理').first().waitFor();
    await page.getByRole('tab', { name: '情形引导' }).click();
    await shot(page, 'situations');

    // 表单: a mobile-number field, required when the applicant chose 委托他人办理.
    await page.getByRole('tab', { name: '申请表单' }).click();
    const fieldCount = Object.keys(before.form.properties).length;
    await page.getByRole('button', { name: '添加字段' }).click();
    const n = fieldCount + 1;
    await page.getByLabel(`字段 ${n} · 字段名（英文）`).fill('agentPhone');
    await page.getByLabel(`字段 ${n} · 标题`).fill('代理人手机号码');
    await page.getByLabel(`字段 ${n}「代理人手机号码」 · 格式校验`).click();
    await choose(page, '手机号码');
    await closeDropdowns(page);
    await page.getByRole('button', { name: '添加条件' }).last().click();
    await page.getByLabel('情形条件 1 · 当申请人选择').click();
    await choose(page, '是否委托他人办理？：委托他人办理');
    await closeDropdowns(page);
    await page.getByLabel('情形条件 1 · 则以下字段必填').click();
    await choose(page, '代理人手机号码');
    await closeDropdowns(page);

    // A condition naming an option that is then removed is an inline error in words, not a JSON error.
    await page.getByRole('button', { name: '添加条件' }).last().click();
    await page.getByLabel('情形条件 2 · 当申请人选择').click();
    await choose(page, '是否委托他人办理？：本人办理');
    await closeDropdowns(page);
    await page.getByLabel('情形条件 2 · 则以下字段必填').click();
    await choose(page, '代理人手机号码');
    await closeDropdowns(page);
    await page.getByRole('tab', { name: '情形引导' }).click();
    await page.getByRole('button', { name: '添加选项' }).click();
    await page.getByLabel('问题 1 · 选项文字 3', { exact: true }).fill('其他');
    await page.getByRole('button', { name: '删除 问题 1 · 选项文字 1' }).click();
    await page.getByRole('tab', { name: '申请表单' }).click();
    await page.getByText('第2条情形条件引用的选项在情形“是否委托他人办理？”中不存在（可能已被删除）').first().waitFor();
    // A repeated key too, beside the field.
    await page.getByRole('button', { name: '添加字段' }).click();
    await page.getByLabel(`字段 ${n + 1} · 字段名（英文）`).fill('agentPhone');
    // Beside the field and in the rule check above the tabs.
    await expect.poll(() => page.getByText(`字段名“agentPhone”与第${n}个字段重复`).count()).toBe(2);
    await shot(page, 'form-key-error', page.getByTestId('form-field-card').last());
    await shot(page, 'form-condition-error', page.getByTestId('situation-condition').last());
    await page.getByRole('button', { name: `删除 字段 ${n + 1}` }).click();
    await page.getByRole('button', { name: '删除 情形条件 2' }).click();
    await page.getByText(/第2条情形条件引用的选项/).first().waitFor({ state: 'detached' });
    // Make the new option 本人办理 (it keeps its own generated id), tie its material and move it first.
    await page.getByRole('tab', { name: '情形引导' }).click();
    await page.getByLabel('问题 1 · 选项文字 2', { exact: true }).fill('本人办理');
    await page.getByLabel('问题 1 · 选项文字 2 · 选择后需提交的材料').click();
    await choose(page, '营业执照');
    await closeDropdowns(page);
    await page.getByRole('button', { name: '上移 问题 1 · 选项文字 2' }).click();

    // The live preview draws the form as the applicant sees it: choosing 委托他人办理 makes the field required.
    await page.getByRole('tab', { name: '申请表单' }).click();
    const preview = page.getByTestId('form-preview');
    await preview.getByText('代理人手机号码').first().waitFor();
    await preview.getByRole('radio', { name: '委托他人办理' }).check();
    await preview.getByRole('button', { name: '检查填写' }).click();
    await preview.getByText('“代理人手机号码”为必填项').first().waitFor();
    await preview.getByLabel(/代理人手机号码/).fill('1385721');
    await preview.getByRole('button', { name: '检查填写' }).click();
    await preview.getByText(/不是有效的11位手机号码/).first().waitFor();
    await shot(page, 'form', page.getByTestId('form-field-card').last());

    // 特别程序.
    await page.getByRole('tab', { name: '特别程序' }).click();
    await page.getByRole('button', { name: /添\s*加/ }).last().click();
    await page.getByLabel('程序名称').last().fill('专家评审');
    await page.getByLabel('所需时间').last().fill('不超过10个工作日');
    await page.getByLabel('依据（法律法规）').last().fill('《中华人民共和国行政许可法》');
    await page.getByLabel('条款').last().fill('第四十五条');
    await shot(page, 'procedures');

    // The advanced JSON view shows the same content; coming back changes nothing.
    await page.getByRole('tab', { name: '高级：JSON' }).click();
    await expect.poll(async () => page.locator('#json-form').inputValue()).toContain('"agentPhone"');
    await shot(page, 'advanced');
    await page.getByRole('tab', { name: '申请表单' }).click();

    await page.getByRole('button', { name: /保\s*存/ }).first().click();
    await page.getByText('已保存').first().waitFor();

    const after = await read();
    const [situation] = after.situations;
    expect(situation?.question).toBe('是否委托他人办理？');
    expect(situation?.multiple).toBe(false);
    expect(situation?.options.map((o) => o.label)).toEqual(['本人办理', '委托他人办理']);
    const ids = situation?.options.map((o) => o.id) ?? [];
    for (const id of [situation?.id, ...ids]) expect(id).toMatch(/^[so]-[0-9a-z]{6}$/);
    const [self, agent] = situation?.options ?? [];
    const expected: ItemContent = {
      ...before,
      situations: [{ id: situation?.id ?? '', question: '是否委托他人办理？', multiple: false, options: [self!, agent!] }],
      materials: before.materials.map((m) =>
        m.name === '营业执照' ? { ...m, situationOptionIds: [self!.id] } : m.name === '卫生管理制度及从业人员健康合格承诺书' ? { ...m, situationOptionIds: [agent!.id] } : m,
      ),
      form: {
        ...before.form,
        properties: { ...before.form.properties, agentPhone: { type: 'string', title: '代理人手机号码', format: 'mobilePhone' } },
        'x-conditions': [{ situationId: situation?.id ?? '', optionId: agent!.id, required: ['agentPhone'] }],
      },
      specialProcedures: [{ name: '专家评审', timeNeeded: '不超过10个工作日', basis: { law: '《中华人民共和国行政许可法》', article: '第四十五条' }, countedInLimit: false }],
    };
    expect(after).toEqual(expected);
    expect(Object.keys(after.form.properties).at(-1)).toBe('agentPhone');

    // English toggle.
    await page.getByRole('button', { name: 'switch language' }).click();
    await page.getByRole('tab', { name: 'Application form' }).click();
    await page.getByText('Situation conditions').first().waitFor();
    await shot(page, 'form-en', page.getByTestId('situation-condition').last());
    await page.getByRole('button', { name: 'switch language' }).click();
    await context.close();
  }, 300_000);

  it('the editors do not scroll sideways at phone width', async () => {
    expect(versionId).toMatch(/^[0-9a-f-]{36}$/);
    const phone = await h.newPage({ viewport: { width: 390, height: 844 } });
    await loginThroughPage(phone.page, 'catadmin');
    await phone.page.goto(`/admin/versions/${versionId}`);
    for (const tab of ['情形引导', '申请表单', '特别程序']) {
      // Narrow tab bars fold tabs into a "more" menu; the tab itself still answers a click.
      await phone.page.getByRole('tab', { name: tab }).dispatchEvent('click');
      await phone.page.waitForTimeout(300);
      expect(await noSideways(phone.page), tab).toBeLessThanOrEqual(0);
    }
    await phone.page.getByRole('tab', { name: '申请表单' }).dispatchEvent('click');
    await shot(phone.page, 'phone-form', phone.page.getByTestId('form-field-card').last());
    await phone.context.close();
  }, 300_000);
});
