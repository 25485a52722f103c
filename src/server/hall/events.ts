import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import type { PgListener } from '../db/listener.js';

/**
 * Live hall events (叫号、排队变化) for the call screens and the applicants' phones (ADR 0023).
 *
 * A change is published in the transaction that makes it: on PostgreSQL as `pg_notify('hall_events',
 * …)`, which PostgreSQL delivers on commit to every listening connection — so every worker process of
 * a cluster (WORKERS=n) and every machine sees it, and a rolled-back change is never announced. Each
 * process listens on its one listening connection (ADR 0054) and re-emits to its own SSE clients. PGlite runs in one
 * process: the event goes to the in-process emitter once the transaction has committed.
 */
export type HallEvent =
  | { kind: 'call'; hallId: string; ticketId: string; number: string; category: string; windowNumber: string; at: string; recall: boolean }
  | { kind: 'queue'; hallId: string; category: string };

export const HALL_CHANNEL = 'hall_events';

/**
 * What a subscriber hears: a hall event, or `resync` when this process listens again after its listening
 * connection dropped — events published meanwhile were lost, so a screen should be sent a fresh snapshot.
 */
export type HallSignal = HallEvent | { kind: 'resync'; hallId: string };

export class HallEventBus {
  private readonly emitter = new EventEmitter();
  private readonly unsubscribe: () => void = () => undefined;
  private wasDown = false;

  /**
   * `listener`: the process's listening connection (PostgreSQL, ADR 0054) — events go through the database
   * to every process. None (PGlite, one process): events go to this process's screens after commit.
   */
  constructor(
    private readonly listener?: PgListener,
    log: (msg: string) => void = () => undefined,
  ) {
    // One listener per connected screen: hundreds of screens are normal for a large hall.
    this.emitter.setMaxListeners(0);
    if (!listener) return;
    this.unsubscribe = listener.subscribe({
      channel: HALL_CHANNEL,
      notify: (payload) => {
        try {
          this.emitLocal(JSON.parse(payload) as HallEvent);
        } catch {
          log('hall events: unreadable notification ignored');
        }
      },
      state: (listening) => {
        if (!listening) {
          this.wasDown = true;
          return;
        }
        if (!this.wasDown) return;
        this.wasDown = false;
        for (const hallId of this.emitter.eventNames()) if (typeof hallId === 'string') this.emitLocal({ kind: 'resync', hallId });
      },
    });
  }

  close(): void {
    this.unsubscribe();
    this.emitter.removeAllListeners();
  }

  /**
   * Publishes inside the caller's transaction (PostgreSQL delivers on commit); on PGlite the caller
   * passes the events to `afterCommit` instead.
   */
  async publish(db: Db, events: readonly HallEvent[]): Promise<void> {
    if (events.length === 0 || !this.listener) return;
    for (const e of events) await sql`select pg_notify(${HALL_CHANNEL}, ${JSON.stringify(e)})`.execute(db);
  }

  /** After the transaction committed: deliver in this process when there is no NOTIFY to do it. */
  afterCommit(events: readonly HallEvent[]): void {
    if (this.listener) return;
    for (const e of events) this.emitLocal(e);
  }

  private emitLocal(e: HallSignal): void {
    this.emitter.emit(e.hallId, e);
  }

  subscribe(hallId: string, fn: (e: HallSignal) => void): () => void {
    this.emitter.on(hallId, fn);
    return () => this.emitter.off(hallId, fn);
  }
}
