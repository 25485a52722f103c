import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Each journey file starts its own server on a free port with a fresh embedded database seeded with
 * the demo county, and one headless Debian chromium. Screenshots go to test-results/.
 */
export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface Harness {
  baseUrl: string;
  browser: Browser;
  newPage(opts?: { viewport?: { width: number; height: number }; lang?: 'zh-CN' | 'en-US' }): Promise<{ context: BrowserContext; page: Page }>;
  screenshot(page: Page, name: string): Promise<void>;
  /** The last SMS code the server's development sink sent to `phone` (read from its log). */
  smsCode(phone: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-e2e-'));
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', SEED_DEMO_CASES: 'false' },
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
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    baseUrl,
    browser,
    async newPage(opts) {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: opts?.viewport ?? { width: 1366, height: 900 }, locale: opts?.lang ?? 'zh-CN' });
      if (opts?.lang === 'en-US') await context.addInitScript(() => localStorage.setItem('tongban.lang', 'en-US'));
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
    async close() {
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
