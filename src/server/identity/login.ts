import { sql, type Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.js';
import { DomainError } from '../errors.js';
import type { MessageSender } from '../adapters/messaging.js';
import { recordAudit } from './audit.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import { createSession, type CreatedSession, type SessionTimeouts } from './sessions.js';
import { LOGIN_PER_ADDRESS, overLimit } from './throttle.js';
import { verifySecondFactor } from './second-factor.js';
import { openField } from '../crypto/personal-data.js';

/** Account lockout: this many attempts in a window lock the account for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export interface LoginInput {
  username: string;
  password: string;
  /** A TOTP code or a recovery code, for accounts with a second factor. */
  totp?: string | undefined;
  ip: string | null;
  now: Date;
}

export interface LoginDeps {
  timeouts: SessionTimeouts;
  messages: MessageSender;
}

/**
 * Reserves one attempt on the account before any password is checked (finding 2): one UPDATE counts
 * the attempt and, at the MAX_FAILED_LOGINS-th, sets the lock, so however many requests run at once,
 * at most MAX_FAILED_LOGINS passwords are checked per lock window. Answers undefined when the account
 * is unknown, disabled or locked. A success clears the count; a failure needs no second write.
 */
export async function reserveAttempt(db: Kysely<Database>, username: string, now: Date): Promise<(UserRow & { slot: number }) | undefined> {
  const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  // An expired lock starts a new window at 1.
  const slot = sql<number>`case when users.locked_until is not null and users.locked_until <= ${now} then 1 else users.failed_logins + 1 end`;
  const row = await db
    .updateTable('users')
    .set({
      failed_logins: slot,
      locked_until: sql<Date | null>`case when ${slot} >= ${MAX_FAILED_LOGINS} then ${lockUntil}::timestamptz else null end`,
    })
    .where('username', '=', username)
    .where('disabled', '=', false)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returningAll()
    .executeTakeFirst();
  return row ? { ...row, slot: row.failed_logins } : undefined;
}

/**
 * Wrong password, unknown account, disabled account, locked account and a missing or wrong second
 * factor all get the same 401 after the same work (one scrypt), so the answer reveals nothing about
 * the account (finding 12). The owner learns of a lock by SMS; the audit log records the reason.
 */
export async function login(db: Kysely<Database>, input: LoginInput, deps: LoginDeps): Promise<{ user: UserRow; session: CreatedSession }> {
  const { username, password, ip, now } = input;
  if (ip && (await overLimit(db, LOGIN_PER_ADDRESS, ip, now))) {
    await recordAudit(db, { kind: 'login_throttled', username, ip });
    throw new DomainError('TOO_MANY_REQUESTS', { zh: '登录尝试过于频繁，请稍后再试', en: 'Too many login attempts; try again later' });
  }
  const user = await reserveAttempt(db, username, now);
  if (!user) {
    await verifyPassword(password, await dummyPasswordHash());
    const known = await db.selectFrom('users').select(['id', 'disabled']).where('username', '=', username).executeTakeFirst();
    const reason = !known ? 'unknown_account' : known.disabled ? 'disabled' : 'locked';
    await recordAudit(db, { kind: 'login_failed', userId: known?.id ?? null, username, ip, detail: { reason } });
    throw new DomainError('LOGIN_FAILED');
  }
  const passwordOk = await verifyPassword(password, user.password_hash);
  const secondFactor = passwordOk ? await verifySecondFactor(db, user, input.totp, now) : 'not_checked';
  if (!passwordOk || secondFactor === 'wrong' || secondFactor === 'missing') {
    const reason = !passwordOk ? 'wrong_password' : 'second_factor';
    await recordAudit(db, { kind: 'login_failed', userId: user.id, username, ip, detail: { reason, attempt: user.slot } });
    if (user.slot >= MAX_FAILED_LOGINS) await noticeLock(db, deps.messages, user, ip);
    throw new DomainError('LOGIN_FAILED');
  }
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
  const session = await createSession(db, user.id, ip, now, deps.timeouts);
  await recordAudit(db, { kind: 'login_succeeded', userId: user.id, username, ip, detail: secondFactor === 'recovery_code' ? { recoveryCodeUsed: true } : {} });
  return { user, session };
}

async function noticeLock(db: Kysely<Database>, messages: MessageSender, user: UserRow, ip: string | null): Promise<void> {
  await recordAudit(db, { kind: 'account_locked', userId: user.id, username: user.username, ip, detail: { minutes: LOCK_MINUTES } });
  const phone = openField('phone', user.phone);
  if (!phone) return;
  await messages.send({
    channel: 'sms',
    to: phone,
    body:
      `【通办】您的账号 ${user.username} 因连续${MAX_FAILED_LOGINS}次登录失败已锁定${LOCK_MINUTES}分钟。如非本人操作，请在解锁后通过“忘记密码”重设密码。` +
      ` Your account ${user.username} is locked for ${LOCK_MINUTES} minutes after ${MAX_FAILED_LOGINS} failed logins. If this was not you, reset your password.`,
  });
}
