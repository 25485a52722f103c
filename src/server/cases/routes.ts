import { itemTitleEn } from '../../core/catalogue/names.js';
import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import type { CaseCommand } from '../../core/cases/types.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { isValidCreditCode } from '../../core/codes/credit-code.js';
import { isValidIdNumber } from '../../core/codes/id-number.js';
import { loadCalendar } from '../calendar/service.js';
import { hashPassword } from '../identity/passwords.js';
import type { Db } from '../db/transaction.js';
import type { CaseRow } from '../db/schema.js';
import { CommandBody, LookupBody, NewCaseBody } from './schemas.js';
import { presentCase, presentCaseState } from './presenters.js';
import * as repo from './repository.js';
import { verifyTimeline } from './verify.js';
import { requireOwnUploads } from '../files/uploads.js';
import { seesPersonalData } from '../policies/case-access.js';
import { configuredProviders } from '../data-sharing/registry.js';
import { guardedProgressLookup, recordWrongCode } from './progress-guard.js';
import { normalizeQueryCode, QUERY_CODE_PATTERN } from '../../core/cases/case-number.js';
import { personalFields } from '../../core/forms/identity.js';
import type { FormSchema } from '../../core/catalogue/types.js';
import { checkDraftBeforeSubmit, requireCaseAccess, type DraftSubmission, runCommand, saveDraft, snapshotWithMaterials, submitNewCase, type CaseDeps, type CommandOptions } from './service.js';
import { inTransaction } from '../db/transaction.js';
import { STATE_LABELS } from './labels.js';
import { idNumberIndexes, openField, openFormData, sealUser } from '../crypto/personal-data.js';
import { recordAudit } from '../identity/audit.js';
import { renderSealedCaseNotice, NOTICE_KINDS, type NoticeKind } from './notices.js';
import { noticeTitles } from '../notices/wording.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** JSON Schema `type: [t, 'null']` (serialised fast by Fastify, unlike anyOf). */
const Nullable = <T extends 'string' | 'boolean'>(type: T) => Type.Unsafe<(T extends 'string' ? string : boolean) | null>({ type: [type, 'null'] });

/** The public progress answer (a response schema: documented in OpenAPI and serialised by a compiled serializer). */
const ProgressResponse = Type.Object({
  caseNo: Type.String(),
  title: Type.String(),
  state: Type.String(),
  stateZh: Type.String(),
  stateEn: Type.String(),
  acceptedOn: Nullable('string'),
  dueDate: Nullable('string'),
  timeline: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Type.String(),
      action: Type.String(),
      labelZh: Type.String(),
      labelEn: Type.String(),
      toState: Type.String(),
      actorName: Type.Null(),
      actorRole: Type.String(),
      comment: Type.Null(),
      files: Type.Array(Type.Unknown(), { maxItems: 0 }),
      data: Type.Object({}),
    }),
  ),
  timelineVerified: Nullable('boolean'),
  timelineCheckedAt: Nullable('string'),
  timelineCheckedEvents: Type.Integer(),
});

/**
 * 个人信息保护: a staff member who sees a case's personal data unmasked leaves an audit record naming
 * the case and the fields (never their values) — finding 7.
 */
async function auditPersonalDataView(db: Db, actor: Actor, row: CaseRow, form: FormSchema | undefined, applicant: { id_number: string | null } | null | undefined): Promise<void> {
  const data = openFormData(row.form_data);
  const fields = [...(form ? personalFields(form).filter((k) => data[k] !== undefined && data[k] !== null && data[k] !== '') : []), ...(applicant?.id_number ? ['applicant.idNumber'] : [])];
  if (fields.length === 0) return;
  await recordAudit(db, { kind: 'personal_data_viewed', userId: actor.userId, objectType: 'case', objectId: row.id, detail: { caseId: row.id, caseNo: row.case_no, fields } });
}

export async function loadVisibleCase(db: Db, actor: Actor | undefined, id: string) {
  const row = await repo.findCase(db, id);
  if (!row) throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
  requireCaseAccess(actor, row);
  return row;
}

export function caseRoutes(app: App, deps: CapabilityDeps): void {
  const caseDeps: CaseDeps = { calendar: (stamp) => loadCalendar(app.db, stamp), now: deps.now, dataProviders: configuredProviders(deps.config) };
  const today = () => isoDateInChina(deps.now());

  /** The full case view in two round trips at most (the case with its timeline, materials and applicant; material names per pinned version are cached). */
  const view = async (id: string, actor: Actor | undefined) => {
    const found = await repo.findCaseView(app.db, id);
    if (!found) throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
    const { row, events, materials, applicant, calendarStamp } = found;
    const relation = requireCaseAccess(actor, row);
    const [calendar, materialNames, snapshot, content] = await Promise.all([loadCalendar(app.db, calendarStamp), repo.materialNamesOf(app.db, row.version_id), snapshotWithMaterials(app.db, row), repo.publishedContent(app.db, row.version_id)]);
    // Notice titles follow the item type (a 行政给付 gets a 给付决定书, not a 行政许可决定书).
    const noticeTitlesOfItem = content ? noticeTitles(content.itemType) : null;
    const unmasked = seesPersonalData(relation);
    if (unmasked && relation !== 'applicant' && actor) await auditPersonalDataView(app.db, actor, row, content?.form, applicant);
    const personalData = { unmasked, ...(content ? { form: content.form } : {}) };
    // A draft (the applicant's alone) gives back the licence and data uses it keeps (ADR 0044).
    const draftUses = row.state === 'draft' ? await app.db.selectFrom('case_draft_uses').select(['material_id', 'kind', 'identifier', 'purpose']).where('case_id', '=', row.id).orderBy('material_id').execute() : [];
    return {
      ...presentCase(row, { snapshot, events, materials, actor, today: today(), calendar, personalData, ...(applicant ? { applicant } : {}), ...(content ? { fees: content.fees } : {}) }),
      ...(row.state === 'draft' ? { draftUses: draftUses.map((u) => ({ materialId: u.material_id, kind: u.kind, identifier: u.identifier, purpose: u.purpose })) } : {}),
      /** English mode shows the item's English name where the catalogue has one (issue 9). */
      titleEn: content ? itemTitleEn(content) : null,
      materialNames,
      noticeTitles: noticeTitlesOfItem,
    };
  };

  /**
   * Commands answer with the full case view, or — when the client sends `Prefer: return=minimal`
   * (RFC 7240), as integrations and the benchmark do — with the case's new state only.
   */
  const commandAnswer = (req: { headers: Record<string, string | string[] | undefined> }, reply: { header(k: string, v: string): unknown }, row: CaseRow, actor: Actor | undefined) => {
    const prefer = req.headers.prefer;
    if (typeof prefer === 'string' && /\breturn=minimal\b/.test(prefer)) {
      reply.header('preference-applied', 'return=minimal');
      return presentCaseState(row);
    }
    return view(row.id, actor);
  };

  app.post(
    '/api/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '提交申请 Submit an application (online by the applicant, or at the window by a clerk). Send an Idempotency-Key header: a retry never makes a second case.',
        body: NewCaseBody,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })) }),
      },
      config: { permission: 'authenticated', sessionsUnchanged: true },
    },
    async (req, reply) => {
      const actor = req.actor as Actor;
      const { caseRow, replayed } = await submitNewCase(
        app.db,
        caseDeps,
        actor,
        {
          implId: req.body.implId,
          formData: req.body.formData,
          situationAnswers: req.body.situationAnswers,
          materials: req.body.materials,
          channel: actor.kind === 'staff' ? 'window' : 'online',
          ...(req.body.applicantId ? { applicantId: req.body.applicantId } : {}),
          ...(req.body.assistAuthorisationId ? { assistAuthorisationId: req.body.assistAuthorisationId } : {}),
          ...(req.body.assisted ? { assisted: true } : {}),
          ...(req.body.onBehalfOf ? { onBehalfOf: req.body.onBehalfOf } : {}),
          ...(req.body.commitments ? { commitments: req.body.commitments } : {}),
          ...(req.body.licences ? { licences: req.body.licences } : {}),
          ...(req.body.dataUses ? { dataUses: req.body.dataUses } : {}),
          ...(req.body.fromLibrary ? { fromLibrary: req.body.fromLibrary } : {}),
        },
        req.headers['idempotency-key'],
      );
      reply.status(replayed ? 200 : 201);
      return commandAnswer(req, reply, caseRow, actor);
    },
  );

  const DraftBody = Type.Omit(NewCaseBody, ['applicantId', 'assistAuthorisationId', 'assisted', 'onBehalfOf']);
  app.post(
    '/api/cases/drafts',
    { schema: { tags: ['cases'], summary: '保存草稿 Save an online application as a draft', body: DraftBody }, config: { permission: 'applicant' } },
    async (req, reply) => {
      const row = await saveDraft(app.db, caseDeps, req.actor as Actor, req.body);
      reply.status(201);
      return view(row.id, req.actor);
    },
  );
  app.put(
    '/api/cases/:id/draft',
    { schema: { tags: ['cases'], summary: '修改草稿 Update one of my drafts', params: IdParams, body: DraftBody }, config: { permission: 'applicant' } },
    async (req) => {
      const row = await saveDraft(app.db, caseDeps, req.actor as Actor, req.body, req.params.id);
      return view(row.id, req.actor);
    },
  );

  app.get('/api/cases/:id', { schema: { tags: ['cases'], summary: '办件详情 A case with its timeline', params: IdParams }, config: { permission: 'authenticated' } }, async (req) => view(req.params.id, req.actor));

  app.post(
    '/api/cases/:id/actions',
    { schema: { tags: ['cases'], summary: '办件操作 Run a lifecycle command (accept, correction notice, claim, decide …)', params: IdParams, body: CommandBody }, config: { permission: 'authenticated', sessionsUnchanged: true } },
    async (req, reply) => {
      const { expectedVersion, ...rest } = req.body;
      let command = rest as CaseCommand;
      const opts: CommandOptions = typeof expectedVersion === 'number' ? { expectedVersion } : {};
      // The result number is issued by the service from the case number.
      if (rest.type === 'complete') command = { type: 'complete', resultNo: '' };
      if (rest.type === 'complete_on_the_spot') command = { type: 'complete_on_the_spot', resultNo: '', received: rest.received, ...(rest.chargedFen === undefined ? {} : { chargedFen: rest.chargedFen }) };
      const attached = rest.type === 'submit' ? (rest.materials ?? []) : rest.type === 'supply_owed' ? [{ materialId: rest.materialId, fileId: rest.fileId, fileName: rest.fileName }] : [];
      // Only one's own uploads can be attached (finding 6); the suspension's evidence likewise.
      const actor = req.actor as Actor;
      await requireOwnUploads(app.db, actor.userId, [...attached.map((m) => m.fileId), ...(rest.type === 'suspend' ? (rest.evidence ?? []).map((f) => f.fileId) : [])]);
      if (attached.length) opts.materials = attached;
      let drafted: DraftSubmission | null = null;
      if (rest.type === 'submit') {
        command = { type: 'submit' };
        // A draft's 我的材料 choices are checked again and recorded on the submission (ADR 0038).
        drafted = await checkDraftBeforeSubmit(app.db, caseDeps, actor, req.params.id);
        if (drafted) {
          if (drafted.comment) opts.comment = drafted.comment;
          opts.data = drafted.data;
          opts.files = [...attached.map((m) => ({ id: m.fileId, name: m.fileName })), ...drafted.files];
        }
      }
      if (rest.type === 'suspend') {
        command = { type: 'suspend', procedure: rest.procedure, reason: rest.reason };
        opts.files = (rest.evidence ?? []).map((f) => ({ id: f.fileId, name: f.fileName }));
      }
      if (rest.type === 'supply_owed') {
        command = { type: 'supply_owed', materialId: rest.materialId };
      }
      const updated = await runCommand(app.db, caseDeps, req.actor, req.params.id, command, opts);
      if (drafted) await drafted.record(updated, actor);
      return commandAnswer(req, reply, updated, req.actor);
    },
  );

  app.get('/api/my/cases', { schema: { tags: ['cases'], summary: '我的办件 The applicant’s cases' }, config: { permission: 'applicant' } }, async (req) => {
    const rows = await repo.listApplicantCases(app.db, (req.actor as Actor).userId);
    const titlesEn = await repo.englishTitles(app.db, rows.map((r) => r.version_id));
    return { cases: rows.map((r) => ({ id: r.id, implId: r.impl_id, caseNo: r.case_no, title: r.title, titleEn: titlesEn.get(r.version_id) ?? null, state: r.state, stateZh: STATE_LABELS[r.state]?.zh, stateEn: STATE_LABELS[r.state]?.en, dueDate: r.due_date, submittedAt: r.submitted_at })) };
  });

  app.get('/api/my/notifications', { schema: { tags: ['cases'], summary: '消息 In-app notifications' }, config: { permission: 'authenticated' } }, async (req) => {
    const rows = await app.db.selectFrom('notifications').selectAll().where('user_id', '=', (req.actor as Actor).userId).orderBy('id', 'desc').limit(50).execute();
    return { notifications: rows.map((n) => ({ id: n.id, caseId: n.case_id, kind: n.kind, title: n.title, body: n.body, read: n.read_at !== null, createdAt: n.created_at })) };
  });

  // The inbox (/api/workbench/inbox) and the staff case search are in search-routes.ts.

  app.post(
    '/api/workbench/applicants/lookup',
    { schema: { tags: ['workbench'], summary: '查找或登记申请人 Find or register an applicant at the window by ID number or credit code', body: LookupBody }, config: { permission: 'staff' } },
    async (req) => {
      const actor = req.actor as Actor;
      if (!actor.roles.some((g) => g.role === 'window_clerk')) throw new DomainError('FORBIDDEN');
      const body = req.body;
      const isPerson = 'idNumber' in body;
      if (isPerson ? !isValidIdNumber(body.idNumber) : !isValidCreditCode(body.creditCode)) {
        throw new DomainError('VALIDATION_FAILED', isPerson ? { zh: '身份证号码校验位或出生日期错误', en: 'The ID number is not valid' } : { zh: '统一社会信用代码校验位错误', en: 'The credit code is not valid' });
      }
      let user = await app.db
        .selectFrom('users')
        .select(['id', 'kind', 'display_name', 'id_number', 'credit_code', 'phone'])
        // ID numbers are sealed at rest: found by their blind index (ADR 0011).
        .where((eb) => (isPerson ? eb('id_number_bidx', 'in', idNumberIndexes(body.idNumber)) : eb('credit_code', '=', body.creditCode)))
        .executeTakeFirst();
      let registered = false;
      if (!user) {
        if (!body.name) throw new DomainError('NOT_FOUND', { zh: '未找到该申请人，请填写姓名（名称）进行登记', en: 'No such applicant; give the name to register them' });
        // Registered at the window: no password until they claim the account online.
        user = await app.db
          .insertInto('users')
          .values({
            kind: isPerson ? 'natural_person' : 'legal_person',
            // Not named after the ID number: a username is stored and shown in the clear.
            username: `w_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`,
            password_hash: await hashPassword(crypto.randomUUID()),
            // Claimable online with an SMS code to the phone on record (认领账号, ADR 0014).
            password_set_at: null,
            display_name: body.name,
            credit_code: isPerson ? null : body.creditCode,
            ...sealUser({
              id_number: isPerson ? body.idNumber : null,
              legal_representative: !isPerson ? (body.legalRepresentative ?? null) : null,
              phone: body.phone ?? null,
            }),
          })
          .returning(['id', 'kind', 'display_name', 'id_number', 'credit_code', 'phone'])
          .executeTakeFirstOrThrow();
        registered = true;
      }
      return { id: user.id, kind: user.kind, name: user.display_name, idNumber: openField('id_number', user.id_number), creditCode: user.credit_code, registered };
    },
  );

  app.get(
    '/api/cases/:id/notices/:kind',
    { schema: { tags: ['cases'], summary: '文书 A notice of the case as PDF', params: Type.Object({ id: Type.String({ format: 'uuid' }), kind: Type.Union(NOTICE_KINDS.map((k) => Type.Literal(k))) }) }, config: { permission: 'authenticated' } },
    async (req, reply) => {
      const row = await loadVisibleCase(app.db, req.actor, req.params.id);
      const doc = await renderSealedCaseNotice(app.db, row, req.params.kind as NoticeKind, `${req.protocol}://${req.host}`, deps.now());
      reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${req.params.kind}.pdf"`).header('x-document-sm3', doc.sha).header('x-document-seal', doc.sealId);
      return reply.send(doc.pdf);
    },
  );

  app.get(
    '/api/public/progress',
    {
      schema: {
        tags: ['cases'],
        summary: '办件进度查询 Progress by case number and query code (no login)',
        querystring: Type.Object({ caseNo: Type.String({ minLength: 10, maxLength: 60, pattern: '^[0-9A-Za-z-]+$' }), code: Type.String({ pattern: QUERY_CODE_PATTERN }) }),
        response: { 200: ProgressResponse },
      },
      config: { permission: 'public' },
    },
    async (req, reply) => {
      // Throttled per client and per case number, locked after repeated wrong codes (finding 11), and
      // one indexed read of the progress read model, answered as PostgreSQL wrote it — one statement;
      // the same answer for a wrong number and a wrong code: nothing to enumerate.
      const now = deps.now();
      const body = await guardedProgressLookup(app.db, req.ip, req.query.caseNo, normalizeQueryCode(req.query.code), now, { perAddress: deps.config.progressLookupsPerAddress, perCase: deps.config.progressLookupsPerCase });
      if (!body) {
        await recordWrongCode(app.db, req.query.caseNo, now);
        throw new DomainError('NOT_FOUND', { zh: '办件编号或查询码不正确', en: 'Wrong case number or query code' });
      }
      // Already-serialised JSON text in the shape of ProgressResponse (Fastify sends JSON strings as they are).
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );

  app.get(
    '/api/supervision/time-limits',
    { schema: { tags: ['supervision'], summary: '时限监察 Near-due and overdue running cases by department (indexed on due_date)' }, config: { permission: 'staff' } },
    async (req) => {
      const actor = req.actor as Actor;
      const scopes = actor.roles.filter((g) => g.role === 'supervisor' || g.role === 'system_admin').map((g) => g.scopePath);
      if (!scopes.length) throw new DomainError('FORBIDDEN');
      const calendar = await loadCalendar(app.db);
      const t = today();
      const nearLimit = calendar.addWorkingDays(t, 2).date;
      // Uses the partial index cases_running_due_idx (state in running states, ordered by due_date).
      const rows = await app.db
        .selectFrom('cases as c')
        .innerJoin('orgs as o', 'o.id', 'c.org_id')
        .select(['c.id', 'c.case_no', 'c.title', 'c.state', 'c.due_date', 'o.name as org_name'])
        .where('c.state', 'in', ['accepted', 'in_review'])
        .where('c.due_date', '<=', nearLimit)
        .where((eb) => eb.or(scopes.map((p) => eb('c.org_path', 'like', `${p}%`))))
        .orderBy('c.due_date')
        .limit(1000)
        .execute();
      const cases = rows.map((r) => ({ id: r.id, caseNo: r.case_no, title: r.title, department: r.org_name, dueDate: r.due_date, status: (r.due_date ?? '') < t ? 'overdue' : 'near_due' }));
      const byDepartment = new Map<string, { department: string; nearDue: number; overdue: number }>();
      for (const c of cases) {
        const d = byDepartment.get(c.department) ?? { department: c.department, nearDue: 0, overdue: 0 };
        if (c.status === 'overdue') d.overdue++;
        else d.nearDue++;
        byDepartment.set(c.department, d);
      }
      return { today: t, departments: [...byDepartment.values()], cases };
    },
  );

  // 告知承诺 verification (事中事后监管): the regulator checks the commitment after approval.
  const regulatorScopes = (actor: Actor) => actor.roles.filter((g) => g.role === 'supervisor' || g.role === 'system_admin').map((g) => g.scopePath);
  app.get('/api/supervision/commitment-checks', { schema: { tags: ['supervision'], summary: '告知承诺核查 Verification tasks of commitments' }, config: { permission: 'staff' } }, async (req) => {
    const scopes = regulatorScopes(req.actor as Actor);
    if (!scopes.length) throw new DomainError('FORBIDDEN');
    const rows = await app.db
      .selectFrom('commitment_checks as k')
      .innerJoin('cases as c', 'c.id', 'k.case_id')
      .select(['k.id', 'k.case_id', 'k.status', 'k.material_ids', 'k.note', 'k.created_at', 'c.case_no', 'c.title', 'c.version_id'])
      .where((eb) => eb.or(scopes.map((p) => eb('k.org_path', 'like', `${p}%`))))
      .orderBy('k.created_at', 'desc')
      .limit(500)
      .execute();
    // Materials by name from each case's pinned version (cached per version), not by id ("m-premises").
    const names = new Map(await Promise.all([...new Set(rows.map((r) => r.version_id))].map(async (v) => [v, await repo.materialNamesOf(app.db, v)] as const)));
    return {
      checks: rows.map((r) => ({ id: r.id, caseId: r.case_id, caseNo: r.case_no, title: r.title, status: r.status, materials: r.material_ids, materialNames: r.material_ids.map((m) => names.get(r.version_id)?.[m] ?? m), note: r.note, createdAt: r.created_at })),
    };
  });

  app.post(
    '/api/supervision/commitment-checks/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '核查结果 Record the check: a false commitment revokes the approval and leaves a credit record',
        params: IdParams,
        body: Type.Object(
          {
            result: Type.Union([Type.Literal('verified'), Type.Literal('false')]),
            /** What the check found (核查发现的事实). */
            note: Type.String({ minLength: 1, maxLength: 1000 }),
            /** For a false commitment: the reason for revoking, printed on the 撤销决定书. */
            reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'staff' },
    },
    async (req) => {
      const actor = req.actor as Actor;
      const check = await app.db.selectFrom('commitment_checks').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!check) throw new DomainError('NOT_FOUND');
      if (!regulatorScopes(actor).some((p) => check.org_path.startsWith(p))) throw new DomainError('FORBIDDEN');
      if (check.status !== 'pending') throw new DomainError('CONFLICT', { zh: '该核查已有结果', en: 'This check already has a result' });
      // Load the calendar first: inside the transaction every read must use the transaction (PGlite has one connection).
      const calendar = await loadCalendar(app.db);
      const txDeps: CaseDeps = { ...caseDeps, calendar: async () => calendar };
      await inTransaction(app.db, async (tx) => {
        const updated = await tx
          .updateTable('commitment_checks')
          .set({ status: req.body.result, note: req.body.note, checked_by: actor.userId, checked_at: deps.now() })
          .where('id', '=', check.id)
          .where('status', '=', 'pending')
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw new DomainError('CONFLICT');
        if (req.body.result === 'false') {
          // The revocation is the supervisor's decision, on the timeline under their name (not 系统).
          const reason = req.body.reason ?? '申请人以告知承诺方式申请，经核查其承诺内容与实际情况不符，不再具备作出原决定的条件';
          await runCommand(tx, txDeps, actor, check.case_id, { type: 'revoke', findings: req.body.note, reason }, { data: { commitmentCheckId: check.id } });
          const c = await repo.findCase(tx, check.case_id);
          if (c) await tx.insertInto('credit_records').values({ user_id: c.applicant_id, case_id: c.id, kind: 'false_commitment', reason: req.body.note }).execute();
        }
      });
      return { id: check.id, status: req.body.result };
    },
  );

  app.get('/api/cases/:id/timeline/verify', { schema: { tags: ['cases'], summary: '留痕校验 Verify the case timeline’s SM3 hash chain', params: IdParams }, config: { permission: 'authenticated' } }, async (req) => {
    const row = await loadVisibleCase(app.db, req.actor, req.params.id);
    const events = await repo.listEvents(app.db, row.id);
    return { caseId: row.id, events: events.length, result: verifyTimeline(row, events) };
  });
}
