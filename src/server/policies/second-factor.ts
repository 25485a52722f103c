import type { UserKind } from '../db/schema.js';
import type { Actor } from './actor.js';
import { coversAccount, type StaffTarget } from './staff.js';

/**
 * Second factor (等保2.0 level 3: 双因素认证 for administrators and staff of an important system).
 * Every staff account needs one; applicants may add one. A staff session without a second factor
 * reaches only the enrolment routes (and log-out) until it enrols.
 */
export function secondFactorRequired(kind: UserKind): boolean {
  return kind === 'staff';
}

/**
 * Resetting someone's second factor is account administration: the requester and the approver must
 * each cover the target account (its org and every grant it holds), neither may be the target, and
 * the approver is never the requester (四眼原则).
 */
export function canRequestSecondFactorReset(actor: Actor, target: StaffTarget): boolean {
  return coversAccount(actor, 'account', target);
}

export function canApproveSecondFactorReset(actor: Actor, target: StaffTarget, requestedBy: string): boolean {
  return actor.userId !== requestedBy && coversAccount(actor, 'account', target);
}
