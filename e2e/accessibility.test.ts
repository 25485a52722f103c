import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

const login = (page: Page, username: string) => loginThroughPage(page, username);

describe('accessibility (axe-core) and 适老化', () => {
  it('has no serious or critical violations on the public pages', async () => {
    const { page, context } = await h.newPage();
    for (const path of ['/', '/search?q=gtgsh', '/login', '/progress']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await page.goto('/search?q=gtgsh');
    await page.getByRole('link', { name: '个体工商户设立登记' }).click();
    await page.getByRole('tab', { name: '申请材料' }).click();
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page), 'guide').toEqual([]);
    await context.close();
  });

  it('has no serious or critical violations on the workbench and administration', async () => {
    const { page, context } = await h.newPage();
    await login(page, 'catadmin');
    for (const path of ['/workbench', '/admin', '/admin/calendar']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await context.close();
  });

  it('offers a large-print, high-contrast mode and works on a phone', async () => {
    const { page, context } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto('/');
    await page.getByRole('button', { name: '长辈版' }).click();
    const size = await page.locator('body').evaluate((b) => getComputedStyle(b.querySelector('.ant-list-item-meta-description') ?? b).fontSize);
    expect(parseFloat(size)).toBeGreaterThanOrEqual(18);
    await page.getByText('社会保障卡申领').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await h.screenshot(page, 'phone-elderly-home');
    await context.close();
  });

  it('can be used with the keyboard alone: skip link, search and open a guide', async () => {
    const { page, context } = await h.newPage();
    await page.goto('/');
    // The page is a client-rendered app: wait until the skip link exists before the first Tab.
    await page.getByText('跳到主要内容').waitFor({ state: 'attached' });
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toContain('跳到主要内容');
    await page.getByRole('searchbox', { name: '搜索' }).focus();
    await page.keyboard.type('gtgsh');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: '个体工商户设立登记' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '个体工商户设立登记' }).waitFor();
    await context.close();
  });
});
