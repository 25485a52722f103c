import { nextTicketFor, rankOf, type CallingWindow, type PriorityReason } from './call-order.js';
import { formatTicketNumber } from './ticket-number.js';
import { refusal, type TicketRefusal, type TicketState, type TransferTarget } from './ticket-rules.js';

/**
 * A hall's queue for one day as a pure value: the rules the database carries out, in one place where
 * a property test can run any interleaving of operations against them (queue-model.property.test.ts).
 */
export interface ModelTicket {
  id: string;
  number: string;
  category: string;
  seq: number;
  state: TicketState;
  rank: number;
  queuedAt: number;
  targetWindowId: string | null;
  windowId: string | null;
  calls: number;
  transfers: number;
  /** Every window that finished serving it (must end with at most one entry). */
  servedBy: string[];
}

export interface HallQueue {
  letters: ReadonlyMap<string, string>;
  counters: Map<string, number>;
  tickets: ModelTicket[];
  clock: number;
}

export type QueueResult<T> = { ok: true; value: T } | { ok: false; refusal: TicketRefusal | 'NOTHING_WAITING' | 'UNKNOWN_CATEGORY' | 'WINDOW_BUSY' };

export function emptyQueue(letters: ReadonlyMap<string, string>): HallQueue {
  return { letters, counters: new Map(), tickets: [], clock: 0 };
}

export function issue(q: HallQueue, category: string, priority: PriorityReason | null = null): QueueResult<ModelTicket> {
  const letter = q.letters.get(category);
  if (!letter) return { ok: false, refusal: 'UNKNOWN_CATEGORY' };
  const seq = (q.counters.get(category) ?? 0) + 1;
  q.counters.set(category, seq);
  const t: ModelTicket = {
    id: `${category}#${seq}`,
    number: formatTicketNumber(letter, seq),
    category,
    seq,
    state: 'waiting',
    rank: rankOf(priority),
    queuedAt: ++q.clock,
    targetWindowId: null,
    windowId: null,
    calls: 0,
    transfers: 0,
    servedBy: [],
  };
  q.tickets.push(t);
  return { ok: true, value: t };
}

/** The window calls its next ticket (priority first, then order); one person at a window at a time. */
export function callNext(q: HallQueue, window: CallingWindow): QueueResult<ModelTicket> {
  if (q.tickets.some((x) => x.state === 'called' && x.windowId === window.id)) return { ok: false, refusal: 'WINDOW_BUSY' };
  const t = nextTicketFor(window, q.tickets.filter((x) => x.state === 'waiting'));
  if (!t) return { ok: false, refusal: 'NOTHING_WAITING' };
  t.state = 'called';
  t.windowId = window.id;
  t.targetWindowId = null;
  t.calls = 1;
  return { ok: true, value: t };
}

function act(q: HallQueue, id: string, windowId: string, action: 'recall' | 'skip' | 'finish' | 'transfer', target?: TransferTarget): QueueResult<ModelTicket> {
  const t = q.tickets.find((x) => x.id === id);
  if (!t) return { ok: false, refusal: 'TICKET_NOT_CALLED' };
  const why = refusal(t, action, windowId, { category: t.category, target });
  if (why) return { ok: false, refusal: why };
  return { ok: true, value: t };
}

export function recall(q: HallQueue, id: string, windowId: string): QueueResult<ModelTicket> {
  const r = act(q, id, windowId, 'recall');
  if (r.ok) r.value.calls += 1;
  return r;
}

export function skip(q: HallQueue, id: string, windowId: string): QueueResult<ModelTicket> {
  const r = act(q, id, windowId, 'skip');
  if (r.ok) r.value.state = 'no_show';
  return r;
}

export function finish(q: HallQueue, id: string, windowId: string): QueueResult<ModelTicket> {
  const r = act(q, id, windowId, 'finish');
  if (r.ok) {
    r.value.state = 'done';
    r.value.servedBy.push(windowId);
  }
  return r;
}

/** Back to the queue of another category or window, ahead of ordinary tickets, keeping its number. */
export function transfer(q: HallQueue, id: string, windowId: string, target: TransferTarget): QueueResult<ModelTicket> {
  if (!q.letters.has(target.category)) return { ok: false, refusal: 'UNKNOWN_CATEGORY' };
  const r = act(q, id, windowId, 'transfer', target);
  if (r.ok) {
    const t = r.value;
    t.state = 'waiting';
    t.category = target.category;
    t.targetWindowId = target.windowId;
    t.windowId = null;
    t.calls = 0;
    t.transfers += 1;
    t.rank = rankOf('transfer');
    t.queuedAt = ++q.clock;
  }
  return r;
}
