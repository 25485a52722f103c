import type { Locator, Page } from 'playwright-core';
import type { FormField, FormSchema } from '../../src/core/catalogue/types.js';

/** Fills every required field of a form that the account does not fill, through the page, by its label. */
export async function fillForm(page: Page, form: FormSchema, values: Record<string, string> = {}): Promise<void> {
  const required = new Set((form.required as string[] | undefined) ?? []);
  for (const [key, f] of Object.entries(form.properties) as [string, FormField][]) {
    if (!required.has(key) || f['x-prefill'] === 'profile.name' || f['x-prefill'] === 'profile.idNumber') continue;
    const label = page.getByLabel(f.title, { exact: true });
    if (f.enum) {
      await pickOption(page, label, String(f.enum[0]));
    } else if (f.format === 'date') {
      await label.fill(values[key] ?? '2026-11-20');
      await label.press('Enter');
    } else if (f.type === 'integer' || f.type === 'number') {
      await label.fill(values[key] ?? '12');
    } else if ((await label.inputValue()) === '') {
      await label.fill(values[key] ?? (f.format === 'phone' || f.format === 'mobilePhone' ? '13857210001' : '递铺街道胜利西路1号'));
    }
  }
}

/**
 * Picks the option `text` in an antd Select, given the select's input (e.g. `getByLabel('角色')`), and checks
 * that it took: the chosen label shows as the select's title. On a loaded machine a click during the option
 * list's opening animation can miss (CI, stop 18), so it tries again, three times at most. `search` types into
 * a searchable select first.
 */
export async function pickOption(page: Page, field: Locator, text: string, search?: string): Promise<void> {
  const shown = field.locator('xpath=..');
  for (let attempt = 1; ; attempt++) {
    if (search !== undefined) await field.fill(search);
    else await field.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').getByText(text, { exact: true }).click();
    for (let i = 0; i < 20 && (await shown.getAttribute('title')) !== text; i++) await page.waitForTimeout(100);
    if ((await shown.getAttribute('title')) === text) break;
    if (attempt === 3) throw new Error(`the select did not take “${text}” (it shows “${(await shown.getAttribute('title')) ?? ''}”)`);
    console.warn(`[pickOption] “${text}” did not take on attempt ${attempt}; trying again`);
    await page.keyboard.press('Escape');
  }
  // A closing list would catch the next click: wait until it has gone.
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' }).catch(() => undefined);
}

/**
 * Answers an antd confirmation (Modal.confirm: 确定 / OK) and waits until it has closed. A click during the
 * dialog's opening animation can miss (CI, stop 14: 确定发布 v2? stayed open), so it clicks again — three
 * times at most; a click on a button still busy with the first answer does nothing.
 */
export async function confirmOk(page: Page): Promise<void> {
  const dialog = page.locator('.ant-modal-confirm').last();
  for (let attempt = 1; ; attempt++) {
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click({ timeout: 10_000 });
    try {
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
      console.warn(`[confirmOk] the confirmation is still open after attempt ${attempt}; clicking again`);
    }
  }
}

/**
 * Like pickOption, for a choice that shows somewhere else than in the select's title (a material row's
 * 来自办件 line, the next step of a form): `open` opens the list (a click, or typing into a search), `option`
 * is the entry to click, and `took` appears once the page has taken the choice. A click during the list's
 * opening animation can miss, so it opens and clicks again — three times at most.
 */
export async function pickUntil(page: Page, open: () => Promise<unknown>, option: string | Locator, took: Locator): Promise<void> {
  const entry = typeof option === 'string' ? page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first() : option;
  for (let attempt = 1; ; attempt++) {
    await open();
    await entry.click();
    try {
      await took.waitFor({ timeout: attempt === 3 ? 30_000 : 5_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
      console.warn(`[pickUntil] the choice did not show on attempt ${attempt}; trying again`);
      await page.keyboard.press('Escape');
    }
  }
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' }).catch(() => undefined);
}
