import { CompiledQuery, sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { PROGRESS_BODY_SQL } from './repository.js';

/**
 * Protection of the public progress look-up (办件进度查询, issue 8 finding 11): a case number and a
 * query code are all it asks, so guessing must stop early.
 *
 * - at most `limits.perAddress` look-ups per client address and `limits.perCase` per case number in
 *   10 minutes (configuration; 0 turns one off for load tests);
 * - after WRONG_CODE_LIMIT wrong codes for one case number, its look-up is locked (even the right
 *   code is refused) until the 30-minute window that counted them has passed.
 *
 * Counters live in `throttle_counters` (fixed windows, keyed `purpose:subject`), so every server
 * process shares them. A nonexistent case number is counted and locked like a real one: the answers
 * never tell whether a number exists.
 */
export const PROGRESS_WINDOW_MINUTES = 10;
export const WRONG_CODE_LIMIT = 10;
export const LOCK_WINDOW_MINUTES = 30;

const keys = (ip: string, caseNo: string) => ({ address: `progress-ip:${ip}`, caseNo: `progress-case:${caseNo}`, wrong: `progress-wrong:${caseNo}` });

/**
 * The whole look-up in one statement (one round trip): counts the look-up for the address and the case
 * number (the limits that are on), reads the case number's wrong-code count and the progress answer
 * (repository.ts). Refuses with 429 when the number is locked or a limit is passed — the answer read
 * alongside is then thrown away — and returns the answer's JSON text, or undefined for a wrong pair.
 * The wrong-code lock holds whatever the limits are (0 turns off only the counting).
 */
export async function guardedProgressLookup(db: Db, ip: string, caseNo: string, queryCode: string, now: Date, limits: { perAddress: number; perCase: number }): Promise<string | undefined> {
  const k = keys(ip, caseNo);
  const byAddress = limits.perAddress > 0;
  const byCase = limits.perCase > 0;
  const lockStart = new Date(now.getTime() - LOCK_WINDOW_MINUTES * 60_000);
  const params: unknown[] = [caseNo, queryCode, k.wrong, lockStart];
  if (byAddress || byCase) params.push(now, new Date(now.getTime() - PROGRESS_WINDOW_MINUTES * 60_000));
  if (byAddress) params.push(k.address);
  if (byCase) params.push(k.caseNo);
  const r = await db.executeQuery<{ wrong: number | null; by_address: number | null; by_case: number | null; body: string | null }>(CompiledQuery.raw(lookupSql(byAddress, byCase), params));
  const row = r.rows[0];
  if ((row?.wrong ?? 0) >= WRONG_CODE_LIMIT) {
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      { zh: `该办件编号的查询码错误次数过多，查询已暂停，请${LOCK_WINDOW_MINUTES}分钟后再试或凭身份证件到窗口查询`, en: `Too many wrong query codes for this case number: look-ups are paused; try again in ${LOCK_WINDOW_MINUTES} minutes or ask at a window with your ID` },
      [{ code: 'PROGRESS_LOCKED', zh: '查询已暂停', en: 'Look-ups paused' }],
    );
  }
  if ((byAddress && (row?.by_address ?? 0) > limits.perAddress) || (byCase && (row?.by_case ?? 0) > limits.perCase)) {
    throw new DomainError('TOO_MANY_REQUESTS', { zh: '查询过于频繁，请稍后再试', en: 'Too many look-ups; try again later' }, [{ code: 'PROGRESS_THROTTLED', zh: '查询过于频繁', en: 'Too many look-ups' }]);
  }
  return row?.body ?? undefined;
}

/**
 * The look-up statement for the limits that are on (four texts, each made once and prepared once per
 * connection). Parameters: $1 case number, $2 query code, $3 wrong-code key, $4 start of the lock
 * window; when counting, $5 now, $6 start of the throttle window, then the counted keys in order.
 */
const lookupStatements = new Map<string, string>();
function lookupSql(byAddress: boolean, byCase: boolean): string {
  const id = `${byAddress ? 'a' : ''}${byCase ? 'c' : ''}`;
  let text = lookupStatements.get(id);
  if (text) return text;
  const counted = [...(byAddress ? ['address'] : []), ...(byCase ? ['case'] : [])];
  const keyParam = (name: string) => `$${7 + counted.indexOf(name)}`;
  const upsert = counted.length
    ? `with counted as (
        insert into throttle_counters (key, window_start, count) values ${counted.map((c) => `(${keyParam(c)}, $5::timestamptz, 1)`).join(', ')}
        on conflict (key) do update set
          count = case when throttle_counters.window_start < $6::timestamptz then 1 else throttle_counters.count + 1 end,
          window_start = case when throttle_counters.window_start < $6::timestamptz then $5::timestamptz else throttle_counters.window_start end
        returning key, count)
      `
    : '';
  text = `${upsert}select
      (select count from throttle_counters where key = $3 and window_start >= $4::timestamptz) as wrong,
      ${byAddress ? `(select count from counted where key = ${keyParam('address')})` : 'null::int'} as by_address,
      ${byCase ? `(select count from counted where key = ${keyParam('case')})` : 'null::int'} as by_case,
      (${PROGRESS_BODY_SQL('$1', '$2')}) as body`;
  lookupStatements.set(id, text);
  return text;
}

/** Records one wrong code (or unknown number) for the case number; the tenth within the window locks it. */
export async function recordWrongCode(db: Db, caseNo: string, now: Date): Promise<void> {
  const k = keys('', caseNo);
  const lockStart = new Date(now.getTime() - LOCK_WINDOW_MINUTES * 60_000);
  await sql`
    insert into throttle_counters (key, window_start, count) values (${k.wrong}, ${now}, 1)
    on conflict (key) do update set
      count = case when throttle_counters.window_start < ${lockStart} then 1 else throttle_counters.count + 1 end,
      window_start = case when throttle_counters.window_start < ${lockStart} then ${now} else throttle_counters.window_start end`.execute(db);
}
