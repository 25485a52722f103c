import { randomUUID } from 'node:crypto';
import type { MessageSender } from '../adapters/messaging.js';
import { ASSIST_AUTHORISATION_MINUTES, assistUsable, type AssistKind } from '../../core/agents/scope.js';
import { maskName } from '../../core/codes/mask.js';
import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { openField } from '../crypto/personal-data.js';
import { requireOwnUploads } from '../files/uploads.js';
import { overLimit, SMS_PER_PHONE, type ThrottleRule } from '../identity/throttle.js';
import { CODE_TTL_MINUTES, consumeVerification, createVerification, newSmsCode } from '../identity/verification-codes.js';
import { authorize, type Actor } from '../policies/index.js';

/**
 * 帮办代办 (issue 13, ADR 0037): a hall assistant (帮办员: the `hall.assist` grant) files for a person only
 * with that person's authorisation, recorded before the filing — a 委托书 the clerk scanned, or the
 * person's confirmation by SMS (a one-time code sent to the phone on record, read out to the clerk).
 * One authorisation serves one case; it is claimed by the filing (`claimAssist`) and linked to the case.
 */

/** Confirmation codes a clerk may have sent per hour (each person's phone has its own limit, SMS_PER_PHONE). */
export const ASSIST_SMS_PER_CLERK: ThrottleRule = { name: 'assist-sms-clerk', limit: 30, windowMinutes: 60 };

export interface AssistAuthorisationView {
  id: string;
  kind: AssistKind;
  applicantId: string;
  confirmed: boolean;
  expiresAt: string;
  /** Where the SMS went, masked (138****2345). */
  phoneMasked: string | null;
  fileName: string | null;
}

const maskPhone = (p: string) => p.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2');

/** The person the clerk files for: an applicant account (never staff), with the phone on record. */
async function personFor(db: Db, applicantId: string) {
  const u = await db.selectFrom('users').select(['id', 'kind', 'display_name', 'phone', 'disabled']).where('id', '=', applicantId).executeTakeFirst();
  if (!u || u.disabled) throw new DomainError('NOT_FOUND', { zh: '申请人不存在，请先查找或登记申请人', en: 'No such applicant; find or register the applicant first' });
  if (u.kind === 'staff') throw new DomainError('VALIDATION_FAILED', { zh: '工作人员账号不能作为申请人', en: 'A staff account cannot be the applicant' }, [{ code: 'APPLICANT_IS_STAFF', path: '/applicantId', zh: '申请人须为自然人或法人账号', en: 'The applicant must be a natural or legal person account' }]);
  return { ...u, phone: openField('phone', u.phone) };
}

export type NewAssistAuthorisation = { applicantId: string; kind: 'letter'; fileId: string; fileName: string } | { applicantId: string; kind: 'sms' };

export async function createAssistAuthorisation(db: Db, messages: MessageSender, actor: Actor, input: NewAssistAuthorisation, now: Date): Promise<AssistAuthorisationView> {
  authorize(actor, 'hall.assist');
  const person = await personFor(db, input.applicantId);
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + ASSIST_AUTHORISATION_MINUTES * 60_000);
  if (input.kind === 'letter') {
    // The scanned 委托书 must be the clerk's own upload (finding 6).
    await requireOwnUploads(db, actor.userId, [input.fileId]);
    await db
      .insertInto('assist_authorisations')
      .values({ id, clerk_id: actor.userId, applicant_id: person.id, kind: 'letter', file_id: input.fileId, file_name: input.fileName, confirmed_at: now, created_at: now, expires_at: expiresAt })
      .execute();
    return { id, kind: 'letter', applicantId: person.id, confirmed: true, expiresAt: expiresAt.toISOString(), phoneMasked: null, fileName: input.fileName };
  }
  if (!person.phone) {
    throw new DomainError('CONFLICT', { zh: '该申请人未登记手机号码，无法短信确认，请使用书面委托书', en: 'The person has no phone number on record; use a signed authorisation letter' });
  }
  if (await overLimit(db, ASSIST_SMS_PER_CLERK, actor.userId, now)) throw new DomainError('TOO_MANY_REQUESTS', { zh: '发送确认短信过于频繁，请稍后再试', en: 'Too many confirmation messages sent; try again later' });
  if (await overLimit(db, SMS_PER_PHONE, person.phone, now)) throw new DomainError('TOO_MANY_REQUESTS', { zh: '该手机号码接收短信过于频繁，请稍后再试或使用书面委托书', en: 'Too many messages to this phone; try later or use a signed letter' });
  const verificationId = randomUUID();
  const code = newSmsCode();
  await createVerification(db, { id: verificationId, purpose: 'assist_confirm', userId: person.id, code, payload: { clerkId: actor.userId, authorisationId: id }, now });
  await db
    .insertInto('assist_authorisations')
    .values({ id, clerk_id: actor.userId, applicant_id: person.id, kind: 'sms', verification_id: verificationId, created_at: now, expires_at: expiresAt })
    .execute();
  // The code first: a person reading it out to the clerk should not have to search for it.
  await messages.send({
    channel: 'sms',
    to: person.phone,
    body:
      `【通办】确认码 ${code}。政务服务大厅工作人员${maskName(actor.displayName.replace(/^.*\s/, ''))}申请为您代办（帮办）政务服务事项；同意请将确认码告诉该工作人员，${CODE_TTL_MINUTES}分钟内有效。如非本人意愿，请勿告知。` +
      ` Code ${code}: a service hall clerk asks to apply on your behalf; tell them the code only if you agree.`,
  });
  return { id, kind: 'sms', applicantId: person.id, confirmed: false, expiresAt: expiresAt.toISOString(), phoneMasked: maskPhone(person.phone), fileName: null };
}

/** The clerk enters the code the person received: wrong, expired, used or over-tried codes are all CODE_INVALID. */
export async function confirmAssistAuthorisation(db: Db, actor: Actor, id: string, code: string, now: Date): Promise<AssistAuthorisationView> {
  authorize(actor, 'hall.assist');
  const a = await db.selectFrom('assist_authorisations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a || a.clerk_id !== actor.userId) throw new DomainError('NOT_FOUND', { zh: '授权记录不存在', en: 'No such authorisation' });
  if (a.kind !== 'sms' || !a.verification_id) throw new DomainError('CONFLICT', { zh: '该授权不需要短信确认', en: 'This authorisation needs no SMS confirmation' });
  const { userId, payload } = await consumeVerification(db, a.verification_id, 'assist_confirm', code, now);
  if (userId !== a.applicant_id || payload?.clerkId !== actor.userId) throw new DomainError('CODE_INVALID');
  const updated = await db.updateTable('assist_authorisations').set({ confirmed_at: now }).where('id', '=', id).where('confirmed_at', 'is', null).returning('expires_at').executeTakeFirst();
  if (!updated) throw new DomainError('CODE_INVALID');
  return { id, kind: 'sms', applicantId: a.applicant_id, confirmed: true, expiresAt: new Date(updated.expires_at).toISOString(), phoneMasked: null, fileName: null };
}

/** What a filing records of the authorisation it used (the case's first event names it). */
export interface ClaimedAssist {
  id: string;
  kind: AssistKind;
  file: { id: string; name: string } | null;
}

/**
 * Claims an authorisation for one filing, or refuses with the reason (another clerk's, another person's,
 * unconfirmed, used, expired). The claim is one guarded UPDATE, so two filings racing for the same
 * authorisation cannot both win. `release` undoes it if the case then fails to be written.
 */
export async function claimAssist(db: Db, actor: Actor, applicantId: string, orgPath: string, authorisationId: string, now: Date): Promise<ClaimedAssist> {
  authorize(actor, 'hall.assist', { orgPath });
  const a = await db.selectFrom('assist_authorisations').selectAll().where('id', '=', authorisationId).executeTakeFirst();
  if (!a) throw new DomainError('NOT_FOUND', { zh: '帮办授权记录不存在', en: 'No such authorisation' });
  const usable = assistUsable({ clerkId: a.clerk_id, applicantId: a.applicant_id, kind: a.kind, confirmed: a.confirmed_at !== null, used: a.used_at !== null, expiresAt: new Date(a.expires_at) }, actor.userId, applicantId, now);
  if (!usable.ok) {
    const code = usable.reason === 'other_clerk' || usable.reason === 'other_applicant' ? 'FORBIDDEN' : 'CONFLICT';
    throw new DomainError(code, { zh: usable.zh, en: usable.en }, [{ code: `ASSIST_${usable.reason.toUpperCase()}`, path: '/assistAuthorisationId', zh: usable.zh, en: usable.en }]);
  }
  const claimed = await db.updateTable('assist_authorisations').set({ used_at: now }).where('id', '=', a.id).where('used_at', 'is', null).returning('id').executeTakeFirst();
  if (!claimed) throw new DomainError('CONFLICT', { zh: '该授权已用于另一件申请，请重新取得授权', en: 'This authorisation was already used for another application; obtain a new one' });
  return { id: a.id, kind: a.kind, file: a.file_id ? { id: a.file_id, name: a.file_name ?? '委托书' } : null };
}

export async function linkAssist(db: Db, authorisationId: string, caseId: string): Promise<void> {
  await db.updateTable('assist_authorisations').set({ case_id: caseId }).where('id', '=', authorisationId).execute();
}

/** 帮办代办 of a 一件事 bundle (ADR 0041): the bundle case holds the authorisation, not its member cases. */
export async function linkAssistToBundle(db: Db, authorisationId: string, bundleCaseId: string): Promise<void> {
  await db.updateTable('assist_authorisations').set({ bundle_case_id: bundleCaseId }).where('id', '=', authorisationId).execute();
}

export async function releaseAssist(db: Db, authorisationId: string): Promise<void> {
  await db.updateTable('assist_authorisations').set({ used_at: null }).where('id', '=', authorisationId).where('case_id', 'is', null).where('bundle_case_id', 'is', null).execute();
}

/** Whether a filing that declares 帮办代办 names its authorisation: refused with a 400 otherwise, before anything is read. */
export function requireAssistAuthorisation(input: { assisted?: boolean | undefined; assistAuthorisationId?: string | undefined }): void {
  if (input.assisted && !input.assistAuthorisationId) {
    const zh = '帮办代办须先取得申请人授权（书面委托书或短信确认），再凭授权记录办理';
    const en = 'Assisted filing needs the person’s recorded authorisation (a signed letter or SMS confirmation) first';
    throw new DomainError('VALIDATION_FAILED', { zh, en }, [{ code: 'ASSIST_AUTHORISATION_REQUIRED', path: '/assistAuthorisationId', zh, en }]);
  }
}

/** How a filing's timeline names the authorisation it used (the comment names no person; see ADR 0037). */
export function assistComment(kind: AssistKind): string {
  return `帮办代办：大厅工作人员代申请人办理（授权方式：${kind === 'letter' ? '书面委托书' : '申请人短信确认'}）`;
}
