import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../identity/audit.js';
import { resolveSession, SESSION_COOKIE, type SessionRow, type SessionTimeouts } from '../identity/sessions.js';
import type { SessionCache } from '../identity/session-cache.js';
import type { Actor } from '../policies/actor.js';
import type { RoutePermission } from './types.js';
import { KIOSK_COOKIE, resolveKioskSession, type KioskSession } from '../kiosk/sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    csrfToken: string | undefined;
    sessionExpired: boolean;
    /** A staff session whose account has no second factor yet: only enrolment routes are open. */
    secondFactorMissing: boolean;
    /** On 'kiosk' routes only: the kiosk session (自助终端) of the tb_kiosk cookie. Never an actor. */
    kiosk: KioskSession | undefined;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthPluginOptions {
  db: Kysely<Database>;
  timeouts: SessionTimeouts;
  now: () => Date;
  /** PostgreSQL's session cache (ADR 0053); none on PGlite. */
  sessionCache?: SessionCache<SessionRow> | undefined;
}

/**
 * Resolves the session cookie to an actor on every request, then enforces the route's declared
 * permission and, for state-changing requests of a session, the CSRF token header (synchronizer token).
 * Start-up fails if an /api route declares no permission.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: AuthPluginOptions) => {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('secondFactorMissing', false);
  app.decorateRequest('kiosk', undefined);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const permission = (route.config as { permission?: RoutePermission } | undefined)?.permission;
    if (!permission) throw new Error(`Route ${String(route.method)} ${route.url} declares no permission`);
  });

  // Callback-style hooks: a request without a session cookie (public pages, look-ups) costs no promise.
  app.addHook('onRequest', (req, _reply, done) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return done();
    resolveSession(opts.db, token, opts.now(), opts.timeouts, opts.sessionCache).then((found) => {
      if (found.status === 'ok') {
        req.actor = found.actor;
        req.csrfToken = found.csrfToken;
        req.secondFactorMissing = found.secondFactorMissing;
      } else if (found.status === 'expired') {
        req.sessionExpired = true;
      }
      done();
    }, done);
  });

  app.addHook('preHandler', (req, _reply, done) => {
    const config = req.routeOptions.config as { permission?: RoutePermission; csrfExempt?: boolean; secondFactorExempt?: boolean };
    const permission = config.permission;
    // A kiosk route takes the kiosk cookie only (scoped to /api/kiosk, SameSite=Strict); a full login does not open it.
    if (permission === 'kiosk') {
      const token = req.cookies[KIOSK_COOKIE];
      if (!token) return done(new DomainError('UNAUTHENTICATED', { zh: '请先在自助终端验证身份', en: 'Identify yourself at the kiosk first' }));
      resolveKioskSession(opts.db, token, opts.now()).then((found) => {
        if (found === 'none') return done(new DomainError('UNAUTHENTICATED', { zh: '请先在自助终端验证身份', en: 'Identify yourself at the kiosk first' }));
        if (found === 'expired') return done(new DomainError('SESSION_EXPIRED', { zh: '自助终端会话已结束，请重新验证身份', en: 'The kiosk session has ended; identify yourself again' }));
        req.kiosk = found;
        done();
      }, done);
      return;
    }
    try {
      if (!permission || permission === 'public') {
        checkCsrf(req, config.csrfExempt);
        return done();
      }
      if (!req.actor) throw new DomainError(req.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
      checkCsrf(req, config.csrfExempt);
      if (req.secondFactorMissing && !config.secondFactorExempt) throw new DomainError('SECOND_FACTOR_REQUIRED');
      if (permission === 'staff' && req.actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
      if (permission === 'applicant' && req.actor.kind === 'staff') throw new DomainError('FORBIDDEN', { zh: '该功能仅供申请人使用', en: 'Only applicants can do this' });
      done();
    } catch (err) {
      done(err as Error);
    }
  });

  // A request that may have changed who someone is (a grant, an account, a logout) lets the session
  // cache drop what it changed before its response leaves (ADR 0053): the next request anyone sends
  // after seeing this response resolves afresh. Every state-changing request does, unless its route
  // declares it cannot touch sessions (the case commands, which are the hot path).
  const cache = opts.sessionCache;
  if (cache) {
    app.addHook('onSend', (req, _reply, payload, done) => {
      if (SAFE_METHODS.has(req.method) || req.routeOptions.config.sessionsUnchanged) return done(null, payload);
      cache.barrier().then(() => done(null, payload), () => done(null, payload));
    });
  }

  // Failed authorisation is audited wherever it was decided (route or service policy), before the
  // response leaves, so the record exists by the time the caller sees the 403.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (reply.statusCode !== 403 || !req.url.startsWith('/api/')) return done(null, payload);
    recordAudit(opts.db, {
      kind: 'access_denied',
      userId: req.actor?.userId ?? null,
      ip: req.ip,
      detail: { method: req.method, route: req.routeOptions.url ?? null },
    })
      .catch((err: unknown) => req.log.error(err))
      .finally(() => done(null, payload));
  });
});

function checkCsrf(req: FastifyRequest, exempt: boolean | undefined): void {
  if (SAFE_METHODS.has(req.method) || exempt || !req.actor) return;
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string' || sent !== req.csrfToken) throw new DomainError('CSRF_INVALID');
}
