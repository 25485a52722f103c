import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/actor.js';
import { canApproveSecondFactorReset, canRequestSecondFactorReset } from '../policies/second-factor.js';
import { loadTarget } from '../org/staff-service.js';
import { recordAudit } from './audit.js';
import { clearSecondFactor } from './second-factor.js';

/** A staff member lost their phone: one admin asks for their second factor to be removed… */
export async function requestSecondFactorReset(db: Kysely<Database>, actor: Actor, targetUserId: string, ip: string | null, now: Date): Promise<{ id: string }> {
  const { target } = await loadTarget(db, targetUserId);
  if (!canRequestSecondFactorReset(actor, target)) throw new DomainError('FORBIDDEN');
  const row = await db
    .insertInto('second_factor_resets')
    .values({ target_user_id: targetUserId, requested_by: actor.userId, requested_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(db, { kind: 'second_factor_reset_requested', userId: actor.userId, ip, objectType: 'user', objectId: targetUserId, detail: { resetId: row.id } });
  return row;
}

/** …and a different admin approves: the factor is removed, the target's sessions end, and they enrol again at the next login. */
export async function approveSecondFactorReset(db: Kysely<Database>, actor: Actor, resetId: string, ip: string | null, now: Date): Promise<void> {
  const reset = await db.selectFrom('second_factor_resets').selectAll().where('id', '=', resetId).where('approved_by', 'is', null).executeTakeFirst();
  if (!reset) throw new DomainError('NOT_FOUND');
  const { target } = await loadTarget(db, reset.target_user_id);
  if (!canApproveSecondFactorReset(actor, target, reset.requested_by)) {
    throw new DomainError('FORBIDDEN', { zh: '重置动态验证码须由另一名有权限的管理员批准', en: 'A second factor reset needs the approval of another administrator who may manage this account' });
  }
  await db.transaction().execute(async (tx) => {
    const approved = await tx
      .updateTable('second_factor_resets')
      .set({ approved_by: actor.userId, approved_at: now })
      .where('id', '=', resetId)
      .where('approved_by', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!approved) throw new DomainError('CONFLICT');
    await clearSecondFactor(tx, reset.target_user_id);
    await tx.deleteFrom('sessions').where('user_id', '=', reset.target_user_id).execute();
  });
  await recordAudit(db, {
    kind: 'second_factor_reset',
    userId: actor.userId,
    ip,
    objectType: 'user',
    objectId: reset.target_user_id,
    detail: { resetId, requestedBy: reset.requested_by },
  });
}

/** Open reset requests the actor could approve. */
export async function listPendingSecondFactorResets(db: Kysely<Database>, actor: Actor) {
  const rows = await db
    .selectFrom('second_factor_resets as r')
    .innerJoin('users as t', 't.id', 'r.target_user_id')
    .innerJoin('users as q', 'q.id', 'r.requested_by')
    .select(['r.id', 'r.target_user_id', 't.username as target_username', 't.display_name as target_name', 'r.requested_by', 'q.display_name as requested_by_name', 'r.requested_at'])
    .where('r.approved_by', 'is', null)
    .orderBy('r.requested_at', 'desc')
    .limit(200)
    .execute();
  const out = [];
  for (const r of rows) {
    const { target } = await loadTarget(db, r.target_user_id);
    if (!canApproveSecondFactorReset(actor, target, r.requested_by)) continue;
    out.push({ id: r.id, userId: r.target_user_id, username: r.target_username, displayName: r.target_name, requestedBy: r.requested_by_name, requestedAt: r.requested_at });
  }
  return out;
}
