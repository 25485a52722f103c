import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDb } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { startScheduler } from './jobs/scheduler.js';
import { DevSinkSender } from './adapters/messaging.js';

const config = loadConfig();
const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrateToLatest(handle.db);
if (config.seedDemo) await seedDemoIfEmpty(handle.db);
const messages = new DevSinkSender((line) => console.log(line));
const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, logger: true, messages });
const stopScheduler = startScheduler(handle.db, messages, (msg) => app.log.info(msg));

const shutdown = async () => {
  stopScheduler();
  await app.close();
  await handle.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

await app.listen({ port: config.port, host: config.host });
app.log.info(`Tongban 通办 is serving on http://localhost:${config.port} (database: ${handle.kind})`);
