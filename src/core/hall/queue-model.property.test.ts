import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { callNext, emptyQueue, finish, issue, recall, skip, transfer, type HallQueue } from './queue-model.js';
import { parseTicketNumber } from './ticket-number.js';

const CATEGORIES = ['市场准入', '社会事务', '税费服务'];
const WINDOWS = [
  { id: 'w1', categories: ['市场准入'] },
  { id: 'w2', categories: ['社会事务', '税费服务'] },
  { id: 'w3', categories: ['市场准入', '社会事务', '税费服务'] },
];
const letters = new Map(CATEGORIES.map((c, i) => [c, 'ABC'[i] as string]));

const category = fc.constantFrom(...CATEGORIES);
const windowIx = fc.integer({ min: 0, max: WINDOWS.length - 1 });
const op = fc.oneof(
  fc.record({ kind: fc.constant('issue' as const), category, priority: fc.constantFrom(null, 'booking' as const, 'elderly' as const) }),
  fc.record({ kind: fc.constant('call' as const), w: windowIx }),
  fc.record({ kind: fc.constantFrom('recall' as const, 'skip' as const, 'finish' as const), w: windowIx, pick: fc.nat() }),
  fc.record({ kind: fc.constant('transfer' as const), w: windowIx, pick: fc.nat(), category, toWindow: fc.option(windowIx) }),
);

/** Runs the operations, acting on a ticket the window holds (or any ticket, to try illegal moves too). */
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function run(ops: Op[]): { q: HallQueue; served: string[]; issued: number } {
  const q = emptyQueue(letters);
  const served: string[] = [];
  let issued = 0;
  for (const o of ops) {
    if (o.kind === 'issue') {
      if (issue(q, o.category, o.priority).ok) issued++;
      continue;
    }
    const w = WINDOWS[o.w] as (typeof WINDOWS)[number];
    if (o.kind === 'call') {
      callNext(q, w);
      continue;
    }
    if (q.tickets.length === 0) continue;
    const t = q.tickets[o.pick % q.tickets.length];
    if (!t) continue;
    if (o.kind === 'recall') recall(q, t.id, w.id);
    else if (o.kind === 'skip') skip(q, t.id, w.id);
    else if (o.kind === 'finish') {
      if (finish(q, t.id, w.id).ok) served.push(t.id);
    } else if (o.kind === 'transfer') transfer(q, t.id, w.id, { category: o.category, windowId: o.toWindow === null ? null : (WINDOWS[o.toWindow]?.id ?? null) });
  }
  return { q, served, issued };
}

describe('the hall queue under any interleaving of issue/call/recall/skip/transfer/finish', () => {
  it('loses no ticket, serves none twice, and keeps numbers gap-free per category', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const { q, served, issued } = run(ops);
        // No ticket lost: every issued ticket is still there, in exactly one state.
        expect(q.tickets).toHaveLength(issued);
        expect(new Set(q.tickets.map((t) => t.id)).size).toBe(issued);
        // Served at most once, and only finished tickets were served.
        expect(new Set(served).size).toBe(served.length);
        for (const t of q.tickets) {
          expect(t.servedBy.length).toBe(t.state === 'done' ? 1 : 0);
          if (t.state === 'called') expect(t.windowId).not.toBeNull();
          if (t.state === 'waiting') expect(t.windowId).toBeNull();
        }
        // Gap-free, unique numbers per category: 1..n of the tickets issued in it (numbers are kept across transfers).
        for (const [cat, letter] of letters) {
          const seqs = q.tickets.filter((t) => t.id.startsWith(`${cat}#`)).map((t) => parseTicketNumber(t.number));
          expect(seqs.every((s) => s?.letter === letter)).toBe(true);
          const sorted = seqs.map((s) => s?.seq ?? 0).sort((a, b) => a - b);
          expect(sorted).toEqual(sorted.map((_, i) => i + 1));
        }
        // A window serves one person at a time.
        const holders = q.tickets.filter((t) => t.state === 'called').map((t) => t.windowId);
        expect(new Set(holders).size).toBe(holders.length);
        expect(new Set(q.tickets.map((t) => t.number)).size).toBe(issued);
      }),
      { numRuns: 300 },
    );
  });

  it('calls in priority order, then in order of issue, and never skips a waiting ticket for a later one', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ category, priority: fc.constantFrom(null, 'booking' as const, 'elderly' as const) }), { minLength: 1, maxLength: 40 }), (issues) => {
        const q = emptyQueue(letters);
        for (const i of issues) issue(q, i.category, i.priority);
        const order: { rank: number; queuedAt: number }[] = [];
        for (;;) {
          const r = callNext(q, WINDOWS[2] as (typeof WINDOWS)[number]);
          if (!r.ok) break;
          order.push({ rank: r.value.rank, queuedAt: r.value.queuedAt });
          finish(q, r.value.id, 'w3');
        }
        expect(order).toHaveLength(issues.length);
        for (let i = 1; i < order.length; i++) {
          const a = order[i - 1] as { rank: number; queuedAt: number };
          const b = order[i] as { rank: number; queuedAt: number };
          expect(a.rank < b.rank || (a.rank === b.rank && a.queuedAt < b.queuedAt)).toBe(true);
        }
      }),
    );
  });
});
