import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { isValidCreditCode } from '../../core/codes/credit-code.js';
import { isValidIdNumber } from '../../core/codes/id-number.js';
import { recordAudit } from './audit.js';
import { dummyPasswordHash, hashPassword, passwordProblems, verifyPassword } from './passwords.js';
import { createSession, type CreatedSession, type SessionTimeouts } from './sessions.js';

/** Account lockout: this many consecutive failures lock the account for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Throttle per source address: at most this many attempts per window. */
export const IP_ATTEMPTS_PER_WINDOW = 30;
export const IP_WINDOW_MINUTES = 10;

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  now: Date;
}

async function throttleByIp(db: Kysely<Database>, ip: string, now: Date): Promise<boolean> {
  const windowStartMin = new Date(now.getTime() - IP_WINDOW_MINUTES * 60_000);
  const row = await db.selectFrom('login_attempts').selectAll().where('ip', '=', ip).executeTakeFirst();
  if (!row || new Date(row.window_start) < windowStartMin) {
    await db
      .insertInto('login_attempts')
      .values({ ip, window_start: now, count: 1 })
      .onConflict((oc) => oc.column('ip').doUpdateSet({ window_start: now, count: 1 }))
      .execute();
    return false;
  }
  const updated = await db
    .updateTable('login_attempts')
    .set((eb) => ({ count: eb('count', '+', 1) }))
    .where('ip', '=', ip)
    .returning('count')
    .executeTakeFirstOrThrow();
  return updated.count > IP_ATTEMPTS_PER_WINDOW;
}

export async function login(
  db: Kysely<Database>,
  input: LoginInput,
  timeouts: SessionTimeouts,
): Promise<{ user: UserRow; session: CreatedSession }> {
  const { username, password, ip, now } = input;
  if (ip && (await throttleByIp(db, ip, now))) {
    await recordAudit(db, { kind: 'login_throttled', username, ip });
    throw new DomainError('TOO_MANY_REQUESTS', { zh: '登录尝试过于频繁，请稍后再试', en: 'Too many login attempts; try again later' });
  }
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user || user.disabled) {
    await verifyPassword(password, await dummyPasswordHash());
    await recordAudit(db, { kind: 'login_failed', username, ip, detail: { reason: user ? 'disabled' : 'unknown_account' } });
    throw new DomainError('LOGIN_FAILED');
  }
  if (user.locked_until && new Date(user.locked_until) > now) {
    await recordAudit(db, { kind: 'login_failed', userId: user.id, username, ip, detail: { reason: 'locked' } });
    throw new DomainError('ACCOUNT_LOCKED');
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    const failures = user.failed_logins + 1;
    const lock = failures >= MAX_FAILED_LOGINS;
    await db
      .updateTable('users')
      .set({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(db, { kind: lock ? 'account_locked' : 'login_failed', userId: user.id, username, ip, detail: { failures } });
    if (lock) throw new DomainError('ACCOUNT_LOCKED');
    throw new DomainError('LOGIN_FAILED');
  }
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
  const session = await createSession(db, user.id, ip, now, timeouts);
  await recordAudit(db, { kind: 'login_succeeded', userId: user.id, username, ip });
  return { user, session };
}

export type RegisterInput =
  | {
      kind: 'natural_person';
      username: string;
      password: string;
      name: string;
      idNumber: string;
      phone: string;
      email?: string | undefined;
    }
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

export async function register(db: Kysely<Database>, input: RegisterInput, ip: string | null): Promise<UserRow> {
  const problems = [];
  const pw = passwordProblems(input.password);
  if (pw) problems.push({ code: 'password', path: 'password', ...pw });
  if (input.kind === 'natural_person' && !isValidIdNumber(input.idNumber)) {
    problems.push({ code: 'idNumber', path: 'idNumber', zh: '身份证号码不正确（校验位或出生日期错误）', en: 'The ID number is not valid (check digit or birth date)' });
  }
  if (input.kind === 'legal_person' && !isValidCreditCode(input.creditCode)) {
    problems.push({ code: 'creditCode', path: 'creditCode', zh: '统一社会信用代码不正确（校验位错误）', en: 'The unified social credit code is not valid (check character)' });
  }
  if (problems.length) throw new DomainError('VALIDATION_FAILED', { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') }, problems);

  const taken = await db
    .selectFrom('users')
    .select(['username', 'id_number', 'credit_code'])
    .where((eb) =>
      eb.or([
        eb('username', '=', input.username),
        ...(input.kind === 'natural_person' ? [eb('id_number', '=', input.idNumber)] : [eb('credit_code', '=', input.creditCode)]),
      ]),
    )
    .executeTakeFirst();
  if (taken) {
    const which = taken.username === input.username ? { zh: '该用户名已被使用', en: 'This username is taken' } : { zh: '该证件号码已注册', en: 'This ID is already registered' };
    throw new DomainError('CONFLICT', which);
  }
  const password_hash = await hashPassword(input.password);
  const row = await db
    .insertInto('users')
    .values(
      input.kind === 'natural_person'
        ? { kind: 'natural_person', username: input.username, password_hash, display_name: input.name, id_number: input.idNumber, phone: input.phone, email: input.email ?? null }
        : {
            kind: 'legal_person',
            username: input.username,
            password_hash,
            display_name: input.companyName,
            credit_code: input.creditCode,
            legal_representative: input.legalRepresentative,
            phone: input.phone,
            email: input.email ?? null,
          },
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(db, { kind: 'registered', userId: row.id, username: row.username, ip });
  return row;
}
