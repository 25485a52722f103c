import net from 'node:net';
import { PG_ADMIN_URL } from './databases.js';

/**
 * A TCP proxy in front of the test PostgreSQL server that a test can take down and bring back: `down()`
 * cuts every connection through it and refuses new ones (as a restarting server does), `up()` accepts
 * again on the same port.
 */
export interface PgProxy {
  /** A connection URL for `database` through the proxy. */
  url(database: string): string;
  down(): Promise<void>;
  /** Stops passing bytes either way on the open connections (a peer that hangs); `down()` ends it. */
  stall(): void;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startPgProxy(): Promise<PgProxy> {
  const target = new URL(PG_ADMIN_URL);
  const sockets = new Set<net.Socket>();
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    pairs.add([client, upstream]);
    client.on('close', () => pairs.forEach((p) => p[0] === client && pairs.delete(p)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const a = server.address();
        resolve(typeof a === 'object' && a ? a.port : port);
      });
    });
  const port = await listen(0);
  const down = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  return {
    url(database) {
      const u = new URL(PG_ADMIN_URL);
      u.port = String(port);
      u.pathname = `/${database}`;
      return u.toString();
    },
    down,
    stall() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    async up() {
      if (!server.listening) await listen(port);
    },
    close: down,
  };
}
