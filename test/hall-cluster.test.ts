import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/seed.js';
import { DEMO_TOTP_SECRETS } from '../src/server/demo/totp-secrets.js';
import { PG_ADMIN_URL, TEST_DATA_KEY } from './support/databases.js';

/**
 * The call screen across worker processes (issue 13, ADR 0023 and 0042): the real server with
 * WORKERS=2 (node:cluster) on PostgreSQL. Several screens connect to the SSE stream and land on both
 * workers (checked with `ss`: the sockets' owning processes); a clerk's 叫号 lands on one of them; every
 * screen must receive the call, which only LISTEN/NOTIFY can deliver to the other worker. Then one
 * worker is killed: its screens lose the stream, reconnect (as EventSource does, `retry: 2000`), get a
 * fresh snapshot from the surviving or the replacement worker, and receive the next call.
 *
 * Always on the PostgreSQL server at 127.0.0.1:5432 (TEST_PG_URL), in both test passes: PGlite is one
 * process and cannot run a cluster. A scratch database is created and dropped; every process started
 * is ended, also on failure.
 */

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

function pgUrl(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * The pids of a process's children that run the server (the cluster's workers). Other children are
 * left out: tsx starts an esbuild service process when its transform cache is cold (a fresh clone),
 * which the CI run at 5aca625 counted as a worker.
 */
function childrenOf(pid: number): number[] {
  let pids: number[];
  try {
    pids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
  } catch {
    return []; // ps exits with 1 when there is none
  }
  return pids.filter((k) => {
    try {
      return fs.readFileSync(`/proc/${k}/cmdline`, 'utf8').includes('src/server/main.ts');
    } catch {
      return false; // gone meanwhile
    }
  });
}

/** For each established connection to the port: the local (client) port → the pid of the server process holding it. */
function serverPidsByClientPort(port: number): Map<number, number> {
  const out = new Map<number, number>();
  const lines = execFileSync('ss', ['-Htnp', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' }).split('\n');
  for (const line of lines) {
    const peer = /127\.0\.0\.1:\d+\s+127\.0\.0\.1:(\d+)/.exec(line);
    const pid = /pid=(\d+)/.exec(line);
    if (peer && pid) out.set(Number(peer[1]), Number(pid[1]));
  }
  return out;
}

/** A call screen: an SSE client that reconnects when the stream ends, as the browser's EventSource does. */
class Screen {
  events: { event: string; data: unknown }[] = [];
  connects = 0;
  ends = 0;
  localPort: number | undefined;
  private req: http.ClientRequest | undefined;
  private stopped = false;

  constructor(
    private readonly base: string,
    private readonly hallId: string,
  ) {}

  connect(): void {
    if (this.stopped) return;
    const req = http.get(`${this.base}/api/public/halls/${this.hallId}/stream`, { agent: false }, (res) => {
      this.connects += 1;
      this.localPort = req.socket?.localPort;
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) this.events.push({ event, data: JSON.parse(data) });
        }
      });
      // The stream ends (a clean end or a reset when its worker dies): reconnect after a pause.
      res.on('error', () => undefined);
      res.on('close', () => {
        this.ends += 1;
        this.localPort = undefined;
        if (!this.stopped) setTimeout(() => this.connect(), 500);
      });
    });
    req.on('error', () => {
      // Refused or reset while a worker restarts: try again, as EventSource would.
      if (!this.stopped) setTimeout(() => this.connect(), 500);
    });
    this.req = req;
  }

  calls(): string[] {
    return this.events.filter((e) => e.event === 'call').map((e) => (e.data as { number: string }).number);
  }

  snapshots(): number {
    return this.events.filter((e) => e.event === 'snapshot').length;
  }

  stop(): void {
    this.stopped = true;
    this.req?.destroy();
  }
}

describe('call screens across worker processes (WORKERS=2, PostgreSQL LISTEN/NOTIFY)', () => {
  it('every screen receives a call made on either worker, and a screen of a killed worker reconnects and receives the next', { timeout: 420_000 }, async () => {
    const dbName = `tongban_cluster_${randomBytes(6).toString('hex')}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-cluster-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const screens: Screen[] = [];
    let server: ChildProcess | undefined;
    const started = new Set<number>();
    let stderr = '';
    await query(PG_ADMIN_URL, `create database ${dbName}`);
    try {
      // The primary migrates and seeds the demo county (no demo cases), then forks two workers.
      server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        env: { ...process.env, DATABASE_URL: pgUrl(dbName), PORT: String(port), HOST: '127.0.0.1', WORKERS: '2', DB_POOL_SIZE: '4', LOG_LEVEL: 'fatal', SEED_DEMO: 'true', SEED_DEMO_CASES: 'false', DATA_DIR: dataDir, DATA_KEY: TEST_DATA_KEY.toString('hex') },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const primary = server;
      started.add(primary.pid as number);
      primary.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const workers = await until(
        'two workers serving',
        async () => {
          if (primary.exitCode !== null) throw new Error(`server exited with ${primary.exitCode}: ${stderr}`);
          const kids = childrenOf(primary.pid as number);
          for (const k of kids) started.add(k);
          if (kids.length < 2) return undefined;
          try {
            return (await fetch(`${base}/healthz`)).ok ? kids : undefined;
          } catch {
            return undefined;
          }
        },
        300_000,
      );
      expect(workers).toHaveLength(2);

      const [hall] = await query<{ id: string }>(pgUrl(dbName), `select id from orgs where key = 'county-hall'`);
      const [window] = await query<{ id: string }>(pgUrl(dbName), `select id from windows where hall_id = $1 and number = 'A01'`, [hall?.id]);
      const hallId = hall?.id as string;

      // The clerk logs in (password and authenticator code) and opens window A01 for 市场准入.
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'clerk', password: DEMO_PASSWORD, totp: await generate({ secret: DEMO_TOTP_SECRETS.clerk as string }) }),
      });
      expect(login.status, await login.clone().text()).toBe(200);
      const auth = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
      const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
        const res = await fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
        return { status: res.status, body: await res.text() };
      };
      const opened = await post(`/api/hall/windows/${window?.id}/open`, { categories: ['市场准入'] }, auth);
      expect(opened.status, opened.body).toBe(200);
      const take = async () => {
        const t = await post(`/api/public/halls/${hallId}/tickets`, { category: '市场准入' });
        expect(t.status, t.body).toBe(201);
        return (JSON.parse(t.body) as { number: string }).number;
      };
      const callNext = async () => {
        const r = await post(`/api/hall/windows/${window?.id}/call-next`, {}, auth);
        expect(r.status, r.body).toBe(200);
        const current = (JSON.parse(r.body) as { current: { id: string; number: string } }).current;
        return current;
      };

      // Six screens to begin with: the cluster hands connections to the workers in turn.
      for (let i = 0; i < 6; i++) {
        const s = new Screen(base, hallId);
        screens.push(s);
        s.connect();
      }
      await until('every screen’s snapshot', () => (screens.every((s) => s.snapshots() >= 1 && s.localPort) ? true : undefined), 60_000);
      let holders = serverPidsByClientPort(port);
      // The primary hands a connection to a worker that is free at that moment: a busy worker can miss a
      // burst of six. More screens, one at a time, until both hold some (at most 30).
      while (new Set(screens.map((s) => holders.get(s.localPort as number))).size < 2 && screens.length < 30) {
        const s = new Screen(base, hallId);
        screens.push(s);
        s.connect();
        await until('the new screen’s snapshot', () => (s.snapshots() >= 1 && s.localPort ? true : undefined), 60_000);
        holders = serverPidsByClientPort(port);
      }
      const workerOf = (s: Screen) => holders.get(s.localPort as number);
      expect(screens.map(workerOf).every((pid) => pid !== undefined && workers.includes(pid))).toBe(true);
      expect(new Set(screens.map(workerOf)).size, 'the screens are spread over both workers').toBe(2);

      // Several calls, each made on whichever worker takes the clerk's request: every screen gets every one.
      const numbers: string[] = [];
      for (let i = 0; i < 3; i++) numbers.push(await take());
      for (let i = 0; i < 3; i++) {
        const current = await callNext();
        expect(current.number).toBe(numbers[i]);
        await post(`/api/hall/tickets/${current.id}/finish`, {}, auth);
      }
      await until('every screen received the three calls', () => (screens.every((s) => numbers.every((n) => s.calls().includes(n))) ? true : undefined), 30_000);
      for (const s of screens) expect(s.calls()).toEqual(numbers);

      // Kill the worker of the first screen: its screens lose the stream and reconnect.
      const victim = workerOf(screens[0] as Screen) as number;
      const orphaned = screens.filter((s) => workerOf(s) === victim);
      const kept = screens.filter((s) => workerOf(s) !== victim);
      expect(orphaned.length).toBeGreaterThan(0);
      expect(kept.length).toBeGreaterThan(0);
      process.kill(victim, 'SIGKILL');
      await until('the orphaned screens reconnected with a new snapshot', () => (orphaned.every((s) => s.ends >= 1 && s.connects >= 2 && s.snapshots() >= 2) ? true : undefined), 120_000);
      for (const s of kept) expect(s.ends).toBe(0);
      // The primary replaced the killed worker.
      await until('a replacement worker', () => {
        const kids = childrenOf(primary.pid as number);
        for (const k of kids) started.add(k);
        return kids.length === 2 && !kids.includes(victim) ? kids : undefined;
      }, 120_000);

      // The next call reaches every screen, the reconnected ones included.
      const next = await take();
      const current = await callNext();
      expect(current.number).toBe(next);
      await until('every screen received the call after the restart', () => (screens.every((s) => s.calls().includes(next)) ? true : undefined), 30_000);
      for (const s of orphaned) expect(s.calls()).toEqual([...numbers, next]);
    } finally {
      for (const s of screens) s.stop();
      // End the primary (it stops its workers), then anything of ours still alive, by pid.
      if (server && server.exitCode === null) {
        server.kill('SIGTERM');
        await Promise.race([new Promise((r) => server?.once('exit', r)), sleep(10_000)]);
      }
      if (server?.pid) for (const k of childrenOf(server.pid)) started.add(k);
      for (const pid of started) {
        try {
          // Only if that pid is still one of this server's processes (not a reused id).
          if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('src/server/main.ts')) continue;
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await query(PG_ADMIN_URL, `drop database if exists ${dbName} with (force)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
