import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { secondFactorRequired } from '../policies/second-factor.js';
import { openTotpSecret, sealTotpSecret } from '../crypto/second-factor-secrets.js';

/**
 * Second factor for staff (等保2.0 level 3 双因素): TOTP (RFC 6238: SHA-1, 6 digits, 30 s steps, what
 * every authenticator app speaks) and single-use recovery codes. The server's clock is the app's
 * injected now(), so tests move it like every other clock.
 */
export const TOTP_ISSUER = 'Tongban 通办';
/** One step either side: a phone clock 30 s off still works (RFC 6238 §5.2 resynchronisation). */
const TOLERANCE_SECONDS = 30;
export const TOTP_PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

export interface SecondFactorStatus {
  enabled: boolean;
  required: boolean;
}

export function secondFactorStatus(user: Pick<UserRow, 'kind' | 'totp_enabled_at'>): SecondFactorStatus {
  return { enabled: user.totp_enabled_at !== null, required: secondFactorRequired(user.kind) };
}

export type SecondFactorResult = 'not_required' | 'totp' | 'recovery_code' | 'missing' | 'wrong';

const hashRecoveryCode = (code: string) => createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
const normaliseRecoveryCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

/** Checks the code a login sent; a TOTP step or a recovery code is accepted once only (no replay). */
export async function verifySecondFactor(db: Kysely<Database>, user: UserRow, code: string | undefined, now: Date): Promise<SecondFactorResult> {
  if (!user.totp_enabled_at || !user.totp_secret) return 'not_required';
  if (!code) return 'missing';
  const trimmed = code.replace(/\s/g, '');
  if (/^\d{6}$/.test(trimmed)) {
    // Sealed at rest (ADR 0014): opened only to verify.
    const step = await acceptTotp(db, user.id, openTotpSecret(user.totp_secret) ?? '', trimmed, now);
    return step === undefined ? 'wrong' : 'totp';
  }
  const used = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', user.id)
    .where('code_hash', '=', hashRecoveryCode(trimmed))
    .where('used_at', 'is', null)
    .returning('code_hash')
    .executeTakeFirst();
  return used ? 'recovery_code' : 'wrong';
}

/** Verifies a TOTP code and records its time step; a step already used is refused (RFC 6238 §5.2). */
async function acceptTotp(db: Kysely<Database>, userId: string, secret: string, token: string, now: Date): Promise<number | undefined> {
  const epoch = Math.floor(now.getTime() / 1000);
  const result = await verify({ secret, token, epoch, epochTolerance: TOLERANCE_SECONDS });
  if (!result.valid) return undefined;
  const step = Math.floor(epoch / TOTP_PERIOD_SECONDS) + result.delta;
  const inserted = await db
    .insertInto('totp_used_steps')
    .values({ user_id: userId, step: step })
    .onConflict((oc) => oc.doNothing())
    .returning('step')
    .executeTakeFirst();
  if (!inserted) return undefined;
  // Steps outside the tolerance can never be accepted again: forget them.
  await db.deleteFrom('totp_used_steps').where('user_id', '=', userId).where('step', '<', step - 4).execute();
  return step;
}

export interface Enrolment {
  secret: string;
  otpauthUri: string;
  /** The otpauth URI as an SVG QR code (a data: URL the page shows as an image). */
  qrCode: string;
}

/** Starts (or restarts) enrolment: a new secret kept as pending until a code from it is confirmed. */
export async function startEnrolment(db: Kysely<Database>, user: UserRow): Promise<Enrolment> {
  if (user.totp_enabled_at) throw new DomainError('CONFLICT', { zh: '已启用动态验证码；如需更换，请联系两名系统管理员重置', en: 'Two-factor is already on; ask two administrators to reset it to change it' });
  const secret = generateSecret();
  await db.updateTable('users').set({ totp_pending_secret: sealTotpSecret(secret) }).where('id', '=', user.id).execute();
  const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: user.username, secret });
  const svg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { secret, otpauthUri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** Confirms enrolment with a code from the new secret; answers the recovery codes, shown this once. */
export async function confirmEnrolment(db: Kysely<Database>, user: UserRow, code: string, now: Date): Promise<string[]> {
  if (user.totp_enabled_at) throw new DomainError('CONFLICT', { zh: '已启用动态验证码', en: 'Two-factor is already on' });
  const pending = openTotpSecret(user.totp_pending_secret);
  if (!pending || (await acceptTotp(db, user.id, pending, code, now)) === undefined) {
    throw new DomainError('VALIDATION_FAILED', { zh: '动态验证码不正确，请核对手机时间后重试', en: 'The code is not right; check the phone clock and try again' }, [
      { code: 'code', path: 'code', zh: '动态验证码不正确', en: 'The code is not right' },
    ]);
  }
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode());
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ totp_secret: sealTotpSecret(pending), totp_pending_secret: null, totp_enabled_at: now })
      .where('id', '=', user.id)
      .where('totp_enabled_at', 'is', null)
      .execute();
    await tx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
    await tx.insertInto('recovery_codes').values(codes.map((c) => ({ user_id: user.id, code_hash: hashRecoveryCode(c) }))).execute();
  });
  return codes;
}

/** 10 base32 characters (50 bits) shown as XXXXX-XXXXX; stored as SHA-256 (they are random, not chosen). */
function newRecoveryCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(10);
  const chars = Array.from(bytes, (b) => alphabet[b % 32]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Removes a second factor (after two admins agreed): the account enrols again at its next login. */
export async function clearSecondFactor(db: Kysely<Database>, userId: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null }).where('id', '=', userId).execute();
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('totp_used_steps').where('user_id', '=', userId).execute();
}
