import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.js';

/**
 * A fingerprint of the database's contents: the row count of every table and a hash of every row of
 * each table, so a test can show that a refused request changed nothing. Columns that a request may
 * touch without changing anything that matters (a session's last-seen time) are left out by table.
 */
export type Fingerprint = Record<string, string>;

/** Tables whose rows legitimately change on any authenticated request (hashed by count only). */
const COUNT_ONLY = new Set(['sessions', 'throttle_counters', 'kysely_migration', 'kysely_migration_lock']);

export async function fingerprint(db: Kysely<Database>): Promise<Fingerprint> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const out: Fingerprint = {};
  for (const { name } of tables.rows) {
    const ident = sql.id(name);
    if (COUNT_ONLY.has(name)) {
      const r = await sql<{ n: number }>`select count(*)::int as n from ${ident}`.execute(db);
      out[name] = `count=${r.rows[0]?.n ?? 0}`;
    } else {
      const r = await sql<{ n: number; h: string | null }>`
        select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${ident} t`.execute(db);
      out[name] = `count=${r.rows[0]?.n ?? 0} md5=${r.rows[0]?.h ?? ''}`;
    }
  }
  return out;
}

/** The tables whose fingerprints differ (for a readable assertion message). */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}
