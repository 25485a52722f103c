import { Type } from 'typebox';
import type { App } from '../http/types.js';
import type { Actor } from '../policies/actor.js';
import { DomainError } from '../errors.js';
import type { MessageSender } from '../adapters/messaging.js';
import { changePassword, confirmPasswordReset, startPasswordReset } from './passwords-service.js';
import { confirmEnrolment, secondFactorStatus, startEnrolment } from './second-factor.js';
import { approveSecondFactorReset, listPendingSecondFactorResets, requestSecondFactorReset } from './second-factor-resets.js';
import { hashToken, SESSION_COOKIE } from './sessions.js';
import { recordAudit } from './audit.js';
import { Phone, SmsCode } from './schemas.js';

const NewPassword = Type.String({ minLength: 1, maxLength: 128, description: 'At least 12 characters, not a common password, not containing the username' });
const TotpCode = Type.String({ pattern: '^\\d{6}$', description: '6-digit code from the authenticator app' });

/** Account security (账号安全): change and reset the password, enrol a second factor, admins' resets of it. */
export function accountRoutes(app: App, deps: { now: () => Date; messages: MessageSender }): void {
  const me = (req: { actor: Actor | undefined }): Actor => {
    if (!req.actor) throw new DomainError('UNAUTHENTICATED');
    return req.actor;
  };
  const loadMe = (userId: string) => app.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['identity'],
        summary: '修改密码 Change password (ends the account\'s other sessions)',
        body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 128 }), newPassword: NewPassword }, { additionalProperties: false }),
      },
      config: { permission: 'authenticated', secondFactorExempt: true },
    },
    async (req) => {
      const actor = me(req);
      const token = req.cookies[SESSION_COOKIE] ?? '';
      await changePassword(app.db, deps.messages, { userId: actor.userId, sessionId: hashToken(token), ...req.body, ip: req.ip, now: deps.now() });
      return { ok: true };
    },
  );

  app.post(
    '/api/auth/password-reset',
    {
      schema: {
        tags: ['identity'],
        summary: '忘记密码（发送短信验证码） Forgot password: send a code to the account\'s phone',
        description: 'Answers 202 with a reset id whether or not the username and phone match an account.',
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$' }), phone: Phone }, { additionalProperties: false }),
      },
      config: { permission: 'public', csrfExempt: true },
    },
    async (req, reply) => {
      const started = await startPasswordReset(app.db, deps.messages, { ...req.body, ip: req.ip, now: deps.now() });
      reply.status(202);
      return started;
    },
  );

  app.post(
    '/api/auth/password-reset/confirm',
    {
      schema: {
        tags: ['identity'],
        summary: '忘记密码（设置新密码） Forgot password: set a new one with the SMS code',
        body: Type.Object({ resetId: Type.String({ format: 'uuid' }), code: SmsCode, newPassword: NewPassword }, { additionalProperties: false }),
      },
      config: { permission: 'public', csrfExempt: true },
    },
    async (req) => {
      await confirmPasswordReset(app.db, deps.messages, { ...req.body, ip: req.ip, now: deps.now() });
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/second-factor',
    { schema: { tags: ['identity'], summary: '双因素认证状态 Second factor status' }, config: { permission: 'authenticated', secondFactorExempt: true } },
    async (req) => secondFactorStatus(await loadMe(me(req).userId)),
  );

  app.post(
    '/api/auth/second-factor/enrol',
    {
      schema: { tags: ['identity'], summary: '绑定动态验证码（生成密钥和二维码） Start enrolling an authenticator app' },
      config: { permission: 'authenticated', secondFactorExempt: true },
    },
    async (req) => startEnrolment(app.db, await loadMe(me(req).userId)),
  );

  app.post(
    '/api/auth/second-factor/confirm',
    {
      schema: {
        tags: ['identity'],
        summary: '绑定动态验证码（确认） Confirm enrolment with a code; answers the recovery codes once',
        body: Type.Object({ code: TotpCode }, { additionalProperties: false }),
      },
      config: { permission: 'authenticated', secondFactorExempt: true },
    },
    async (req) => {
      const actor = me(req);
      const recoveryCodes = await confirmEnrolment(app.db, await loadMe(actor.userId), req.body.code, deps.now());
      await recordAudit(app.db, { kind: 'second_factor_enrolled', userId: actor.userId, ip: req.ip });
      return { recoveryCodes };
    },
  );

  app.get(
    '/api/second-factor-resets',
    { schema: { tags: ['identity'], summary: '待批准的动态验证码重置 Second factor resets awaiting approval' }, config: { permission: 'staff' } },
    async (req) => ({ items: await listPendingSecondFactorResets(app.db, me(req)) }),
  );

  app.post(
    '/api/second-factor-resets',
    {
      schema: {
        tags: ['identity'],
        summary: '申请重置工作人员的动态验证码 Request a reset of a staff member\'s second factor (another admin approves)',
        body: Type.Object({ userId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req, reply) => {
      const created = await requestSecondFactorReset(app.db, me(req), req.body.userId, req.ip, deps.now());
      reply.status(201);
      return created;
    },
  );

  app.post(
    '/api/second-factor-resets/:id/approve',
    {
      schema: {
        tags: ['identity'],
        summary: '批准重置动态验证码（须另一名管理员） Approve a second factor reset (a different admin)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      },
      config: { permission: 'staff' },
    },
    async (req) => {
      await approveSecondFactorReset(app.db, me(req), req.params.id, req.ip, deps.now());
      return { ok: true };
    },
  );
}
