import { Type, type Static } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import type { Db } from '../db/transaction.js';
import type { ComplaintsTable } from '../db/schema.js';
import type { Selectable } from 'kysely';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { inScope, scopePaths } from '../policies/actor.js';
import { loadCalendar } from '../calendar/service.js';
import { openField, sealField } from '../crypto/personal-data.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { complaintDue, isComplaintOverdue, nextComplaintStatus, type ComplaintStep } from '../../core/ratings/complaints.js';
import { deadlinesFor } from './settings.js';
import { inTransaction } from '../db/transaction.js';
import { complaintEventHits } from '../../core/supervision/events.js';
import { recordHits } from '../supervision/hits.js';
import { DEPARTMENT_ROLES, SUPERVISOR_ROLES } from './service.js';

/**
 * 咨询投诉: consultations and complaints by applicants online or entered by staff from the phone,
 * dispatched to the responsible org, answered by a deadline, rated, reopened once. A complaint about a
 * person is seen by supervisors only — never by the person's peers in their department.
 */
type Row = Selectable<ComplaintsTable>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Uuid = Type.String({ format: 'uuid' });

const NewComplaint = Type.Object(
  {
    kind: Type.Union([Type.Literal('consultation'), Type.Literal('complaint')]),
    subject: Type.Union([
      Type.Object({ kind: Type.Literal('case'), caseId: Uuid }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('item'), implId: Uuid }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('window'), windowId: Uuid }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('staff'), staffId: Uuid }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('general'), orgId: Uuid }, { additionalProperties: false }),
    ]),
    content: Type.String({ minLength: 1, maxLength: 2000 }),
    /** Staff entering a phone call: who called. */
    complainantName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    complainantPhone: Type.Optional(Type.String({ pattern: '^1\\d{10}$' })),
  },
  { additionalProperties: false },
);

const notFound = () => new DomainError('NOT_FOUND', { zh: '咨询投诉不存在', en: 'The consultation or complaint does not exist' });

/** Who may read a complaint: its complainant, supervisors in scope, and — unless it is about a person — its department's staff. */
function canRead(actor: Actor, c: Row): boolean {
  if (c.complainant_id === actor.userId) return true;
  if (inScope(actor, SUPERVISOR_ROLES, c.org_path)) return true;
  if (c.staff_id !== null) return false;
  return inScope(actor, DEPARTMENT_ROLES, c.org_path);
}

/** Who answers: the department's staff; for a complaint about a person, the supervisor. */
function canReply(actor: Actor, c: Row): boolean {
  if (c.staff_id !== null) return inScope(actor, SUPERVISOR_ROLES, c.org_path) && c.staff_id !== actor.userId;
  return inScope(actor, DEPARTMENT_ROLES, c.org_path);
}

type Subject = Static<typeof NewComplaint>['subject'];
interface Target {
  org: { id: string; path: string; region_code: string } | undefined;
  case_id?: string;
  impl_id?: string;
  window_id?: string | null;
  staff_id?: string;
}

async function dispatchTarget(db: Db, actor: Actor, s: Subject): Promise<Target> {
  const org = async (id: string) => db.selectFrom('orgs').select(['id', 'path', 'region_code']).where('id', '=', id).executeTakeFirst();
  const missing = () => new DomainError('NOT_FOUND', { zh: '投诉对象不存在', en: 'The subject of the complaint does not exist' });
  switch (s.kind) {
    case 'case': {
      const c = await db.selectFrom('cases').select(['id', 'org_id', 'applicant_id']).where('id', '=', s.caseId).executeTakeFirst();
      // An applicant complains about their own case; staff enter a call about any case in their scope.
      if (!c || (actor.kind !== 'staff' && c.applicant_id !== actor.userId)) throw missing();
      return { org: await org(c.org_id), case_id: c.id };
    }
    case 'item': {
      const i = await db.selectFrom('item_impls').select(['id', 'org_id']).where('id', '=', s.implId).executeTakeFirst();
      if (!i) throw missing();
      return { org: await org(i.org_id), impl_id: i.id };
    }
    case 'window': {
      const w = await db.selectFrom('windows').select(['id', 'hall_id']).where('id', '=', s.windowId).executeTakeFirst();
      if (!w) throw missing();
      return { org: await org(w.hall_id), window_id: w.id };
    }
    case 'staff': {
      const u = await db.selectFrom('users').select(['id', 'org_id', 'window_id']).where('id', '=', s.staffId).where('kind', '=', 'staff').executeTakeFirst();
      if (!u?.org_id) throw missing();
      return { org: await org(u.org_id), staff_id: u.id, window_id: u.window_id };
    }
    case 'general':
      return { org: await org(s.orgId) };
  }
}

function present(actor: Actor, c: Row, today: string) {
  const mine = c.complainant_id === actor.userId;
  const phone = c.complainant_phone ? openField('phone', c.complainant_phone) : null;
  return {
    id: c.id,
    kind: c.kind,
    subjectKind: c.subject_kind,
    caseId: c.case_id,
    implId: c.impl_id,
    windowId: c.window_id,
    staffId: c.staff_id,
    orgId: c.org_id,
    channel: c.channel,
    content: c.content,
    complainantName: c.complainant_name,
    // Staff need the number to call back; it is masked for anyone else (the complainant sees their own).
    complainantPhone: phone && (mine || actor.kind === 'staff') ? phone : null,
    submittedOn: c.submitted_on,
    dueOn: c.due_on,
    status: c.status,
    overdue: isComplaintOverdue(c.status, c.due_on, today),
    reply: c.reply,
    repliedOn: c.replied_on,
    satisfaction: c.satisfaction,
    reopened: c.reopened,
    abilities: {
      reply: c.status === 'open' && canReply(actor, c),
      rate: mine && c.status === 'replied' && c.satisfaction === null,
      reopen: mine && nextComplaintStatus(c.status, c.reopened, 'reopen') !== null,
    },
  };
}

export type NewComplaintInput = Static<typeof NewComplaint>;

async function loadComplaint(db: Db, actor: Actor, id: string): Promise<Row> {
  const c = await db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c || !canRead(actor, c)) throw notFound();
  return c;
}

/** Files a consultation or complaint (online by an applicant, or a phone call entered by staff), dispatched to the responsible org. */
export async function fileComplaint(db: Db, now: Date, actor: Actor, b: NewComplaintInput): Promise<Row> {
  if (actor.kind === 'staff' && (!b.complainantName || !b.complainantPhone)) {
    throw new DomainError('VALIDATION_FAILED', { zh: '电话登记须填写来电人姓名和电话', en: 'A phone call needs the caller’s name and number' }, [{ code: 'required', path: '/complainantName', zh: '请填写来电人姓名和电话', en: 'Name and number of the caller' }]);
  }
  const target = await dispatchTarget(db, actor, b.subject);
  if (!target.org) throw new DomainError('NOT_FOUND', { zh: '受理部门不存在', en: 'No such department' });
  const calendar = await loadCalendar(db);
  const on = isoDateInChina(now);
  const deadlines = await deadlinesFor(db, target.org.region_code);
  const { org, ...subject } = target;
  const me = actor.kind === 'staff' ? null : await db.selectFrom('users').select(['display_name', 'phone']).where('id', '=', actor.userId).executeTakeFirst();
  return db
    .insertInto('complaints')
    .values({
      kind: b.kind,
      subject_kind: b.subject.kind,
      ...subject,
      org_id: org.id,
      org_path: org.path,
      region_code: org.region_code,
      complainant_id: actor.kind === 'staff' ? null : actor.userId,
      complainant_name: actor.kind === 'staff' ? (b.complainantName ?? null) : (me?.display_name ?? null),
      complainant_phone: actor.kind === 'staff' ? sealField('phone', b.complainantPhone ?? null) : (me?.phone ?? null),
      entered_by: actor.kind === 'staff' ? actor.userId : null,
      channel: actor.kind === 'staff' ? 'phone' : 'online',
      content: b.content,
      submitted_at: now,
      submitted_on: on,
      due_on: complaintDue(on, deadlines.complaintDays, calendar),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function stepComplaint(db: Db, now: Date, actor: Actor, id: string, s: ComplaintStep, changes: (c: Row) => Partial<Row>, allowed: (c: Row) => boolean): Promise<Row> {
  const c = await loadComplaint(db, actor, id);
  if (!allowed(c)) throw new DomainError('FORBIDDEN');
  const next = nextComplaintStatus(c.status, c.reopened, s);
  if (!next || (s !== 'reply' && s !== 'reopen' && c.satisfaction !== null)) throw new DomainError('CONFLICT', { zh: '当前状态不允许该操作', en: 'The consultation or complaint is not in a state that allows this' });
  const on = isoDateInChina(now);
  const change = changes(c);
  // 电子监察 on the event: a reply after the deadline is a hit of today, recorded with the reply (ADR 0031).
  const hits = c.kind === 'complaint' ? complaintEventHits({ status: c.status, dueOn: c.due_on }, { status: next, dueOn: change.due_on ?? c.due_on }, on) : [];
  const write = (d: Db) => d.updateTable('complaints').set({ status: next, ...change }).where('id', '=', id).where('status', '=', c.status).where('reopened', '=', c.reopened).returningAll().executeTakeFirst();
  const updated = hits.length
    ? await inTransaction(db, async (tx) => {
        const row = await write(tx);
        if (row) await recordHits(tx, hits.map((h) => ({ rule: h.rule, object_type: 'complaint', object_id: c.id, org_id: c.org_id, org_path: c.org_path, staff_id: null })), on);
        return row;
      })
    : await write(db);
  if (!updated) throw new DomainError('CONFLICT');
  return updated;
}

/** 答复: the department (or, for a complaint about a person, the supervisor) answers. */
export async function replyToComplaint(db: Db, now: Date, actor: Actor, id: string, reply: string): Promise<Row> {
  return stepComplaint(db, now, actor, id, 'reply', () => ({ reply, replied_at: now, replied_on: isoDateInChina(now), replied_by: actor.userId }), (c) => canReply(actor, c));
}

/** 满意度: the complainant rates the reply. */
export async function rateComplaintReply(db: Db, now: Date, actor: Actor, id: string, satisfied: boolean): Promise<Row> {
  return stepComplaint(db, now, actor, id, satisfied ? 'satisfied' : 'dissatisfied', () => ({ satisfaction: satisfied ? 'satisfied' : 'dissatisfied' }), (c) => c.complainant_id === actor.userId);
}

/** 重新办理: the complainant reopens once after a reply, with a reason; a new deadline runs. */
export async function reopenComplaint(db: Db, now: Date, actor: Actor, id: string, reason: string): Promise<Row> {
  const calendar = await loadCalendar(db);
  const on = isoDateInChina(now);
  const c0 = await loadComplaint(db, actor, id);
  const deadlines = await deadlinesFor(db, c0.region_code);
  return stepComplaint(
    db,
    now,
    actor,
    id,
    'reopen',
    (c) => ({ reopened: c.reopened + 1, satisfaction: null, content: `${c.content}\n【重新办理 ${on}】${reason}`, due_on: complaintDue(on, deadlines.complaintDays, calendar), reply: null, replied_at: null, replied_by: null, replied_on: null }),
    (c) => c.complainant_id === actor.userId,
  );
}

export function complaintRoutes(app: App, deps: CapabilityDeps): void {
  const today = () => isoDateInChina(deps.now());

  app.post('/api/complaints', { schema: { tags: ['complaints'], summary: '咨询投诉 A consultation or complaint, online or entered by staff from a phone call; dispatched to the responsible org', body: NewComplaint }, config: { permission: 'authenticated' } }, async (req, reply) => {
    const actor = req.actor as Actor;
    const now = deps.now();
    const row = await fileComplaint(app.db, now, actor, req.body);
    return reply.status(201).send(present(actor, row, isoDateInChina(now)));
  });

  app.get('/api/complaints', { schema: { tags: ['complaints'], summary: 'My consultations and complaints (applicants); those dispatched to my departments (staff)' }, config: { permission: 'authenticated' } }, async (req) => {
    const actor = req.actor as Actor;
    let q = app.db.selectFrom('complaints').selectAll();
    if (actor.kind !== 'staff') q = q.where('complainant_id', '=', actor.userId);
    else {
      const sup = scopePaths(actor, [...SUPERVISOR_ROLES]);
      const dept = scopePaths(actor, [...DEPARTMENT_ROLES]);
      if (!sup.length && !dept.length) throw new DomainError('FORBIDDEN');
      // Complaints about a person reach supervisors only (not the person's peers).
      q = q.where((eb) => eb.or([...sup.map((p) => eb('org_path', 'like', `${p}%`)), ...dept.map((p) => eb.and([eb('org_path', 'like', `${p}%`), eb('staff_id', 'is', null)]))]));
    }
    const rows = await q.orderBy('submitted_at', 'desc').limit(500).execute();
    const t = today();
    return { complaints: rows.map((r) => present(actor, r, t)) };
  });

  app.get('/api/complaints/:id', { schema: { tags: ['complaints'], summary: 'One consultation or complaint', params: IdParams }, config: { permission: 'authenticated' } }, async (req) => present(req.actor as Actor, await loadComplaint(app.db, req.actor as Actor, req.params.id), today()));

  app.post('/api/complaints/:id/reply', { schema: { tags: ['complaints'], summary: '答复 The department’s reply', params: IdParams, body: Type.Object({ reply: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }) }, config: { permission: 'staff' } }, async (req) => {
    const actor = req.actor as Actor;
    return present(actor, await replyToComplaint(app.db, deps.now(), actor, req.params.id, req.body.reply), today());
  });

  app.post('/api/complaints/:id/satisfaction', { schema: { tags: ['complaints'], summary: '满意度 The complainant rates the reply', params: IdParams, body: Type.Object({ satisfied: Type.Boolean() }, { additionalProperties: false }) }, config: { permission: 'authenticated' } }, async (req) => {
    const actor = req.actor as Actor;
    return present(actor, await rateComplaintReply(app.db, deps.now(), actor, req.params.id, req.body.satisfied), today());
  });

  app.post('/api/complaints/:id/reopen', { schema: { tags: ['complaints'], summary: '重新办理 Reopen once after a reply, with a reason; a new deadline runs', params: IdParams, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }) }, config: { permission: 'authenticated' } }, async (req) => {
    const actor = req.actor as Actor;
    return present(actor, await reopenComplaint(app.db, deps.now(), actor, req.params.id, req.body.reason), today());
  });
}
