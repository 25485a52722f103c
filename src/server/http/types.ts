import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

/** The Fastify instance type every capability's routes are registered on. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/**
 * Every /api route declares who may call it (checked at start-up, see permissions.ts):
 * 'public' — anyone; 'authenticated' — any logged-in account; 'staff' — any staff account;
 * 'applicant' — natural or legal person accounts; 'kiosk' — a kiosk session (自助终端, ID number + SMS
 * code; its own cookie, never an actor, ADR 0036). Object-level checks happen in services via policies.
 */
export type RoutePermission = 'public' | 'authenticated' | 'staff' | 'applicant' | 'kiosk';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
    /** Skip the CSRF header check (only login/register, which carry no session yet). */
    csrfExempt?: boolean;
    /** Reachable by a staff session that has not enrolled its second factor yet (enrolment, log-out). */
    secondFactorExempt?: boolean;
    /**
     * The route cannot change a session, an account, a grant or an org (the case commands): its response
     * skips the session cache's barrier (ADR 0053). Leave it off when unsure — the barrier is always safe.
     */
    sessionsUnchanged?: boolean;
  }
}
