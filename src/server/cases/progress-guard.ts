import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';

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
 * Counts one look-up for the address and the case number and reads the case number's wrong-code
 * count — one statement — and refuses with 429 when a limit is passed or the number is locked.
 */
export async function guardProgressLookup(db: Db, ip: string, caseNo: string, now: Date, limits: { perAddress: number; perCase: number }): Promise<void> {
  const k = keys(ip, caseNo);
  const windowStart = new Date(now.getTime() - PROGRESS_WINDOW_MINUTES * 60_000);
  const lockStart = new Date(now.getTime() - LOCK_WINDOW_MINUTES * 60_000);
  const counted = [...(limits.perAddress > 0 ? [k.address] : []), ...(limits.perCase > 0 ? [k.caseNo] : [])];
  const rows = counted.length
    ? sql.join(counted.map((key) => sql`(${key}, ${now}::timestamptz, 1)`))
    : null;
  const r = rows === null
    ? await sql<{ key: string; count: number }>`select key, count from throttle_counters where key = ${k.wrong} and window_start >= ${lockStart}`.execute(db)
    : await sql<{ key: string; count: number }>`
    with counted as (
      insert into throttle_counters (key, window_start, count) values ${rows}
      on conflict (key) do update set
        count = case when throttle_counters.window_start < ${windowStart} then 1 else throttle_counters.count + 1 end,
        window_start = case when throttle_counters.window_start < ${windowStart} then ${now} else throttle_counters.window_start end
      returning key, count)
    select key, count from counted
    union all
    select key, count from throttle_counters where key = ${k.wrong} and window_start >= ${lockStart}`.execute(db);
  const count = (key: string) => r.rows.find((row) => row.key === key)?.count ?? 0;
  if (count(k.wrong) >= WRONG_CODE_LIMIT) {
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      { zh: `该办件编号的查询码错误次数过多，查询已暂停，请${LOCK_WINDOW_MINUTES}分钟后再试或凭身份证件到窗口查询`, en: `Too many wrong query codes for this case number: look-ups are paused; try again in ${LOCK_WINDOW_MINUTES} minutes or ask at a window with your ID` },
      [{ code: 'PROGRESS_LOCKED', zh: '查询已暂停', en: 'Look-ups paused' }],
    );
  }
  if ((limits.perAddress > 0 && count(k.address) > limits.perAddress) || (limits.perCase > 0 && count(k.caseNo) > limits.perCase)) {
    throw new DomainError('TOO_MANY_REQUESTS', { zh: '查询过于频繁，请稍后再试', en: 'Too many look-ups; try again later' }, [{ code: 'PROGRESS_THROTTLED', zh: '查询过于频繁', en: 'Too many look-ups' }]);
  }
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
