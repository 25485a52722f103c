import { sql, type Kysely } from 'kysely';
import { chainAuditEntry } from '../../core/audit/chain.js';
import { sm3Hex } from '../cases/timeline-hash.js';
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
  // 认领账号: an account registered at the window claimed online (ADR 0014)
  | 'account_claim_requested'
  | 'account_claimed'
  // 自助终端: a kiosk session opened by ID number and SMS code (ADR 0036)
  | 'kiosk_session_started'
  // Staff administration (人员管理)
  | 'staff_created'
  | 'staff_disabled'
  | 'staff_enabled'
  | 'staff_roles_changed'
  | 'administrator_appointed'
  // Organisation editing (机构与窗口, ADR 0014)
  | 'org_updated'
  | 'window_created'
  | 'window_updated'
  // 电子证照: a department's signing key rotated (ADR 0021)
  | 'signing_key_rotated'
  // 证照类型 in the catalogue: proposed, applied by a second administrator, or rejected (ADR 0039)
  | 'licence_type_proposed'
  | 'licence_type_applied'
  | 'licence_type_rejected'
  | 'window_clerk_assigned'
  // The service hall's settings (issue 13, ADR 0023)
  | 'hall_category_saved'
  | 'hall_rules_saved'
  // 经办人: an enterprise grants or revokes an agent's power to act for it (ADR 0037)
  | 'agent_registered'
  | 'agent_revoked'
  // Catalogue (事项管理) settings: 四眼原则 on/off per region
  | 'catalogue_settings_changed'
  // The audit administrator's own work (recorded; shown to other audit administrators, never to itself)
  | 'audit_searched'
  | 'audit_exported'
  | 'audit_verified'
  // 数据使用记录 exported for an audit (issue 11)
  | 'data_access_exported'
  // Configuration and catalogue administration, recorded by the admin-action hook (src/server/audit/admin-actions.ts)
  | 'calendar_year_saved'
  | 'catalogue_impl_created'
  | 'catalogue_draft_created'
  | 'catalogue_draft_saved'
  | 'catalogue_submitted'
  | 'catalogue_published'
  | 'catalogue_rejected'
  | 'catalogue_retired'
  | 'catalogue_imported'
  | 'catalogue_exported'
  | 'catalogue_synonyms_saved'
  // 好差评 / 咨询投诉 deadlines per region (issue 12)
  | 'accountability_settings_saved'
  // 电子监察 card thresholds and rule limits per region (ADR 0031), with the values before and after
  | 'supervision_settings_saved'
  // Data protection and resilience (ADR 0011), from the operator's console
  | 'data_key_rotated'
  | 'backup_created'
  | 'backup_restored';

export interface AuditEntry {
  kind: AuditKind;
  userId?: string | null;
  username?: string | null;
  ip?: string | null;
  /** The object acted on (e.g. 'user', 'item_version', 'calendar_year') and its id. */
  objectType?: string | null;
  objectId?: string | null;
  detail?: Record<string, unknown>;
  /** When it happened (the app's clock); now by default. */
  at?: Date;
}

/**
 * Appends a security audit entry to the SM3 hash chain (ADR 0010). Never records passwords, tokens or
 * full personal numbers. The chain head row is locked for the append, so concurrent appends — from any
 * worker — queue there and form one chain; inside a caller's transaction the entry commits (or rolls
 * back) with the change it records.
 */
export async function recordAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  const append = async (tx: Kysely<Database>) => {
    const head = await tx.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
    const entry = chainAuditEntry(
      { seq: Number(head.seq), hash: head.hash },
      {
        at: (e.at ?? new Date()).toISOString(),
        kind: e.kind,
        userId: e.userId ?? null,
        username: e.username ?? null,
        ip: e.ip ?? null,
        objectType: e.objectType ?? null,
        objectId: e.objectId ?? null,
        detail: e.detail ?? {},
      },
      sm3Hex,
    );
    // One statement writes the entry and moves the head.
    await tx
      .with('h', (q) => q.updateTable('audit_chain_head').set({ seq: entry.seq, hash: entry.hash }).where('id', '=', 1).returning('seq'))
      .insertInto('audit_events')
      .columns(['seq', 'at', 'kind', 'user_id', 'username', 'ip', 'object_type', 'object_id', 'detail', 'prev_hash', 'hash'])
      .expression((eb) =>
        eb
          .selectFrom('h')
          .select([
            'h.seq',
            sql<Date>`${entry.at}::timestamptz`.as('at'),
            sql<string>`${entry.kind}`.as('kind'),
            sql<string | null>`${entry.userId}::uuid`.as('user_id'),
            sql<string | null>`${entry.username}::text`.as('username'),
            sql<string | null>`${entry.ip}::text`.as('ip'),
            sql<string | null>`${entry.objectType}::text`.as('object_type'),
            sql<string | null>`${entry.objectId}::text`.as('object_id'),
            sql<string>`${JSON.stringify(entry.detail)}::jsonb`.as('detail'),
            sql<string>`${entry.prevHash}`.as('prev_hash'),
            sql<string>`${entry.hash}`.as('hash'),
          ]),
      )
      .execute();
  };
  if (db.isTransaction) await append(db);
  else await db.transaction().execute(append);
}
