import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { sql } from 'kysely';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { orgIdByKey } from './support/factories.js';

/** The call screen's live stream (Server-Sent Events, issue 13, ADR 0023) over a real socket. */
let ctx: TestContext;
let clerk: Agent;
let hallId: string;
let base: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-12-02T02:00:00Z');
  hallId = await orgIdByKey(ctx.handle.db, 'county-hall');
  clerk = await ctx.as('clerk');
  base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => ctx.close());

/** Reads SSE events from a response body until `until` says stop. */
async function readEvents(res: Response, until: (events: { event: string; data: unknown }[]) => boolean, timeoutMs = 10_000) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: unknown }[] = [];
  let buf = '';
  const deadline = Date.now() + timeoutMs;
  while (!until(events) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const chunk = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const event = /^event: (.*)$/m.exec(chunk)?.[1];
      const data = /^data: (.*)$/m.exec(chunk)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) as unknown });
    }
  }
  await reader.cancel();
  return events;
}

describe('call screen stream', () => {
  it('sends a snapshot, then each call with the window number, to every connected screen', async () => {
    const win = (await ctx.handle.db.selectFrom('windows').select('id').where('hall_id', '=', hallId).where('number', '=', 'A01').executeTakeFirstOrThrow()).id;
    await clerk.post(`/api/hall/windows/${win}/open`, { categories: ['市场准入'] });
    const t = (await ctx.anon().post(`/api/public/halls/${hallId}/tickets`, { category: '市场准入' })).json() as { number: string };
    const screens = await Promise.all([1, 2, 3].map(() => fetch(`${base}/api/public/halls/${hallId}/stream`)));
    for (const s of screens) {
      expect(s.status).toBe(200);
      expect(s.headers.get('content-type')).toContain('text/event-stream');
    }
    const reading = screens.map((s) => readEvents(s, (ev) => ev.some((e) => e.event === 'call')));
    // Give the screens a moment to subscribe (the snapshot is written before the subscription returns).
    await new Promise((r) => setTimeout(r, 200));
    const called = await clerk.post(`/api/hall/windows/${win}/call-next`);
    expect(called.statusCode, called.body).toBe(200);
    for (const events of await Promise.all(reading)) {
      expect(events[0]).toMatchObject({ event: 'snapshot', data: { hallId, waiting: expect.arrayContaining([{ category: '市场准入', letter: 'A', nameEn: 'Market access', waiting: 1 }]) } });
      expect(events.find((e) => e.event === 'call')?.data).toMatchObject({ number: t.number, windowNumber: 'A01', category: '市场准入', recall: false });
    }
    // A screen that connects later (or reconnects after a restart) sees the call in its snapshot.
    const late = await readEvents(await fetch(`${base}/api/public/halls/${hallId}/stream`), (ev) => ev.length > 0);
    expect(late[0]).toMatchObject({ event: 'snapshot', data: { calls: [{ number: t.number, windowNumber: 'A01' }] } });
  });

  it('on PostgreSQL, a screen is sent a fresh snapshot when its server listens again after the listening connection dropped (ADR 0054)', async () => {
    const listener = ctx.app.pgListener;
    // PGlite: one process, no listening connection; events go straight to the screens (the test above).
    expect(listener !== undefined).toBe(ctx.handle.kind === 'postgres');
    if (!listener) return;
    const screen = await fetch(`${base}/api/public/halls/${hallId}/stream`);
    const reading = readEvents(screen, (ev) => ev.filter((e) => e.event === 'snapshot').length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'tongban-listener' and datname = current_database()`.execute(ctx.handle.db);
    // (A 'waiting' refresh from the test before may come in between.)
    const snapshots = (await reading).filter((e) => e.event === 'snapshot');
    expect(snapshots).toHaveLength(2);
    expect(snapshots[1]).toMatchObject({ data: { hallId } });
    expect(listener.listening('hall_events')).toBe(true);
  });

  it('a screen that goes away while its snapshot is read leaves nothing running behind (no subscription, no heartbeat)', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    // Hold the snapshot's read: the tickets table is locked until the screens have gone (on PGlite the
    // transaction holds the one connection).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = ctx.handle.db.transaction().execute(async (tx) => {
      await sql`lock table hall_tickets in access exclusive mode`.execute(tx);
      locked();
      await held;
    });
    await isLocked;
    const { port } = new URL(base);
    const gone = await Promise.all(
      Array.from({ length: 20 }, () =>
        new Promise<void>((resolve) => {
          const s = net.connect(Number(port), '127.0.0.1', () => {
            s.write(`GET /api/public/halls/${hallId}/stream HTTP/1.1\r\nHost: screen\r\n\r\n`);
            setTimeout(() => s.destroy(), 100);
          });
          s.on('close', () => resolve());
        }),
      ),
    );
    expect(gone).toHaveLength(20);
    release();
    await holding;
    // The snapshots are read now, for screens that are no longer there.
    await new Promise((r) => setTimeout(r, 500));
    expect(timers() - before).toBeLessThan(5);
  });

  it('answers 404 for an unknown hall', async () => {
    expect((await fetch(`${base}/api/public/halls/${crypto.randomUUID()}/stream`)).status).toBe(404);
  });
});
