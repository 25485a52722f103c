import type { PgListener } from '../db/listener.js';

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
  onError?: (message: string) => void;
}

/**
 * A session cache on the process's listening connection (PostgreSQL only: PGlite lives in the process and
 * has no second connection to listen on, and its session statement costs no round trip; ADR 0053, 0054).
 * It is used only while the listener listens on its channel.
 */
export class SessionCache<R> {
  readonly entries: SessionEntries<R>;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly listener: PgListener,
    keysOf: (row: R) => readonly string[],
    opts: SessionCacheOptions = {},
  ) {
    this.entries = new SessionEntries(keysOf, { ttlMs: opts.ttlMs ?? 10_000, maxEntries: opts.maxEntries ?? 10_000 });
    this.unsubscribe = listener.subscribe({
      channel: SESSION_CHANNEL,
      notify: (payload) => this.entries.drop(payload || '*'),
      state: (listening) => {
        this.entries.setLive(listening);
        if (!listening) opts.onError?.('session cache: off while the listening connection is down; sessions are read from the database');
      },
    });
  }

  /**
   * After a request that may have changed sessions, before its response leaves: one round trip on the
   * listening connection, after which every notice of a change this request committed has dropped its
   * entries (PgListener.barrier). If the connection does not answer in time, the cache is off until it
   * listens again.
   */
  barrier(): Promise<void> {
    return this.entries.usable ? this.listener.barrier() : Promise.resolve();
  }

  close(): void {
    this.unsubscribe();
    this.entries.setLive(false);
  }
}
