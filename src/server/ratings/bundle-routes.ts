import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import type { Actor } from '../policies/index.js';
import { inScope } from '../policies/actor.js';
import { DomainError } from '../errors.js';
import { loadCalendar } from '../calendar/service.js';
import { openField } from '../crypto/personal-data.js';
import { IdParams, TokenRatingBody, BundleTokenBody } from './schemas.js';
import { DEPARTMENT_ROLES, issueToken, loadRatedBundle, rateOwnBundle, SUPERVISOR_ROLES } from './service.js';

/**
 * 一事一评 (ADR 0043): a finished 一件事 is rated once as one service by its applicant — online, or through
 * a one-time link the hall's window sends by SMS or hands over on the tablet. Follow-ups, rectification
 * and appeals use the rating's id with the ordinary routes.
 */
export function bundleRatingRoutes(app: App, deps: CapabilityDeps): void {
  app.post('/api/bundle-cases/:id/ratings', { schema: { tags: ['ratings'], summary: '一事一评 Rate a finished bundle as one service (once)', params: IdParams, body: TokenRatingBody }, config: { permission: 'applicant' } }, async (req, reply) => {
    const calendar = await loadCalendar(app.db);
    const r = await rateOwnBundle(app.db, calendar, deps.now(), req.actor as Actor, req.params.id, req.body);
    return reply.status(201).send(r);
  });

  app.get('/api/bundle-cases/:id/ratings', { schema: { tags: ['ratings'], summary: 'The ratings of a bundle (its applicant, the owning hall’s staff, supervisors in scope)', params: IdParams }, config: { permission: 'authenticated' } }, async (req) => {
    const actor = req.actor as Actor;
    const b = await app.db.selectFrom('bundle_cases').select(['id', 'applicant_id', 'org_path']).where('id', '=', req.params.id).executeTakeFirst();
    const visible = b && (b.applicant_id === actor.userId || inScope(actor, ['window_clerk', ...DEPARTMENT_ROLES, ...SUPERVISOR_ROLES], b.org_path));
    if (!b || !visible) throw new DomainError('NOT_FOUND', { zh: '一件事办件不存在', en: 'The bundle case does not exist' });
    const rows = await app.db
      .selectFrom('ratings as r')
      .leftJoin('rectifications as k', 'k.rating_id', 'r.id')
      .select(['r.id', 'r.service_kind', 'r.level', 'r.tags', 'r.comment', 'r.anonymous', 'r.channel', 'r.kind', 'r.follow_up_of', 'r.rated_on', 'r.removed_at', 'r.removed_reason', 'k.id as task_id', 'k.status as task_status'])
      .where('r.bundle_case_id', '=', b.id)
      .orderBy('r.created_at')
      .execute();
    return {
      ratings: rows.map((r) => ({ id: r.id, service: r.service_kind, level: r.level, tags: r.tags, comment: r.comment, anonymous: r.anonymous, channel: r.channel, kind: r.kind, followUpOf: r.follow_up_of, ratedOn: r.rated_on, removed: r.removed_at !== null, removedReason: r.removed_reason, rectification: r.task_id ? { id: r.task_id, status: r.task_status } : null })),
    };
  });

  app.post(
    '/api/bundle-cases/:id/rating-tokens',
    { schema: { tags: ['ratings'], summary: '评价邀请 The hall hands the tablet over or sends the applicant a one-time SMS link to rate a bundle', params: IdParams, body: BundleTokenBody }, config: { permission: 'staff' } },
    async (req, reply) => {
      const actor = req.actor as Actor;
      const b = await loadRatedBundle(app.db, req.params.id);
      // The hall that owns the bundle invites the rating (its clerks and administrators).
      if (!inScope(actor, ['window_clerk', 'hall_admin'], b.org_path)) throw new DomainError('FORBIDDEN');
      const { token, expiresAt } = await issueToken(app.db, deps.now(), b.id, 'bundle', req.body.channel);
      if (req.body.channel === 'tablet') return reply.status(201).send({ url: `/rate/${token}`, token, expiresAt: expiresAt.toISOString() });
      const user = await app.db.selectFrom('users').select('phone').where('id', '=', b.applicant_id).executeTakeFirst();
      const phone = openField('phone', user?.phone ?? null);
      if (!phone) throw new DomainError('CASE_RULE_VIOLATION', { zh: '申请人没有登记手机号码，无法发送评价短信', en: 'The applicant has no mobile number for a rating SMS' });
      await deps.messages.send({ channel: 'sms', to: phone, body: `【通办】请对一件事“${b.title}”的办理服务进行评价：/rate/${token} （7日内有效，仅可使用一次）` });
      return reply.status(201).send({ sent: true, expiresAt: expiresAt.toISOString() });
    },
  );
}
