import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { SmsCode } from '../identity/schemas.js';
import * as repo from '../cases/repository.js';
import { renderSealedCaseNotice, NOTICE_KINDS, type NoticeKind } from '../cases/notices.js';
import { KIOSK_SESSION_IDLE_MINUTES } from '../../core/kiosk/index.js';
import { endKioskSession, KIOSK_COOKIE, KIOSK_COOKIE_PATH } from './sessions.js';
import { confirmKioskIdentity, kioskCases, kioskDisplayName, startKioskIdentity } from './service.js';
import { kioskApplyRoutes } from './apply-routes.js';

const IdNumberField = Type.String({ pattern: '^\\d{17}[\\dXx]$', title: '身份证号码 ID number' });
const CreditCodeField = Type.String({ pattern: '^[0-9A-Za-z]{18}$', title: '统一社会信用代码 Unified social credit code' });

/**
 * 自助终端 (self-service kiosk, issue 13, ADR 0036): identity by ID number and SMS code, then a short
 * kiosk session that reads only the person's own cases (progress) and prints their notices.
 */
export function kioskRoutes(app: App, deps: CapabilityDeps): void {
  const cookie = { path: KIOSK_COOKIE_PATH, httpOnly: true, sameSite: 'strict' as const, secure: deps.config.secureCookies };

  app.post(
    '/api/kiosk/codes',
    {
      schema: {
        tags: ['kiosk'],
        summary: '自助终端验证码 Kiosk identity, step 1: an SMS code to the phone on record of the ID number (a person) or of the credit code (an enterprise)',
        description: 'Answers 202 with a challenge id whether or not the ID number or credit code is known; only the phone on record gets a code (5 minutes, once).',
        body: Type.Union([Type.Object({ idNumber: IdNumberField }, { additionalProperties: false }), Type.Object({ creditCode: CreditCodeField }, { additionalProperties: false })]),
      },
      config: { permission: 'public', csrfExempt: true },
    },
    async (req, reply) => {
      reply.status(202);
      return startKioskIdentity(app.db, deps.messages, req.body, req.ip, deps.now());
    },
  );

  app.post(
    '/api/kiosk/session',
    {
      schema: {
        tags: ['kiosk'],
        summary: '自助终端登录 Kiosk identity, step 2: the SMS code opens a short kiosk session (own progress and notices only)',
        body: Type.Object({ challengeId: Type.String({ format: 'uuid' }), code: SmsCode }, { additionalProperties: false }),
      },
      config: { permission: 'public', csrfExempt: true },
    },
    async (req, reply) => {
      const s = await confirmKioskIdentity(app.db, { ...req.body, ip: req.ip, now: deps.now() });
      reply.setCookie(KIOSK_COOKIE, s.token, { ...cookie, expires: s.expiresAt });
      return { name: s.name, kind: s.kind, expiresAt: s.expiresAt.toISOString(), idleMinutes: KIOSK_SESSION_IDLE_MINUTES };
    },
  );

  app.get('/api/kiosk/me', { schema: { tags: ['kiosk'], summary: '自助终端会话 Who the kiosk session is for (masked) and when it ends' }, config: { permission: 'kiosk' } }, async (req) => {
    const k = req.kiosk;
    if (!k) throw new DomainError('UNAUTHENTICATED');
    const u = await app.db.selectFrom('users').select(['kind', 'display_name']).where('id', '=', k.userId).executeTakeFirstOrThrow();
    return { name: kioskDisplayName(u.kind, u.display_name), kind: u.kind, expiresAt: k.expiresAt.toISOString() };
  });

  app.get('/api/kiosk/cases', { schema: { tags: ['kiosk'], summary: '自助查询办件进度 The kiosk person’s own cases: progress and printable notices' }, config: { permission: 'kiosk' } }, async (req) => {
    if (!req.kiosk) throw new DomainError('UNAUTHENTICATED');
    return kioskCases(app.db, req.kiosk.userId);
  });

  app.get(
    '/api/kiosk/cases/:id/notices/:kind',
    {
      schema: {
        tags: ['kiosk'],
        summary: '自助打印文书 A notice of the kiosk person’s own case as PDF (for the print dialog)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), kind: Type.Union(NOTICE_KINDS.map((k) => Type.Literal(k))) }),
      },
      config: { permission: 'kiosk' },
    },
    async (req, reply) => {
      const row = await repo.findCase(app.db, req.params.id);
      // Someone else's case is not found (the kiosk session reads its own person's cases only).
      if (!row || !req.kiosk || row.applicant_id !== req.kiosk.userId || row.state === 'draft') throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
      const doc = await renderSealedCaseNotice(app.db, row, req.params.kind as NoticeKind, `${req.protocol}://${req.host}`, deps.now());
      reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${req.params.kind}.pdf"`).header('x-document-sm3', doc.sha).header('cache-control', 'no-store');
      return reply.send(doc.pdf);
    },
  );

  kioskApplyRoutes(app, deps);

  app.post('/api/kiosk/session/end', { schema: { tags: ['kiosk'], summary: '结束自助终端会话 End the kiosk session (退出, or the idle timeout)' }, config: { permission: 'public', csrfExempt: true } }, async (req, reply) => {
    const token = req.cookies[KIOSK_COOKIE];
    if (token) await endKioskSession(app.db, token);
    reply.clearCookie(KIOSK_COOKIE, { path: KIOSK_COOKIE_PATH });
    return { ok: true };
  });
}
