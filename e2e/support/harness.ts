import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { useServerClock } from './login.js';

/**
 * Each journey file starts its own server on a free port with a fresh embedded database seeded with
 * the demo county, and one headless Debian chromium. Screenshots go to test-results/.
 */
export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

/** Copies a screenshot the journey took into docs/screenshots, where the docs show it. */
export const keepScreenshot = (name: string): void => fs.copyFileSync(path.join(SCREENSHOT_DIR, `${name}.png`), path.resolve('docs/screenshots', `${name}.png`));

/** The browsers of this file's harnesses, for the failure report (e2e/support/failure-report.ts). */
export const liveBrowsers = new Set<Browser>();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface ContextOptions {
  viewport?: { width: number; height: number };
  lang?: 'zh-CN' | 'en-US';
  timezoneId?: string;
}

export interface Harness {
  baseUrl: string;
  browser: Browser;
  newPage(opts?: ContextOptions): Promise<{ context: BrowserContext; page: Page }>;
  /** A browser context on the server's clock (with `startHarness({ clock })`, Playwright's clock follows the server's). */
  newContext(opts?: ContextOptions): Promise<BrowserContext>;
  screenshot(page: Page, name: string): Promise<void>;
  /** The last SMS code the server's development sink sent to `phone` (read from its log). */
  smsCode(phone: string): Promise<string>;
  /** The server's time: the test clock's when the harness started with `clock`, else real time. */
  now(): Date;
  /**
   * Moves the server's test clock (and every open browser context's) to `at`; it ticks on from there.
   * Only with `startHarness({ clock })` (ADR 0033). Staff sessions may expire when time jumps: log in again.
   */
  setClock(at: string | Date): Promise<Date>;
  /** Jumps the test clock forward (`ms`, or days/hours/minutes), server and browsers alike. */
  advanceClock(by: number | { days?: number; hours?: number; minutes?: number }): Promise<Date>;
  /** Runs the server's sweep (deadlines, 电子监察 hits, outbox …) now, on the test clock, instead of waiting for the scheduler. */
  sweep(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /**
   * Start the server on a test clock at this instant (ISO 8601 with offset, e.g. '2026-12-07T09:00:00+08:00',
   * or 'now' for real time that the test can then move). The browsers' clocks follow it. Absent: the real clock.
   */
  clock?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-e2e-'));
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      SEED_DEMO_CASES: 'false',
      TONGBAN_TEST_CLOCK: options.clock ? '1' : '',
      TONGBAN_CLOCK_START: options.clock && options.clock !== 'now' ? options.clock : '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The server's output goes on to ours; the development SMS sink's lines are kept for smsCode().
  const smsLines: string[] = [];
  server.stdout?.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) if (line.includes('[dev-sink sms]')) smsLines.push(line);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  // A loaded machine (shared CI, several sessions) may need longer for the first start: E2E_START_TIMEOUT_MS.
  const deadline = Date.now() + (Number(process.env.E2E_START_TIMEOUT_MS) || 180_000);
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start in ${Math.round((Number(process.env.E2E_START_TIMEOUT_MS) || 180_000) / 1000)} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  liveBrowsers.add(browser);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

  // The test clock (ADR 0033): the harness keeps the server's offset from real time, so now() needs no
  // request; the TOTP codes of staff logins and the browsers' clocks follow it.
  let offsetMs = 0;
  const contexts = new Set<BrowserContext>();
  const now = () => new Date(Date.now() + offsetMs);
  const moveClock = async (body: { set: string } | { advanceMs: number }): Promise<Date> => {
    if (!options.clock) throw new Error('startHarness({ clock }) starts the server on a test clock; this harness runs on the real clock');
    const res = await fetch(`${baseUrl}/api/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`moving the test clock failed: ${res.status} ${await res.text()}`);
    const answered = new Date(((await res.json()) as { now: string }).now);
    offsetMs = answered.getTime() - Date.now();
    for (const c of contexts) await c.clock.setSystemTime(now());
    return answered;
  };
  if (options.clock) {
    const res = await fetch(`${baseUrl}/api/test/clock`);
    if (!res.ok) throw new Error(`the server has no test clock (${res.status}): was TONGBAN_TEST_CLOCK refused?`);
    offsetMs = new Date(((await res.json()) as { now: string }).now).getTime() - Date.now();
    useServerClock(() => now().getTime());
  }

  async function newContext(opts?: ContextOptions): Promise<BrowserContext> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: opts?.viewport ?? { width: 1366, height: 900 }, locale: opts?.lang ?? 'zh-CN', ...(opts?.timezoneId ? { timezoneId: opts.timezoneId } : {}) });
    if (options.clock) {
      // The pages' Date follows the server's test clock (the month a board opens on, "today" in pickers); time flows on.
      await context.clock.install({ time: now() });
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
    }
    if (opts?.lang === 'en-US') await context.addInitScript(() => localStorage.setItem('tongban.lang', 'en-US'));
    return context;
  }

  return {
    baseUrl,
    browser,
    newContext,
    async newPage(opts) {
      const context = await newContext(opts);
      const page = await context.newPage();
      return { context, page };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    async smsCode(phone) {
      const masked = phone.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2');
      for (let i = 0; i < 50; i++) {
        const code = smsLines.filter((l) => l.includes(`to=${masked} `)).at(-1)?.match(/\b(\d{6})\b/)?.[1];
        if (code) return code;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`no SMS code for ${masked}`);
    },
    now,
    setClock: (at) => moveClock({ set: new Date(at).toISOString() }),
    advanceClock: (by) => moveClock({ advanceMs: typeof by === 'number' ? by : ((by.days ?? 0) * 24 * 60 + (by.hours ?? 0) * 60 + (by.minutes ?? 0)) * 60_000 }),
    async sweep() {
      if (!options.clock) throw new Error('the sweep route exists only on a test-clock server: startHarness({ clock })');
      const res = await fetch(`${baseUrl}/api/test/sweep`, { method: 'POST' });
      if (!res.ok) throw new Error(`sweep failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { report: Record<string, number> }).report;
    },
    async close() {
      liveBrowsers.delete(browser);
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
