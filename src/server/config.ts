import { isIP } from 'node:net';
import path from 'node:path';
import { parseMasterKey } from './crypto/keyring.js';
import type { S3Options } from './adapters/object-storage.js';
import type { HttpSourceConfig } from './data-sharing/http-source.js';
import { httpSourcesFrom } from './data-sharing/config.js';

/** Typed, validated configuration read once from the environment; fails fast with a clear message. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Seed the demo county on start when the database is empty. */
  seedDemo: boolean;
  /** With the demo seed, a few hundred demo cases in every state on a fresh install (SEED_DEMO_CASES, DEMO_CASES; ADR 0017). */
  demoCases: number;
  /** Secure cookies (HTTPS only), on by default (finding 14); local http development turns them off explicitly. */
  secureCookies: boolean;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs, TRUST_PROXY=a,b); default
   * none, so the client address is the TCP peer and cannot be spoofed by a header (finding 4).
   */
  trustProxy: string[];
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  uploadMaxBytes: number;
  /**
   * Public progress look-ups per client address and per case number in 10 minutes (finding 11).
   * 0 turns that throttle off — only for load tests from one address (npm run bench); the lock after
   * repeated wrong codes always applies.
   */
  progressLookupsPerAddress: number;
  progressLookupsPerCase: number;
  /** Queue tickets per kiosk client address in 10 minutes (ADR 0023); 0 turns it off — only for npm run bench. */
  hallTicketsPerClient: number;
  logLevel: string;
  /** HTTP worker processes (node:cluster); more than one needs PostgreSQL (PGlite lives in one process). */
  workers: number;
  /**
   * The session cache on PostgreSQL (SESSION_CACHE, on by default; ADR 0053): a session read in the last
   * 10 s costs no statement, and the database's change notices drop it at commit. Off: every request reads it.
   */
  sessionCache: boolean;
  /** PostgreSQL connections per worker process. */
  dbPoolSize: number;
  /**
   * Data keys (DATA_KEY: 32 bytes as hex or base64, comma-separated; the first seals, the rest still
   * open during a rotation). Empty: the key in DATA_DIR/data-key is used, generated on first start (ADR 0011).
   */
  dataKeys: Buffer[];
  /** Where uploaded files live: DATA_DIR/files (default) or an S3-compatible bucket (FILE_STORE=s3, ADR 0011). */
  fileStore: { kind: 'disk' } | ({ kind: 's3' } & S3Options);
  /** 数据共享: departments' HTTP data services (DATA_SOURCE_<CODE>_URL/_KEY; src/server/data-sharing/config.ts). */
  httpDataSources: HttpSourceConfig[];
  /**
   * The test clock for browser journeys (TONGBAN_TEST_CLOCK=1, ADR 0033): null normally. When on, the
   * server's clock starts at `start` (TONGBAN_CLOCK_START, ISO 8601; null: real time) and test-only
   * routes move it. Refused when NODE_ENV=production and with several workers (each would have its own clock).
   */
  testClock: { start: Date | null } | null;
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

function dataKeysFrom(env: NodeJS.ProcessEnv): Buffer[] {
  const raw = env.DATA_KEY;
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((part, i) => {
    try {
      return parseMasterKey(part);
    } catch (e) {
      throw new ConfigError(`DATA_KEY (key ${i + 1}): ${(e as Error).message}`);
    }
  });
}

function fileStoreFrom(env: NodeJS.ProcessEnv): Config['fileStore'] {
  const kind = env.FILE_STORE || 'disk';
  if (kind === 'disk') return { kind: 'disk' };
  if (kind !== 's3') throw new ConfigError(`FILE_STORE must be disk or s3, got "${kind}"`);
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw new ConfigError(`FILE_STORE=s3 needs ${name}`);
    return v;
  };
  const endpoint = need('S3_ENDPOINT');
  if (!/^https?:\/\//.test(endpoint)) throw new ConfigError('S3_ENDPOINT must start with http:// or https://');
  const prefix = env.S3_PREFIX ?? '';
  if (prefix && !/^[A-Za-z0-9._/-]+\/$/.test(prefix)) throw new ConfigError('S3_PREFIX must end with / and hold only letters, digits and ._-/');
  return { kind: 's3', endpoint, bucket: need('S3_BUCKET'), region: env.S3_REGION || 'us-east-1', accessKeyId: need('S3_ACCESS_KEY_ID'), secretAccessKey: need('S3_SECRET_ACCESS_KEY'), prefix };
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** A comma-separated list of IPv4/IPv6 addresses or CIDR ranges. */
function proxyListFrom(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((part) => {
    const entry = part.trim();
    const [addr = '', prefix, extra] = entry.split('/');
    const version = isIP(addr);
    const maxPrefix = version === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (!version || !prefixOk || extra !== undefined) throw new ConfigError(`${name} must list IP addresses or CIDR ranges separated by commas, got "${entry}"`);
    return entry;
  });
}

function testClockFrom(env: NodeJS.ProcessEnv, workers: number): Config['testClock'] {
  const on = boolFrom(env, 'TONGBAN_TEST_CLOCK', false);
  const startRaw = env.TONGBAN_CLOCK_START;
  if (!on) {
    if (startRaw) throw new ConfigError('TONGBAN_CLOCK_START needs TONGBAN_TEST_CLOCK=1 (the test clock is off)');
    return null;
  }
  if (env.NODE_ENV === 'production') throw new ConfigError('TONGBAN_TEST_CLOCK=1 is refused when NODE_ENV=production: a movable clock would let anyone pass deadlines');
  if (workers > 1) throw new ConfigError('TONGBAN_TEST_CLOCK=1 needs WORKERS=1: each worker process would keep its own clock');
  if (!startRaw) return { start: null };
  // An explicit offset or Z: a bare local time would depend on the machine's time zone.
  const start = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(startRaw) ? new Date(startRaw) : null;
  if (!start || Number.isNaN(start.getTime())) throw new ConfigError(`TONGBAN_CLOCK_START must be an ISO 8601 instant with an offset, e.g. 2026-12-07T09:00:00+08:00, got "${startRaw}"`);
  return { start };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// (got "${databaseUrl.split('@').pop()}")`);
  }
  const workers = intFrom(env, 'WORKERS', 1, 1, 64);
  if (workers > 1 && !databaseUrl) {
    throw new ConfigError('WORKERS > 1 needs DATABASE_URL: the embedded database (PGlite) lives inside one process');
  }
  return {
    port: intFrom(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    seedDemo: boolFrom(env, 'SEED_DEMO', true),
    demoCases: boolFrom(env, 'SEED_DEMO_CASES', true) ? intFrom(env, 'DEMO_CASES', 300, 0, 5000) : 0,
    secureCookies: boolFrom(env, 'SECURE_COOKIES', true),
    trustProxy: proxyListFrom(env, 'TRUST_PROXY'),
    sessionIdleMinutes: intFrom(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: intFrom(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
    uploadMaxBytes: intFrom(env, 'UPLOAD_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    progressLookupsPerAddress: intFrom(env, 'PROGRESS_LOOKUPS_PER_ADDRESS', 60, 0, 1_000_000_000),
    progressLookupsPerCase: intFrom(env, 'PROGRESS_LOOKUPS_PER_CASE', 20, 0, 1_000_000_000),
    hallTicketsPerClient: intFrom(env, 'HALL_TICKETS_PER_CLIENT', 600, 0, 1_000_000_000),
    logLevel: env.LOG_LEVEL || 'info',
    workers,
    sessionCache: boolFrom(env, 'SESSION_CACHE', true),
    dbPoolSize: intFrom(env, 'DB_POOL_SIZE', 10, 1, 200),
    dataKeys: dataKeysFrom(env),
    fileStore: fileStoreFrom(env),
    httpDataSources: (() => {
      try {
        return httpSourcesFrom(env);
      } catch (e) {
        throw new ConfigError((e as Error).message);
      }
    })(),
    testClock: testClockFrom(env, workers),
  };
}
