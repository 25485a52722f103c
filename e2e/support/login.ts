import type { Page } from 'playwright-core';
import { generate } from 'otplib';
import { DEMO_TOTP_SECRETS } from '../../src/server/demo/totp-secrets.js';

export const DEMO_PASSWORD = 'Tongban@2026';

/**
 * A fresh authenticator code for a demo staff account on the server's clock (real time, or the test clock);
 * undefined for applicants. The server takes each 30-second step once per account and accepts the
 * neighbouring steps, so a second login within a step uses the next one, and a fourth waits.
 */
const usedSteps = new Map<string, Set<number>>();
let serverNow: () => number = Date.now;
/** A harness on a test clock (ADR 0033) makes the codes follow the server's time. */
export function useServerClock(now: () => number): void {
  serverNow = now;
}
export async function totpFor(username: string, secret = DEMO_TOTP_SECRETS[username]): Promise<string | undefined> {
  if (!secret) return undefined;
  const used = usedSteps.get(username) ?? new Set<number>();
  usedSteps.set(username, used);
  for (;;) {
    const step = Math.floor(serverNow() / 30_000);
    const free = [step, step + 1, step - 1].find((x) => !used.has(x));
    if (free !== undefined) {
      used.add(free);
      return generate({ secret, epoch: free * 30 });
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/** Logs in through the login page as a person would: staff also type their authenticator code. */
export async function loginThroughPage(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/^(用户名|Username)$/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  const code = await totpFor(username);
  if (code) await page.getByLabel(/动态验证码|Authenticator code/).fill(code);
  await page.getByRole('button', { name: /登\s*录|Log in/ }).last().click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
