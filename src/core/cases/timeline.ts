/**
 * 全程留痕: every action is an append-only timeline event, hash-chained so that changing, removing or
 * reordering any event breaks the chain. The hash function is a parameter (the server uses SM3, GB/T
 * 32905, via node:crypto) so this module stays pure and browser-safe.
 */
export interface TimelineEventBody {
  caseId: string;
  seq: number;
  at: string;
  actorId: string | null;
  actorRole: string;
  orgId: string | null;
  action: string;
  fromState: string | null;
  toState: string;
  comment: string | null;
  files: { id: string; name: string }[];
  data: Record<string, unknown>;
}

export interface TimelineEvent extends TimelineEventBody {
  prevHash: string;
  hash: string;
}

export type HashFn = (text: string) => string;

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same event always serialises the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

export function computeEventHash(prevHash: string, body: TimelineEventBody, hash: HashFn): string {
  return hash(`${prevHash}\n${canonicalJson(body)}`);
}

export function chainEvent(prev: Pick<TimelineEvent, 'hash'> | undefined, body: TimelineEventBody, hash: HashFn): TimelineEvent {
  const prevHash = prev?.hash ?? GENESIS_HASH;
  return { ...body, prevHash, hash: computeEventHash(prevHash, body, hash) };
}

/** The first event (by seq) whose link or hash is wrong, or null when the whole chain verifies. */
export function verifyChain(events: readonly TimelineEvent[], hash: HashFn): { ok: true } | { ok: false; seq: number; reason: 'gap' | 'link' | 'hash' } {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const e of events) {
    if (e.seq !== expectedSeq) return { ok: false, seq: e.seq, reason: 'gap' };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, reason: 'link' };
    const { prevHash: _p, hash: h, ...body } = e;
    if (computeEventHash(prev, body, hash) !== h) return { ok: false, seq: e.seq, reason: 'hash' };
    prev = h;
    expectedSeq++;
  }
  return { ok: true };
}
