import http from 'node:http';
import { Pool } from 'undici';
import type { Phase, Session } from './types.js';

/**
 * The service hall (issue 13): queue tickets issued per second over HTTP (the kiosk endpoint, many
 * kiosks at once), then call-screen fan-out — N screens connected to the hall's live stream (SSE)
 * while a clerk calls numbers; the delay is from the moment the clerk's 叫号 request leaves to the
 * moment each screen has read the `call` event (p99 over every screen and every call; target < 200 ms).
 * The bench server runs with HALL_TICKETS_PER_CLIENT=0: all kiosks share the bench's one address.
 */
export const hallPhase: Phase = async (ctx) => {
  const halls = (await (await fetch(`${ctx.base}/api/public/halls`)).json()) as { halls: { id: string; name: string; categories: { category: string }[] }[] };
  const hall = halls.halls.find((h) => h.categories.length > 0);
  if (!hall) throw new Error('hall phase: no hall with open categories');
  const categories = hall.categories.map((c) => c.category);

  // 1. Tickets per second: CONCURRENCY kiosks taking numbers in every category for `seconds`.
  const pool = new Pool(ctx.base, { connections: ctx.concurrency });
  let issued = 0;
  const t0 = performance.now();
  const end = t0 + ctx.seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: ctx.concurrency }, async (_, k) => {
        for (let i = k; performance.now() < end; i += ctx.concurrency) {
          const res = await pool.request({ method: 'POST', path: `/api/public/halls/${hall.id}/tickets`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ category: categories[i % categories.length] }) });
          const body = await res.body.text();
          if (res.statusCode !== 201) throw new Error(`ticket ${res.statusCode} ${body}`);
          issued++;
        }
      }),
    );
  } finally {
    await pool.close();
  }
  const ticketSeconds = (performance.now() - t0) / 1000;
  const ticketsPerS = issued / ticketSeconds;

  // 2. Fan-out: N screens, then calls one after another; each call waits for every screen (or 5 s).
  const screenCount = ctx.smoke ? 50 : 500;
  const callCount = ctx.smoke ? 5 : 20;
  // clerk2 (window C01): the bench's lifecycles already logged `clerk` in, and a TOTP code is single-use.
  const clerk = await ctx.login('clerk2');
  if (!clerk.cookie) throw new Error('hall phase: clerk2 could not log in');
  const windowState = await staff(ctx.base, clerk, 'GET', '/api/hall/my-window');
  const windowId = (windowState as { window: { id: string } }).window.id;
  await staff(ctx.base, clerk, 'POST', `/api/hall/windows/${windowId}/open`, { categories: [categories[0]] });

  let callStarted = 0;
  const delays: number[] = [];
  let pending = 0;
  let allArrived: (() => void) | undefined;
  const screens = new ScreenSet(`${ctx.base}/api/public/halls/${hall.id}/stream`, () => {
    delays.push(performance.now() - callStarted);
    if (--pending === 0) allArrived?.();
  });
  let missed = 0;
  try {
    await screens.connect(screenCount);
    for (let c = 0; c < callCount; c++) {
      pending = screenCount;
      const arrived = new Promise<void>((resolve) => (allArrived = resolve));
      callStarted = performance.now();
      const state = (await staff(ctx.base, clerk, 'POST', `/api/hall/windows/${windowId}/call-next`)) as { current: { id: string } | null };
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([arrived, new Promise<void>((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      missed += pending;
      pending = -1;
      if (state.current) await staff(ctx.base, clerk, 'POST', `/api/hall/tickets/${state.current.id}/finish`);
      // Let the waiting-count refresh each call triggers settle, as calls at a real window are minutes apart.
      await new Promise((r) => setTimeout(r, ctx.smoke ? 300 : 700));
    }
  } finally {
    screens.close();
    await staff(ctx.base, clerk, 'POST', `/api/hall/windows/${windowId}/close`).catch(() => undefined);
  }
  if (missed > 0) throw new Error(`hall phase: ${missed} call deliveries did not arrive within 5 s`);
  const p = (q: number) => {
    const s = [...delays].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((q / 100) * s.length))] ?? NaN;
  };
  return {
    lines: [
      `hall tickets: ${issued} issued in ${ticketSeconds.toFixed(1)} s (${ticketsPerS.toFixed(0)}/s, ${ctx.concurrency} kiosks, ${categories.length} categories)`,
      `hall call screens: ${screenCount} connected, ${callCount} calls, delay call→screen p50 ${p(50).toFixed(1)} ms, p99 ${p(99).toFixed(1)} ms, max ${p(100).toFixed(1)} ms`,
    ],
    figures: [
      ['tickets_per_s', ticketsPerS.toFixed(1)],
      ['screen_p99_ms', p(99).toFixed(1)],
    ],
  };
};

async function staff(base: string, who: Session, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? (method === 'POST' ? '{}' : undefined) : JSON.stringify(body),
  });
  const json = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${method} ${path} ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Call screens as the hall's TVs hold them: one long-lived SSE connection each (plain sockets, no pooling). */
class ScreenSet {
  private readonly requests: http.ClientRequest[] = [];
  private readonly agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

  constructor(
    private readonly url: string,
    private readonly onCall: () => void,
  ) {}

  /** Opens n screens and resolves once each has its snapshot (so it is subscribed). */
  async connect(n: number): Promise<void> {
    const batch = 50;
    for (let i = 0; i < n; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, n - i) }, () => this.open()));
    }
  }

  private open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = http.get(this.url, { agent: this.agent, headers: { accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream ${res.statusCode}`));
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const event = /^event: (.*)$/m.exec(buf.slice(0, i))?.[1];
            buf = buf.slice(i + 2);
            if (event === 'snapshot') resolve();
            else if (event === 'call') this.onCall();
          }
        });
        res.on('error', () => undefined);
      });
      req.on('error', (err) => reject(err));
      this.requests.push(req);
    });
  }

  close(): void {
    for (const req of this.requests) req.destroy();
    this.requests.length = 0;
    this.agent.destroy();
  }
}
