import { EventEmitter } from 'node:events';
import pg from 'pg';
import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import type { DbKind } from '../db/database.js';

/**
 * Live hall events (叫号、排队变化) for the call screens and the applicants' phones (ADR 0023).
 *
 * A change is published in the transaction that makes it: on PostgreSQL as `pg_notify('hall_events',
 * …)`, which PostgreSQL delivers on commit to every listening connection — so every worker process of
 * a cluster (WORKERS=n) and every machine sees it, and a rolled-back change is never announced. Each
 * process keeps one LISTEN connection and re-emits to its own SSE clients. PGlite runs in one
 * process: the event goes to the in-process emitter once the transaction has committed.
 */
export type HallEvent =
  | { kind: 'call'; hallId: string; ticketId: string; number: string; category: string; windowNumber: string; at: string; recall: boolean }
  | { kind: 'queue'; hallId: string; category: string };

export const HALL_CHANNEL = 'hall_events';

export class HallEventBus {
  private readonly emitter = new EventEmitter();
  private listener: pg.Client | undefined;
  private closed = false;

  constructor(
    private readonly kind: DbKind,
    private readonly databaseUrl?: string,
  ) {
    // One listener per connected screen: hundreds of screens are normal for a large hall.
    this.emitter.setMaxListeners(0);
  }

  /** On PostgreSQL: one LISTEN connection per process, reconnected if the server restarts. */
  async start(log: (msg: string) => void = () => undefined): Promise<void> {
    if (this.kind !== 'postgres' || !this.databaseUrl) return;
    const connect = async (): Promise<void> => {
      if (this.closed) return;
      const client = new pg.Client({ connectionString: this.databaseUrl });
      client.on('notification', (n) => {
        if (n.channel !== HALL_CHANNEL || !n.payload) return;
        try {
          this.emitLocal(JSON.parse(n.payload) as HallEvent);
        } catch {
          log('hall events: unreadable notification ignored');
        }
      });
      client.on('error', () => {
        this.listener = undefined;
        void client.end().catch(() => undefined);
        setTimeout(() => void connect().catch(() => undefined), 1000).unref();
      });
      await client.connect();
      await client.query(`listen ${HALL_CHANNEL}`);
      this.listener = client;
    };
    await connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emitter.removeAllListeners();
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * Publishes inside the caller's transaction (PostgreSQL delivers on commit); on PGlite the caller
   * passes the events to `afterCommit` instead.
   */
  async publish(db: Db, events: readonly HallEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (this.kind === 'postgres' && this.databaseUrl) {
      for (const e of events) await sql`select pg_notify(${HALL_CHANNEL}, ${JSON.stringify(e)})`.execute(db);
    }
  }

  /** After the transaction committed: deliver in this process when there is no NOTIFY to do it. */
  afterCommit(events: readonly HallEvent[]): void {
    if (this.kind === 'postgres' && this.databaseUrl) return;
    for (const e of events) this.emitLocal(e);
  }

  private emitLocal(e: HallEvent): void {
    this.emitter.emit(e.hallId, e);
  }

  subscribe(hallId: string, fn: (e: HallEvent) => void): () => void {
    this.emitter.on(hallId, fn);
    return () => this.emitter.off(hallId, fn);
  }
}
