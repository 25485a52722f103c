import { DATA_SOURCES } from '../../core/data-sharing/directory.js';
import type { HttpSourceConfig } from './http-source.js';

/**
 * HTTP data sources from the environment (read once by src/server/config.ts): for each source of the
 * directory reached over HTTP, `DATA_SOURCE_<CODE>_URL` and `DATA_SOURCE_<CODE>_KEY` (the HMAC-SM3 key
 * shared with the department, 32+ hex digits), optionally `DATA_SOURCE_<CODE>_KEY_ID`; for all of them
 * `DATA_SOURCE_TIMEOUT_MS` (3000), `DATA_SOURCE_RETRIES` (2), `DATA_SOURCE_BREAK_AFTER` (3 failed calls)
 * and `DATA_SOURCE_HALF_OPEN_MS` (30000). A source without a URL is "not connected".
 */
export function httpSourcesFrom(env: NodeJS.ProcessEnv): HttpSourceConfig[] {
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
    return n;
  };
  const common = { timeoutMs: int('DATA_SOURCE_TIMEOUT_MS', 3000, 50, 60_000), retries: int('DATA_SOURCE_RETRIES', 2, 0, 5), breakAfter: int('DATA_SOURCE_BREAK_AFTER', 3, 1, 100), halfOpenAfterMs: int('DATA_SOURCE_HALF_OPEN_MS', 30_000, 100, 3_600_000) };
  const out: HttpSourceConfig[] = [];
  for (const s of DATA_SOURCES.filter((x) => x.transport === 'http')) {
    const prefix = `DATA_SOURCE_${s.code.toUpperCase()}`;
    const url = env[`${prefix}_URL`];
    if (!url) continue;
    if (!/^https?:\/\//.test(url)) throw new Error(`${prefix}_URL must start with http:// or https://`);
    const key = env[`${prefix}_KEY`] ?? '';
    if (!/^([0-9a-fA-F]{2}){16,}$/.test(key)) throw new Error(`${prefix}_KEY must be the shared HMAC-SM3 key as 32 or more hex digits`);
    out.push({ source: s.code, url, keyId: env[`${prefix}_KEY_ID`] || 'tongban', key: Buffer.from(key, 'hex'), ...common });
  }
  return out;
}
