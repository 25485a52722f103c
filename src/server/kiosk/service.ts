import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DomainError } from '../errors.js';
import type { MessageSender } from '../adapters/messaging.js';
import { idNumberIndexes, openField } from '../crypto/personal-data.js';
import { recordAudit } from '../identity/audit.js';
import { overLimit, SMS_PER_PHONE, type ThrottleRule } from '../identity/throttle.js';
import { consumeVerification, createVerification, newSmsCode } from '../identity/verification-codes.js';
import { STATE_LABELS } from '../cases/labels.js';
import { isValidIdNumber, normalizeIdNumber } from '../../core/codes/id-number.js';
import { isValidCreditCode, normalizeCreditCode } from '../../core/codes/credit-code.js';
import { maskName } from '../../core/ratings/rules.js';
import { availableNotices, KIOSK_CODE_TTL_MINUTES, NOTICE_NAMES } from '../../core/kiosk/index.js';
import type { CaseSnapshot, CaseState } from '../../core/cases/types.js';
import { createKioskSession } from './sessions.js';

/**
 * 自助终端 identity (ADR 0036, ADR 0040): the ID number — or an enterprise's credit code — typed on the
 * kiosk's pad, then a one-time code sent to the phone ON RECORD (the enterprise account's registered phone). The first step answers the same whether or not the number is known (nothing to
 * enumerate at a public terminal); the code is 6 digits, valid KIOSK_CODE_TTL_MINUTES, 5 tries, used
 * once, stored only as a hash (verification_codes). Throttled per kiosk address, per ID number and per phone.
 */
/** Codes asked for per kiosk address: a busy hall's terminal serves a person a minute at most. */
export const KIOSK_CODES_PER_ADDRESS: ThrottleRule = { name: 'kiosk-code-ip', limit: 60, windowMinutes: 10 };
/** Codes asked for one ID number: a person needs one, maybe two. */
export const KIOSK_CODES_PER_ID: ThrottleRule = { name: 'kiosk-code-id', limit: 3, windowMinutes: 30, personal: true };
/** Code confirmations per kiosk address (each code also dies after 5 wrong tries). */
export const KIOSK_CONFIRMS_PER_ADDRESS: ThrottleRule = { name: 'kiosk-confirm-ip', limit: 60, windowMinutes: 10 };

const tooMany = () => new DomainError('TOO_MANY_REQUESTS', { zh: '操作过于频繁，请稍后再试或到窗口咨询', en: 'Too many attempts; try again later or ask at a window' });

/** Who steps up: a natural person by ID number, or an enterprise (legal person) by its unified social credit code. */
export type KioskIdentityClaim = { idNumber: string } | { creditCode: string };

const invalid = (path: string, zh: string, en: string) => new DomainError('VALIDATION_FAILED', { zh, en }, [{ code: path, path, zh, en }]);

export async function startKioskIdentity(db: Kysely<Database>, messages: MessageSender, claim: KioskIdentityClaim, ip: string | null, now: Date): Promise<{ challengeId: string; expiresInSeconds: number }> {
  const enterprise = 'creditCode' in claim;
  const key = enterprise ? normalizeCreditCode(claim.creditCode) : normalizeIdNumber(claim.idNumber);
  if (enterprise && !isValidCreditCode(key)) throw invalid('creditCode', '统一社会信用代码不正确（格式或校验位错误）', 'The unified social credit code is not valid (format or check character)');
  if (!enterprise && !isValidIdNumber(key)) throw invalid('idNumber', '身份证号码不正确（校验位或出生日期错误）', 'The ID number is not valid (check digit or birth date)');
  if (ip && (await overLimit(db, KIOSK_CODES_PER_ADDRESS, ip, now))) throw tooMany();
  // Per ID number or credit code: answered the same for a known and an unknown one, so it tells nothing either.
  if (await overLimit(db, KIOSK_CODES_PER_ID, key, now)) throw tooMany();
  const person = enterprise
    ? await db.selectFrom('users').select(['id', 'phone', 'disabled']).where('kind', '=', 'legal_person').where('credit_code', '=', key).executeTakeFirst()
    : await db
        .selectFrom('users')
        .select(['id', 'phone', 'disabled'])
        .where('kind', '=', 'natural_person')
        // ID numbers are sealed at rest: found by their blind index (ADR 0011).
        .where('id_number_bidx', 'in', idNumberIndexes(key))
        .executeTakeFirst();
  const phone = person && !person.disabled ? openField('phone', person.phone) : null;
  const mayText = phone !== null && !(await overLimit(db, SMS_PER_PHONE, phone, now));
  const challengeId = randomUUID();
  const code = mayText ? newSmsCode() : null;
  await createVerification(db, { id: challengeId, purpose: 'kiosk_login', userId: mayText && person ? person.id : null, code, payload: null, now, ttlMinutes: KIOSK_CODE_TTL_MINUTES });
  if (code && phone) {
    await messages.send({
      channel: 'sms',
      to: phone,
      body: enterprise
        ? `【通办】贵单位正在自助终端验证身份，验证码 ${code}，${KIOSK_CODE_TTL_MINUTES}分钟内有效，仅限本次使用，请勿告诉他人。 Your enterprise's Tongban kiosk code is ${code} (valid ${KIOSK_CODE_TTL_MINUTES} minutes, once).`
        : `【通办】自助终端验证码 ${code}，${KIOSK_CODE_TTL_MINUTES}分钟内有效，仅限本次使用，请勿告诉他人。 Your Tongban kiosk code is ${code} (valid ${KIOSK_CODE_TTL_MINUTES} minutes, once).`,
    });
  }
  return { challengeId, expiresInSeconds: KIOSK_CODE_TTL_MINUTES * 60 };
}

/** The code typed at the kiosk: spends one try; right, it is consumed and a short kiosk session begins. */
export async function confirmKioskIdentity(db: Kysely<Database>, input: { challengeId: string; code: string; ip: string | null; now: Date }) {
  if (input.ip && (await overLimit(db, KIOSK_CONFIRMS_PER_ADDRESS, input.ip, input.now))) throw tooMany();
  const { userId } = await consumeVerification(db, input.challengeId, 'kiosk_login', input.code, input.now);
  if (!userId) throw new DomainError('CODE_INVALID');
  const user = await db.selectFrom('users').select(['id', 'kind', 'display_name', 'disabled']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (user.disabled) throw new DomainError('CODE_INVALID');
  const session = await createKioskSession(db, user.id, input.ip, input.now);
  await recordAudit(db, { kind: 'kiosk_session_started', userId: user.id, ip: input.ip, at: input.now });
  return { ...session, name: kioskDisplayName(user.kind, user.display_name), kind: user.kind };
}

/** A person's name is masked on the kiosk's screen (张*); an enterprise's name is public (企业信用信息公示). */
export function kioskDisplayName(kind: string, displayName: string): string {
  return kind === 'legal_person' ? displayName : maskName(displayName);
}

interface PublicEntry {
  seq: number;
  at: string;
  action: string;
  labelZh: string;
  labelEn: string;
}

/** The applicant's own cases as the kiosk shows them: progress milestones and the notices there are to print. */
export async function kioskCases(db: Kysely<Database>, userId: string) {
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'case_no', 'title', 'public_title', 'state', 'accepted_on', 'due_date', 'submitted_at', 'public_timeline', 'snapshot'])
    .where('applicant_id', '=', userId)
    .where('state', '!=', 'draft')
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  return {
    cases: rows.map((r) => ({
      id: r.id,
      caseNo: r.case_no,
      title: r.title,
      state: r.state,
      stateZh: STATE_LABELS[r.state]?.zh ?? r.state,
      stateEn: STATE_LABELS[r.state]?.en ?? r.state,
      acceptedOn: r.accepted_on,
      dueDate: r.due_date,
      submittedAt: r.submitted_at,
      timeline: ((r.public_timeline ?? []) as unknown as PublicEntry[]).map((e) => ({ at: e.at, labelZh: e.labelZh, labelEn: e.labelEn })),
      notices: availableNotices(r.state as CaseState, r.snapshot as unknown as CaseSnapshot).map((kind) => ({ kind, ...NOTICE_NAMES[kind] })),
    })),
  };
}
