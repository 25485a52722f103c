import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { liveBrowsers, SCREENSHOT_DIR } from './harness.js';

/**
 * When a journey fails, CI keeps only the printed output: print what each open page shows a person at
 * that moment (address, open dialogs, messages, form errors) and save a screenshot beside the others.
 */
const VISIBLE_TROUBLE = '.ant-message-notice, .ant-notification-notice, .ant-form-item-explain-error, .ant-alert, .ant-modal-title, .ant-modal-confirm-title, .ant-modal-confirm-content, .ant-result-title';

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  const pages = [...liveBrowsers].flatMap((b) => b.contexts().flatMap((c) => c.pages()));
  const slug = ctx.task.name.replace(/[^\w\u4e00-\u9fff]+/g, '-').slice(0, 60);
  for (const [i, page] of pages.entries()) {
    try {
      const seen = await page.locator(VISIBLE_TROUBLE).evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => (e.textContent ?? '').trim()).filter(Boolean));
      const file = path.join(SCREENSHOT_DIR, `failed-${slug}-${i}.png`);
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
      console.error(`[journey failed] page ${i}: ${page.url()}\n  shows: ${seen.length ? seen.join(' | ') : '(no dialog, message or form error)'}\n  screenshot: ${file}`);
    } catch (e) {
      console.error(`[journey failed] page ${i}: ${page.url()} (could not be read: ${String(e)})`);
    }
  }
});
