import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import { inTransaction } from '../db/transaction.js';

/**
 * Transactional outbox delivery: events written in the same transaction as the state change are
 * delivered later by any replica. `FOR UPDATE SKIP LOCKED` lets several replicas drain the queue at once
 * without delivering one event twice concurrently; a failed delivery is retried with back-off.
 * Handlers must be idempotent (an event can be redelivered after a crash between send and mark).
 */
/** Handlers read through the delivering transaction (PGlite has a single connection). */
export type OutboxHandler = (payload: Record<string, unknown>, db: Db) => Promise<void>;

export interface OutboxEvent {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export async function enqueue(db: Db, topic: string, payload: Record<string, unknown>): Promise<void> {
  // Due at once: the epoch, so a worker delivers it whatever its clock says.
  await db.insertInto('outbox').values({ topic, payload: JSON.stringify(payload), next_attempt_at: new Date(0) }).execute();
}

export async function deliverOutbox(db: Db, handlers: Record<string, OutboxHandler>, now: Date, batchSize = 50): Promise<number> {
  return inTransaction(db, async (tx) => {
    const batch = await sql<OutboxEvent>`
      select id, topic, payload, attempts from outbox
      where delivered_at is null and next_attempt_at <= ${now}
      order by id
      limit ${batchSize}
      for update skip locked`.execute(tx);
    let delivered = 0;
    for (const ev of batch.rows) {
      const handler = handlers[ev.topic];
      // Each message in a savepoint: a handler whose statement fails in the database would otherwise abort
      // the batch's transaction, and every message of the batch — sent ones included — would be tried
      // again at every sweep, for ever.
      await sql`savepoint outbox_message`.execute(tx);
      try {
        if (handler) await handler(ev.payload, tx);
        await sql`release savepoint outbox_message`.execute(tx);
        await tx.updateTable('outbox').set({ delivered_at: now, attempts: ev.attempts + 1, last_error: null }).where('id', '=', ev.id).execute();
        delivered++;
      } catch (err) {
        await sql`rollback to savepoint outbox_message`.execute(tx);
        const backoffSeconds = Math.min(3600, 2 ** Math.min(ev.attempts, 11) * 5);
        await tx
          .updateTable('outbox')
          .set({ attempts: ev.attempts + 1, last_error: String(err).slice(0, 500), next_attempt_at: new Date(now.getTime() + backoffSeconds * 1000) })
          .where('id', '=', ev.id)
          .execute();
      }
    }
    return delivered;
  });
}
