import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ItemContent } from '../src/core/catalogue/types.js';
import { sampleApplication } from '../test/support/applications.js';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';

/**
 * Issue 9 (English mode): item and department names in English where the catalogue has them, on the
 * portal (departments, lists, guide) and on the case pages; the Chinese name where it has none.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const shot = (page: Page, name: string) => page.screenshot({ path: path.resolve('docs/screenshots', `${name}.png`), fullPage: true });

async function post(page: Page, url: string, data: unknown): Promise<Record<string, unknown>> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const res = await page.request.post(url, { data, headers: { 'x-csrf-token': me.csrfToken } });
  if (!res.ok()) throw new Error(`${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

describe('English names in English mode', () => {
  it('the portal and the case pages show the catalogue’s English item and department names', async () => {
    const { page, context } = await h.newPage({ lang: 'en-US' });
    await page.goto('/');
    await page.getByText('Anji County Civil Affairs Bureau').first().waitFor();
    await shot(page, 'english-portal');
    await page.getByText('Anji County Civil Affairs Bureau').first().click();
    await page.getByText('Temporary assistance').first().waitFor();
    expect(await page.getByText('临时救助', { exact: true }).count()).toBe(0);
    await shot(page, 'english-department-list');
    await page.getByText('Temporary assistance').first().click();
    await page.getByRole('heading', { name: 'Temporary assistance' }).waitFor();
    // The guide's department line can paint after its heading on a loaded machine: wait for it.
    await page.getByText('Anji County Civil Affairs Bureau').first().waitFor();
    await shot(page, 'english-guide');

    // A case of the item: the applicant's page and the clerk's case page read the English name.
    await loginThroughPage(page, 'zhangsan');
    const items = (await (await page.request.get(`/api/catalogue/items?q=${encodeURIComponent('临时救助')}`)).json()) as { items: { implId: string; name: string; nameEn: string | null }[] };
    const item = items.items.find((i) => i.name.startsWith('临时救助'));
    expect(item?.nameEn).toBe('Temporary assistance');
    const content = ((await (await page.request.get(`/api/catalogue/items/${item?.implId ?? ''}`)).json()) as { content: ItemContent }).content;
    const created = await post(page, '/api/cases', { implId: item?.implId, ...sampleApplication(content), materials: [] });
    await page.goto('/my/cases');
    await page.getByRole('link', { name: 'Temporary assistance' }).first().waitFor();
    await page.goto(`/my/cases/${String(created.id)}`);
    await page.getByText('Temporary assistance').first().waitFor();
    await shot(page, 'english-my-case');
    await context.close();

    const clerk = await h.newPage({ lang: 'en-US' });
    await loginThroughPage(clerk.page, 'clerk');
    await clerk.page.goto('/workbench');
    await clerk.page.getByRole('row', { name: new RegExp(String(created.caseNo)) }).getByRole('link', { name: 'Temporary assistance' }).waitFor();
    await clerk.page.goto(`/workbench/cases/${String(created.id)}`);
    await clerk.page.getByText('Temporary assistance').first().waitFor();
    await shot(clerk.page, 'english-case');
    await clerk.context.close();
  });
});
