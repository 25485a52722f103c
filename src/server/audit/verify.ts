import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { auditVerifier, type AuditVerdict, type ChainedAuditEntry } from '../../core/audit/chain.js';
import { sm3Hex } from '../cases/timeline-hash.js';
import { chainBatch, chainHead } from './repository.js';

const BATCH = 2000;

/**
 * Re-computes the whole audit chain with SM3, in batches, up to the head read at the start (entries
 * appended meanwhile are left for the next run). Used by `npm run verify-audit` and the verify route.
 */
export async function verifyAuditLog(db: Kysely<Database>): Promise<AuditVerdict> {
  const head = await chainHead(db);
  const upto = Number(head.seq);
  const v = auditVerifier(sm3Hex);
  let after = 0;
  for (;;) {
    const rows = await chainBatch(db, after, upto, BATCH);
    if (rows.length === 0) break;
    const r = v.push(rows.map(toEntry));
    if (!r.ok) return r;
    after = Number(rows[rows.length - 1]!.seq);
    if (rows.length < BATCH) break;
  }
  return v.finish({ seq: upto, hash: head.hash });
}

function toEntry(r: Awaited<ReturnType<typeof chainBatch>>[number]): ChainedAuditEntry {
  return {
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    kind: r.kind,
    userId: r.user_id,
    username: r.username,
    ip: r.ip,
    objectType: r.object_type,
    objectId: r.object_id,
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
