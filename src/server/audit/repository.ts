import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Audit log queries (安全审计): search for the audit administrator, batches for verification. */

export interface AuditFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  kinds?: readonly string[] | undefined;
  /** A username or a user id: entries by that account. */
  user?: string | undefined;
  objectId?: string | undefined;
  ip?: string | undefined;
  /** Entries of this account are never shown to it (nobody audits themselves). */
  excludeUserId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function filtered(db: Kysely<Database>, f: AuditFilter) {
  let q = db.selectFrom('audit_events');
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.kinds?.length) q = q.where('kind', 'in', [...f.kinds]);
  if (f.user) {
    const u = f.user;
    // By id, or by username: entries of that account (by id) and failed logins typed with that name.
    q = q.where((eb) =>
      UUID.test(u)
        ? eb('user_id', '=', u)
        : eb.or([eb('username', '=', u), eb('user_id', '=', eb.selectFrom('users').select('users.id').where('users.username', '=', u))]),
    );
  }
  if (f.objectId) {
    const id = f.objectId;
    // An import or a bulk action names its objects in detail.objectIds.
    q = q.where((eb) => eb.or([eb('object_id', '=', id), sql<boolean>`detail -> 'objectIds' ? ${id}`]));
  }
  if (f.ip) q = q.where('ip', '=', f.ip);
  // Not the caller's own entries, nor entries about the caller's account, nor failed logins under its name.
  const me = f.excludeUserId;
  return q
    .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '!=', me)]))
    .where((eb) => eb.or([eb('object_id', 'is', null), eb('object_id', '!=', me)]))
    .where((eb) => eb.or([eb('username', 'is', null), eb('username', '!=', eb.selectFrom('users').select('users.username').where('users.id', '=', me))]));
}

/** Newest first, keyset-paged by seq. */
export function searchAudit(db: Kysely<Database>, f: AuditFilter, page: { limit: number; beforeSeq?: number | undefined }) {
  let q = filtered(db, f).selectAll();
  if (page.beforeSeq !== undefined) q = q.where('seq', '<', page.beforeSeq);
  return q.orderBy('seq', 'desc').limit(page.limit).execute();
}

/** Usernames of the accounts that wrote the given entries (one query for a page of results). */
export async function usernamesOf(db: Kysely<Database>, userIds: readonly (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((x): x is string => x !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.username]));
}

export function chainHead(db: Kysely<Database>) {
  return db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
}

/** Entries with seq in (afterSeq, uptoSeq], in chain order, at most `limit`. */
export function chainBatch(db: Kysely<Database>, afterSeq: number, uptoSeq: number, limit: number) {
  return db
    .selectFrom('audit_events')
    .select(['seq', 'at', 'kind', 'user_id', 'username', 'ip', 'object_type', 'object_id', 'detail', 'prev_hash', 'hash'])
    .where('seq', '>', afterSeq)
    .where('seq', '<=', uptoSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** The largest catalogue version event id now (an import's own events come after it). */
export async function lastVersionEventId(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('item_version_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(r?.id ?? 0);
}

/** Catalogue versions one actor touched after a given version event id (the objects of an import). */
export async function versionsTouchedSince(db: Kysely<Database>, actorId: string, afterEventId: number): Promise<string[]> {
  const rows = await db.selectFrom('item_version_events').select('version_id').distinct().where('id', '>', afterEventId).where('actor_id', '=', actorId).execute();
  return rows.map((r) => r.version_id);
}
