import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { loadCalendar } from '../calendar/service.js';
import { configuredProviders } from '../data-sharing/registry.js';
import type { CaseDeps } from '../cases/service.js';
import { overLimit, type ThrottleRule } from '../identity/throttle.js';
import { fileKioskApplication, kioskItemPlan, kioskItems } from './apply-service.js';
import type { KioskSession } from './sessions.js';

/** Filings per kiosk session: one person files one or two items; a stuck screen must not file dozens. */
export const KIOSK_FILINGS_PER_SESSION: ThrottleRule = { name: 'kiosk-file-session', limit: 5, windowMinutes: 10 };
/** Plans asked per kiosk session (each touch of a situation asks again). */
export const KIOSK_PLANS_PER_SESSION: ThrottleRule = { name: 'kiosk-plan-session', limit: 120, windowMinutes: 10 };

const SituationAnswers = Type.Record(Type.String({ maxLength: 64 }), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 }), { title: '情形选择 Situation answers' });
const Choices = Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]), { title: '选择项 Answers to the choice fields' });
const ImplParams = Type.Object({ implId: Type.String({ format: 'uuid' }) });

const session = (req: { kiosk: KioskSession | undefined }): KioskSession => {
  if (!req.kiosk) throw new DomainError('UNAUTHENTICATED');
  return req.kiosk;
};
const tooMany = () => new DomainError('TOO_MANY_REQUESTS', { zh: '操作过于频繁，请到窗口咨询', en: 'Too many requests; please ask at a window' });

/**
 * 即办件 at the kiosk (ADR 0040): the list, one item's plan for the answers given so far, and the filing.
 * Kiosk routes only: the tb_kiosk session's person is the applicant, nobody else.
 */
export function kioskApplyRoutes(app: App, deps: CapabilityDeps): void {
  const caseDeps: CaseDeps = { calendar: (stamp) => loadCalendar(app.db, stamp), now: deps.now, dataProviders: configuredProviders(deps.config) };

  app.get(
    '/api/kiosk/items',
    { schema: { tags: ['kiosk'], summary: '自助终端即办事项 The on-the-spot items (即办件), each marked whether the kiosk person may file it here' }, config: { permission: 'kiosk' } },
    async (req) => kioskItems(app.db, session(req)),
  );

  app.post(
    '/api/kiosk/items/:implId/plan',
    {
      schema: {
        tags: ['kiosk'],
        summary: '自助终端申请准备 What filing this item at the kiosk takes, for the situation answers so far: choices, prefilled values (masked), materials, and what only a window can do',
        params: ImplParams,
        body: Type.Object({ situationAnswers: SituationAnswers }, { additionalProperties: false }),
      },
      config: { permission: 'kiosk' },
    },
    async (req) => {
      const k = session(req);
      if (await overLimit(app.db, KIOSK_PLANS_PER_SESSION, k.sessionId, deps.now())) throw tooMany();
      return kioskItemPlan(app.db, k, req.params.implId, req.body.situationAnswers, deps.now());
    },
  );

  app.post(
    '/api/kiosk/applications',
    {
      schema: {
        tags: ['kiosk'],
        summary: '自助终端申请即办件 File an on-the-spot item for the kiosk person (channel terminal/kiosk); answers the receipt: case number and query code',
        body: Type.Object({ implId: Type.String({ format: 'uuid' }), situationAnswers: SituationAnswers, choices: Choices }, { additionalProperties: false }),
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })) }),
      },
      config: { permission: 'kiosk' },
    },
    async (req, reply) => {
      const k = session(req);
      if (await overLimit(app.db, KIOSK_FILINGS_PER_SESSION, k.sessionId, deps.now())) throw tooMany();
      const { replayed, receipt } = await fileKioskApplication(app.db, caseDeps, k, req.body, req.headers['idempotency-key']);
      reply.status(replayed ? 200 : 201);
      return receipt;
    },
  );
}
