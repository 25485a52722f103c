import pg from 'pg';

/**
 * The one LISTEN connection of a server process on PostgreSQL (ADR 0054). Whatever in the process needs
 * PostgreSQL's notifications — the session cache's change notices (ADR 0053), the hall's call and queue
 * events (ADR 0023) — subscribes to a channel here, so a process holds one such connection, not one per
 * feature, and every feature gets the same handling of a connection that goes away:
 *
 * - a dropped connection ('error' or 'end'), a failed connect or LISTEN, or a barrier that gets no answer
 *   tells every subscriber `state(false)` at once — notifications sent meanwhile are lost — and the
 *   listener connects again after `retryMs`, doubling up to `maxRetryMs`, for as long as the process runs;
 * - once it listens on a channel again, that channel's subscribers get `state(true)`, and can make up for
 *   what they missed (the session cache starts empty; the call screens get a fresh snapshot).
 *
 * PGlite has none: it lives in the process, and there is no second connection to listen on.
 */
export interface ListenerSubscription {
  /** A PostgreSQL identifier: lower-case letters, digits and underscores. */
  channel: string;
  /** A notification on the channel ('' when it carries no payload). */
  notify(payload: string): void;
  /** Listening on the channel began (true) or stopped (false). Called once per change. */
  state?(listening: boolean): void;
}

export interface PgListenerOptions {
  /** Shown in pg_stat_activity (default tongban-listener). */
  applicationName?: string;
  /** First wait before connecting again; doubles up to `maxRetryMs` (defaults 250 ms and 5 s). */
  retryMs?: number;
  maxRetryMs?: number;
  /** How long a barrier waits for an answer before the connection is given up (default 2 s). */
  barrierTimeoutMs?: number;
  /** How long a connect may take (default 5 s): a server that neither answers nor refuses is retried. */
  connectTimeoutMs?: number;
  /** Told when the connection is lost (not on close). */
  onError?(message: string): void;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

export class PgListener {
  private readonly subs = new Map<string, Set<ListenerSubscription>>();
  private readonly opts: Required<Omit<PgListenerOptions, 'onError'>> & Pick<PgListenerOptions, 'onError'>;
  private client: pg.Client | undefined;
  /** Channels listened on by the current connection. */
  private readonly listened = new Set<string>();
  private started = false;
  private closed = false;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly databaseUrl: string,
    opts: PgListenerOptions = {},
  ) {
    this.opts = { applicationName: 'tongban-listener', retryMs: 250, maxRetryMs: 5_000, barrierTimeoutMs: 2_000, connectTimeoutMs: 5_000, ...opts };
    this.retryMs = this.opts.retryMs;
  }

  /** Whether the connection is up and listens on `channel`. */
  listening(channel: string): boolean {
    return this.client !== undefined && this.listened.has(channel);
  }

  /**
   * Subscribes to a channel; returns the unsubscribe. If the connection already listens on it, `state(true)`
   * is called at once; otherwise when it does.
   */
  subscribe(sub: ListenerSubscription): () => void {
    if (!CHANNEL.test(sub.channel)) throw new Error(`not a channel name: ${sub.channel}`);
    let set = this.subs.get(sub.channel);
    if (!set) this.subs.set(sub.channel, (set = new Set()));
    set.add(sub);
    const client = this.client;
    if (client && this.listened.has(sub.channel)) sub.state?.(true);
    else if (client && set.size === 1) void this.listenOn(client, sub.channel);
    return () => {
      set.delete(sub);
    };
  }

  /** Connects and listens; resolves once listening, or after the first failure (with a retry scheduled). */
  async start(): Promise<void> {
    if (this.started || this.closed) return;
    this.started = true;
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: this.opts.applicationName,
      connectionTimeoutMillis: this.opts.connectTimeoutMs,
      // An idle LISTEN connection sends nothing: keep-alive lets the kernel notice a peer that vanished.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    this.client = client;
    client.on('error', (err) => void this.lost(client, err.message));
    client.on('end', () => void this.lost(client, 'ended'));
    client.on('notification', (n) => {
      if (this.client !== client) return;
      for (const sub of this.subs.get(n.channel) ?? []) sub.notify(n.payload ?? '');
    });
    try {
      await client.connect();
    } catch (err) {
      void this.lost(client, err instanceof Error ? err.message : String(err));
      return;
    }
    if (this.client !== client) return;
    this.retryMs = this.opts.retryMs;
    await Promise.all([...this.subs.keys()].map((channel) => this.listenOn(client, channel)));
  }

  private async listenOn(client: pg.Client, channel: string): Promise<void> {
    try {
      await client.query(`listen ${channel}`);
    } catch (err) {
      void this.lost(client, err instanceof Error ? err.message : String(err));
      return;
    }
    if (this.client !== client || this.listened.has(channel)) return;
    this.listened.add(channel);
    for (const sub of this.subs.get(channel) ?? []) sub.state?.(true);
  }

  /** The connection is gone (once per connection): every subscriber hears it, and a retry is scheduled. */
  private lost(client: pg.Client, why: string): Promise<void> {
    if (this.client !== client) return Promise.resolve();
    this.client = undefined;
    const was = [...this.listened];
    this.listened.clear();
    client.removeAllListeners('notification');
    const ended = client.end().catch(() => undefined);
    if (!this.closed) this.opts.onError?.(`database listener: connection lost (${why}); connecting again`);
    for (const channel of was) for (const sub of this.subs.get(channel) ?? []) sub.state?.(false);
    this.scheduleRetry();
    return ended;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.opts.maxRetryMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, wait);
    this.retryTimer.unref();
  }

  /**
   * One round trip on the listening connection. PostgreSQL signals listening backends before it confirms
   * a commit, and a backend sends pending notifications before the result of its next statement, so once
   * this returns every notification of a transaction that committed before the call has been delivered
   * to the subscribers (ADR 0053). No answer within `barrierTimeoutMs` (or an error): the connection is
   * given up, subscribers hear `state(false)`, and it resolves. Without a connection it resolves at once.
   */
  barrier(): Promise<void> {
    // One statement at a time: callers that come while one runs share the next one (the running one may
    // have been sent before their commits' notifications were queued).
    if (!this.running) {
      this.running = this.roundTrip().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.barrier();
    });
    return this.queued;
  }

  private async roundTrip(): Promise<void> {
    const client = this.client;
    if (!client) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.opts.barrierTimeoutMs);
    });
    try {
      const r = await Promise.race([client.query('select 1').then(() => 'ok' as const), timeout]);
      if (r === 'timeout') void this.lost(client, 'no answer to a barrier');
    } catch (err) {
      void this.lost(client, err instanceof Error ? err.message : String(err));
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.client) await this.lost(this.client, 'closed');
  }
}
