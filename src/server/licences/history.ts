import { chainAuditEntry, EMPTY_HEAD, verifyAuditChain, type AuditVerdict, type ChainedAuditEntry } from '../../core/audit/chain.js';
import { sm3Hex } from '../cases/timeline-hash.js';
import type { Db } from '../db/transaction.js';

/**
 * Each licence's own history (证照历史: issued, revoked, renewed, changed, expired) as an SM3 hash
 * chain per lineage (all versions of one licence), built with the audit log's chain
 * (src/core/audit/chain.ts): changing, removing or reordering an entry breaks it from there on.
 * Callers append inside the transaction that holds the lineage's newest licence row locked.
 */
export type LicenceEventKind = 'issued' | 'revoked' | 'renewed' | 'changed' | 'superseded' | 'expired';

export interface LicenceEventInput {
  kind: LicenceEventKind;
  /** The identifier (with version) the event is about. */
  identifier: string;
  userId: string | null;
  username: string | null;
  detail: Record<string, unknown>;
  at: Date;
}

type Row = { seq: number; at: Date; kind: string; user_id: string | null; username: string | null; object_id: string; detail: Record<string, unknown>; prev_hash: string; hash: string };

/** A history row as the chain sees it (also rows read as JSON, where `at` is a string). */
export const asEntry = (r: Omit<Row, 'at'> & { at: Date | string }): ChainedAuditEntry => ({
  seq: r.seq,
  at: new Date(r.at).toISOString(),
  kind: r.kind,
  userId: r.user_id,
  username: r.username,
  ip: null,
  objectType: 'licence',
  objectId: r.object_id,
  detail: r.detail,
  prevHash: r.prev_hash,
  hash: r.hash,
});

const COLUMNS = ['seq', 'at', 'kind', 'user_id', 'username', 'object_id', 'detail', 'prev_hash', 'hash'] as const;

export async function appendLicenceEvent(tx: Db, lineage: string, e: LicenceEventInput): Promise<void> {
  const last = await tx.selectFrom('licence_events').select(['seq', 'hash']).where('lineage', '=', lineage).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const head = last ? { seq: last.seq, hash: last.hash } : EMPTY_HEAD;
  const entry = chainAuditEntry(head, { at: e.at.toISOString(), kind: e.kind, userId: e.userId, username: e.username, ip: null, objectType: 'licence', objectId: e.identifier, detail: e.detail }, sm3Hex);
  await tx
    .insertInto('licence_events')
    .values({ lineage, seq: entry.seq, at: e.at, kind: e.kind, user_id: e.userId, username: e.username, object_id: e.identifier, detail: JSON.stringify(e.detail), prev_hash: entry.prevHash, hash: entry.hash })
    .execute();
}

/**
 * The first history entry of a new lineage (a fresh serial has no history yet) as a row to insert,
 * chained exactly as `appendLicenceEvent` chains it on an empty lineage.
 */
export function firstLicenceEventRow(lineage: string, e: LicenceEventInput) {
  const entry = chainAuditEntry(EMPTY_HEAD, { at: e.at.toISOString(), kind: e.kind, userId: e.userId, username: e.username, ip: null, objectType: 'licence', objectId: e.identifier, detail: e.detail }, sm3Hex);
  return { lineage, seq: entry.seq, at: e.at.toISOString(), kind: e.kind, user_id: e.userId, username: e.username, object_id: e.identifier, detail: e.detail, prev_hash: entry.prevHash, hash: entry.hash };
}

export async function licenceHistory(db: Db, lineage: string): Promise<ChainedAuditEntry[]> {
  const rows = await db.selectFrom('licence_events').select(COLUMNS).where('lineage', '=', lineage).orderBy('seq').execute();
  return rows.map(asEntry);
}

/** Verifies the lineage's chain end to end (the last entry is the head). */
export function verifyLicenceHistory(entries: readonly ChainedAuditEntry[]): AuditVerdict {
  const last = entries[entries.length - 1];
  return verifyAuditChain(entries, last ? { seq: last.seq, hash: last.hash } : EMPTY_HEAD, sm3Hex);
}
