import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, VerificationCodesTable } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { openRecord, PENDING_PURPOSE as PAYLOAD_PURPOSE, sealRecord } from '../crypto/personal-data.js';

/** SMS codes: 6 digits, valid 10 minutes, at most 5 tries, stored only as a hash bound to their row. */
export const CODE_TTL_MINUTES = 10;
export const CODE_MAX_ATTEMPTS = 5;

export const newSmsCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
const hashCode = (id: string, code: string) => createHash('sha256').update(`${id}:${code}`).digest('hex');

export async function createVerification(
  db: Kysely<Database>,
  v: { id: string; purpose: VerificationCodesTable['purpose']; userId: string | null; code: string | null; payload: Record<string, unknown> | null; now: Date; ttlMinutes?: number },
): Promise<void> {
  await db
    .insertInto('verification_codes')
    .values({
      id: v.id,
      purpose: v.purpose,
      user_id: v.userId,
      code_hash: v.code === null ? null : hashCode(v.id, v.code),
      payload: v.payload === null ? null : JSON.stringify(sealRecord(PAYLOAD_PURPOSE, v.payload)),
      created_at: v.now,
      expires_at: new Date(v.now.getTime() + (v.ttlMinutes ?? CODE_TTL_MINUTES) * 60_000),
    })
    .execute();
  // Expired codes are of no use to anyone: clear them as we go.
  await db.deleteFrom('verification_codes').where('expires_at', '<', new Date(v.now.getTime() - 24 * 3600_000)).execute();
}

/**
 * Spends one try on a code and consumes it when right. Every failure (unknown id, expired, used, too
 * many tries, no code sent, wrong code) is the same CODE_INVALID. The try is counted by one UPDATE
 * before comparing, so parallel guesses cannot exceed CODE_MAX_ATTEMPTS.
 */
export async function consumeVerification(
  db: Kysely<Database>,
  id: string,
  purpose: VerificationCodesTable['purpose'],
  code: string,
  now: Date,
): Promise<{ userId: string | null; payload: Record<string, unknown> | null }> {
  const row = await db
    .updateTable('verification_codes')
    .set({ attempts: sql<number>`attempts + 1` })
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .where('attempts', '<', CODE_MAX_ATTEMPTS)
    .returning(['code_hash', 'user_id', 'payload'])
    .executeTakeFirst();
  const expected = row?.code_hash ? Buffer.from(row.code_hash, 'hex') : undefined;
  const given = Buffer.from(hashCode(id, code), 'hex');
  if (!row || !expected || !timingSafeEqual(expected, given)) throw new DomainError('CODE_INVALID');
  const consumed = await db
    .updateTable('verification_codes')
    .set({ consumed_at: now })
    .where('id', '=', id)
    .where('consumed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!consumed) throw new DomainError('CODE_INVALID');
  return { userId: row.user_id, payload: openRecord(PAYLOAD_PURPOSE, row.payload) };
}
