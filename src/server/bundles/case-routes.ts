import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import type { Actor } from '../policies/index.js';
import { DomainError } from '../errors.js';
import { loadCalendar } from '../calendar/service.js';
import type { CaseDeps } from '../cases/service.js';
import { caseCommandHooks } from '../cases/service.js';
import { guardedProgressLookup, recordWrongCode } from '../cases/progress-guard.js';
import { normalizeQueryCode, QUERY_CODE_PATTERN } from '../../core/cases/case-number.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { memberPhase, BUNDLE_STATE_LABELS, MEMBER_PHASE_LABELS, type BundleState } from '../../core/bundles/state.js';
import { ApplyBody, DraftBody, CorrectionItemBody, DeliverBody, ReasonBody, ResubmitBody, Uuid } from './schemas.js';
import { applyForBundle, bundleCommandHook, membersOf, type BundleWithMembers } from './case-service.js';
import { memberFacts } from './repository.js';
import { deleteBundleDraft, ownDraft, presentDraft, saveBundleDraft, submitBundleDraft, type BundleDraftRow } from './draft-service.js';
import { configuredProviders } from '../data-sharing/registry.js';
import { addCorrectionItem, answerCorrection, bundleRelation, deliverBundle, dueStatus, loadBundleFor, presentBundleCase, presentBundleMinimal, sendCorrection, withdrawBundle } from './case-actions.js';

const IdParams = Type.Object({ id: Uuid });

/** Bundle cases: apply (online or at the window), look, gather and answer one correction, withdraw, hand out together. */
export function bundleCaseRoutes(app: App, deps: CapabilityDeps): void {
  const caseDeps: CaseDeps = { calendar: (stamp) => loadCalendar(app.db, stamp), now: deps.now, dataProviders: configuredProviders(deps.config) };
  if (!caseCommandHooks.includes(bundleCommandHook)) caseCommandHooks.push(bundleCommandHook);

  const view = async (actor: Actor, id: string) => {
    const { bc, members, relation } = await loadBundleFor(app.db, actor, id);
    return presentBundleCase(app.db, caseDeps, actor, bc, members, relation);
  };
  /**
   * Bundle commands answer with the full bundle view, or — with `Prefer: return=minimal` (RFC 7240), as
   * for case commands — with the bundle's state and its members' phases and case ids (ADR 0047).
   */
  const commandAnswer = async (req: { headers: Record<string, string | string[] | undefined> }, reply: { header(k: string, v: string): unknown }, actor: Actor, id: string, known?: BundleWithMembers) => {
    const prefer = req.headers.prefer;
    if (typeof prefer === 'string' && /\breturn=minimal\b/.test(prefer)) {
      reply.header('preference-applied', 'return=minimal');
      // The bundle as the command left it, when it says so (nothing read again; ADR 0049); the same visibility either way.
      const relation = known && bundleRelation(actor, known.bc, known.members);
      if (known && relation) return presentBundleMinimal(actor, known.bc, known.members, relation);
      const loaded = await loadBundleFor(app.db, actor, id);
      return presentBundleMinimal(actor, loaded.bc, loaded.members, loaded.relation);
    }
    return view(actor, id);
  };

  app.post(
    '/api/bundle-cases',
    {
      schema: {
        tags: ['bundles'],
        summary: '一件事申请 One application for a bundle (online by the applicant, or at the comprehensive window by a clerk); send an Idempotency-Key header (Prefer: return=minimal: the state and members only)',
        body: ApplyBody,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })) }),
      },
      config: { permission: 'authenticated', sessionsUnchanged: true },
    },
    async (req, reply) => {
      const actor = req.actor as Actor;
      const b = req.body;
      const r = await applyForBundle(app.db, caseDeps, actor, { bundleId: b.bundleId, answers: b.answers, formData: b.formData, materials: b.materials, fromLibrary: b.fromLibrary, licences: b.licences, dataUses: b.dataUses, applicantId: b.applicantId, onBehalfOf: b.onBehalfOf, assistAuthorisationId: b.assistAuthorisationId, assisted: b.assisted }, req.headers['idempotency-key']);
      reply.status(r.replayed ? 200 : 201);
      return commandAnswer(req, reply, actor, r.row.id, r.view);
    },
  );

  // 一件事草稿 (ADR 0044): the applicant's alone; staff are refused by the permission, others get 404.
  const draftView = async (d: BundleDraftRow) => {
    const v = await app.db.selectFrom('bundle_versions').select(['content', 'status']).where('id', '=', d.version_id).executeTakeFirst();
    return { ...presentDraft(d, v?.content.name ?? null), versionRetired: v?.status !== 'published' };
  };
  app.post('/api/bundle-drafts', { schema: { tags: ['bundles'], summary: '保存一件事草稿 Save a bundle application as a draft', body: DraftBody }, config: { permission: 'applicant' } }, async (req, reply) => {
    const d = await saveBundleDraft(app.db, caseDeps, req.actor as Actor, req.body);
    reply.status(201);
    return draftView(d);
  });
  app.put('/api/bundle-drafts/:id', { schema: { tags: ['bundles'], summary: '修改一件事草稿 Update one of my bundle drafts', params: IdParams, body: DraftBody }, config: { permission: 'applicant' } }, async (req) =>
    draftView(await saveBundleDraft(app.db, caseDeps, req.actor as Actor, req.body, req.params.id)),
  );
  app.get('/api/bundle-drafts', { schema: { tags: ['bundles'], summary: '我的一件事草稿 My bundle drafts not yet submitted' }, config: { permission: 'applicant' } }, async (req) => {
    const rows = await app.db
      .selectFrom('bundle_drafts as d')
      .innerJoin('bundle_versions as v', 'v.id', 'd.version_id')
      .select(['d.id', 'd.bundle_id', 'd.updated_at', 'v.content', 'v.status'])
      .where('d.applicant_id', '=', (req.actor as Actor).userId)
      .where('d.bundle_case_id', 'is', null)
      .orderBy('d.updated_at', 'desc')
      .limit(100)
      .execute();
    return { drafts: rows.map((r) => ({ id: r.id, bundleId: r.bundle_id, title: r.content.name, updatedAt: r.updated_at, versionRetired: r.status !== 'published' })) };
  });
  app.get('/api/bundle-drafts/:id', { schema: { tags: ['bundles'], summary: '一件事草稿 One of my bundle drafts', params: IdParams }, config: { permission: 'applicant' } }, async (req) => draftView(await ownDraft(app.db, req.actor as Actor, req.params.id)));
  app.delete('/api/bundle-drafts/:id', { schema: { tags: ['bundles'], summary: '删除一件事草稿 Delete one of my bundle drafts', params: IdParams }, config: { permission: 'applicant' } }, async (req, reply) => {
    await deleteBundleDraft(app.db, req.actor as Actor, req.params.id);
    reply.status(204);
    return null;
  });
  app.post(
    '/api/bundle-drafts/:id/submit',
    { schema: { tags: ['bundles'], summary: '提交一件事草稿 Submit a bundle draft: one bundle case, however often it is sent', params: IdParams, body: Type.Object({}, { additionalProperties: false }) }, config: { permission: 'applicant' } },
    async (req, reply) => {
      const actor = req.actor as Actor;
      const r = await submitBundleDraft(app.db, caseDeps, actor, req.params.id);
      reply.status(r.replayed ? 200 : 201);
      return commandAnswer(req, reply, actor, r.row.id);
    },
  );

  app.get(
    '/api/bundle-cases',
    { schema: { tags: ['bundles'], summary: '一件事办件列表 Bundle cases: the applicant’s own; staff: of their hall, with due status (near-due / overdue)' }, config: { permission: 'authenticated' } },
    async (req) => {
      const actor = req.actor as Actor;
      const calendar = await loadCalendar(app.db);
      const today = isoDateInChina(deps.now());
      const near = calendar.addWorkingDays(today, 2).date;
      let q = app.db.selectFrom('bundle_cases').selectAll().orderBy('created_at', 'desc').limit(200);
      if (actor.kind !== 'staff') q = q.where('applicant_id', '=', actor.userId);
      else {
        const scopes = actor.roles.filter((g) => ['window_clerk', 'supervisor'].includes(g.role)).map((g) => g.scopePath);
        // Departments see the bundles of their member cases (through each case's view); the list is the hall's and the supervisor's.
        if (!scopes.length) return { today, bundles: [] };
        q = q.where((eb) => eb.or(scopes.map((p) => eb('org_path', 'like', `${p}%`))));
      }
      const rows = await q.execute();
      return {
        today,
        bundles: rows.map((r) => ({ id: r.id, caseNo: r.case_no, title: r.title, state: r.state, stateZh: BUNDLE_STATE_LABELS[r.state as BundleState]?.zh ?? r.state, submittedOn: r.submitted_on, due: dueStatus(r, today, near) })),
      };
    },
  );

  app.get('/api/bundle-cases/:id', { schema: { tags: ['bundles'], summary: '一件事办件 A bundle case with its members and one timeline', params: IdParams }, config: { permission: 'authenticated' } }, async (req) => view(req.actor as Actor, req.params.id));

  app.get(
    '/api/cases/:id/bundle',
    { schema: { tags: ['bundles'], summary: '所属一件事 The bundle a member case belongs to (null when none)', params: IdParams }, config: { permission: 'authenticated' } },
    async (req) => {
      const m = await app.db.selectFrom('bundle_members').select('bundle_case_id').where('case_id', '=', req.params.id).executeTakeFirst();
      if (!m) return { bundle: null };
      const { bc, members } = await loadBundleFor(app.db, req.actor, m.bundle_case_id).catch(() => {
        throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
      });
      if (!bundleRelation(req.actor, bc, members)) throw new DomainError('NOT_FOUND');
      return { bundle: { id: bc.id, caseNo: bc.case_no, title: bc.title, state: bc.state, dueDate: bc.due_date } };
    },
  );

  app.post(
    '/api/bundle-cases/:id/correction/items',
    { schema: { tags: ['bundles'], summary: '加入一次性告知 Add a missing material to the bundle’s open correction notice (window or a member’s department)', params: IdParams, body: CorrectionItemBody }, config: { permission: 'staff' } },
    async (req) => {
      await addCorrectionItem(app.db, req.actor as Actor, req.params.id, req.body, deps.now());
      return view(req.actor as Actor, req.params.id);
    },
  );

  app.post(
    '/api/bundle-cases/:id/correction/send',
    { schema: { tags: ['bundles'], summary: '发出一次性告知 Send the gathered correction notice once', params: IdParams, body: Type.Object({}, { additionalProperties: false }) }, config: { permission: 'staff' } },
    async (req) => {
      await sendCorrection(app.db, caseDeps, req.actor as Actor, req.params.id);
      return view(req.actor as Actor, req.params.id);
    },
  );

  app.post(
    '/api/bundle-cases/:id/correction/answer',
    { schema: { tags: ['bundles'], summary: '补正 The applicant answers the notice once', params: IdParams, body: ResubmitBody }, config: { permission: 'applicant' } },
    async (req) => {
      await answerCorrection(app.db, caseDeps, req.actor as Actor, req.params.id, req.body.materials);
      return view(req.actor as Actor, req.params.id);
    },
  );

  app.post('/api/bundle-cases/:id/withdraw', { schema: { tags: ['bundles'], summary: '撤回一件事 Withdraw the bundle: every running member is withdrawn', params: IdParams, body: ReasonBody }, config: { permission: 'applicant' } }, async (req) => {
    await withdrawBundle(app.db, caseDeps, req.actor as Actor, req.params.id, req.body.reason);
    return view(req.actor as Actor, req.params.id);
  });

  app.post('/api/bundle-cases/:id/deliver', { schema: { tags: ['bundles'], summary: '统一出件 Hand out every result together (Prefer: return=minimal: the state and members only)', params: IdParams, body: DeliverBody }, config: { permission: 'staff', sessionsUnchanged: true } }, async (req, reply) => {
    const after = await deliverBundle(app.db, caseDeps, req.actor as Actor, req.params.id, req.body);
    return commandAnswer(req, reply, req.actor as Actor, req.params.id, after);
  });

  app.get(
    '/api/public/bundle-progress',
    {
      schema: {
        tags: ['bundles'],
        summary: '一件事进度查询 Bundle progress by its number and query code (no login); the members’ states and one timeline',
        querystring: Type.Object({ caseNo: Type.String({ pattern: '^YJS[0-9]{23}$' }), code: Type.String({ pattern: QUERY_CODE_PATTERN }) }, { additionalProperties: false }),
      },
      config: { permission: 'public' },
    },
    async (req) => {
      const now = deps.now();
      // The case look-up's throttle and wrong-code lock (its read model has no YJS numbers: the answer is read below).
      await guardedProgressLookup(app.db, req.ip, req.query.caseNo, normalizeQueryCode(req.query.code), now, { perAddress: deps.config.progressLookupsPerAddress, perCase: deps.config.progressLookupsPerCase });
      const bc = await app.db.selectFrom('bundle_cases').selectAll().where('case_no', '=', req.query.caseNo).where('query_code', '=', normalizeQueryCode(req.query.code)).executeTakeFirst();
      if (!bc) {
        await recordWrongCode(app.db, req.query.caseNo, now);
        throw new DomainError('NOT_FOUND', { zh: '办件编号或查询码不正确', en: 'Wrong case number or query code' });
      }
      const members = await membersOf(app.db, bc.id);
      const version = await app.db.selectFrom('bundle_versions').select('content').where('id', '=', bc.version_id).executeTakeFirstOrThrow();
      const events = await app.db.selectFrom('bundle_events').select(['at', 'action', 'member_key']).where('bundle_case_id', '=', bc.id).orderBy('id').execute();
      const label = BUNDLE_STATE_LABELS[bc.state as BundleState];
      const facts = await memberFacts(app.db, version.content);
      // A sensitive member item (出生登记 …) shows a neutral name, as a sensitive case's public look-up does.
      const publicName = (implId: string) => {
        const f = facts.get(implId);
        return !f ? null : f.content.sensitive ? '联办事项' : f.name;
      };
      // Like a case's public progress: states and dates, no names, comments or personal data.
      return {
        caseNo: bc.case_no,
        title: version.content.name,
        state: bc.state,
        stateZh: label?.zh ?? bc.state,
        stateEn: label?.en ?? bc.state,
        dueDate: bc.due_date,
        members: members.map((m) => {
          const phase = m.note?.startsWith('不再办理') ? 'blocked' : memberPhase(m.memberCase);
          return { key: m.member_key, name: publicName(m.impl_id), phase, phaseZh: MEMBER_PHASE_LABELS[phase].zh, phaseEn: MEMBER_PHASE_LABELS[phase].en };
        }),
        timeline: events.map((e) => ({ at: e.at, action: e.action, member: e.member_key })),
      };
    },
  );
}
