import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, startHarness, type Harness } from './support/harness.js';

/** The service hall in the browser (issue 13): a kiosk ticket, and the call screen showing the queues. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());


describe('service hall', () => {
  it('takes a number at the kiosk and the call screen shows the queue live', async () => {
    const { page, context } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto('/hall/kiosk');
    await page.getByRole('button', { name: /市场准入/ }).click();
    const number = page.getByTestId('ticket-number');
    await number.waitFor();
    expect(await number.textContent()).toBe('A001');
    await h.screenshot(page, 'hall-kiosk-ticket');
    keepScreenshot('hall-kiosk-ticket');
    const halls = (await (await fetch(`${h.baseUrl}/api/public/halls`)).json()) as { halls: { id: string }[] };
    const screen = await context.newPage();
    await screen.goto(`${h.baseUrl}/hall/screen/${halls.halls[0]?.id ?? ''}`);
    await screen.getByText('A · 市场准入').waitFor();
    await h.screenshot(screen, 'hall-call-screen');
    keepScreenshot('hall-call-screen');
    await context.close();
  }, 120_000);
});
