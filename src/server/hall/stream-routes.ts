import { Type } from 'typebox';
import type { App } from '../http/types.js';
import type { HallEvent, HallEventBus } from './events.js';
import * as views from './view-service.js';

/**
 * The call screen's live feed (大屏, Server-Sent Events). On connect the screen gets a `snapshot`
 * (last calls, waiting counts); then `call` for every call or recall and `waiting` when a queue
 * changes. `retry:` tells the browser's EventSource to reconnect within two seconds after a server
 * restart, and the new snapshot makes up for anything missed (ADR 0023). Hidden from the OpenAPI
 * document: a stream is not a request/response operation (and API fuzzers would hold it open).
 */
export function hallStreamRoutes(app: App, now: () => Date, bus: HallEventBus): void {
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of open) end();
  });
  app.get(
    '/api/public/halls/:hallId/stream',
    { schema: { hide: true, params: Type.Object({ hallId: Type.String({ format: 'uuid' }) }) }, config: { permission: 'public' } },
    async (req, reply) => {
      const hallId = req.params.hallId;
      const snapshot = await views.screenSnapshot(app.db, now(), hallId);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      res.write('retry: 2000\n\n');
      send('snapshot', snapshot);
      // Queue changes come in bursts (a busy kiosk): one count per half second at most.
      let waitingTimer: NodeJS.Timeout | undefined;
      const onEvent = (e: HallEvent) => {
        if (e.kind === 'call') {
          send('call', { ticketId: e.ticketId, number: e.number, category: e.category, windowNumber: e.windowNumber, at: e.at, recall: e.recall });
          return;
        }
        waitingTimer ??= setTimeout(() => {
          waitingTimer = undefined;
          views
            .screenSnapshot(app.db, now(), hallId)
            .then((s) => send('waiting', s.waiting))
            .catch(() => undefined);
        }, 500);
      };
      const unsubscribe = bus.subscribe(hallId, onEvent);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      const stop = () => {
        unsubscribe();
        clearInterval(heartbeat);
        if (waitingTimer) clearTimeout(waitingTimer);
        open.delete(end);
      };
      const end = () => {
        stop();
        res.end();
      };
      open.add(end);
      req.raw.on('close', stop);
    },
  );
}
