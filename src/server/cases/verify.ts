import { verifyChain } from '../../core/cases/timeline.js';
import type { CaseEventRow } from '../db/schema.js';
import { toTimelineEvent } from './repository.js';
import { sm3Hex } from './timeline-hash.js';

export type TimelineCheck = { ok: true } | { ok: false; seq: number; reason: 'gap' | 'link' | 'hash' | 'head' };

/**
 * Re-computes a case's SM3 chain and checks that it ends at the head recorded on the case row, so an
 * edited, reordered or removed event — including a removed last event — is reported.
 */
export function verifyTimeline(head: { event_seq: number; event_hash: string }, events: readonly CaseEventRow[]): TimelineCheck {
  const r = verifyChain(events.map(toTimelineEvent), sm3Hex);
  if (!r.ok) return r;
  const last = events[events.length - 1];
  if ((last?.seq ?? 0) !== head.event_seq || (last ? last.hash !== head.event_hash : false)) return { ok: false, seq: head.event_seq, reason: 'head' };
  return { ok: true };
}
