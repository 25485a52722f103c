import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { inScope, scopePaths } from '../policies/actor.js';
import { loadCalendar } from '../calendar/service.js';
import { requireOwnUploads } from '../files/uploads.js';
import { openField } from '../crypto/personal-data.js';
import { isRatingLevel, RATING_LEVEL_NAMES, RATING_LEVELS, type RatingLevel } from '../../core/ratings/levels.js';
import { REASON_TAGS } from '../../core/ratings/rules.js';
import { Type } from 'typebox';
import { AppealBody, DecisionBody, FollowUpBody, IdParams, RatingBody, StepBody, TokenBody, TokenParams, TokenRatingBody } from './schemas.js';
import { publicRatingRoutes } from './public-ratings.js';
import { bundleRatingRoutes } from './bundle-routes.js';
import { addFollowUp, decideAppeal, DEPARTMENT_ROLES, fileAppeal, issueToken, loadTask, peekToken, rateOwnCase, rateWithToken, requireCaseStaff, stepTask, SUPERVISOR_ROLES } from './service.js';

const level = (n: number): RatingLevel => (isRatingLevel(n) ? n : 3);

export function ratingRoutes(app: App, deps: CapabilityDeps): void {
  app.get('/api/ratings/tags', { schema: { tags: ['ratings'], summary: '评价标签 The five levels and their reason tags' }, config: { permission: 'public' } }, async () => ({
    levels: RATING_LEVELS.map((l) => ({ level: l, zh: RATING_LEVEL_NAMES[l].zh, en: RATING_LEVEL_NAMES[l].en, bad: l <= 2, tags: REASON_TAGS[l] })),
  }));

  app.post('/api/cases/:id/ratings', { schema: { tags: ['ratings'], summary: '好差评 Rate a finished case or its window service (once per service)', params: IdParams, body: RatingBody }, config: { permission: 'applicant' } }, async (req, reply) => {
    const calendar = await loadCalendar(app.db);
    const r = await rateOwnCase(app.db, calendar, deps.now(), req.actor as Actor, req.params.id, req.body);
    return reply.status(201).send(r);
  });

  app.get('/api/cases/:id/ratings', { schema: { tags: ['ratings'], summary: 'The ratings of a case (its applicant, or staff in scope)', params: IdParams }, config: { permission: 'authenticated' } }, async (req) => {
    const actor = req.actor as Actor;
    const c = await app.db.selectFrom('cases').select(['id', 'applicant_id', 'org_path', 'state', 'bundle_case_id']).where('id', '=', req.params.id).executeTakeFirst();
    const visible = c && (c.applicant_id === actor.userId || inScope(actor, ['window_clerk', ...DEPARTMENT_ROLES, ...SUPERVISOR_ROLES], c.org_path));
    if (!c || !visible) throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
    const rows = await app.db
      .selectFrom('ratings as r')
      .leftJoin('rectifications as k', 'k.rating_id', 'r.id')
      .select(['r.id', 'r.service_kind', 'r.level', 'r.tags', 'r.comment', 'r.anonymous', 'r.channel', 'r.kind', 'r.follow_up_of', 'r.rated_on', 'r.removed_at', 'r.removed_reason', 'k.id as task_id', 'k.status as task_status'])
      .where('r.case_id', '=', c.id)
      .orderBy('r.created_at')
      .execute();
    return {
      // A 一件事 member is rated through its bundle (ADR 0043): the page links there instead of a form.
      bundleCaseId: c.bundle_case_id,
      ratings: rows.map((r) => ({ id: r.id, service: r.service_kind, level: r.level, tags: r.tags, comment: r.comment, anonymous: r.anonymous, channel: r.channel, kind: r.kind, followUpOf: r.follow_up_of, ratedOn: r.rated_on, removed: r.removed_at !== null, removedReason: r.removed_reason, rectification: r.task_id ? { id: r.task_id, status: r.task_status } : null })),
    };
  });

  app.post('/api/ratings/:id/follow-ups', { schema: { tags: ['ratings'], summary: '追评 A follow-up, or the re-rating after rectification (once each)', params: IdParams, body: FollowUpBody }, config: { permission: 'applicant' } }, async (req, reply) => {
    const r = await addFollowUp(app.db, deps.now(), req.actor as Actor, req.params.id, req.body.kind, req.body);
    return reply.status(201).send(r);
  });

  app.post(
    '/api/cases/:id/rating-tokens',
    { schema: { tags: ['ratings'], summary: '评价邀请 Hand the window tablet over (answers a one-time token) or send the applicant a one-time SMS rating link', params: IdParams, body: TokenBody }, config: { permission: 'staff' } },
    async (req, reply) => {
      const c = await requireCaseStaff(app.db, req.actor as Actor, req.params.id);
      const { token, expiresAt } = await issueToken(app.db, deps.now(), c.id, req.body.service, req.body.channel);
      if (req.body.channel === 'tablet') return reply.status(201).send({ url: `/rate/${token}`, token, expiresAt: expiresAt.toISOString() });
      const user = await app.db.selectFrom('users').select('phone').where('id', '=', c.applicant_id).executeTakeFirst();
      const phone = openField('phone', user?.phone ?? null);
      if (!phone) throw new DomainError('CASE_RULE_VIOLATION', { zh: '申请人没有登记手机号码，无法发送评价短信', en: 'The applicant has no mobile number for a rating SMS' });
      // The link is sent, never answered to the clerk: only the applicant's phone can rate through it.
      await deps.messages.send({ channel: 'sms', to: phone, body: `【通办】请对“${c.title}”的办理服务进行评价：/rate/${token} （7日内有效，仅可使用一次）` });
      return reply.status(201).send({ sent: true, expiresAt: expiresAt.toISOString() });
    },
  );

  app.get('/api/public/rating-tokens/:token', { schema: { tags: ['ratings'], summary: 'What a rating link rates (the public title of the case and the service)', params: TokenParams }, config: { permission: 'public' } }, async (req) =>
    peekToken(app.db, deps.now(), req.params.token),
  );

  app.post('/api/public/rating-tokens/:token', { schema: { tags: ['ratings'], summary: 'Rate through a one-time link (window tablet or SMS)', params: TokenParams, body: TokenRatingBody }, config: { permission: 'public' } }, async (req, reply) => {
    const calendar = await loadCalendar(app.db);
    const r = await rateWithToken(app.db, calendar, deps.now(), req.params.token, req.body);
    return reply.status(201).send({ id: r.id });
  });

  app.get('/api/rectifications', { schema: { tags: ['ratings'], summary: '差评整改 Rectification tasks of the caller’s departments (supervisors: all in scope)' }, config: { permission: 'staff' } }, async (req) => {
    const actor = req.actor as Actor;
    const paths = scopePaths(actor, [...DEPARTMENT_ROLES, ...SUPERVISOR_ROLES]);
    if (!paths.length) throw new DomainError('FORBIDDEN');
    const rows = await app.db
      .selectFrom('rectifications as k')
      .innerJoin('ratings as r', 'r.id', 'k.rating_id')
      // A bundle's task (ADR 0043) names the bundle case instead of a case.
      .leftJoin('cases as c', 'c.id', 'k.case_id')
      .leftJoin('bundle_cases as bc', 'bc.id', 'k.bundle_case_id')
      .innerJoin('orgs as o', 'o.id', 'k.org_id')
      .leftJoin('users as u', 'u.id', 'r.rater_id')
      .leftJoin('rating_appeals as a', 'a.rating_id', 'r.id')
      .select(['k.id', 'k.status', 'k.named', 'k.revisit_due', 'k.revisited_on', 'k.revisit_outcome', 'k.rectify_due', 'k.rectified_on', 'k.rectification', 'r.id as rating_id', 'r.level', 'r.tags', 'r.comment', 'r.service_kind', 'r.rated_on', 'r.removed_at', 'c.id as case_id', 'c.case_no', 'c.title', 'bc.id as bundle_case_id', 'bc.case_no as bundle_case_no', 'bc.title as bundle_title', 'o.name as org_name', 'u.display_name', 'u.phone', 'a.id as appeal_id', 'a.status as appeal_status'])
      .where((eb) => eb.or(paths.map((p) => eb('k.org_path', 'like', `${p}%`))))
      .orderBy('k.created_at', 'desc')
      .limit(500)
      .execute();
    return {
      tasks: rows.map((r) => ({
        id: r.id,
        status: r.status,
        named: r.named,
        revisitDue: r.revisit_due,
        revisitedOn: r.revisited_on,
        revisitOutcome: r.revisit_outcome,
        rectifyDue: r.rectify_due,
        rectifiedOn: r.rectified_on,
        rectification: r.rectification,
        rating: { id: r.rating_id, level: r.level, levelZh: RATING_LEVEL_NAMES[level(r.level)].zh, tags: r.tags, comment: r.comment, service: r.service_kind, ratedOn: r.rated_on, removed: r.removed_at !== null },
        case: r.case_id ? { id: r.case_id, caseNo: r.case_no, title: r.title ?? '' } : null,
        bundle: r.bundle_case_id ? { id: r.bundle_case_id, caseNo: r.bundle_case_no, title: r.bundle_title ?? '' } : null,
        department: r.org_name,
        // 回访 needs the rater's name and number (a named rating only); the public page never shows them.
        rater: r.named ? { name: r.display_name, phone: openField('phone', r.phone) } : null,
        appeal: r.appeal_id ? { id: r.appeal_id, status: r.appeal_status } : null,
      })),
    };
  });

  app.post('/api/rectifications/:id/revisit', { schema: { tags: ['ratings'], summary: '回访核实 Record the follow-up contact with the rater and its outcome', params: IdParams, body: StepBody }, config: { permission: 'staff' } }, async (req) =>
    stepTask(app.db, deps.now(), req.actor as Actor, req.params.id, 'revisit', req.body.text),
  );

  app.post('/api/rectifications/:id/rectify', { schema: { tags: ['ratings'], summary: '整改 Record what was rectified; the rater is asked to rate again', params: IdParams, body: StepBody }, config: { permission: 'staff' } }, async (req) =>
    stepTask(app.db, deps.now(), req.actor as Actor, req.params.id, 'rectify', req.body.text),
  );

  app.get('/api/rectifications/:id', { schema: { tags: ['ratings'], summary: 'One rectification task', params: IdParams }, config: { permission: 'staff' } }, async (req) => {
    const t = await loadTask(app.db, req.actor as Actor, req.params.id, false);
    return { id: t.id, status: t.status, named: t.named, revisitDue: t.revisit_due, rectifyDue: t.rectify_due, revisitedOn: t.revisited_on, rectifiedOn: t.rectified_on };
  });

  app.post('/api/ratings/:id/appeals', { schema: { tags: ['ratings'], summary: '申诉 The department contests a 差评 it considers malicious, with evidence', params: IdParams, body: AppealBody }, config: { permission: 'staff' } }, async (req, reply) => {
    const actor = req.actor as Actor;
    await requireOwnUploads(app.db, actor.userId, req.body.evidence.map((e) => e.fileId));
    return reply.status(201).send(await fileAppeal(app.db, deps.now(), actor, req.params.id, req.body));
  });

  app.get('/api/rating-appeals', { schema: { tags: ['ratings'], summary: '申诉 Appeals in the caller’s scope (supervisors decide them)' }, config: { permission: 'staff' } }, async (req) => {
    const actor = req.actor as Actor;
    const paths = scopePaths(actor, [...DEPARTMENT_ROLES, ...SUPERVISOR_ROLES]);
    if (!paths.length) throw new DomainError('FORBIDDEN');
    const rows = await app.db
      .selectFrom('rating_appeals as a')
      .innerJoin('ratings as r', 'r.id', 'a.rating_id')
      .leftJoin('cases as c', 'c.id', 'r.case_id')
      .leftJoin('bundle_cases as bc', 'bc.id', 'r.bundle_case_id')
      .innerJoin('orgs as o', 'o.id', 'r.org_id')
      .select(['a.id', 'a.status', 'a.reason', 'a.evidence', 'a.filed_at', 'a.decision_note', 'a.org_path', 'r.id as rating_id', 'r.level', 'r.comment', 'c.case_no', 'c.title', 'bc.case_no as bundle_case_no', 'bc.title as bundle_title', 'o.name as org_name'])
      .where((eb) => eb.or(paths.map((p) => eb('a.org_path', 'like', `${p}%`))))
      .orderBy('a.filed_at', 'desc')
      .limit(500)
      .execute();
    return {
      appeals: rows.map((a) => ({ id: a.id, status: a.status, reason: a.reason, evidence: a.evidence, filedAt: a.filed_at, decisionNote: a.decision_note, rating: { id: a.rating_id, level: a.level, comment: a.comment }, caseNo: a.case_no ?? a.bundle_case_no, title: a.title ?? a.bundle_title ?? '', department: a.org_name, canDecide: a.status === 'pending' && inScope(actor, SUPERVISOR_ROLES, a.org_path) })),
    };
  });

  app.post('/api/rating-appeals/:id/decision', { schema: { tags: ['ratings'], summary: 'The supervisor accepts (the rating leaves the figures, visibly) or rejects an appeal', params: IdParams, body: DecisionBody }, config: { permission: 'staff' } }, async (req) =>
    decideAppeal(app.db, deps.now(), req.actor as Actor, req.params.id, req.body.accept, req.body.note),
  );

  app.put(
    '/api/admin/accountability-settings/:regionCode',
    {
      schema: {
        tags: ['ratings'],
        summary: '时限设置 A region’s deadlines: 回访 and 整改 of a 差评, reply to a complaint (working days)',
        params: Type.Object({ regionCode: Type.String({ pattern: '^\\d{6}$' }) }),
        body: Type.Object({ revisitDays: Type.Integer({ minimum: 0, maximum: 30 }), rectifyDays: Type.Integer({ minimum: 1, maximum: 60 }), complaintDays: Type.Integer({ minimum: 1, maximum: 60 }) }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req) => {
      const actor = req.actor as Actor;
      if (!actor.roles.some((g) => g.role === 'system_admin')) throw new DomainError('FORBIDDEN');
      const region = await app.db.selectFrom('regions').select('code').where('code', '=', req.params.regionCode).executeTakeFirst();
      if (!region) throw new DomainError('NOT_FOUND', { zh: '行政区划不存在', en: 'No such region' });
      const values = { revisit_days: req.body.revisitDays, rectify_days: req.body.rectifyDays, complaint_days: req.body.complaintDays, updated_by: actor.userId, updated_at: deps.now() };
      await app.db.insertInto('accountability_settings').values({ region_code: region.code, ...values }).onConflict((oc) => oc.column('region_code').doUpdateSet(values)).execute();
      return { regionCode: region.code, ...req.body };
    },
  );

  publicRatingRoutes(app);
  bundleRatingRoutes(app, deps);
}
