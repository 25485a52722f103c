import type { Db } from '../db/transaction.js';

/**
 * The names and codes of the catalogue's licence types, for the 免证办 figure of items and bundles
 * (a material can only be fulfilled by a type that exists). Public search and guides are hot paths, so
 * the set is kept per process for a short time; a change applied here drops it at once, other replicas
 * see it within `TTL_MS`.
 */
const TTL_MS = 30_000;
let cached: { at: number; names: ReadonlySet<string> } | undefined;

export async function licenceTypeNames(db: Db): Promise<ReadonlySet<string>> {
  const now = Date.now();
  if (cached && now - cached.at < TTL_MS) return cached.names;
  const rows = await db.selectFrom('licence_types').select(['code', 'name']).execute();
  cached = { at: now, names: new Set(rows.flatMap((r) => [r.code, r.name])) };
  return cached.names;
}

/** Called when a licence type change is applied. */
export function forgetLicenceTypeNames(): void {
  cached = undefined;
}
