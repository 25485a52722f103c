import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.js';
import { DomainError, type ErrorDetail } from '../errors.js';
import type { MessageSender } from '../adapters/messaging.js';
import { isValidCreditCode } from '../../core/codes/credit-code.js';
import { isValidIdNumber } from '../../core/codes/id-number.js';
import { recordAudit } from './audit.js';
import { hashPassword, passwordProblems } from './passwords.js';
import { overLimit, REGISTER_PER_ADDRESS, SMS_PER_PHONE } from './throttle.js';
import { CODE_TTL_MINUTES, consumeVerification, createVerification, newSmsCode } from './verification-codes.js';
import { idNumberIndexes, openField, sealUser } from '../crypto/personal-data.js';

export type RegisterInput =
  | { kind: 'natural_person'; username: string; password: string; name: string; idNumber: string; phone: string; email?: string | undefined }
  | {
      kind: 'legal_person';
      username: string;
      password: string;
      companyName: string;
      creditCode: string;
      legalRepresentative: string;
      phone: string;
      email?: string | undefined;
    };

/** What a pending registration keeps until its SMS code is confirmed (the password already hashed). */
type PendingRegistration = (RegisterInput extends infer T ? (T extends RegisterInput ? Omit<T, 'password'> : never) : never) & { passwordHash: string };

export interface RegistrationStarted {
  registrationId: string;
  expiresInSeconds: number;
}

const maskPhone = (p: string) => p.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2');

function inputProblems(input: RegisterInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const pw = passwordProblems(input.password, { username: input.username });
  if (pw) problems.push({ code: 'password', path: 'password', ...pw });
  if (input.kind === 'natural_person' && !isValidIdNumber(input.idNumber)) {
    problems.push({ code: 'idNumber', path: 'idNumber', zh: '身份证号码不正确（校验位或出生日期错误）', en: 'The ID number is not valid (check digit or birth date)' });
  }
  if (input.kind === 'legal_person' && !isValidCreditCode(input.creditCode)) {
    problems.push({ code: 'creditCode', path: 'creditCode', zh: '统一社会信用代码不正确（校验位错误）', en: 'The unified social credit code is not valid (check character)' });
  }
  return problems;
}

/**
 * Step 1 of registration: check the input, then send a 6-digit code to the phone. Whether the ID
 * number or credit code is already registered is NOT part of the answer (finding 12): the caller gets
 * the same 202 either way, and the SMS to the phone given says how to recover the existing account
 * instead of carrying a code. The username, a handle chosen here, is answered at once (ADR 0007).
 */
export async function startRegistration(
  db: Kysely<Database>,
  messages: MessageSender,
  input: RegisterInput,
  ip: string | null,
  now: Date,
): Promise<RegistrationStarted> {
  if (ip && (await overLimit(db, REGISTER_PER_ADDRESS, ip, now))) {
    await recordAudit(db, { kind: 'registration_throttled', ip });
    throw new DomainError('TOO_MANY_REQUESTS', { zh: '注册过于频繁，请稍后再试', en: 'Too many registrations from this address; try again later' });
  }
  const problems = inputProblems(input);
  if (problems.length) throw new DomainError('VALIDATION_FAILED', { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') }, problems);
  const usernameTaken = await db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (usernameTaken) {
    throw new DomainError('CONFLICT', { zh: '该用户名已被使用', en: 'This username is taken' }, [{ code: 'username', path: 'username', zh: '该用户名已被使用', en: 'This username is taken' }]);
  }
  if (await overLimit(db, SMS_PER_PHONE, input.phone, now)) {
    throw new DomainError('TOO_MANY_REQUESTS', { zh: '该手机号获取验证码过于频繁，请稍后再试', en: 'Too many codes sent to this phone; try again later' });
  }
  const existing = await db
    .selectFrom('users')
    .select(['id', 'username', 'phone', 'password_set_at'])
    // ID numbers are sealed at rest: found by their blind index (ADR 0011).
    .where((eb) => (input.kind === 'natural_person' ? eb('id_number_bidx', 'in', idNumberIndexes(input.idNumber)) : eb('credit_code', '=', input.creditCode)))
    .executeTakeFirst();
  const existingPhone = existing ? openField('phone', existing.phone) : null;
  const { password, ...rest } = input;
  const pending: PendingRegistration = { ...rest, passwordHash: await hashPassword(password) };
  const id = randomUUID();
  const code = existing ? null : newSmsCode();
  await createVerification(db, { id, purpose: 'register', userId: null, code, payload: existing ? null : { ...pending }, now });
  if (code) {
    await messages.send({
      channel: 'sms',
      to: input.phone,
      body: `【通办】注册验证码 ${code}，${CODE_TTL_MINUTES}分钟内有效，请勿告诉他人。 Your Tongban registration code is ${code} (valid ${CODE_TTL_MINUTES} minutes).`,
    });
  } else if (existing) {
    await messages.send({
      channel: 'sms',
      to: input.phone,
      body:
        existing.password_set_at === null
          ? // Registered at the window, never claimed: the way in is 认领账号 (ADR 0014).
            '【通办】该证件号码已在政务服务大厅登记账号，无需重复注册。请在登录页点击“认领账号”，验证码将发送至大厅登记的手机号码。' +
            ' The service hall already registered this ID; use "Claim your account" on the login page (the code goes to the phone the hall recorded).'
          : '【通办】该证件号码已注册通办账号，无需重复注册。如忘记用户名或密码，请在登录页点击“忘记密码”找回，或持证件到政务服务大厅办理。' +
            ' This ID is already registered with Tongban; use "Forgot password" on the login page or visit the service hall.',
    });
    // The existing account's owner learns that someone tried to register with their ID.
    if (existingPhone && existingPhone !== input.phone) {
      await messages.send({
        channel: 'sms',
        to: existingPhone,
        body: `【通办】有人使用您账号 ${existing.username} 的证件号码申请注册（手机 ${maskPhone(input.phone)}）。如非本人操作，请留意账号安全。 Someone tried to register with the ID of your account.`,
      });
    }
    await recordAudit(db, { kind: 'registration_duplicate_id', userId: existing.id, ip });
  }
  return { registrationId: id, expiresInSeconds: CODE_TTL_MINUTES * 60 };
}

/** Step 2: the code from the SMS creates the account. Every wrong, used or expired code gets CODE_INVALID. */
export async function confirmRegistration(db: Kysely<Database>, registrationId: string, code: string, ip: string | null, now: Date): Promise<UserRow> {
  const { payload } = await consumeVerification(db, registrationId, 'register', code, now);
  if (!payload) throw new DomainError('CODE_INVALID');
  const p = payload as unknown as PendingRegistration;
  const common = { username: p.username, password_hash: p.passwordHash, email: p.email ?? null };
  let row: UserRow;
  try {
    row = await db
      .insertInto('users')
      .values(
        p.kind === 'natural_person'
          ? { ...common, kind: 'natural_person', display_name: p.name, ...sealUser({ id_number: p.idNumber, phone: p.phone }) }
          : { ...common, kind: 'legal_person', display_name: p.companyName, credit_code: p.creditCode, ...sealUser({ legal_representative: p.legalRepresentative, phone: p.phone }) },
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    // Someone registered the same username or ID between the two steps (unique constraints).
    if ((err as { code?: string }).code === '23505') throw new DomainError('CONFLICT', { zh: '该用户名或证件已被注册', en: 'This username or ID has just been registered' });
    throw err;
  }
  await recordAudit(db, { kind: 'registered', userId: row.id, username: row.username, ip });
  return row;
}
