import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hashToken } from '../identity/sessions.js';
import { kioskSessionAlive, kioskSessionExpiry } from '../../core/kiosk/index.js';

/**
 * Kiosk sessions (自助终端, ADR 0036): a table and a cookie of their own. The cookie is scoped to
 * /api/kiosk and the auth plugin never turns it into an actor, so a kiosk session reaches only the
 * kiosk routes (the applicant's own progress and notices), never what a full login can.
 */
export const KIOSK_COOKIE = 'tb_kiosk';
export const KIOSK_COOKIE_PATH = '/api/kiosk';

export interface KioskSession {
  sessionId: string;
  userId: string;
  expiresAt: Date;
}

export async function createKioskSession(db: Kysely<Database>, userId: string, ip: string | null, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = kioskSessionExpiry(now);
  await db.insertInto('kiosk_sessions').values({ id: hashToken(token), user_id: userId, created_at: now, last_seen_at: now, expires_at: expiresAt, ip }).execute();
  // Ended kiosk sessions are of no use to anyone: cleared as we go.
  await db.deleteFrom('kiosk_sessions').where('expires_at', '<', new Date(now.getTime() - 3600_000)).execute();
  return { token, expiresAt };
}

/** The kiosk session of a cookie token, touched; an ended one is deleted and answers 'expired'. */
export async function resolveKioskSession(db: Kysely<Database>, token: string, now: Date): Promise<KioskSession | 'expired' | 'none'> {
  const id = hashToken(token);
  const row = await db
    .selectFrom('kiosk_sessions')
    .innerJoin('users', 'users.id', 'kiosk_sessions.user_id')
    .select(['kiosk_sessions.user_id', 'kiosk_sessions.expires_at', 'kiosk_sessions.last_seen_at', 'users.disabled'])
    .where('kiosk_sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return 'none';
  if (row.disabled || !kioskSessionAlive({ expiresAt: new Date(row.expires_at), lastSeenAt: new Date(row.last_seen_at) }, now)) {
    await db.deleteFrom('kiosk_sessions').where('id', '=', id).execute();
    return 'expired';
  }
  await db.updateTable('kiosk_sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  return { sessionId: id, userId: row.user_id, expiresAt: new Date(row.expires_at) };
}

export async function endKioskSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('kiosk_sessions').where('id', '=', hashToken(token)).execute();
}
