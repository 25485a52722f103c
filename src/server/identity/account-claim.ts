import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import type { MessageSender } from '../adapters/messaging.js';
import { isValidCreditCode } from '../../core/codes/credit-code.js';
import { isValidIdNumber } from '../../core/codes/id-number.js';
import { idNumberIndexes, openField } from '../crypto/personal-data.js';
import { recordAudit } from './audit.js';
import { hashPassword, passwordProblems } from './passwords.js';
import { presentUser } from './presenters.js';
import { SmsCode } from './schemas.js';
import { overLimit, SMS_PER_PHONE, type ThrottleRule } from './throttle.js';
import { CODE_TTL_MINUTES, consumeVerification, createVerification, newSmsCode } from './verification-codes.js';

/**
 * 认领账号 (ADR 0014): an applicant registered at the window (the clerk's applicant look-up made the
 * account, with a random password nobody knows) takes it over online. Step 1, the ID number or credit
 * code: the phone ON RECORD gets a code — the caller learns nothing about whether the number is known
 * (the same 202 either way). Step 2, the code with a username and a password (the policy of ADR 0007).
 * An account whose password was already chosen online is not claimable: that is 忘记密码.
 */
export const CLAIM_PER_ADDRESS: ThrottleRule = { name: 'claim-ip', limit: 10, windowMinutes: 60 };

export type ClaimInput = { idNumber: string } | { creditCode: string };

export interface ClaimStarted {
  claimId: string;
  expiresInSeconds: number;
}

export async function startAccountClaim(db: Kysely<Database>, messages: MessageSender, input: ClaimInput, ip: string | null, now: Date): Promise<ClaimStarted> {
  if (ip && (await overLimit(db, CLAIM_PER_ADDRESS, ip, now))) {
    throw new DomainError('TOO_MANY_REQUESTS', { zh: '认领账号请求过于频繁，请稍后再试', en: 'Too many account claims from this address; try again later' });
  }
  const isPerson = 'idNumber' in input;
  if (isPerson ? !isValidIdNumber(input.idNumber.toUpperCase()) : !isValidCreditCode(input.creditCode)) {
    const problem = isPerson
      ? { code: 'idNumber', path: 'idNumber', zh: '身份证号码不正确（校验位或出生日期错误）', en: 'The ID number is not valid (check digit or birth date)' }
      : { code: 'creditCode', path: 'creditCode', zh: '统一社会信用代码不正确（校验位错误）', en: 'The unified social credit code is not valid (check character)' };
    throw new DomainError('VALIDATION_FAILED', { zh: problem.zh, en: problem.en }, [problem]);
  }
  const account = await db
    .selectFrom('users')
    .select(['id', 'username', 'phone', 'password_set_at', 'disabled'])
    .where('kind', 'in', ['natural_person', 'legal_person'])
    // ID numbers are sealed at rest: found by their blind index (ADR 0011).
    .where((eb) => (isPerson ? eb('id_number_bidx', 'in', idNumberIndexes(input.idNumber)) : eb('credit_code', '=', input.creditCode)))
    .executeTakeFirst();
  const phone = account && !account.disabled ? openField('phone', account.phone) : null;
  // Over the per-phone limit: no SMS, and still the same answer (a 429 would tell the number is known).
  const mayText = phone !== null && !(await overLimit(db, SMS_PER_PHONE, phone, now));
  const claimable = account !== undefined && account.password_set_at === null && mayText;
  const claimId = randomUUID();
  const code = claimable ? newSmsCode() : null;
  await createVerification(db, { id: claimId, purpose: 'account_claim', userId: claimable ? account.id : null, code, payload: null, now });
  await recordAudit(db, {
    kind: 'account_claim_requested',
    userId: account?.id ?? null,
    ip,
    at: now,
    detail: { matched: Boolean(account), claimable, passwordAlreadySet: Boolean(account?.password_set_at) },
  });
  if (code && phone) {
    await messages.send({
      channel: 'sms',
      to: phone,
      body: `【通办】认领账号验证码 ${code}，${CODE_TTL_MINUTES}分钟内有效，请勿告诉他人。 Your Tongban account claim code is ${code} (valid ${CODE_TTL_MINUTES} minutes).`,
    });
  } else if (account && account.password_set_at !== null && phone && mayText) {
    // The owner (only the owner's phone) learns the account is already theirs and how to get back in.
    await messages.send({
      channel: 'sms',
      to: phone,
      body:
        `【通办】您的证件已有通办账号 ${account.username}，无需认领。如忘记密码，请在登录页点击“忘记密码”。如非本人操作，请忽略。` +
        ` Your ID already has the Tongban account ${account.username}; use "Forgot password" if needed.`,
    });
  }
  return { claimId, expiresInSeconds: CODE_TTL_MINUTES * 60 };
}

export async function confirmAccountClaim(
  db: Kysely<Database>,
  messages: MessageSender,
  input: { claimId: string; code: string; username: string; password: string; ip: string | null; now: Date },
) {
  // Checked before the code is spent: a weak password or a taken name costs the person no try.
  const weak = passwordProblems(input.password, { username: input.username });
  if (weak) throw new DomainError('VALIDATION_FAILED', weak, [{ code: 'password', path: 'password', ...weak }]);
  const taken = { zh: '该用户名已被使用', en: 'This username is taken' };
  const usernameTaken = await db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (usernameTaken) throw new DomainError('CONFLICT', taken, [{ code: 'username', path: 'username', ...taken }]);
  const { userId } = await consumeVerification(db, input.claimId, 'account_claim', input.code, input.now);
  if (!userId) throw new DomainError('CODE_INVALID');
  const passwordHash = await hashPassword(input.password);
  let user;
  try {
    user = await db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('users')
        .set({ username: input.username, password_hash: passwordHash, password_set_at: input.now, failed_logins: 0, locked_until: null })
        .where('id', '=', userId)
        // Claimed once: a second claim (or a race with another) finds nothing to update.
        .where('password_set_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new DomainError('CODE_INVALID');
      await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      await recordAudit(tx, { kind: 'account_claimed', userId, username: input.username, ip: input.ip, at: input.now });
      return row;
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new DomainError('CONFLICT', taken, [{ code: 'username', path: 'username', ...taken }]);
    throw err;
  }
  const phone = openField('phone', user.phone);
  if (phone) {
    await messages.send({
      channel: 'sms',
      to: phone,
      body: `【通办】您已认领通办账号，用户名 ${user.username}。如非本人操作，请立即到政务服务大厅处理。 Your Tongban account was claimed as ${user.username}.`,
    });
  }
  return user;
}

const IdNumberField = Type.String({ pattern: '^\\d{17}[\\dXx]$', title: '身份证号码 ID number' });
const CreditCodeField = Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', title: '统一社会信用代码 Unified social credit code' });
const ClaimBody = Type.Union([
  Type.Object({ idNumber: IdNumberField }, { additionalProperties: false }),
  Type.Object({ creditCode: CreditCodeField }, { additionalProperties: false }),
]);
const ClaimConfirmBody = Type.Object(
  {
    claimId: Type.String({ format: 'uuid' }),
    code: SmsCode,
    username: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{3,31}$', title: '用户名 Username', description: '4–32 characters, starting with a letter' }),
    password: Type.String({ minLength: 1, maxLength: 128, title: '密码 Password', description: 'At least 12 characters, not a common password, not containing the username' }),
  },
  { additionalProperties: false },
);

export function accountClaimRoutes(app: App, deps: { now: () => Date; messages: MessageSender }): void {
  app.post(
    '/api/auth/claim',
    {
      schema: {
        tags: ['identity'],
        summary: '认领账号（第一步） Claim an account registered at the window, step 1: SMS code to the phone on record',
        description: 'Answers 202 with a claim id whether or not the number belongs to a claimable account; only the phone on record gets a code.',
        body: ClaimBody,
      },
      config: { permission: 'public', csrfExempt: true },
    },
    async (req, reply) => {
      const started = await startAccountClaim(app.db, deps.messages, req.body, req.ip, deps.now());
      reply.status(202);
      return started;
    },
  );

  app.post(
    '/api/auth/claim/confirm',
    {
      schema: { tags: ['identity'], summary: '认领账号（第二步） Claim an account, step 2: the SMS code, a username and a password', body: ClaimConfirmBody },
      config: { permission: 'public', csrfExempt: true },
    },
    async (req) => {
      const user = await confirmAccountClaim(app.db, deps.messages, { ...req.body, ip: req.ip, now: deps.now() });
      return { user: presentUser(user, { full: true }) };
    },
  );
}
