import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { authorize, type Actor } from '../policies/index.js';
import { caseFactsOf, caseRelation } from '../policies/case-access.js';
import { openField } from '../crypto/personal-data.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { estimateWaitMinutes } from '../../core/hall/index.js';
import * as repo from './repository.js';
import { issueToken } from '../ratings/service.js';

/** 大厅与取号类别 for kiosks: every hall with its open categories and how many wait in each today. */
export async function listHalls(db: Kysely<Database>, now: Date) {
  const rows = await repo.listHallsWithCategories(db);
  const day = isoDateInChina(now);
  const halls = new Map<string, { id: string; name: string; nameEn: string | null; categories: { category: string; letter: string; nameEn: string | null; waiting: number }[] }>();
  for (const r of rows) {
    const h = halls.get(r.hall_id) ?? { id: r.hall_id, name: r.name, nameEn: r.name_en, categories: [] };
    halls.set(r.hall_id, h);
    if (r.open) h.categories.push({ category: r.category, letter: r.letter, nameEn: r.category_en, waiting: 0 });
  }
  for (const h of halls.values()) {
    const counts = await repo.waitingCounts(db, h.id, day);
    for (const c of h.categories) c.waiting = Number(counts.find((x) => x.category === c.category)?.n ?? 0);
  }
  return { day, halls: [...halls.values()] };
}

/** The applicant's phone page: where the ticket stands now. The token is the only key (no personal data shown). */
export async function ticketPosition(db: Kysely<Database>, now: Date, token: string) {
  const t = await repo.findTicketByToken(db, token);
  if (!t) throw new DomainError('NOT_FOUND', { zh: '未找到该号', en: 'No such ticket' });
  const hall = await repo.findHall(db, t.hall_id);
  const window = t.window_id ? await repo.findWindow(db, t.window_id) : undefined;
  const ahead = t.state === 'waiting' ? await repo.countAhead(db, t) : 0;
  const estimatedWaitMinutes = t.state === 'waiting' ? estimateWaitMinutes({ ahead, openWindows: await repo.openWindowsFor(db, t.hall_id, t.category), avgServiceMinutes: await repo.avgServiceMinutes(db, t.hall_id, t.category) }) : 0;
  return {
    number: t.number,
    category: t.category,
    hallId: t.hall_id,
    hallName: hall?.name ?? '',
    day: t.day,
    state: t.state,
    priority: t.priority,
    ahead,
    estimatedWaitMinutes,
    windowNumber: t.state === 'called' ? (window?.number ?? null) : null,
    today: t.day === isoDateInChina(now),
  };
}

/** The ticket held by the clerk's own window (called, or served there today). */
async function ticketAtMyWindow(db: Db, actor: Actor | undefined, ticketId: string) {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  const t = await repo.findTicket(db, ticketId);
  if (!t) throw new DomainError('NOT_FOUND', { zh: '未找到该号', en: 'No such ticket' });
  const hall = await repo.findHall(db, t.hall_id);
  authorize(actor, 'hall.serve', { orgPath: hall?.path ?? '/none/' });
  const me = await db.selectFrom('users').select('window_id').where('id', '=', actor.userId).executeTakeFirst();
  if (!me?.window_id || t.window_id !== me.window_id || (t.state !== 'called' && t.state !== 'done')) {
    throw new DomainError('FORBIDDEN', { zh: '该号不在您的窗口办理', en: 'This ticket is not being served at your window' });
  }
  return t;
}

/** 取号时登记的证件号: what intake pre-fills the applicant from. */
export async function ticketApplicant(db: Kysely<Database>, actor: Actor | undefined, ticketId: string) {
  const t = await ticketAtMyWindow(db, actor, ticketId);
  return { ticketId: t.id, number: t.number, idNumber: openField('id_number', t.id_number), creditCode: t.credit_code };
}

/** Links a case the clerk took in to the ticket served (叫号—受理 关联). */
export async function linkCase(db: Kysely<Database>, actor: Actor | undefined, ticketId: string, caseId: string, now: Date) {
  const t = await ticketAtMyWindow(db, actor, ticketId);
  const c = await db.selectFrom('cases').select(['id', 'applicant_id', 'org_path', 'state', 'snapshot', 'channel']).where('id', '=', caseId).executeTakeFirst();
  if (!c || caseRelation(actor, caseFactsOf(c)) !== 'window') throw new DomainError('NOT_FOUND', { zh: '未找到该办件', en: 'No such case' });
  await db.insertInto('hall_ticket_cases').values({ ticket_id: t.id, case_id: c.id, linked_by: actor?.userId ?? null, linked_at: now }).onConflict((oc) => oc.doNothing()).execute();
  const linked = await db.selectFrom('hall_ticket_cases').select('case_id').where('ticket_id', '=', t.id).execute();
  return { ticketId: t.id, caseIds: linked.map((l) => l.case_id) };
}

/**
 * 好差评 at the window: after intake the clerk hands the window's tablet over — a one-time page that
 * rates the window service of this ticket (recorded on the first case taken in from it, with the
 * ticket; 一次一评: a second hand-over after the rating is refused).
 */
export async function windowRatingToken(db: Kysely<Database>, actor: Actor | undefined, ticketId: string, now: Date) {
  const t = await ticketAtMyWindow(db, actor, ticketId);
  const first = await db.selectFrom('hall_ticket_cases').select('case_id').where('ticket_id', '=', t.id).orderBy('linked_at').orderBy('case_id').limit(1).executeTakeFirst();
  if (!first) throw new DomainError('CASE_RULE_VIOLATION', { zh: '该号尚未受理办件，受理后再请申请人评价', en: 'No case has been taken in from this ticket yet; hand the tablet over after intake' });
  const rated = await db.selectFrom('ratings').select('id').where('case_id', '=', first.case_id).where('service_kind', '=', 'window').where('follow_up_of', 'is', null).executeTakeFirst();
  if (rated) throw new DomainError('CONFLICT', { zh: '本次窗口服务已评价（一次一评）', en: 'This window service has been rated already (one rating per service)' });
  const { token, expiresAt } = await issueToken(db, now, first.case_id, 'window', 'tablet', t.id);
  return { url: `/rate/${token}`, token, expiresAt: expiresAt.toISOString(), caseId: first.case_id };
}

/** What a call screen shows on connecting (and after every reconnect): the last calls and the queues. */
export async function screenSnapshot(db: Kysely<Database>, now: Date, hallId: string) {
  const hall = await repo.findHall(db, hallId);
  if (!hall) throw new DomainError('NOT_FOUND', { zh: '未找到该大厅', en: 'No such service hall' });
  const day = isoDateInChina(now);
  const [calls, waiting, categories] = await Promise.all([repo.recentCalls(db, hallId, day, 10), repo.waitingCounts(db, hallId, day), repo.categoriesOf(db, hallId)]);
  return {
    hallId,
    hallName: hall.name,
    day,
    calls: calls.map((c) => ({ ticketId: c.id, number: c.number, category: c.category, windowNumber: c.window_number, at: c.called_at?.toISOString() ?? null })),
    waiting: categories.filter((c) => c.open).map((c) => ({ category: c.category, letter: c.letter, nameEn: c.name_en, waiting: Number(waiting.find((w) => w.category === c.category)?.n ?? 0) })),
  };
}
