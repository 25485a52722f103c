import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/transaction.js';
import { inTransaction } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { inScope } from '../policies/actor.js';
import { keyring } from '../crypto/data-key.js';
import type { WorkingCalendar } from '../../core/calendar/index.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import type { CaseState } from '../../core/cases/types.js';
import type { BundleState } from '../../core/bundles/state.js';
import { isBadRating, type RatingLevel } from '../../core/ratings/levels.js';
import { canRate, canRateBundle, checkRating, nextRectificationStatus, rectificationDeadlines, RULE_MESSAGES, type RatingRuleError, type RatingService, type RectificationStep } from '../../core/ratings/rules.js';
import { deadlinesFor } from './settings.js';
import { rectificationEventHits } from '../../core/supervision/events.js';
import { recordHits } from '../supervision/hits.js';

/** Staff who work a department's rectification tasks and file its appeals (not window clerks, whose grant spans the county). */
export const DEPARTMENT_ROLES = ['approver_handle', 'approver_review', 'approver_signoff', 'hall_admin'] as const;
/** Supervisors read every task in scope and decide appeals. */
export const SUPERVISOR_ROLES = ['supervisor'] as const;

const ruleError = (code: RatingRuleError) => new DomainError('CASE_RULE_VIOLATION', RULE_MESSAGES[code], [{ code, zh: RULE_MESSAGES[code].zh, en: RULE_MESSAGES[code].en }]);

export interface RatingInput {
  service: RatingService;
  level: RatingLevel;
  tags: string[];
  comment?: string | undefined;
  anonymous?: boolean | undefined;
  /** The hall ticket served, when the window desk handed the tablet over. */
  ticketId?: string | null | undefined;
}

interface RatedCase {
  id: string;
  state: string;
  org_id: string;
  org_path: string;
  region_code: string;
  applicant_id: string;
  title: string;
  bundle_case_id: string | null;
}

/** The case's window service: the hall, window and clerk of the submission a clerk recorded (null for online cases). */
async function windowServiceOf(db: Db, caseId: string): Promise<{ hallId: string; hallPath: string; windowId: string | null; clerkId: string } | null> {
  const row = await db
    .selectFrom('case_events as e')
    .innerJoin('users as u', 'u.id', 'e.actor_id')
    .innerJoin('orgs as o', 'o.id', 'u.org_id')
    .select(['u.id as clerk_id', 'u.window_id', 'o.id as hall_id', 'o.path as hall_path'])
    .where('e.case_id', '=', caseId)
    .where('e.seq', '=', 1)
    .where('e.actor_role', '=', 'window_clerk')
    .executeTakeFirst();
  return row ? { hallId: row.hall_id, hallPath: row.hall_path, windowId: row.window_id, clerkId: row.clerk_id } : null;
}

async function handlerOf(db: Db, caseId: string): Promise<string | null> {
  const row = await db.selectFrom('case_events').select('actor_id').where('case_id', '=', caseId).where('actor_role', '=', 'approver_handle').orderBy('seq').limit(1).executeTakeFirst();
  return row?.actor_id ?? null;
}

async function loadCase(db: Db, caseId: string): Promise<RatedCase> {
  const c = await db.selectFrom('cases').select(['id', 'state', 'org_id', 'org_path', 'region_code', 'applicant_id', 'title', 'bundle_case_id']).where('id', '=', caseId).executeTakeFirst();
  if (!c) throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
  return c;
}

/** Who answers for a rating: the org (and its path) that gets the 差评's task, and the window and person it counts against. */
interface RatingOwner {
  org_id: string;
  org_path: string;
  window_id: string | null;
  staff_id: string | null;
}

/** What is rated: a case's service (case or window) or a bundle (ADR 0043), in its region, with its applicant as the rater. */
interface RatedObject {
  service: RatingService;
  case_id: string | null;
  bundle_case_id: string | null;
  region_code: string;
  applicant_id: string;
}

/**
 * Writes a first rating (一次一评) and, for a 差评, its rectification task for `owner` in the same
 * transaction. The unique indexes (case and service; bundle) make a second first rating a 409.
 */
async function writeRating(db: Db, cal: WorkingCalendar, now: Date, o: RatedObject, owner: RatingOwner, input: Omit<RatingInput, 'service'>, channel: 'online' | 'tablet' | 'sms', tx?: Transaction<Database>): Promise<{ id: string; rectificationId: string | null }> {
  const refused = checkRating(input.level, input.tags, input.comment ?? null);
  if (refused) throw ruleError(refused);
  const ratedOn = isoDateInChina(now);
  const anonymous = input.anonymous === true;
  const deadlines = await deadlinesFor(db, o.region_code);
  const write = async (t: Transaction<Database>) => {
    const values = {
      service_kind: o.service,
      case_id: o.case_id,
      bundle_case_id: o.bundle_case_id,
      ...owner,
      region_code: o.region_code,
      rater_id: anonymous ? null : o.applicant_id,
      anonymous,
      level: input.level,
      tags: JSON.stringify(input.tags),
      comment: input.comment?.trim() || null,
      channel,
      ticket_id: input.ticketId ?? null,
      rated_on: ratedOn,
      created_at: now,
    };
    const insert = t.insertInto('ratings').values(values);
    const inserted = await (o.bundle_case_id
      ? insert.onConflict((oc) => oc.column('bundle_case_id').where('follow_up_of', 'is', null).where('bundle_case_id', 'is not', null).doNothing())
      : insert.onConflict((oc) => oc.columns(['case_id', 'service_kind']).where('follow_up_of', 'is', null).doNothing())
    )
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new DomainError('CONFLICT', { zh: '该服务已评价过（一次一评），可追加评价', en: 'This service has been rated already (one rating per service); you may add a follow-up' });
    let rectificationId: string | null = null;
    if (isBadRating(input.level)) {
      const due = rectificationDeadlines(ratedOn, !anonymous, deadlines, cal);
      const task = await t
        .insertInto('rectifications')
        .values({ rating_id: inserted.id, case_id: o.case_id, bundle_case_id: o.bundle_case_id, org_id: owner.org_id, org_path: owner.org_path, named: !anonymous, revisit_due: due.revisitDue, rectify_due: due.rectifyDue, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      rectificationId = task.id;
    }
    return { id: inserted.id, rectificationId };
  };
  return tx ? write(tx) : inTransaction(db, write);
}

/**
 * Records a case's rating (一次一评) and, for a 差评, opens its rectification task in the same transaction.
 * The rater is the case's applicant (online, or whoever holds the token). A 一件事 member is rated
 * through its bundle only (ADR 0043).
 */
export async function rateCase(db: Db, cal: WorkingCalendar, now: Date, c: RatedCase, input: RatingInput, channel: 'online' | 'tablet' | 'sms', tx?: Transaction<Database>): Promise<{ id: string; rectificationId: string | null }> {
  if (input.service === 'bundle') throw ruleError('BUNDLE_MEMBER');
  const win = await windowServiceOf(db, c.id);
  const refused = canRate(input.service, c.state as CaseState, win !== null, c.bundle_case_id !== null);
  if (refused) throw ruleError(refused);
  const owner = input.service === 'window' && win ? { org_id: win.hallId, org_path: win.hallPath, window_id: win.windowId, staff_id: win.clerkId } : { org_id: c.org_id, org_path: c.org_path, window_id: win?.windowId ?? null, staff_id: await handlerOf(db, c.id) };
  return writeRating(db, cal, now, { service: input.service, case_id: c.id, bundle_case_id: null, region_code: c.region_code, applicant_id: c.applicant_id }, owner, input, channel, tx);
}

/** A bundle case as its rating sees it: its state, the hall that owns the bundle, its region and applicant. */
export interface RatedBundle {
  id: string;
  state: string;
  title: string;
  applicant_id: string;
  org_id: string;
  org_path: string;
  region_code: string;
}

export async function loadRatedBundle(db: Db, bundleCaseId: string): Promise<RatedBundle> {
  const b = await db
    .selectFrom('bundle_cases as bc')
    .innerJoin('bundles as b', 'b.id', 'bc.bundle_id')
    .select(['bc.id', 'bc.state', 'bc.title', 'bc.applicant_id', 'bc.org_path', 'b.org_id', 'b.region_code'])
    .where('bc.id', '=', bundleCaseId)
    .executeTakeFirst();
  if (!b) throw new DomainError('NOT_FOUND', { zh: '一件事办件不存在', en: 'The bundle case does not exist' });
  return b;
}

/**
 * 一事一评 (ADR 0043): a finished bundle is rated once as one service. It answers to the hall that owns
 * the bundle (政务服务中心: one application, one intake, one delivery): its 差评 opens the hall's task,
 * and it counts once at region level and for the hall at department level — no window, no person.
 */
export async function rateBundle(db: Db, cal: WorkingCalendar, now: Date, b: RatedBundle, input: Omit<RatingInput, 'service'>, channel: 'online' | 'tablet' | 'sms', tx?: Transaction<Database>) {
  const refused = canRateBundle(b.state as BundleState);
  if (refused) throw ruleError(refused);
  const owner = { org_id: b.org_id, org_path: b.org_path, window_id: null, staff_id: null };
  return writeRating(db, cal, now, { service: 'bundle', case_id: null, bundle_case_id: b.id, region_code: b.region_code, applicant_id: b.applicant_id }, owner, input, channel, tx);
}

/** The applicant rates their own finished bundle online. */
export async function rateOwnBundle(db: Db, cal: WorkingCalendar, now: Date, actor: Actor, bundleCaseId: string, input: Omit<RatingInput, 'service'>) {
  const b = await loadRatedBundle(db, bundleCaseId);
  if (actor.kind === 'staff' || b.applicant_id !== actor.userId) throw new DomainError('NOT_FOUND', { zh: '一件事办件不存在', en: 'The bundle case does not exist' });
  return rateBundle(db, cal, now, b, input, 'online');
}

/** The applicant rates their own case online. */
export async function rateOwnCase(db: Db, cal: WorkingCalendar, now: Date, actor: Actor, caseId: string, input: RatingInput) {
  const c = await loadCase(db, caseId);
  if (actor.kind === 'staff' || c.applicant_id !== actor.userId) throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
  return rateCase(db, cal, now, c, input, 'online');
}

/** 追评 (once) or the re-rating after rectification (once, when the department has rectified), by the rater. */
export async function addFollowUp(db: Db, now: Date, actor: Actor, ratingId: string, kind: 'follow_up' | 're_rating', input: { level: RatingLevel; tags: string[]; comment?: string | undefined }) {
  const r = await db.selectFrom('ratings').selectAll().where('id', '=', ratingId).where('follow_up_of', 'is', null).executeTakeFirst();
  // An anonymous rating has no rater to follow it up; someone else's rating is not found.
  if (!r || r.rater_id !== actor.userId) throw new DomainError('NOT_FOUND', { zh: '评价不存在', en: 'The rating does not exist' });
  const refused = checkRating(input.level, input.tags, input.comment ?? null);
  if (refused) throw ruleError(refused);
  if (kind === 're_rating') {
    const task = await db.selectFrom('rectifications').select('status').where('rating_id', '=', r.id).executeTakeFirst();
    if (task?.status !== 'rectified') throw new DomainError('CASE_RULE_VIOLATION', { zh: '部门整改完成后才能重新评价', en: 'A rating can be given again once the department has rectified' });
  }
  const inserted = await db
    .insertInto('ratings')
    .values({ service_kind: r.service_kind, case_id: r.case_id, bundle_case_id: r.bundle_case_id, org_id: r.org_id, org_path: r.org_path, region_code: r.region_code, window_id: r.window_id, staff_id: r.staff_id, rater_id: r.rater_id, level: input.level, tags: JSON.stringify(input.tags), comment: input.comment?.trim() || null, channel: 'online', follow_up_of: r.id, kind, rated_on: isoDateInChina(now), created_at: now })
    .onConflict((oc) => oc.columns(['follow_up_of', 'kind']).where('follow_up_of', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new DomainError('CONFLICT', kind === 'follow_up' ? { zh: '已追评过，每项评价只能追评一次', en: 'A follow-up was added already; one per rating' } : { zh: '已重新评价过', en: 'The rating was given again already' });
  return { id: inserted.id };
}

// --- Rating tokens (SMS link, window tablet) ---------------------------------------------------------

/** The token is 192 random bits; only its HMAC-SM3 under the data key is stored, so a database copy cannot rate. */
const tokenHash = (token: string) => keyring().blindIndex(token, 'rating_tokens');

/**
 * Issues a one-time rating token for a case's service, or for a bundle (`service: 'bundle'`, `id` the
 * bundle case; ADR 0043) — SMS: 7 days; tablet: 30 minutes.
 */
export async function issueToken(db: Db, now: Date, id: string, service: RatingService, channel: 'sms' | 'tablet', ticketId: string | null = null): Promise<{ token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + (channel === 'sms' ? 7 * 86_400_000 : 30 * 60_000));
  const object = service === 'bundle' ? { case_id: null, bundle_case_id: id } : { case_id: id, bundle_case_id: null };
  await db.insertInto('rating_tokens').values({ token_hash: tokenHash(token), ...object, service_kind: service, channel, ticket_id: ticketId, created_at: now, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

const TOKEN_INVALID = () => new DomainError('NOT_FOUND', { zh: '评价链接无效、已使用或已过期', en: 'The rating link is invalid, used or expired' });

/**
 * What a token rates (for the rating page): the case's public title and the service; for the window
 * service also the hall, the window and the clerk who served (shown on the tablet, as 好差评 asks).
 */
export async function peekToken(db: Db, now: Date, token: string) {
  const t = await db
    .selectFrom('rating_tokens as t')
    .leftJoin('cases as c', 'c.id', 't.case_id')
    .leftJoin('bundle_cases as bc', 'bc.id', 't.bundle_case_id')
    .select(['t.service_kind', 't.expires_at', 't.used_at', 't.channel', 't.case_id', 't.ticket_id', 'c.public_title', 'c.case_no', 'bc.title as bundle_title', 'bc.case_no as bundle_case_no'])
    .where('t.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!t || t.used_at || t.expires_at <= now) throw TOKEN_INVALID();
  const win = t.service_kind === 'window' && t.case_id ? await windowServiceOf(db, t.case_id) : null;
  const names = win
    ? await db
        .selectFrom('users as u')
        .innerJoin('orgs as o', 'o.id', 'u.org_id')
        .leftJoin('windows as w', 'w.id', 'u.window_id')
        .select(['u.display_name', 'o.name as hall_name', 'w.number as window_number', 'w.name as window_name'])
        .where('u.id', '=', win.clerkId)
        .executeTakeFirst()
    : undefined;
  const ticket = t.ticket_id ? await db.selectFrom('hall_tickets').select('number').where('id', '=', t.ticket_id).executeTakeFirst() : undefined;
  return {
    service: t.service_kind,
    channel: t.channel,
    // A bundle is shown by its name (一件事 names are public); a sensitive item's case by its neutral title.
    title: t.bundle_title ?? t.public_title ?? '政务服务事项',
    caseNo: t.bundle_case_no ?? t.case_no ?? '',
    window: names ? { hallName: names.hall_name, number: names.window_number, name: names.window_name, clerkName: names.display_name, ticketNumber: ticket?.number ?? null } : null,
  };
}

/** Rates with a token: the token is consumed in the same transaction as the rating (single use under concurrency). */
export async function rateWithToken(db: Db, cal: WorkingCalendar, now: Date, token: string, input: Omit<RatingInput, 'service'>) {
  const row = await db.selectFrom('rating_tokens').select(['case_id', 'bundle_case_id', 'service_kind', 'channel', 'ticket_id']).where('token_hash', '=', tokenHash(token)).executeTakeFirst();
  if (!row) throw TOKEN_INVALID();
  const c = row.case_id ? await loadCase(db, row.case_id) : null;
  const b = row.bundle_case_id ? await loadRatedBundle(db, row.bundle_case_id) : null;
  return inTransaction(db, async (tx) => {
    const used = await tx.updateTable('rating_tokens').set({ used_at: now }).where('token_hash', '=', tokenHash(token)).where('used_at', 'is', null).where('expires_at', '>', now).returning('token_hash').executeTakeFirst();
    if (!used) throw TOKEN_INVALID();
    if (b) return rateBundle(tx, cal, now, b, input, row.channel, tx);
    if (!c || row.service_kind === 'bundle') throw TOKEN_INVALID();
    return rateCase(tx, cal, now, c, { ...input, service: row.service_kind, ticketId: row.ticket_id }, row.channel, tx);
  });
}

/** Staff who may hand over a tablet or send a rating SMS for a case: a clerk or the department's staff in scope. */
export async function requireCaseStaff(db: Db, actor: Actor, caseId: string): Promise<RatedCase> {
  const c = await loadCase(db, caseId);
  if (!inScope(actor, ['window_clerk', ...DEPARTMENT_ROLES], c.org_path)) throw new DomainError('FORBIDDEN');
  return c;
}

// --- Rectification (整改) and appeals (申诉) ----------------------------------------------------------

export async function loadTask(db: Db, actor: Actor, id: string, forWrite: boolean) {
  const t = await db.selectFrom('rectifications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!t) throw new DomainError('NOT_FOUND', { zh: '整改任务不存在', en: 'The rectification task does not exist' });
  const allowed = forWrite ? inScope(actor, DEPARTMENT_ROLES, t.org_path) : inScope(actor, [...DEPARTMENT_ROLES, ...SUPERVISOR_ROLES], t.org_path);
  if (!allowed) throw new DomainError('FORBIDDEN');
  return t;
}

/** 回访核实 or 整改 by the department; after rectification the applicant is asked to rate again. */
export async function stepTask(db: Db, now: Date, actor: Actor, id: string, step: Exclude<RectificationStep, 'withdraw'>, text: string) {
  const t = await loadTask(db, actor, id, true);
  const next = nextRectificationStatus(t.status, t.named, step);
  if (!next) throw ruleError('ILLEGAL_STEP');
  const today = isoDateInChina(now);
  return inTransaction(db, async (tx) => {
    const changes = step === 'revisit' ? { status: next, revisited_at: now, revisited_on: today, revisited_by: actor.userId, revisit_outcome: text } : { status: next, rectified_at: now, rectified_on: today, rectified_by: actor.userId, rectification: text, re_rating_requested_at: now };
    const updated = await tx.updateTable('rectifications').set(changes).where('id', '=', id).where('status', '=', t.status).returning(['id', 'status']).executeTakeFirst();
    if (!updated) throw new DomainError('CONFLICT');
    // 电子监察 on the event: a late 回访 or 整改 is a hit of today, recorded with the step (ADR 0031).
    const facts = { named: t.named, revisitDue: t.revisit_due, rectifyDue: t.rectify_due };
    const hits = rectificationEventHits({ ...facts, status: t.status }, { ...facts, status: next }, today);
    if (hits.length) await recordHits(tx, hits.map((h) => ({ rule: h.rule, object_type: 'rectification', object_id: t.id, org_id: t.org_id, org_path: t.org_path, staff_id: null })), today);
    if (step === 'rectify') {
      const r = await tx
        .selectFrom('ratings as r')
        .leftJoin('cases as c', 'c.id', 'r.case_id')
        .leftJoin('bundle_cases as bc', 'bc.id', 'r.bundle_case_id')
        .select(['r.rater_id', 'c.title', 'bc.title as bundle_title'])
        .where('r.id', '=', t.rating_id)
        .executeTakeFirstOrThrow();
      if (r.rater_id) {
        await tx.insertInto('notifications').values({ user_id: r.rater_id, case_id: t.case_id, kind: 'rating_re_rate', title: `您对“${r.bundle_title ?? r.title ?? ''}”的评价已整改，请再次评价`, body: text }).execute();
      }
    }
    return updated;
  });
}

/** 申诉: the department contests a 差评 it considers malicious, with evidence (once per rating). */
export async function fileAppeal(db: Db, now: Date, actor: Actor, ratingId: string, input: { reason: string; evidence: { fileId: string; name: string }[] }) {
  const r = await db.selectFrom('ratings').select(['id', 'org_path', 'level', 'follow_up_of', 'removed_at']).where('id', '=', ratingId).executeTakeFirst();
  if (!r || r.follow_up_of) throw new DomainError('NOT_FOUND', { zh: '评价不存在', en: 'The rating does not exist' });
  if (!inScope(actor, DEPARTMENT_ROLES, r.org_path)) throw new DomainError('FORBIDDEN');
  if (!isBadRating(r.level as RatingLevel)) throw ruleError('NOT_BAD');
  const inserted = await db
    .insertInto('rating_appeals')
    .values({ rating_id: r.id, org_path: r.org_path, reason: input.reason, evidence: JSON.stringify(input.evidence), filed_by: actor.userId, filed_at: now })
    .onConflict((oc) => oc.column('rating_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new DomainError('CONFLICT', { zh: '该评价已提出过申诉', en: 'This rating has been appealed already' });
  return { id: inserted.id, status: 'pending' as const };
}

/** The supervisor accepts (the rating leaves the figures, marked, and its task is withdrawn) or rejects an appeal. */
export async function decideAppeal(db: Db, now: Date, actor: Actor, appealId: string, accept: boolean, note: string) {
  const a = await db.selectFrom('rating_appeals').selectAll().where('id', '=', appealId).executeTakeFirst();
  if (!a) throw new DomainError('NOT_FOUND', { zh: '申诉不存在', en: 'The appeal does not exist' });
  if (!inScope(actor, SUPERVISOR_ROLES, a.org_path)) throw new DomainError('FORBIDDEN');
  return inTransaction(db, async (tx) => {
    const status = accept ? ('accepted' as const) : ('rejected' as const);
    const updated = await tx.updateTable('rating_appeals').set({ status, decided_by: actor.userId, decided_at: now, decision_note: note }).where('id', '=', appealId).where('status', '=', 'pending').returning('id').executeTakeFirst();
    if (!updated) throw new DomainError('CONFLICT', { zh: '该申诉已有结论', en: 'This appeal has been decided already' });
    if (accept) {
      await tx.updateTable('ratings').set({ removed_at: now, removed_reason: `申诉成立：${note}` }).where('id', '=', a.rating_id).execute();
      await tx.updateTable('rectifications').set({ status: 'withdrawn' }).where('rating_id', '=', a.rating_id).where('status', 'in', ['open', 'revisited']).execute();
    }
    return { id: appealId, status };
  });
}
