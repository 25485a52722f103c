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
  | 'timeline_broken'
  | 'registration_throttled'
  | 'registration_duplicate_id'
  | 'password_changed'
  | 'password_reset_requested'
  | 'password_reset'
  | 'second_factor_enrolled'
  | 'second_factor_reset_requested'
  | 'second_factor_reset'
  // Staff administration (人员管理)
  | 'staff_created'
  | 'staff_disabled'
  | 'staff_enabled'
  | 'staff_roles_changed'
  | 'administrator_appointed'
  // Catalogue (事项管理) settings: 四眼原则 on/off per region
  | 'catalogue_settings_changed';

export interface AuditEntry {
  kind: AuditKind;
  userId?: string | null;
  username?: string | null;
  ip?: string | null;
  /** The object acted on (e.g. 'user', 'item_version', 'calendar_year') and its id. */
  objectType?: string | null;
  objectId?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends a security audit event. Never records passwords, tokens or full personal numbers. */
export async function recordAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  const object = e.objectId ? { objectType: e.objectType ?? null, objectId: e.objectId } : {};
  await db
    .insertInto('audit_events')
    .values({
      kind: e.kind,
      user_id: e.userId ?? null,
      username: e.username ?? null,
      ip: e.ip ?? null,
      detail: JSON.stringify({ ...object, ...(e.detail ?? {}) }),
    })
    .execute();
}
