import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type AuditKind =
  | 'login_succeeded'
  | 'login_failed'
  | 'login_throttled'
  | 'account_locked'
  | 'logout'
  | 'registered'
  | 'access_denied'
  | 'personal_data_viewed'
  | 'timeline_broken';

/** Appends a security audit event. Never records passwords, tokens or full personal numbers. */
export async function recordAudit(
  db: Kysely<Database>,
  e: { kind: AuditKind; userId?: string | null; username?: string | null; ip?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      kind: e.kind,
      user_id: e.userId ?? null,
      username: e.username ?? null,
      ip: e.ip ?? null,
      detail: JSON.stringify(e.detail ?? {}),
    })
    .execute();
}
