import { Type } from 'typebox';
import type { App } from '../http/types.js';
import type { HallEventBus, HallSignal } from './events.js';
import * as views from './view-service.js';

/**
 * The call screen's live feed (大屏, Server-Sent Events). On connect the screen gets a `snapshot`
 * (last calls, waiting counts); then `call` for every call or recall and `waiting` when a queue
 * changes. `retry:` tells the browser's EventSource to reconnect within two seconds after a server
 * restart, and the new snapshot makes up for anything missed (ADR 0023); a process whose listening
 * connection dropped sends every screen a fresh `snapshot` once it listens again (ADR 0054). Hidden from the OpenAPI
 * document: a stream is not a request/response operation (and API fuzzers would hold it open).
 */
export function hallStreamRoutes(app: App, now: () => Date, bus: HallEventBus): void {
  const open = new Set<() => void>();
  const waitingCounts = new WaitingCounts((hallId) => views.screenSnapshot(app.db, now(), hallId).then((s) => s.waiting));
  app.addHook('onClose', async () => {
    for (const end of open) end();
    waitingCounts.close();
  });
  app.get(
    '/api/public/halls/:hallId/stream',
    { schema: { hide: true, params: Type.Object({ hallId: Type.String({ format: 'uuid' }) }) }, config: { permission: 'public' } },
    async (req, reply) => {
      const hallId = req.params.hallId;
      const snapshot = await views.screenSnapshot(app.db, now(), hallId);
      reply.hijack();
      const res = reply.raw;
      // The screen may have gone while the snapshot was read: its 'close' has fired already and would never
      // fire again, so a subscription and a heartbeat made now would run for ever (one per aborted request).
      if (res.destroyed || req.raw.destroyed) return;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      res.write('retry: 2000\n\n');
      send('snapshot', snapshot);
      const onEvent = (e: HallSignal) => {
        if (e.kind === 'resync') {
          // This process stopped hearing the hall's events for a while: the screen starts over.
          views.screenSnapshot(app.db, now(), hallId).then((s) => send('snapshot', s), () => undefined);
        } else if (e.kind === 'call') send('call', { ticketId: e.ticketId, number: e.number, category: e.category, windowNumber: e.windowNumber, at: e.at, recall: e.recall });
        else waitingCounts.refresh(hallId);
      };
      const unwatch = waitingCounts.watch(hallId, (w) => send('waiting', w));
      const unsubscribe = bus.subscribe(hallId, onEvent);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      const stop = () => {
        unsubscribe();
        unwatch();
        clearInterval(heartbeat);
        open.delete(end);
      };
      const end = () => {
        stop();
        res.end();
      };
      open.add(end);
      res.on('close', stop);
    },
  );
}

type Waiting = Awaited<ReturnType<typeof views.screenSnapshot>>['waiting'];

/**
 * The waiting counts of a hall, read once per half second at most and sent to all of its screens:
 * queue changes come in bursts (a busy kiosk), and a hall may have hundreds of screens and phones
 * connected — one query per hall, not one per screen (the bench's fan-out measures it).
 */
class WaitingCounts {
  private readonly watchers = new Map<string, Set<(w: Waiting) => void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly read: (hallId: string) => Promise<Waiting>) {}

  watch(hallId: string, fn: (w: Waiting) => void): () => void {
    const set = this.watchers.get(hallId) ?? new Set();
    this.watchers.set(hallId, set);
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0 && this.watchers.get(hallId) === set) this.watchers.delete(hallId);
    };
  }

  refresh(hallId: string): void {
    if (this.timers.has(hallId)) return;
    this.timers.set(
      hallId,
      setTimeout(() => {
        this.timers.delete(hallId);
        if (!this.watchers.has(hallId)) return;
        this.read(hallId)
          .then((w) => {
            for (const fn of this.watchers.get(hallId) ?? []) fn(w);
          })
          .catch(() => undefined);
      }, 500),
    );
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
