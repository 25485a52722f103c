import { createHash, createHmac } from 'node:crypto';
import { BrokenCircuitError, ConsecutiveBreaker, ExponentialBackoff, TaskCancelledError, TimeoutStrategy, circuitBreaker, handleAll, retry, timeout, wrap } from 'cockatiel';
import { findSource } from '../../core/data-sharing/directory.js';
import { openUser } from '../crypto/personal-data.js';
import { DataSourceError, type DataAnswer, type DataSourceProvider } from './providers.js';

/**
 * The HTTP source adapter (ADR 0022): a department's data service at a configured URL, asked with a
 * request signed by HMAC-SM3 under a key shared with that department, within a timeout, retried with
 * exponential backoff, behind a circuit breaker (cockatiel) so a failing provider is left alone for a
 * while instead of holding every clerk's request for the full timeout.
 *
 * Request: `POST {url}` with JSON `{ queryId, source, purpose, caseNo, subject: { kind, idNumber | creditCode }, fields }`
 * and headers `x-tongban-timestamp` (ISO 8601), `x-tongban-query-id` and
 * `authorization: TB-HMAC-SM3 keyId=<id>, signature=<hex>` where the signature is
 * HMAC-SM3(key, "POST\n" + path + "\n" + timestamp + "\n" + SM3(body) hex). Answer: `{ answer: { item: value } }`.
 */

export interface HttpSourceConfig {
  source: string;
  url: string;
  keyId: string;
  key: Buffer;
  timeoutMs: number;
  /** Extra attempts after the first one fails. */
  retries: number;
  /** Consecutive failed calls that open the circuit, and how long it stays open. */
  breakAfter: number;
  halfOpenAfterMs: number;
}

export const SIGNATURE_SCHEME = 'TB-HMAC-SM3';

export function signatureOf(key: Buffer, path: string, timestamp: string, body: string): string {
  const bodyHash = createHash('sm3').update(body, 'utf8').digest('hex');
  return createHmac('sm3', key).update(`POST\n${path}\n${timestamp}\n${bodyHash}`, 'utf8').digest('hex');
}

class ProviderHttpError extends Error {}

export function httpSourceProvider(cfg: HttpSourceConfig, fetchImpl: typeof fetch = fetch): DataSourceProvider {
  const source = findSource(cfg.source);
  const name = source?.name ?? cfg.source;
  const nameEn = source?.nameEn ?? cfg.source;
  const breaker = circuitBreaker(handleAll, { halfOpenAfter: cfg.halfOpenAfterMs, breaker: new ConsecutiveBreaker(cfg.breakAfter) });
  const retries = retry(handleAll, { maxAttempts: cfg.retries, backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 1000 }) });
  const perAttempt = timeout(cfg.timeoutMs, TimeoutStrategy.Aggressive);
  // The breaker counts whole calls (all attempts), each attempt has its own timeout.
  const policy = wrap(breaker, retries, perAttempt);
  const url = new URL(cfg.url);

  return {
    connected: () => true,
    async answer(db, req) {
      const row = await db.selectFrom('users').select(['kind', 'id_number', 'credit_code', 'phone', 'address', 'legal_representative']).where('id', '=', req.subject.userId).executeTakeFirst();
      const u = row ? openUser(row) : undefined;
      const subject = req.subject.kind === 'legal_person' ? { kind: 'legal_person', creditCode: u?.credit_code ?? null } : { kind: 'natural_person', idNumber: u?.id_number ?? null };
      const body = JSON.stringify({ queryId: req.queryId, source: req.source.code, purpose: req.purpose, caseNo: req.caseNo, subject, fields: req.fields });
      let attempted = false;
      try {
        return await policy.execute(async ({ signal }) => {
          attempted = true;
          const timestamp = new Date().toISOString();
          const res = await fetchImpl(url, {
            method: 'POST',
            signal,
            headers: {
              'content-type': 'application/json',
              'x-tongban-timestamp': timestamp,
              'x-tongban-query-id': req.queryId,
              authorization: `${SIGNATURE_SCHEME} keyId=${cfg.keyId}, signature=${signatureOf(cfg.key, url.pathname, timestamp, body)}`,
            },
            body,
          });
          if (!res.ok) throw new ProviderHttpError(`HTTP ${res.status}`);
          const json = (await res.json()) as { answer?: unknown };
          if (!json.answer || typeof json.answer !== 'object') throw new ProviderHttpError('no answer in the response');
          return json.answer as DataAnswer;
        });
      } catch (err) {
        if (err instanceof BrokenCircuitError) {
          throw new DataSourceError('unavailable', false, `${name}连续访问失败，已暂停调用（熔断），请稍后重试或请申请人提交纸质材料`, `${nameEn} kept failing; calls are paused (circuit open). Try later or ask the applicant for the document`);
        }
        const why = err instanceof TaskCancelledError ? { zh: '响应超时', en: 'timed out' } : { zh: '返回错误', en: 'answered with an error' };
        throw new DataSourceError('unavailable', attempted, `${name}${why.zh}，本次未取得数据，请稍后重试或请申请人提交材料`, `${nameEn} ${why.en}; no data was returned. Try later or ask the applicant for the document`);
      }
    },
  };
}
