import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('一件事 guide (issue 10)', () => {
  it('a citizen finds the bundles with their figures, reads 开办餐饮店 and the list changes with the situation', async () => {
    const { page, context } = await h.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: '一件事一次办' }).click();
    await page.waitForURL('**/bundles');
    await page.getByRole('link', { name: '开办餐饮店' }).waitFor();
    // One figures row per published bundle; poll, as a loaded CI machine may paint the figures a frame later.
    await expect.poll(() => page.getByText('一表申请只需填写').count(), { timeout: 15_000 }).toBe(3);
    await h.screenshot(page, 'bundles-list');
    await page.getByRole('link', { name: '开办餐饮店' }).click();
    await page.getByRole('heading', { name: '开办餐饮店“一件事”' }).waitFor();
    const materials = page.locator('.ant-card', { hasText: '一次告知：申请材料' });
    await materials.getByText('经营场所使用相关文件').waitFor();
    // The premises proof serves all four members; one upload.
    expect(await materials.locator('tr', { hasText: '经营场所使用相关文件' }).locator('.ant-tag').count()).toBe(4);
    await h.screenshot(page, 'bundle-guide');
    await page.getByText('不设置').click();
    await page.locator('tr', { hasText: '户外招牌设置审批' }).getByText('不涉及').waitFor();
    expect(await materials.locator('tr', { hasText: '经营场所使用相关文件' }).locator('.ant-tag').count()).toBe(3);
    await h.screenshot(page, 'bundle-guide-no-sign');
    await context.close();
  });

  it('reads in English', async () => {
    const { page, context } = await h.newPage({ lang: 'en-US' });
    await page.goto('/bundles');
    await page.getByText('Form fields, one form').first().waitFor();
    await context.close();
  });
});
