/**
 * `npm run bench [-- --smoke] [-- --seed-cases N]`: complete case lifecycles through the HTTP API against
 * the real PostgreSQL at 127.0.0.1:5432, compared with pgbench on the same server in the same run.
 * Prints transitions/s, p50/p99 latency, progress-lookup requests/s and the pgbench figures, and ends
 * with one line: `bench: transitions_per_s=… pgbench_tps=… ratio=… lookup_per_s=… pgbench_select_tps=… lookup_ratio=…`.
 *
 * The server runs as it is deployed — `src/server/main.ts` in its own process(es) (BENCH_WORKERS) — and
 * this process only generates the lifecycle load, so client and server do not share an event loop.
 * Commands ask for `Prefer: return=minimal` (the case's new state, not the full view). Progress
 * look-ups are driven by wrk (a C load generator, as pgbench is a C client) with bench/lookup.lua.
 * Both phases start after a short warm-up that is not counted (JIT, prepared statements, pools).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { Pool } from 'undici';
import { openDb } from '../src/server/db/database.js';
import { DEMO_PASSWORD } from '../src/server/demo/seed.js';
import { DEMO_TOTP_SECRETS } from '../src/server/demo/totp-secrets.js';
import { generate } from 'otplib';
import type { ItemContent } from '../src/core/catalogue/types.js';
import { sampleApplication } from '../test/support/applications.js';
import { phases, seededPhases } from './phases/index.js';
import type { SeedReport } from './phases/types.js';
import { foldPending } from '../src/server/scorecards/rollups.js';
import { cpuBetween, cpuSnapshot } from './cpu.js';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const seedIdx = args.indexOf('--seed-cases');
const seedCases = seedIdx >= 0 ? Number(args[seedIdx + 1] ?? '1000000') : 0;
// Without --seed-cases the scorecard phase still seeds a small year of cases (bench/phases/scorecards.ts).
const SEED_DEFAULT = smoke ? 2000 : 20000;
const ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// BENCH_CONCURRENCY: lifecycles (and look-up connections) at once; 1 measures a statement's own cost without contention (docs/benchmarks.md).
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? (smoke ? 4 : 16));
const LIFECYCLE_SECONDS = Number(process.env.BENCH_SECONDS ?? (smoke ? 3 : 20));
const LOOKUP_SECONDS = Number(process.env.BENCH_LOOKUP_SECONDS ?? (smoke ? 3 : 15));
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? (smoke ? 3 : 20));
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
// Scratch database names; another run (or a test driving the bench) can use its own.
const BENCH_DB = process.env.BENCH_DB ?? 'tongban_bench';
// BENCH_REUSE_DB=1: keep BENCH_DB from an earlier run and, when it holds seeded cases, do not seed again
// (a million cases take minutes to seed and fold; the server's migrations still run on start). Give both
// runs the same DATA_KEY: the seeded cases are sealed under it.
const REUSE_DB = process.env.BENCH_REUSE_DB === '1';
const PGBENCH_DB = process.env.BENCH_PGBENCH_DB ?? 'tongban_pgbench';
const BENCH_ITEM = process.env.BENCH_ITEM ?? '个体工商户设立登记';
// One data key for every server of the run (the seeded phases' server opens what the first one sealed).
const DATA_KEY = process.env.DATA_KEY ?? randomBytes(32).toString('hex');

/**
 * Every process this bench starts, so that it ends them all on any exit: success, a thrown error,
 * an uncaught exception, Ctrl-C or SIGTERM (issue 8 finding 1: a failed bench left its server running).
 * The server runs in its own process group (detached) so that its cluster workers go with it.
 */
const children = new Set<ChildProcess>();
function killChildren(): void {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
    try {
      // A negative pid signals the whole process group (the server and its workers).
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
}
process.on('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`bench: ${signal}, stopping the processes it started`);
    killChildren();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}
process.on('uncaughtException', (err) => {
  console.error('bench: uncaught exception', err);
  killChildren();
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  console.error('bench: unhandled rejection', err);
  killChildren();
  process.exit(1);
});

/** Runs a command to completion without blocking the event loop (signals still reach the handlers above). */
function run(command: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', (e) => {
      children.delete(child);
      reject(e);
    });
    child.once('close', (code, signal) => {
      children.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${argv.join(' ')} exited with ${signal ?? code}: ${err}`));
    });
  });
}

const dbUrl = (name: string) => {
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  return u.toString();
};
async function admin(q: string) {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  await c.query(q);
  await c.end();
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

/** Starts the server as deployed (its own processes) on a fresh database and waits until it answers. */
async function startServer(databaseUrl: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-bench-'));
  // BENCH_SERVER_ARGS: extra Node flags for the server (e.g. --cpu-prof) when profiling.
  const nodeArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', WORKERS: String(WORKERS), DB_POOL_SIZE: String(CONCURRENCY + 4), LOG_LEVEL: 'warn', SEED_DEMO: 'true', DATA_DIR: dataDir, PROGRESS_LOOKUPS_PER_ADDRESS: '0', PROGRESS_LOOKUPS_PER_CASE: '0', HALL_TICKETS_PER_CLIENT: '0', DATA_KEY, ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  children.add(child);
  console.error(`bench: server pid ${child.pid ?? '?'} on port ${port}`);
  const base = `http://127.0.0.1:${port}`;
  // BENCH_START_SECONDS: how long the server may take to migrate, seed and listen (a loaded shared machine needs more).
  const startSeconds = Number(process.env.BENCH_START_SECONDS ?? 180);
  const deadline = Date.now() + startSeconds * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start in ${startSeconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    children.delete(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { base, stop, pid: child.pid };
}

async function main() {
  if (REUSE_DB) {
    // Keep the database of an earlier run (and its seeded cases); create it only when missing.
    const c = new pg.Client({ connectionString: ADMIN });
    await c.connect();
    const exists = (await c.query('select 1 from pg_database where datname = $1', [BENCH_DB])).rowCount;
    await c.end();
    if (!exists) await admin(`create database ${BENCH_DB}`);
  } else {
    await admin(`drop database if exists ${BENCH_DB} with (force)`);
    await admin(`create database ${BENCH_DB}`);
  }
  // BENCH_DB_SQL: statements run on the new database before the server connects, e.g. to load
  // auto_explain for its sessions when profiling the database side (docs/benchmarks.md).
  for (const statement of (process.env.BENCH_DB_SQL ?? '').split(';').map((s) => s.trim()).filter(Boolean)) await admin(statement.replaceAll('$BENCH_DB', BENCH_DB));
  const server = await startServer(dbUrl(BENCH_DB));
  try {
    await measure(server);
  } finally {
    await server.stop();
  }
}

async function measure(server: { base: string; stop: () => Promise<void>; pid: number | undefined }) {
  const { base } = server;

  const loginAt = (base: string) => async (username: string) => {
    // Demo staff log in with their published TOTP secret (two-factor for staff, ADR 0007).
    const secret = DEMO_TOTP_SECRETS[username];
    const totp = secret ? await generate({ secret }) : undefined;
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD, ...(totp ? { totp } : {}) }) });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie, csrfToken };
  };
  const login = loginAt(base);
  const applicant = await login('zhangsan');
  const clerk = await login('clerk');
  const handler = await login('samr_handler');
  const signer = await login('samr_signer');
  const items = (await (await fetch(`${base}/api/catalogue/items?q=${encodeURIComponent(BENCH_ITEM)}`)).json()) as { items: { implId: string }[] };
  const implId = items.items[0]?.implId;
  if (!implId) throw new Error(`no published item named ${BENCH_ITEM}`);
  // A valid application for the item, made from its own form schema (every submission is validated).
  const guide = (await (await fetch(`${base}/api/catalogue/items/${implId}`)).json()) as { content: ItemContent };
  const application = sampleApplication(guide.content);

  const latencies: number[] = [];
  let transitions = 0;
  // undici's Pool: keep-alive connections and no WHATWG-stream overhead, so the load generator stays light.
  const pool = new Pool(base, { connections: CONCURRENCY });
  const call = async (who: { cookie: string; csrfToken: string }, urlPath: string, body: unknown, extra: Record<string, string> = {}) => {
    const t0 = performance.now();
    const res = await pool.request({ method: 'POST', path: urlPath, headers: { 'content-type': 'application/json', cookie: who.cookie, 'x-csrf-token': who.csrfToken, prefer: 'return=minimal', ...extra }, body: JSON.stringify(body) });
    const json = (await res.body.json()) as { id: string; caseNo: string; queryCode: string };
    latencies.push(performance.now() - t0);
    if (res.statusCode >= 300) throw new Error(`${urlPath} ${res.statusCode} ${JSON.stringify(json)}`);
    transitions++;
    return json;
  };
  const lookupTargets: { caseNo: string; code: string }[] = [];
  // The clerk's intake checklist is the same for every case of the item (same situation answers): read it once.
  let received: { materialId: string; originalSeen: boolean }[] | undefined;
  const checklistOf = async (caseId: string) => {
    if (received) return received;
    const res = await pool.request({ method: 'GET', path: `/api/cases/${caseId}`, headers: { cookie: clerk.cookie } });
    const view = (await res.body.json()) as { checklist: { id: string; required: boolean }[] };
    received = view.checklist.filter((m) => m.required).map((m) => ({ materialId: m.id, originalSeen: true }));
    return received;
  };
  const lifecycle = async (i: number) => {
    const c = await call(applicant, '/api/cases', { implId, ...application, materials: [] }, { 'idempotency-key': `bench-${Date.now()}-${i}` });
    lookupTargets.push({ caseNo: c.caseNo, code: c.queryCode });
    const act = (who: typeof clerk, body: unknown) => call(who, `/api/cases/${c.id}/actions`, body);
    await act(clerk, { type: 'accept', received: await checklistOf(c.id) });
    await act(handler, { type: 'claim' });
    await act(handler, { type: 'advance', comment: '符合条件' });
    await act(signer, { type: 'claim' });
    await act(signer, { type: 'decide', decision: 'approved', reason: '符合法定条件' });
    await act(signer, { type: 'complete' });
    await act(clerk, { type: 'deliver', method: 'window' });
  };
  // Warm-up (not counted): JIT, each pooled connection's prepared statements.
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => lifecycle(-1 - i)));
  latencies.length = 0;
  transitions = 0;
  lookupTargets.length = 0;
  // Like pgbench -T: complete lifecycles for a fixed time, CONCURRENCY at once.
  let lifecycles = 0;
  const cpu0 = await cpuSnapshot(server.pid, ADMIN, BENCH_DB);
  const t0 = performance.now();
  const end = t0 + LIFECYCLE_SECONDS * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end) await lifecycle(lifecycles++);
  }));
  const seconds = (performance.now() - t0) / 1000;
  const lifecycleCpu = cpuBetween(cpu0, await cpuSnapshot(server.pid, ADMIN, BENCH_DB));
  // For the phases' CPU ratios (the bundle phase's bundle_cpu_ratio, ADR 0047).
  const lifecycleCpuPerTransition = { server: lifecycleCpu.server / transitions, db: lifecycleCpu.database / transitions };
  const cpu = () => cpuSnapshot(server.pid, ADMIN, BENCH_DB);
  await pool.close();
  const transitionsPerS = transitions / seconds;

  // Public progress look-ups (no login), spread over every case made above, driven by wrk.
  const targetsFile = path.join(os.tmpdir(), `tongban-bench-targets-${process.pid}.csv`);
  fs.writeFileSync(targetsFile, lookupTargets.map((t) => `${t.caseNo},${t.code}`).join('\n') + '\n');
  const wrk = (secs: number) => run('wrk', [`-t${Math.min(2, CONCURRENCY)}`, `-c${CONCURRENCY}`, `-d${secs}s`, '--latency', '-s', 'bench/lookup.lua', base], { ...process.env, TARGETS: targetsFile });
  await wrk(2);
  const cpu1 = await cpuSnapshot(server.pid, ADMIN, BENCH_DB);
  const wrkOut = await wrk(LOOKUP_SECONDS);
  const lookupCpu = cpuBetween(cpu1, await cpuSnapshot(server.pid, ADMIN, BENCH_DB));
  fs.rmSync(targetsFile);
  if (/Non-2xx or 3xx responses/.test(wrkOut) || /Socket errors/.test(wrkOut)) throw new Error(`progress look-ups failed:\n${wrkOut}`);
  const lookupPerS = Number(/Requests\/sec:\s+([\d.]+)/.exec(wrkOut)?.[1] ?? 0);
  const wrkMs = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)$`, 'm').exec(wrkOut);
    if (!m) return NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const lookupTotal = Number(/(\d+) requests in/.exec(wrkOut)?.[1] ?? 0);

  // The phases each issue adds (bench/phases): same server, same run.
  // The synthetic cases (--seed-cases; a small year of them otherwise), seeded once when first asked.
  let seeding: Promise<SeedReport> | undefined;
  const seed = () =>
    (seeding ??= (async () => {
      const handle = await openDb({ databaseUrl: dbUrl(BENCH_DB), poolSize: 2 });
      try {
        if (REUSE_DB) {
          const earlier = await earlierSeed(handle.db);
          if (earlier) return earlier;
        }
        return await seedYear(handle.db, seedCases || SEED_DEFAULT);
      } finally {
        await handle.close();
      }
    })());
  const phaseLines: string[] = [];
  const phaseFigures: [string, string][] = [];
  // BENCH_PHASES=hall,licences runs only those (empty: none), e.g. to profile the case lifecycle alone.
  const only = process.env.BENCH_PHASES?.split(',').filter(Boolean);
  for (const phase of phases) {
    if (only && !only.includes(phase.name)) continue;
    console.error(`bench: phase ${phase.name}`);
    const r = await phase.run({ base, login, smoke, concurrency: CONCURRENCY, seconds: smoke ? 3 : 15, transitionsPerS, lookupPerS, databaseUrl: dbUrl(BENCH_DB), seed, run, cpu, lifecycleCpuPerTransition });
    phaseLines.push(...r.lines);
    phaseFigures.push(...r.figures);
  }

  // pgbench on the same server, same run.
  await admin(`drop database if exists ${PGBENCH_DB} with (force)`);
  await admin(`create database ${PGBENCH_DB}`);
  const u = new URL(ADMIN);
  const pgArgs = ['-h', u.hostname, '-p', u.port || '5432', '-U', u.username || 'postgres'];
  await run('pgbench', [...pgArgs, '-i', '-q', '-s', '1', PGBENCH_DB]);
  const tps = async (extra: string[]) => {
    const out = await run('pgbench', [...pgArgs, '-c', String(CONCURRENCY), '-j', '2', '-T', String(PGBENCH_SECONDS), ...extra, PGBENCH_DB]);
    return Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0);
  };
  const pgbenchTps = await tps([]);
  const pgbenchSelectTps = await tps(['-S']);
  await server.stop();

  // BENCH_PHASES applies to the seeded phases too; with none to run (and no --seed-cases) nothing is seeded.
  const seededToRun = seededPhases.filter((p) => !only || only.includes(p.name));
  let seedReport = '';
  if (seedCases > 0) {
    const seeded = await seed();
    const handle = await openDb({ databaseUrl: dbUrl(BENCH_DB), poolSize: 2 });
    seedReport = `${seeded.reused ? `reused ${seeded.cases} seeded cases (${seeded.ratings} ratings) of an earlier run, pending changes folded in ${seeded.foldSeconds.toFixed(0)} s` : `seeded ${seeded.cases} cases (${seeded.ratings} ratings) in ${seeded.seedSeconds.toFixed(0)} s, folded into the scorecard rollups in ${seeded.foldSeconds.toFixed(0)} s`} (${seeded.rollupRows}); ${await timeQueries(handle.db)}`;
    await handle.close();
  }

  // The phases over the seeded cases: a second server on the same database, with its background sweep
  // off (TONGBAN_SCHEDULER=0) — the first sweep over a million freshly seeded, long-overdue cases would
  // write a warning for each and load the machine while the phase measures.
  if (seededToRun.length) {
    await seed();
    const seededServer = await startServer(dbUrl(BENCH_DB), { TONGBAN_SCHEDULER: '0' });
    try {
      for (const phase of seededToRun) {
        console.error(`bench: phase ${phase.name}`);
        const r = await phase.run({ base: seededServer.base, login: loginAt(seededServer.base), smoke, concurrency: CONCURRENCY, seconds: smoke ? 3 : 15, transitionsPerS, lookupPerS, databaseUrl: dbUrl(BENCH_DB), seed, run, cpu: () => cpuSnapshot(seededServer.pid, ADMIN, BENCH_DB) });
        phaseLines.push(...r.lines);
        phaseFigures.push(...r.figures);
      }
    } finally {
      await seededServer.stop();
    }
  }

  // The figures are with personal data encrypted at rest (ADR 0011): check nothing was left in plaintext.
  const sealing = await plaintextLeft(dbUrl(BENCH_DB));
  if (sealing.plaintext > 0) throw new Error(`encryption at rest: ${sealing.plaintext} personal values in plaintext`);

  console.log(`server: ${WORKERS} worker process(es); client: this process`);
  console.log(`encryption at rest: on (SM4 + HMAC-SM3); ${sealing.sealedCases} cases' form data and ${sealing.sealedUsers} accounts sealed, none in plaintext`);
  console.log(`lifecycles: ${lifecycles} × 8 transitions (${transitions} transitions), concurrency ${CONCURRENCY}, ${seconds.toFixed(1)} s`);
  console.log(`transition latency: p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms`);
  console.log(`progress lookup: ${lookupPerS.toFixed(0)} req/s, p50 ${wrkMs('50').toFixed(2)} ms, p99 ${wrkMs('99').toFixed(2)} ms (${lookupTotal} requests in ${LOOKUP_SECONDS} s, ${CONCURRENCY} connections, wrk)`);
  // CPU per operation does not move with the machine's load the way throughput does (bench/cpu.ts).
  console.log(`cpu per transition: server ${(lifecycleCpu.server / transitions).toFixed(2)} ms, database ${(lifecycleCpu.database / transitions).toFixed(2)} ms; per look-up: server ${((lookupCpu.server * 1000) / lookupTotal).toFixed(0)} µs, database ${((lookupCpu.database * 1000) / lookupTotal).toFixed(0)} µs`);
  console.log(`pgbench (tpcb-like, -c ${CONCURRENCY}): ${pgbenchTps.toFixed(0)} tps; select-only: ${pgbenchSelectTps.toFixed(0)} tps`);
  for (const line of phaseLines) console.log(line);
  if (seedReport) console.log(seedReport);
  await admin(`drop database if exists ${PGBENCH_DB} with (force)`);
  console.log(
    `bench: transitions_per_s=${transitionsPerS.toFixed(1)} pgbench_tps=${pgbenchTps.toFixed(1)} ratio=${(transitionsPerS / pgbenchTps).toFixed(3)} lookup_per_s=${lookupPerS.toFixed(1)} pgbench_select_tps=${pgbenchSelectTps.toFixed(1)} lookup_ratio=${(lookupPerS / pgbenchSelectTps).toFixed(3)}${phaseFigures.map(([k, v]) => ` ${k}=${v}`).join('')}`,
  );
}

/** How many accounts and cases hold sealed personal data, and how many values are still plaintext. */
async function plaintextLeft(url: string): Promise<{ sealedUsers: number; sealedCases: number; plaintext: number }> {
  const handle = await openDb({ databaseUrl: url, poolSize: 1 });
  try {
    const r = await sql<{ sealed_users: number; sealed_cases: number; plaintext: number }>`
      select (select count(*) from users where id_number like 'tb1.%' or phone like 'tb1.%')::int as sealed_users,
             (select count(*) from cases where form_data ->> '$sealed' like 'tb1.%')::int as sealed_cases,
             ((select count(*) from users where (id_number not like 'tb1.%') or (phone not like 'tb1.%') or (address not like 'tb1.%'))
              + (select count(*) from cases where coalesce(form_data ->> '$sealed', '') not like 'tb1.%' and coalesce(case_no, '') not like 'SEED%'))::int as plaintext`.execute(handle.db);
    const row = r.rows[0];
    return { sealedUsers: row?.sealed_users ?? 0, sealedCases: row?.sealed_cases ?? 0, plaintext: row?.plaintext ?? 0 };
  } finally {
    await handle.close();
  }
}

type BenchDb = Awaited<ReturnType<typeof openDb>>['db'];

/**
 * Loads N synthetic cases with SQL (set-based, generate_series): accepted over 300 days of 2026
 * (submitted the day before), spread over up to 8 departments, 4 channels and the hall's windows; 5 of
 * 8 claimed by one of up to 4 handlers of the department (a timeline entry, so the staff level has
 * rows), of those most decided (办结) 0–8 days after acceptance (due after 5), half of the decided rated
 * the day after (about 4% 差评, each with a rectification, some late).
 *
 * The rollups are then filled by the production fold (ADR 0035), timed apart: the row triggers that
 * mark each inserted row are off during the bulk insert (a million single-row queue inserts cost more
 * than the insert itself), and the fold is told to refold everything — what it does anyway above
 * 50,000 marks, and what a calendar change does (`calendar_hash = null`). Seeded cases are otherwise
 * as the server would hold them (sealed form data); their timeline is the handler's claim only.
 */
async function seedYear(db: BenchDb, n: number): Promise<SeedReport> {
  // A case the server sealed (ADR 0011): seeded cases carry its sealed form data, so that a server started
  // over them (the seeded phases') has nothing to reseal — a million rows re-sealed one by one at start.
  // They also carry their public title, as a submission writes it (else a trigger unpacks the item per row).
  const t = await db.selectFrom('cases').select(['impl_id', 'version_id', 'applicant_id', 'snapshot', 'form_data']).where(sql<boolean>`form_data ->> '$sealed' like 'tb1.%'`).limit(1).executeTakeFirstOrThrow();
  const orgs = await db.selectFrom('orgs').select(['id', 'path', 'region_code']).where('kind', '=', 'department').orderBy('path').limit(8).execute();
  const windows = await db.selectFrom('windows').select('id').orderBy('id').limit(4).execute();
  // Up to 4 handlers per department, drawn from the staff accounts (any will do for the figures).
  const staff = await db.selectFrom('users').select('id').where('kind', '=', 'staff').orderBy('username').limit(orgs.length * 4).execute();
  if (orgs.length === 0 || staff.length === 0) throw new Error('no department or staff to seed cases with');
  const list = (xs: string[]) => xs.join(',');
  const s0 = performance.now();
  const marked = ['cases cases_scorecard_insert', 'case_events case_events_scorecard', 'ratings ratings_scorecard', 'rectifications rectifications_scorecard'].map((x) => x.split(' ') as [string, string]);
  await db.transaction().execute(async (tx) => {
    for (const [table, trigger] of marked) await sql`alter table ${sql.table(table)} disable trigger ${sql.raw(trigger)}`.execute(tx);
    await sql`
      insert into cases (case_no, query_code, impl_id, version_id, org_id, org_path, region_code, applicant_id, channel, window_id, state, snapshot, form_data, title, public_title, submitted_at, accepted_on, due_date, decided_on)
      select 'SEED' || g, '000000', ${t.impl_id}, ${t.version_id},
             (string_to_array(${list(orgs.map((o) => o.id))}, ','))[1 + (g / 3) % ${orgs.length}]::uuid,
             (string_to_array(${list(orgs.map((o) => o.path))}, ','))[1 + (g / 3) % ${orgs.length}],
             (string_to_array(${list(orgs.map((o) => o.region_code))}, ','))[1 + (g / 3) % ${orgs.length}],
             ${t.applicant_id}, ch.channel,
             case when ch.channel in ('window', 'terminal') and ${windows.length} > 0 then (string_to_array(${list(windows.map((w) => w.id))}, ','))[1 + (g / 5) % greatest(${windows.length}, 1)]::uuid end,
             (array['accepted','in_review','suspended','completed','delivered','delivered','delivered','delivered'])[1 + g % 8],
             ${JSON.stringify(t.snapshot)}::jsonb, ${JSON.stringify(t.form_data)}::jsonb, '个体工商户设立登记', '个体工商户设立登记',
             ((date '2026-01-01' + (g % 300) - 1)::text || 'T10:00:00+08:00')::timestamptz,
             date '2026-01-01' + (g % 300), date '2026-01-01' + (g % 300) + 5,
             case when g % 8 >= 3 then date '2026-01-01' + (g % 300) + (g / 13) % 9 end
      from generate_series(1, ${n}) g, lateral (select (array['online','window','terminal','mobile'])[1 + (g / 11) % 4] as channel) ch`.execute(tx);
    // The handler's claim (承办), the day after acceptance, for every case past 'accepted'.
    await sql`
      insert into case_events (case_id, seq, at, actor_id, actor_role, action, from_state, to_state, prev_hash, hash)
      select c.id, 1, ((c.accepted_on + 1)::text || 'T09:00:00+08:00')::timestamptz,
             (string_to_array(${list(staff.map((u) => u.id))}, ','))[1 + (((k.g / 3) % ${orgs.length}) * 4 + (k.g / 7) % 4) % ${staff.length}]::uuid,
             'approver_handle', 'claim', 'accepted', 'in_review', 'seed', 'seed'
      from cases c, lateral (select substr(c.case_no, 5)::int as g) k
      where c.case_no like 'SEED%' and c.state <> 'accepted'`.execute(tx);
    await sql`
      insert into ratings (service_kind, case_id, org_id, org_path, region_code, window_id, anonymous, level, channel, rated_on)
      select 'case', c.id, c.org_id, c.org_path, c.region_code, c.window_id, h % 10 = 0,
             case when (h / 2) % 50 = 0 then 1 when (h / 2) % 50 = 1 then 2 when (h / 2) % 50 < 10 then 3 when (h / 2) % 50 < 25 then 4 else 5 end, 'online', c.decided_on + 1
      from cases c, lateral (select substr(c.case_no, 5)::int as h) k
      where c.case_no like 'SEED%' and c.decided_on is not null and h % 2 = 0`.execute(tx);
    await sql`
      insert into rectifications (rating_id, case_id, org_id, org_path, named, status, rectify_due, rectified_on, rectified_at)
      select r.id, r.case_id, r.org_id, r.org_path, not r.anonymous, 'rectified', r.rated_on + 21, r.rated_on + (abs(hashtext(r.id::text)) % 30), now()
      from ratings r join cases c on c.id = r.case_id where c.case_no like 'SEED%' and r.level <= 2`.execute(tx);
    for (const [table, trigger] of marked) await sql`alter table ${sql.table(table)} enable trigger ${sql.raw(trigger)}`.execute(tx);
    // Nothing was marked: the next fold refolds every case and rating (as after a calendar change).
    await sql`update scorecard_rollup_state set calendar_hash = null where id = 1`.execute(tx);
  });
  await sql`analyze cases`.execute(db);
  await sql`analyze case_events`.execute(db);
  await sql`analyze ratings`.execute(db);
  const seedSeconds = (performance.now() - s0) / 1000;
  const ratings = (await sql<{ n: number }>`select count(*)::int as n from ratings r join cases c on c.id = r.case_id where c.case_no like 'SEED%'`.execute(db)).rows[0]?.n ?? 0;
  const f0 = performance.now();
  await foldPending(db);
  // What autovacuum would do within a minute: the queue's dead marks and fresh cells' statistics.
  await sql`vacuum analyze scorecard_dirty, scorecard_case_facts, scorecard_case_days, scorecard_case_pairs, scorecard_rating_facts, scorecard_rating_days`.execute(db);
  return { cases: n, ratings, seedSeconds, foldSeconds: (performance.now() - f0) / 1000, ...(await rollupRowCounts(db)) };
}

/** BENCH_REUSE_DB: the seeded cases of an earlier run, with what changed since folded (none: undefined). */
async function earlierSeed(db: BenchDb): Promise<SeedReport | undefined> {
  const r = await sql<{ cases: number; ratings: number }>`
    select (select count(*) from cases where case_no like 'SEED%')::int as cases,
           (select count(*) from ratings r join cases c on c.id = r.case_id where c.case_no like 'SEED%')::int as ratings`.execute(db);
  const row = r.rows[0];
  if (!row?.cases) return undefined;
  const f0 = performance.now();
  await foldPending(db);
  return { cases: row.cases, ratings: row.ratings, seedSeconds: 0, foldSeconds: (performance.now() - f0) / 1000, reused: true, ...(await rollupRowCounts(db)) };
}

/** How many rollup rows the fold left (what a year's scorecard reads at most). */
async function rollupRowCounts(db: BenchDb): Promise<Pick<SeedReport, 'rollupRows'>> {
  const r = await sql<{ days: number; pairs: number; ratings: number }>`
    select (select count(*) from scorecard_case_days)::int as days, (select count(*) from scorecard_case_pairs)::int as pairs, (select count(*) from scorecard_rating_days)::int as ratings`.execute(db);
  const row = r.rows[0];
  return { rollupRows: `${row?.days ?? 0} case day rows, ${row?.pairs ?? 0} pair rows, ${row?.ratings ?? 0} rating day rows` };
}

/** Times the inbox, near-due and overdue queries over the seeded cases (p99 over 200 runs). */
async function timeQueries(db: BenchDb): Promise<string> {
  const t = await db.selectFrom('cases').select('org_path').where('case_no', 'like', 'SEED%').limit(1).executeTakeFirstOrThrow();
  const time = async (q: () => Promise<unknown>) => {
    const xs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const a = performance.now();
      await q();
      xs.push(performance.now() - a);
    }
    return pct(xs, 99);
  };
  const inbox = await time(() => db.selectFrom('cases').select(['id', 'due_date']).where('org_path', 'like', `${t.org_path}%`).where('state', 'in', ['accepted', 'in_review']).orderBy('due_date').limit(50).execute());
  const near = await time(() => db.selectFrom('cases').select('id').where('state', 'in', ['accepted', 'in_review']).where('due_date', '>=', '2026-06-01').where('due_date', '<=', '2026-06-03').limit(500).execute());
  const over = await time(() => db.selectFrom('cases').select('id').where('state', 'in', ['accepted', 'in_review']).where('due_date', '<', '2026-01-10').orderBy('due_date').limit(500).execute());
  return `p99 inbox ${inbox.toFixed(2)} ms, near-due ${near.toFixed(2)} ms, overdue ${over.toFixed(2)} ms`;
}

try {
  await main();
} catch (err) {
  console.error('bench failed:', err);
  process.exitCode = 1;
} finally {
  killChildren();
}
