import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type DbHandle } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { seedDemoIfEmpty } from '../../src/server/demo/seed.js';
import { installKeyring } from '../../src/server/crypto/data-key.js';
import { Keyring } from '../../src/server/crypto/keyring.js';
import { resealPersonalData } from '../../src/server/crypto/reseal.js';

/** The fixed data key of every test run (the template is sealed under it in the global setup). */
export const TEST_DATA_KEY = Buffer.from('7465737420646174612b6b6579206f6620746f6e6762616e2074657374732121', 'hex');
installKeyring(new Keyring([TEST_DATA_KEY]));

/**
 * Tests run against PGlite by default and against the real PostgreSQL server when TEST_DB=postgres.
 * The database is migrated and seeded once (global setup) into a template — a PGlite data dump, or a
 * PostgreSQL template database — and every test file starts from its own copy, so files run in parallel.
 */
export const usePostgres = process.env.TEST_DB === 'postgres';
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * One template per test run (the global setup sets TONGBAN_TEST_RUN before the workers start), so
 * several runs on one machine (two developers, CI beside a session) never share or drop each other's.
 */
const RUN_ID = (process.env.TONGBAN_TEST_RUN ??= `${process.pid}`);
export const PG_TEMPLATE = `tongban_test_template_${RUN_ID}`;
export const PGLITE_TEMPLATE_FILE = path.resolve(`.tmp/pglite-template-${RUN_ID}.tar.gz`);

function pgUrlFor(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

export async function prepareTemplate(): Promise<void> {
  if (usePostgres) {
    await adminQuery(`drop database if exists ${PG_TEMPLATE} with (force)`);
    await adminQuery(`create database ${PG_TEMPLATE}`);
    const h = await openDb({ databaseUrl: pgUrlFor(PG_TEMPLATE), poolSize: 2 });
    await migrateToLatest(h.db);
    await seedDemoIfEmpty(h.db);
    await resealPersonalData(h.db);
    await h.close();
    return;
  }
  const h = await openDb({});
  await migrateToLatest(h.db);
  await seedDemoIfEmpty(h.db);
  await resealPersonalData(h.db);
  const dump = await dumpPglite(h);
  fs.mkdirSync(path.dirname(PGLITE_TEMPLATE_FILE), { recursive: true });
  fs.writeFileSync(PGLITE_TEMPLATE_FILE, Buffer.from(await dump.arrayBuffer()));
  await h.close();
}

/** Removes this run's template (global teardown). */
export async function dropTemplate(): Promise<void> {
  if (usePostgres) await adminQuery(`drop database if exists ${PG_TEMPLATE} with (force)`);
  else fs.rmSync(PGLITE_TEMPLATE_FILE, { force: true });
}

async function dumpPglite(h: DbHandle): Promise<Blob> {
  if (!h.pglite) throw new Error('not a PGlite handle');
  return h.pglite.dumpDataDir('gzip');
}

/** A fresh copy of the migrated, seeded template database for one test file. */
export async function openTestDb(): Promise<DbHandle> {
  if (usePostgres) return scratchPgDatabase('tongban_t', PG_TEMPLATE);
  const bytes = fs.readFileSync(PGLITE_TEMPLATE_FILE);
  return openDb({ loadDataDir: new Blob([bytes]) });
}

/**
 * A test database whose Kysely handle counts every statement it executes (a plugin sees each result):
 * the statement-count tests (issue 8's and issue 10's benchmark figures) reset `counter.statements`
 * before a request and read it after.
 */
export async function openCountingTestDb(): Promise<{ handle: DbHandle; counter: { statements: number } }> {
  const handle = await openTestDb();
  const counter = { statements: 0 };
  const db = handle.db.withPlugin({
    transformQuery: (a) => a.node,
    transformResult: async (a) => {
      counter.statements++;
      return a.result;
    },
  });
  return { handle: { ...handle, db }, counter };
}

/** An empty database (no migrations, no demo data) for migration tests. */
export async function openEmptyTestDb(): Promise<DbHandle> {
  if (usePostgres) return scratchPgDatabase('tongban_e');
  return openDb({});
}

/** A uniquely named PostgreSQL database (a copy of `template`, or empty), dropped when closed. */
async function scratchPgDatabase(prefix: string, template?: string): Promise<DbHandle> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const h = await openDb({ databaseUrl: pgUrlFor(name), poolSize: 10 });
  return {
    ...h,
    async close() {
      await h.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
