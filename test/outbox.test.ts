import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox, enqueue } from '../src/server/jobs/outbox.js';
import { outboxHandlers } from '../src/server/jobs/scheduler.js';
import { createTestContext, type TestContext } from './support/test-app.js';

/**
 * The transactional outbox (ADR 0005): one message that cannot be delivered — here one whose handler's
 * statement fails in the database — must not hold back the others, nor make them be sent again.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

describe('outbox delivery', () => {
  it('a message whose handler fails in the database is set aside with its error and a later attempt; the others are delivered once', async () => {
    const db = ctx.handle.db;
    const now = new Date('2026-12-03T02:00:00Z');
    await db.updateTable('outbox').set({ delivered_at: now }).where('delivered_at', 'is', null).execute();
    const userId = async (username: string) => (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    await enqueue(db, 'notify.applicant', { userId: await userId('zhangsan'), title: '第一条' });
    await enqueue(db, 'notify.applicant', { userId: 'not-a-uuid', title: '坏消息' });
    await enqueue(db, 'notify.applicant', { userId: await userId('lisi'), title: '第三条' });
    const handlers = outboxHandlers(db, ctx.messages);
    const sms = () => ctx.messages.sent.filter((m) => m.channel === 'sms' && /第一条|第三条|坏消息/.test(m.body)).map((m) => m.body);

    expect(await deliverOutbox(db, handlers, now)).toBe(2);
    expect(sms().sort()).toEqual(['【通办】第一条', '【通办】第三条']);
    const undelivered = await db.selectFrom('outbox').select(['payload', 'attempts', 'last_error', 'next_attempt_at', 'delivered_at']).where('delivered_at', 'is', null).execute();
    expect(undelivered).toHaveLength(1);
    const poison = undelivered[0]!;
    expect(poison.payload).toMatchObject({ userId: 'not-a-uuid' });
    expect(poison.delivered_at).toBeNull();
    expect(poison.attempts).toBe(1);
    expect(poison.last_error).toMatch(/uuid/);
    expect(new Date(poison.next_attempt_at).getTime()).toBeGreaterThan(now.getTime());

    // The next sweep sends nothing again, and the bad one waits for its next attempt.
    expect(await deliverOutbox(db, handlers, new Date(now.getTime() + 1_000))).toBe(0);
    expect(sms()).toHaveLength(2);
  });
});
