import { loadConfig } from '../config.js';
import { openDb } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { listEvents } from '../cases/repository.js';
import { verifyTimeline } from '../cases/verify.js';

/**
 * `npm run verify-timeline`: re-computes every case's SM3 hash chain and reports the first broken event
 * of each tampered case. Exit code 1 when any chain is broken.
 */
const config = loadConfig();
const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrateToLatest(handle.db);
const cases = await handle.db.selectFrom('cases').select(['id', 'case_no', 'event_seq', 'event_hash']).orderBy('created_at').execute();
let broken = 0;
for (const c of cases) {
  const events = await listEvents(handle.db, c.id);
  const r = verifyTimeline(c, events);
  if (!r.ok) {
    broken++;
    console.log(`BROKEN ${c.case_no ?? c.id}: event ${r.seq} (${r.reason})`);
  }
}
console.log(`verify-timeline: ${cases.length} cases checked, ${broken} broken`);
await handle.close();
process.exit(broken ? 1 : 0);
