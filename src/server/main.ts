import cluster from 'node:cluster';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDb } from './db/database.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { seedDemoCasesIfEmpty } from './demo/cases.js';
import { startScheduler } from './jobs/scheduler.js';
import { DevSinkSender } from './adapters/messaging.js';
import { fileStoreFor } from './adapters/file-store.js';
import { installKeyring, loadDataKeys } from './crypto/data-key.js';
import { Keyring } from './crypto/keyring.js';
import { resealPersonalData } from './crypto/reseal.js';
import { TestClock } from './clock/test-clock.js';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import { PgListener } from './db/listener.js';

/**
 * Starts Tongban. With WORKERS=1 (the default) one process migrates, seeds, serves and runs the
 * scheduler. With WORKERS=n (PostgreSQL only) the primary migrates and seeds, then forks n HTTP workers
 * sharing the port (node:cluster); one of them also runs the scheduler. The background work is safe
 * with several replicas anyway (ADR 0006), so a restarted worker cannot double anything.
 */
const config = loadConfig();
// Personal data is sealed under the data keys (ADR 0011): DATA_KEY, or DATA_DIR/data-key made on first start.
const dataKeys = loadDataKeys(config);
installKeyring(new Keyring(dataKeys.keys));

/** A fresh demo install gets a living hall: demo cases in every state over recent weeks (ADR 0017). */
async function seedDemoCases(db: Kysely<Database>): Promise<void> {
  const r = await seedDemoCasesIfEmpty(db, { count: config.demoCases });
  if (r) console.log(`demo cases: ${r.created} made through the case services in ${(r.ms / 1000).toFixed(1)} s (SEED_DEMO_CASES=false skips them)`);
}

/** After migrations and the demo seed: seal what is still plaintext or under an older key. */
async function sealPersonalData(db: Kysely<Database>): Promise<void> {
  const r = await resealPersonalData(db, { files: fileStoreFor(config) });
  if (r.users + r.cases + r.files + r.renamedAccounts > 0) {
    console.log(`personal data sealed under the current data key (${dataKeys.source}): ${r.users} accounts, ${r.cases} cases, ${r.files} files, ${r.renamedAccounts} renamed`);
  }
}

if (config.workers > 1 && cluster.isPrimary) {
  const handle = await openDb({ databaseUrl: config.databaseUrl, poolSize: 2 });
  await migrateToLatest(handle.db);
  if (config.seedDemo) await seedDemoIfEmpty(handle.db);
  if (config.seedDemo) await seedDemoCases(handle.db);
  await sealPersonalData(handle.db);
  await handle.close();
  const fork = (scheduler: boolean) => {
    const w = cluster.fork({ TONGBAN_SCHEDULER: scheduler ? '1' : '0' });
    w.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`worker ${w.process.pid} exited (${signal ?? code}); starting another`);
      fork(scheduler);
    });
  };
  let stopping = false;
  for (let i = 0; i < config.workers; i++) fork(i === 0);
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  const isWorker = cluster.isWorker;
  // The embedded database is one process: backup, restore and rotate-key refuse while this one runs.
  if (!config.databaseUrl) lockDataDir(config.dataDir, 'server');
  const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  if (!isWorker) {
    await migrateToLatest(handle.db);
    if (config.seedDemo) await seedDemoIfEmpty(handle.db);
    if (config.seedDemo) await seedDemoCases(handle.db);
    await sealPersonalData(handle.db);
  }
  const messages = new DevSinkSender((line) => console.log(line));
  // Browser journeys only (ADR 0033; refused in production by loadConfig): a clock the tests can move.
  const testClock = config.testClock ? new TestClock(config.testClock.start) : undefined;
  if (testClock) {
    console.warn(`\n!!! TEST CLOCK ON (TONGBAN_TEST_CLOCK=1): the server's time is ${testClock.now().toISOString()} and anyone can move it through POST /api/test/clock. Never run this way for real use. !!!\n`);
  }
  const now = testClock?.now ?? (() => new Date());
  // One listening connection per process for the session cache and the hall's live events (PostgreSQL only, ADR 0054).
  const listener = config.databaseUrl ? new PgListener(config.databaseUrl, { onError: (msg) => console.error(msg) }) : undefined;
  const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, logger: true, messages, ...(testClock ? { testClock } : {}), ...(listener ? { listener } : {}) });
  // One process runs the background sweep: the single server, or the first cluster worker. TONGBAN_SCHEDULER=0
  // turns it off on a single server too (a read replica; the bench's server over its seeded cases).
  const runsScheduler = isWorker ? process.env.TONGBAN_SCHEDULER === '1' : process.env.TONGBAN_SCHEDULER !== '0';
  const stopScheduler = runsScheduler ? startScheduler(handle.db, messages, (msg) => app.log.info(msg), { now }) : () => {};

  const shutdown = async () => {
    stopScheduler();
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Tongban 通办 is serving on http://localhost:${config.port} (database: ${handle.kind}${isWorker ? `, worker ${cluster.worker?.id ?? ''}` : ''})`);
}
