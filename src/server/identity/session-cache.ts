import pg from 'pg';

/**
 * The session cache (ADR 0053): what a session cookie resolved to, kept per server process for a few
 * seconds so that a request costs no session statement, and dropped at the commit of anything that
 * changes it. The database tells: triggers send `pg_notify('tongban_sessions', id)` for every change a
 * session resolves through (migration 202612070001), and one listening connection per process drops the
 * entries indexed by that id. The cache is used only while that connection listens; when it drops,
 * every entry goes and nothing is cached until it listens again (notifications in between are lost).
 *
 * Entries are keyed by the session id (the token's hash) and indexed by the ids the triggers name: the
 * person, the orgs their grants are scoped to, the enterprises they act for.
 */
export class SessionEntries<R> {
  private readonly entries = new Map<string, { row: R; keys: readonly string[]; storedAt: number }>();
  private readonly byKey = new Map<string, Set<string>>();
  private gen = 0;
  private live = false;

  constructor(
    private readonly keysOf: (row: R) => readonly string[],
    private readonly opts: { ttlMs: number; maxEntries: number; clock?: () => number },
  ) {}

  private now(): number {
    return this.opts.clock ? this.opts.clock() : performance.now();
  }

  /** Whether entries may be read and stored (the listener listens). */
  get usable(): boolean {
    return this.live;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Read before a session statement and given back to `store`: a change seen meanwhile refuses the store. */
  generation(): number {
    return this.gen;
  }

  get(id: string): R | undefined {
    if (!this.live) return undefined;
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (this.now() - e.storedAt >= this.opts.ttlMs) {
      this.remove(id);
      return undefined;
    }
    return e.row;
  }

  /**
   * Stores a row read by a statement that started at `generationBefore`. Refused (false) when a change
   * notice arrived since — the row may predate it — or while the listener is down.
   */
  store(id: string, row: R, generationBefore: number): boolean {
    if (!this.live || generationBefore !== this.gen) return false;
    this.remove(id);
    if (this.entries.size >= this.opts.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.remove(oldest.value);
    }
    const keys = this.keysOf(row);
    this.entries.set(id, { row, keys, storedAt: this.now() });
    for (const k of keys) {
      let ids = this.byKey.get(k);
      if (!ids) this.byKey.set(k, (ids = new Set()));
      ids.add(id);
    }
    return true;
  }

  /** Replaces a cached row in place (the touched time), keeping its age; nothing if it is gone. */
  replace(id: string, row: R): void {
    const e = this.entries.get(id);
    if (e) e.row = row;
  }

  /** A change notice: the entries indexed by `key` go ('*': all). */
  drop(key: string): void {
    this.gen++;
    if (key === '*') return this.clear();
    const ids = this.byKey.get(key);
    if (!ids) return;
    for (const id of [...ids]) this.remove(id);
  }

  /** The listener listens (true) or has dropped (false): either way, what is held may have missed notices. */
  setLive(live: boolean): void {
    this.gen++;
    this.live = live;
    this.clear();
  }

  private clear(): void {
    this.entries.clear();
    this.byKey.clear();
  }

  private remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    for (const k of e.keys) {
      const ids = this.byKey.get(k);
      ids?.delete(id);
      if (ids?.size === 0) this.byKey.delete(k);
    }
  }
}

export const SESSION_CHANNEL = 'tongban_sessions';

export interface SessionCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  /** How long a barrier waits for the listening connection before giving the cache up (until it listens again). */
  barrierTimeoutMs?: number;
  /** First wait before listening again after the connection dropped; doubles up to 5 s. */
  retryMs?: number;
  onError?: (message: string) => void;
}

/**
 * A session cache with its listening connection (PostgreSQL only: PGlite lives in the process and has no
 * second connection to listen on, and its session statement costs no round trip; ADR 0053).
 */
export class SessionCache<R> {
  readonly entries: SessionEntries<R>;
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private readonly opts: Required<Omit<SessionCacheOptions, 'onError'>> & Pick<SessionCacheOptions, 'onError'>;

  constructor(
    private readonly databaseUrl: string,
    keysOf: (row: R) => readonly string[],
    opts: SessionCacheOptions = {},
  ) {
    this.opts = { ttlMs: 10_000, maxEntries: 10_000, barrierTimeoutMs: 2_000, retryMs: 250, ...opts };
    this.entries = new SessionEntries(keysOf, { ttlMs: this.opts.ttlMs, maxEntries: this.opts.maxEntries });
    this.retryMs = this.opts.retryMs;
  }

  /** Connects and listens; resolves once listening (or after the first failure, with the cache off and a retry scheduled). */
  async start(): Promise<void> {
    await this.listen();
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'tongban-session-cache' });
    this.client = client;
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.entries.setLive(false);
      if (!this.closed) this.opts.onError?.(`session cache: listening connection lost (${why}); sessions are read from the database until it listens again`);
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      this.scheduleRetry();
    };
    client.on('error', (err) => lost(err.message));
    client.on('end', () => lost('ended'));
    client.on('notification', (n) => {
      if (n.channel === SESSION_CHANNEL) this.entries.drop(n.payload || '*');
    });
    try {
      await client.connect();
      await client.query(`listen ${SESSION_CHANNEL}`);
      if (this.client !== client || this.closed) return;
      this.retryMs = this.opts.retryMs;
      this.entries.setLive(true);
    } catch (err) {
      lost((err as Error).message);
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 5_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.listen();
    }, wait);
    this.retryTimer.unref();
  }

  /**
   * After a request that may have changed sessions, before its response leaves: one round trip on the
   * listening connection. PostgreSQL signals listening backends before it confirms a commit, and a
   * backend sends pending notifications before the result of its next statement, so once this returns
   * every notice of a change this request committed has dropped its entries (ADR 0053). If the
   * connection does not answer in time, the cache is given up until it listens again.
   */
  barrier(): Promise<void> {
    // One statement at a time on the connection: callers that come while one runs share the next one
    // (the running one may have been sent before their commits' notices were queued).
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
    if (!client || !this.entries.usable) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.opts.barrierTimeoutMs);
    });
    try {
      const r = await Promise.race([client.query('select 1').then(() => 'ok' as const), timeout]);
      if (r === 'timeout') client.emit('error', new Error('barrier timed out'));
    } catch (err) {
      client.emit('error', err instanceof Error ? err : new Error(String(err)));
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const client = this.client;
    this.client = undefined;
    this.entries.setLive(false);
    if (client) await client.end().catch(() => undefined);
  }
}
