import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './support/harness.js';
import { makeReliefCases, openAs, PASSWORD, totpFor, type MadeCase } from './support/screens-fixtures.js';

/** Issue 9 — every page at phone size, and login returning to the page that asked for it. */
let h: Harness;
let relief: { implId: string };
let claimed: MadeCase;
let owing: MadeCase; // 容缺受理: the case page that was 528 px wide on a 390 px phone
beforeAll(async () => {
  h = await startHarness();
  ({ relief, claimed, owing } = await makeReliefCases(h));
});
afterAll(async () => h?.close());

describe('phone (390×844): no page is wider than the screen', () => {
  const PHONE = { width: 390, height: 844 };
  async function overflow(page: Page, path: string, ready: () => Promise<unknown>): Promise<string | null> {
    await page.goto(path);
    await ready().catch(async (e: unknown) => {
      await h.screenshot(page, `phone-stuck-${path.replace(/[^a-z0-9]+/gi, '-')}`.slice(0, 100));
      throw new Error(`${path} did not render: ${String(e)}`);
    });
    await page.waitForTimeout(300);
    const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    return m.scroll > m.inner ? `${path}: ${m.scroll}px > ${m.inner}px` : null;
  }
  const main = (page: Page) => () => page.locator('#main *').first().waitFor();

  it('public, applicant, workbench and admin pages fit the phone width', async () => {
    const problems: string[] = [];
    const visit = async (who: string | null, paths: string[]) => {
      const { context, page } = await openAs(h, who, { viewport: PHONE });
      for (const p of paths) {
        const bad = await overflow(page, p, main(page));
        if (p === `/my/cases/${owing.id}`) await h.screenshot(page, 'phone-case-with-owed-material');
        if (bad) {
          problems.push(`${who ?? 'public'} ${bad}`);
          await h.screenshot(page, `phone-overflow-${(who ?? 'public') + p.replace(/[^a-z0-9]+/gi, '-')}`.slice(0, 120));
        }
      }
      await context.close();
    };
    await visit(null, ['/', `/search?q=${encodeURIComponent('营业执照')}`, `/items/${relief.implId}`, `/progress?caseNo=${claimed.caseNo}&code=${claimed.queryCode}`, '/login', '/register']);
    await visit('zhangsan', ['/my/cases', `/my/cases/${owing.id}`, `/apply/${relief.implId}`]);
    await visit('clerk', ['/workbench', '/workbench/intake', `/workbench/cases/${owing.id}`]);
    await visit('mca_handler', [`/workbench/cases/${claimed.id}`]);
    await visit('supervisor', ['/workbench']);
    const cat = await openAs(h, 'catadmin');
    const impls = (await (await cat.context.request.get('/api/admin/catalogue/impls')).json()) as { impls: { implId: string; latestVersionId: string }[] };
    await cat.context.close();
    const first = impls.impls[0];
    await visit('catadmin', ['/admin', `/admin/catalogue/${first?.implId ?? ''}`, `/admin/versions/${first?.latestVersionId ?? ''}`, '/admin/consistency', '/admin/synonyms']);
    await visit('admin', ['/admin/calendar', '/admin/org']);
    expect(problems).toEqual([]);
  });
});

describe('login returns to the page that asked for it', () => {
  const loginThroughForm = async (page: Page, username: string) => {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    const totp = await totpFor(username);
    if (totp) await page.getByLabel('动态验证码（工作人员）').fill(totp);
    await page.getByRole('button', { name: /登\s*录/ }).last().click();
  };

  it('an applicant opening a case link is sent to log in and comes back to the case', async () => {
    const { context, page } = await openAs(h, null);
    await page.goto(`/my/cases/${claimed.id}`);
    await page.waitForURL(/\/login\?next=/);
    await loginThroughForm(page, 'zhangsan');
    await page.waitForURL(`**/my/cases/${claimed.id}`);
    await page.getByText('临时救助').first().waitFor();
    await context.close();
  });

  it('a clerk sent from /workbench/intake returns there; a foreign next= is ignored', async () => {
    const { context, page } = await openAs(h, null);
    await page.goto('/workbench/intake');
    await page.waitForURL(/\/login\?next=%2Fworkbench%2Fintake/);
    await loginThroughForm(page, 'clerk');
    await page.waitForURL('**/workbench/intake');
    await context.close();
    const other = await openAs(h, null);
    await other.page.goto('/login?next=https%3A%2F%2Fevil.example%2F');
    await loginThroughForm(other.page, 'clerk2');
    await other.page.waitForURL('**/workbench');
    await other.page.waitForTimeout(300);
    expect(new URL(other.page.url()).origin).toBe(h.baseUrl);
    await other.context.close();
  });
});

