import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { keyring } from '../crypto/data-key.js';

/** A throttle: at most `limit` events per `windowMinutes` for one key. */
export interface ThrottleRule {
  name: string;
  limit: number;
  windowMinutes: number;
  /** The subject is personal data (a phone number): the key holds its blind index, not the value (ADR 0011). */
  personal?: boolean;
}

/** Login attempts per client address (accounts are locked separately, see login.ts). */
export const LOGIN_PER_ADDRESS: ThrottleRule = { name: 'login-ip', limit: 30, windowMinutes: 10 };
/** Registrations started per client address (finding 11). */
export const REGISTER_PER_ADDRESS: ThrottleRule = { name: 'register-ip', limit: 5, windowMinutes: 60 };
/** SMS codes per phone number, whatever they are for. */
export const SMS_PER_PHONE: ThrottleRule = { name: 'sms-phone', limit: 5, windowMinutes: 60, personal: true };
/** Password resets started per client address and per account name. */
export const RESET_PER_ADDRESS: ThrottleRule = { name: 'reset-ip', limit: 10, windowMinutes: 60 };
export const RESET_PER_ACCOUNT: ThrottleRule = { name: 'reset-user', limit: 5, windowMinutes: 60 };

/**
 * Counts one event and answers whether it is over the limit. One upsert, so parallel requests can
 * never slip past the limit between a read and a write (the old login throttle read, then wrote).
 */
export async function overLimit(db: Kysely<Database>, rule: ThrottleRule, subject: string, now: Date): Promise<boolean> {
  const windowStartMin = new Date(now.getTime() - rule.windowMinutes * 60_000);
  const row = await db
    .insertInto('throttle_counters')
    .values({ key: `${rule.name}:${rule.personal ? keyring().blindIndex(subject, `throttle.${rule.name}`) : subject}`, window_start: now, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when throttle_counters.window_start < ${windowStartMin} then 1 else throttle_counters.count + 1 end`,
        window_start: sql<Date>`case when throttle_counters.window_start < ${windowStartMin} then ${now} else throttle_counters.window_start end`,
      }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return row.count > rule.limit;
}
