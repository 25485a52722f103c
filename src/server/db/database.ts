import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema.js';

export type DbKind = 'pglite' | 'postgres';

export interface DbHandle {
  db: Kysely<Database>;
  kind: DbKind;
  /** The embedded instance, when kind is 'pglite' (tests dump it as a template). */
  pglite?: PGlite;
  close(): Promise<void>;
}

// One set of type parsers for both drivers so rows look the same on PGlite and PostgreSQL:
// int8 → number (counts and ids stay far below 2^53), date → 'YYYY-MM-DD' string (no timezone shift).
const INT8 = 20;
const DATE = 1082;
const parseInt8 = (v: string) => Number(v);
const parseDate = (v: string) => v;

pg.types.setTypeParser(INT8, parseInt8);
pg.types.setTypeParser(DATE, parseDate);

export interface OpenDbOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** A PGlite data dump (from `dumpDataDir`) to start an in-memory database from; used by tests. */
  loadDataDir?: Blob | File | undefined;
  poolSize?: number;
}

export async function openDb(opts: OpenDbOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // node-postgres emits 'error' for idle clients the server drops (restart, failover, admin
    // termination); unhandled, that would crash the process. The pool replaces such clients itself.
    let closing = false;
    pool.on('error', (err) => {
      if (!closing) console.error(`PostgreSQL idle client error: ${err.message}`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      close: async () => {
        closing = true;
        await db.destroy();
      },
    };
  }
  let client: PGlite;
  const parsers = { [INT8]: parseInt8, [DATE]: parseDate };
  if (opts.loadDataDir) {
    client = await PGlite.create({ loadDataDir: opts.loadDataDir, parsers });
  } else if (opts.dataDir) {
    const dir = path.join(opts.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    client = await PGlite.create({ dataDir: dir, parsers });
  } else {
    client = await PGlite.create({ parsers });
  }
  const dialect: Dialect = new PGliteDialect(client);
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    kind: 'pglite',
    pglite: client,
    async close() {
      await db.destroy();
      if (!client.closed) await client.close();
    },
  };
}
