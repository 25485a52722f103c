import { canonicalJson, GENESIS_HASH, type HashFn } from '../cases/timeline.js';

/**
 * The security audit log (安全审计, GB/T 22239-2019 8.1.4.3) as one hash chain: each entry's hash covers
 * the previous entry's hash and its own canonical body, so changing, removing or reordering any entry
 * breaks the chain from there on. Same construction as the case timeline (src/core/cases/timeline.ts);
 * the server passes SM3. Pure: no I/O.
 */
export interface AuditEntryBody {
  seq: number;
  at: string;
  kind: string;
  userId: string | null;
  username: string | null;
  ip: string | null;
  objectType: string | null;
  objectId: string | null;
  detail: Record<string, unknown>;
}

export interface ChainedAuditEntry extends AuditEntryBody {
  prevHash: string;
  hash: string;
}

export { GENESIS_HASH };

export function computeAuditHash(prevHash: string, body: AuditEntryBody, hash: HashFn): string {
  return hash(`${prevHash}\n${canonicalJson(body)}`);
}

/** The head of the chain: the last entry's seq and hash (0 and the genesis hash when empty). */
export interface AuditHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: AuditHead = { seq: 0, hash: GENESIS_HASH };

export function chainAuditEntry(head: AuditHead, body: Omit<AuditEntryBody, 'seq'>, hash: HashFn): ChainedAuditEntry {
  const full: AuditEntryBody = { ...body, seq: head.seq + 1 };
  return { ...full, prevHash: head.hash, hash: computeAuditHash(head.hash, full, hash) };
}

export type AuditVerdict = { ok: true; checked: number } | { ok: false; seq: number; reason: 'gap' | 'link' | 'hash' | 'head' };

/**
 * Verifies entries in seq order, in batches: feed each batch with the state returned by the previous
 * one. `finish` then checks the chain ends at the recorded head (a removed last entry shows there).
 */
export interface AuditVerifier {
  push(entries: readonly ChainedAuditEntry[]): AuditVerdict;
  finish(head: AuditHead): AuditVerdict;
}

export function auditVerifier(hash: HashFn): AuditVerifier {
  let prev = GENESIS_HASH;
  let expected = 1;
  let broken: AuditVerdict | null = null;
  const state = (): AuditVerdict => broken ?? { ok: true, checked: expected - 1 };
  return {
    push(entries) {
      if (broken) return broken;
      for (const e of entries) {
        if (e.seq !== expected) return (broken = { ok: false, seq: Math.min(e.seq, expected), reason: 'gap' });
        if (e.prevHash !== prev) return (broken = { ok: false, seq: e.seq, reason: 'link' });
        const { prevHash: _p, hash: h, ...body } = e;
        if (computeAuditHash(prev, body, hash) !== h) return (broken = { ok: false, seq: e.seq, reason: 'hash' });
        prev = h;
        expected++;
      }
      return state();
    },
    finish(head) {
      if (broken) return broken;
      if (head.seq !== expected - 1 || head.hash !== prev) return (broken = { ok: false, seq: Math.min(head.seq, expected), reason: 'head' });
      return state();
    },
  };
}

export function verifyAuditChain(entries: readonly ChainedAuditEntry[], head: AuditHead, hash: HashFn): AuditVerdict {
  const v = auditVerifier(hash);
  v.push(entries);
  return v.finish(head);
}
