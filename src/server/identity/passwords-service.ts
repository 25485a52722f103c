import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DomainError } from '../errors.js';
import type { MessageSender } from '../adapters/messaging.js';
import { recordAudit } from './audit.js';
import { openField } from '../crypto/personal-data.js';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.js';
import { reserveAttempt } from './login.js';
import { overLimit, RESET_PER_ACCOUNT, RESET_PER_ADDRESS, SMS_PER_PHONE } from './throttle.js';
import { CODE_TTL_MINUTES, consumeVerification, createVerification, newSmsCode } from './verification-codes.js';

function checkNewPassword(password: string, username: string | undefined): void {
  const problem = passwordProblems(password, { username });
  if (problem) throw new DomainError('VALIDATION_FAILED', problem, [{ code: 'newPassword', path: 'newPassword', ...problem }]);
}

/**
 * 修改密码: the current password (a wrong one counts towards the lockout like a failed login) and a new
 * one that meets the policy; every other session of the account ends (ASVS V7.4.3).
 */
export async function changePassword(
  db: Kysely<Database>,
  messages: MessageSender,
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string; ip: string | null; now: Date },
): Promise<void> {
  const user = await db.selectFrom('users').select(['username']).where('id', '=', input.userId).executeTakeFirstOrThrow();
  const reserved = await reserveAttempt(db, user.username, input.now);
  if (!reserved || !(await verifyPassword(input.currentPassword, reserved.password_hash))) {
    await recordAudit(db, { kind: 'login_failed', userId: input.userId, username: user.username, ip: input.ip, detail: { reason: 'wrong_password', during: 'password_change' } });
    const wrong = { zh: '当前密码不正确', en: 'The current password is not right' };
    throw new DomainError('VALIDATION_FAILED', wrong, [{ code: 'currentPassword', path: 'currentPassword', ...wrong }]);
  }
  checkNewPassword(input.newPassword, user.username);
  if (input.newPassword === input.currentPassword) {
    const same = { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' };
    throw new DomainError('VALIDATION_FAILED', same, [{ code: 'newPassword', path: 'newPassword', ...same }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null }).where('id', '=', input.userId).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', input.userId).where('id', '<>', input.sessionId).execute();
  });
  await recordAudit(db, { kind: 'password_changed', userId: input.userId, username: user.username, ip: input.ip });
  const phone = openField('phone', reserved.phone);
  if (phone) {
    await messages.send({ channel: 'sms', to: phone, body: '【通办】您的账号密码已修改。如非本人操作，请立即通过“忘记密码”重设。 Your Tongban password was changed.' });
  }
}

/**
 * 忘记密码, step 1: the account name and the phone on the account. The answer is the same whether or not
 * they match an account (a reset id either way); only a matching account's phone gets a code.
 */
export async function startPasswordReset(
  db: Kysely<Database>,
  messages: MessageSender,
  input: { username: string; phone: string; ip: string | null; now: Date },
): Promise<{ resetId: string; expiresInSeconds: number }> {
  const { username, phone, ip, now } = input;
  const throttled =
    (ip !== null && (await overLimit(db, RESET_PER_ADDRESS, ip, now))) ||
    (await overLimit(db, RESET_PER_ACCOUNT, username.toLowerCase(), now)) ||
    (await overLimit(db, SMS_PER_PHONE, phone, now));
  if (throttled) throw new DomainError('TOO_MANY_REQUESTS', { zh: '找回密码请求过于频繁，请稍后再试', en: 'Too many password reset requests; try again later' });
  // Phones are sealed at rest: the account is found by name, then its phone compared.
  const account = await db.selectFrom('users').select(['id', 'phone']).where('username', '=', username).where('disabled', '=', false).executeTakeFirst();
  const user = account && openField('phone', account.phone) === phone ? account : undefined;
  const resetId = randomUUID();
  const code = user ? newSmsCode() : null;
  await createVerification(db, { id: resetId, purpose: 'password_reset', userId: user?.id ?? null, code, payload: null, now });
  await recordAudit(db, { kind: 'password_reset_requested', userId: user?.id ?? null, username, ip, detail: { matched: Boolean(user) } });
  if (code) {
    await messages.send({
      channel: 'sms',
      to: phone,
      body: `【通办】重设密码验证码 ${code}，${CODE_TTL_MINUTES}分钟内有效。如非本人操作，请忽略。 Your Tongban password reset code is ${code}.`,
    });
  }
  return { resetId, expiresInSeconds: CODE_TTL_MINUTES * 60 };
}

/** 忘记密码, step 2: the SMS code and a new password; unlocks the account and ends all its sessions. */
export async function confirmPasswordReset(
  db: Kysely<Database>,
  messages: MessageSender,
  input: { resetId: string; code: string; newPassword: string; ip: string | null; now: Date },
): Promise<void> {
  const pending = await db
    .selectFrom('verification_codes')
    .leftJoin('users', 'users.id', 'verification_codes.user_id')
    .select(['users.username'])
    .where('verification_codes.id', '=', input.resetId)
    .where('purpose', '=', 'password_reset')
    .executeTakeFirst();
  checkNewPassword(input.newPassword, pending?.username ?? undefined);
  const { userId } = await consumeVerification(db, input.resetId, 'password_reset', input.code, input.now);
  if (!userId) throw new DomainError('CODE_INVALID');
  const passwordHash = await hashPassword(input.newPassword);
  const user = await db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('users')
      .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
      .where('id', '=', userId)
      .returning(['username', 'phone'])
      .executeTakeFirstOrThrow();
    await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    return row;
  });
  await recordAudit(db, { kind: 'password_reset', userId, username: user.username, ip: input.ip });
  const phone = openField('phone', user.phone);
  if (phone) await messages.send({ channel: 'sms', to: phone, body: '【通办】您的账号密码已通过短信验证码重设。 Your Tongban password was reset.' });
}
