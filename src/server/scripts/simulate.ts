import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemoIfEmpty } from '../demo/seed.js';
import { installKeyring, keyFilePath, writeKeyFile } from '../crypto/data-key.js';
import { generateMasterKey, Keyring } from '../crypto/keyring.js';
import { resealPersonalData } from '../crypto/reseal.js';
import { formatReport, simulateYear } from './simulate/year.js';

/**
 * `npm run simulate -- --year 2025 --cases 15470 [--seed 2] [--database-url postgres://…] [--keep]`:
 * a county-year through the real services into a scratch database (embedded PGlite in a temporary
 * folder unless --database-url names an empty PostgreSQL database), then the county's scorecard beside
 * what the simulation recorded (docs/scorecards.md, ADR 0034). Exit code 1 when they differ.
 */
const { values } = parseArgs({
  options: {
    year: { type: 'string', default: '2025' },
    cases: { type: 'string', default: '15470' },
    seed: { type: 'string', default: '2' },
    'database-url': { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run simulate -- [--year 2025] [--cases 15470] [--seed 2] [--database-url postgres://…/empty_db] [--keep]');
  process.exit(0);
}
const year = Number(values.year);
const cases = Number(values.cases);
const seed = Number(values.seed);
if (![year, cases, seed].every(Number.isInteger) || cases < 1 || year < 2000 || year > 2099) {
  console.error('simulate: --year (2000–2099), --cases (≥ 1) and --seed must be integers');
  process.exit(2);
}

// A scratch database: its personal data is sealed under a new key (kept beside a kept PGlite folder).
const key = generateMasterKey();
installKeyring(new Keyring([key]));
const databaseUrl = values['database-url'];
const dataDir = databaseUrl ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-simulate-'));
if (dataDir) writeKeyFile(keyFilePath(dataDir), [key]);
const handle = await openDb({ databaseUrl, dataDir, poolSize: 2 });
let code: number;
try {
  await migrateToLatest(handle.db);
  if (!(await seedDemoIfEmpty(handle.db))) throw new Error('simulate: the database is not empty; give an empty (scratch) database');
  await resealPersonalData(handle.db);
  console.error(`simulate: ${cases} cases in ${year} into ${databaseUrl ? 'the PostgreSQL database given' : `PGlite at ${dataDir}`} …`);
  const cpu = process.cpuUsage();
  const result = await simulateYear(handle.db, { year, cases, seed, log: (line) => console.error(line) });
  const used = process.cpuUsage(cpu);
  console.error(`simulate: ${((used.user + used.system) / 1e6).toFixed(1)} s of CPU in this process (${databaseUrl ? 'PostgreSQL works in its own' : 'PGlite included'})`);
  console.log(formatReport(result, seed));
  code = result.differences.length ? 1 : 0;
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  code = 2;
} finally {
  await handle.close();
  if (dataDir && !values.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  else if (dataDir) console.error(`simulate: the database is kept at ${dataDir} (DATA_DIR=${dataDir} npm start opens it)`);
}
process.exit(code);
