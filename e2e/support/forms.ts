import type { Page } from 'playwright-core';
import type { FormField, FormSchema } from '../../src/core/catalogue/types.js';

/** Fills every required field of a form that the account does not fill, through the page, by its label. */
export async function fillForm(page: Page, form: FormSchema, values: Record<string, string> = {}): Promise<void> {
  const required = new Set((form.required as string[] | undefined) ?? []);
  for (const [key, f] of Object.entries(form.properties) as [string, FormField][]) {
    if (!required.has(key) || f['x-prefill'] === 'profile.name' || f['x-prefill'] === 'profile.idNumber') continue;
    const label = page.getByLabel(f.title, { exact: true });
    if (f.enum) {
      await label.click();
      await page.locator(`.ant-select-item-option[title="${String(f.enum[0])}"]`).click();
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
