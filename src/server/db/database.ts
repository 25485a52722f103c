import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, type Dialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
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
  /** The server's address, when kind is 'postgres' (the session cache listens on a connection of its own). */
  databaseUrl?: string;
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
  /** How long a query waits for a pooled connection before failing (PostgreSQL only). */
  connectionTimeoutMillis?: number;
}

export async function openDb(opts: OpenDbOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      // A request waiting for a connection gives up (→ 503) instead of hanging while the database is away.
      connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 10_000,
    });
    // node-postgres emits 'error' for idle clients the server drops (restart, failover, admin
    // termination); unhandled, that would crash the process. The pool replaces such clients itself.
    let closing = false;
    pool.on('error', (err) => {
      if (!closing) console.error(`PostgreSQL idle client error: ${err.message}`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    return {
      db,
      kind: 'postgres',
      databaseUrl: opts.databaseUrl,
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

const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
const statementNames = new Map<string, string>();

/** A stable statement name for a query text (the same text gets the same name on every connection). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `tb_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (statementNames.size < 10_000) statementNames.set(text, name);
  }
  return name;
}

/**
 * Runs every parameterised query as a named prepared statement (like postgres.js's `prepare: true`):
 * PostgreSQL parses and plans each query text once per connection instead of on every execution, and
 * each execution is one Bind/Execute. PostgreSQL's plan cache still chooses custom plans where a generic
 * one would be worse (e.g. `like 'prefix%'`). Statements without parameters (BEGIN, DDL) run as before.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  // One wrapper per pooled connection, made on its first checkout: Kysely checks a connection out for
  // every statement, and building the closures and error listener each time showed in the profiles.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    // While checked out, a client has no pool listener: when the server drops the connection
    // (pg_terminate_backend, restart, network), node-postgres emits 'error' on the client itself and,
    // unhandled, that kills the process (issue 8 finding 1). The query in flight is rejected with the
    // same error (→ 503); on release the broken client is destroyed instead of returned to the pool.
    // The listener stays for the client's life: a broken client is never checked out again.
    let broken: Error | undefined;
    client.on('error', (err: Error) => {
      broken = err;
    });
    const query = (text: unknown, values?: readonly unknown[]) => {
      if (typeof text === 'string' && values && values.length > 0 && PREPARABLE.test(text)) {
        return client.query({ name: statementName(text), text, values: [...values] });
      }
      return (client.query as (a: unknown, b?: unknown) => unknown)(text, values === undefined ? undefined : [...values]);
    };
    return {
      // Kysely calls query(sql, parameters) for statements and query(cursor) for streams.
      query: query as PostgresPoolClient['query'],
      release: () => client.release(broken),
    };
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let w = wrappers.get(client);
      if (!w) {
        w = wrap(client);
        wrappers.set(client, w);
      }
      return w;
    },
    end: () => pool.end(),
  };
}
