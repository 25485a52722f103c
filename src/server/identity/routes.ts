import { Type } from 'typebox';
import type { App } from '../http/types.js';
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import { login } from './login.js';
import { confirmRegistration, startRegistration } from './registration.js';
import { secondFactorStatus } from './second-factor.js';
import { accountRoutes } from './account-routes.js';
import { accountClaimRoutes } from './account-claim.js';
import { Phone, SmsCode } from './schemas.js';
import { presentMe, presentUser } from './presenters.js';
import { deleteSession, SESSION_COOKIE } from './sessions.js';
import { recordAudit } from './audit.js';
import type { MessageSender } from '../adapters/messaging.js';

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
    totp: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z -]{6,16}$', description: 'TOTP code (6 digits) or a recovery code, for accounts with a second factor' })),
  },
  { additionalProperties: false },
);

const Username = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{3,31}$', title: '用户名 Username', description: '4–32 characters, starting with a letter' });

const RegisterBody = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('natural_person'),
      username: Username,
      password: Type.String({ minLength: 1, maxLength: 128, title: '密码 Password', description: 'At least 12 characters, not a common password, not containing the username' }),
      name: Type.String({ minLength: 1, maxLength: 50, title: '姓名 Name' }),
      idNumber: Type.String({ pattern: '^\\d{17}[\\dX]$', title: '身份证号码 ID number' }),
      phone: Phone,
      email: Type.Optional(Type.String({ format: 'email', maxLength: 100, title: '电子邮箱 Email' })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('legal_person'),
      username: Username,
      password: Type.String({ minLength: 1, maxLength: 128, title: '密码 Password', description: 'At least 12 characters, not a common password, not containing the username' }),
      companyName: Type.String({ minLength: 1, maxLength: 100, title: '单位名称 Organisation name' }),
      creditCode: Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', title: '统一社会信用代码 Unified social credit code' }),
      legalRepresentative: Type.String({ minLength: 1, maxLength: 50, title: '法定代表人 Legal representative' }),
      phone: Phone,
      email: Type.Optional(Type.String({ format: 'email', maxLength: 100, title: '电子邮箱 Email' })),
    },
    { additionalProperties: false },
  ),
]);

export function identityRoutes(app: App, deps: { config: Config; now: () => Date; messages: MessageSender }): void {
  const { config } = deps;
  const timeouts = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.secureCookies,
  };

  app.post(
    '/api/auth/login',
    {
      schema: { tags: ['identity'], summary: '登录 Log in', body: LoginBody },
      config: { permission: 'public', csrfExempt: true },
    },
    async (req, reply) => {
      // A new session id at every login; any session the browser presented is ended first.
      const old = req.cookies[SESSION_COOKIE];
      if (old) await deleteSession(app.db, old);
      const { user, session } = await login(app.db, { ...req.body, ip: req.ip, now: deps.now() }, { timeouts, messages: deps.messages });
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
      const roles = await app.db.selectFrom('staff_roles').select(['role', 'scope_org_id']).where('user_id', '=', user.id).execute();
      return {
        user: presentUser(user, { full: true }),
        roles: roles.map((r) => ({ role: r.role, scopeOrgId: r.scope_org_id })),
        csrfToken: session.csrfToken,
        secondFactor: secondFactorStatus(user),
      };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['identity'], summary: '退出 Log out' }, config: { permission: 'authenticated', secondFactorExempt: true } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await deleteSession(app.db, token);
      await recordAudit(app.db, { kind: 'logout', userId: req.actor?.userId ?? null, ip: req.ip });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags: ['identity'], summary: '当前用户 Current account' }, config: { permission: 'authenticated', secondFactorExempt: true } },
    async (req) => {
      const actor = req.actor;
      if (!actor || !req.csrfToken) throw new DomainError('UNAUTHENTICATED');
      const row = await app.db.selectFrom('users').selectAll().where('id', '=', actor.userId).executeTakeFirstOrThrow();
      return { ...presentMe(row, actor, req.csrfToken), secondFactor: secondFactorStatus(row) };
    },
  );

  app.post(
    '/api/auth/register',
    {
      schema: {
        tags: ['identity'],
        summary: '注册（第一步：发送短信验证码） Register, step 1: send an SMS code to the phone',
        description: 'Answers 202 with a registration id whether or not the ID number or credit code is already registered; the SMS says which.',
        body: RegisterBody,
      },
      config: { permission: 'public', csrfExempt: true },
    },
    async (req, reply) => {
      const started = await startRegistration(app.db, deps.messages, req.body, req.ip, deps.now());
      reply.status(202);
      return started;
    },
  );

  app.post(
    '/api/auth/register/confirm',
    {
      schema: {
        tags: ['identity'],
        summary: '注册（第二步：短信验证码） Register, step 2: confirm with the SMS code',
        body: Type.Object({ registrationId: Type.String({ format: 'uuid' }), code: SmsCode }, { additionalProperties: false }),
      },
      config: { permission: 'public', csrfExempt: true },
    },
    async (req, reply) => {
      const user = await confirmRegistration(app.db, req.body.registrationId, req.body.code, req.ip, deps.now());
      reply.status(201);
      return { user: presentUser(user, { full: true }) };
    },
  );

  accountRoutes(app, deps);
  accountClaimRoutes(app, deps);
}
