import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { overLimit, type ThrottleRule } from '../identity/throttle.js';
import { isValidCreditCode, isValidIdNumber } from '../../core/codes/index.js';
import { HallEventBus } from './events.js';
import * as tickets from './ticket-service.js';
import * as views from './view-service.js';
import { hallBookingRoutes } from './booking-routes.js';
import { hallStreamRoutes } from './stream-routes.js';
import { assistRoutes } from './assist-routes.js';

const Uuid = Type.String({ format: 'uuid' });
const Category = Type.String({ minLength: 1, maxLength: 30, title: '业务类别 Category' });

/**
 * Tickets per kiosk client address: a busy hall's kiosk hands out several hundred numbers an hour,
 * while a script hammering the endpoint from one address is cut off (ADR 0023). The limit is
 * `HALL_TICKETS_PER_CLIENT` (default 600; 0 only for the bench, which issues from one address).
 */
export const TICKETS_PER_CLIENT: ThrottleRule = { name: 'ticket-kiosk', limit: 600, windowMinutes: 10 };

export function hallRoutes(app: App, deps: CapabilityDeps): HallEventBus {
  const bus = new HallEventBus(app.pgListener, (m) => app.log.warn(m));
  app.addHook('onClose', async () => bus.close());
  const hd: tickets.HallDeps = { db: app.db, now: deps.now, bus };
  hallBookingRoutes(app, deps);
  hallStreamRoutes(app, deps.now, bus);
  assistRoutes(app, deps);

  app.get('/api/public/halls', { schema: { tags: ['hall'], summary: '大厅与开放的取号类别 Halls with their open ticket categories' }, config: { permission: 'public' } }, async () => views.listHalls(app.db, deps.now()));

  app.post(
    '/api/public/halls/:hallId/tickets',
    {
      schema: {
        tags: ['hall'],
        summary: '取号 Take a queue ticket (kiosk)',
        params: Type.Object({ hallId: Uuid }),
        body: Type.Object(
          {
            category: Category,
            idNumber: Type.Optional(Type.String({ pattern: '^\\d{17}[\\dX]$', title: '身份证号码 ID number' })),
            creditCode: Type.Optional(Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', title: '统一社会信用代码 Unified social credit code' })),
            checkInCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '预约签到码 Check-in code' })),
            declaresDisability: Type.Optional(Type.Boolean({ title: '残疾人优先 Priority for a disability' })),
          },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'public' },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.idNumber && !isValidIdNumber(b.idNumber)) throw invalid('idNumber', '身份证号码校验位不正确', 'The ID number’s check character is wrong');
      if (b.creditCode && !isValidCreditCode(b.creditCode)) throw invalid('creditCode', '统一社会信用代码校验位不正确', 'The credit code’s check character is wrong');
      const perClient = { ...TICKETS_PER_CLIENT, limit: deps.config.hallTicketsPerClient };
      if (perClient.limit > 0 && (await overLimit(app.db, perClient, req.ip, deps.now()))) throw new DomainError('TOO_MANY_REQUESTS');
      const t = await tickets.issueTicket(hd, req.params.hallId, { ...b, kiosk: req.ip });
      reply.status(201);
      return t;
    },
  );

  app.get(
    '/api/public/tickets/:token',
    { schema: { tags: ['hall'], summary: '我的排队进度 Live position of a ticket (the QR on the ticket)', params: Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }) }) }, config: { permission: 'public' } },
    async (req) => views.ticketPosition(app.db, deps.now(), req.params.token),
  );

  // Window clerks (综合窗口): open the window, call, recall, skip, transfer, finish.
  app.get('/api/hall/my-window', { schema: { tags: ['hall'], summary: '我的窗口 The window the clerk is put at' }, config: { permission: 'staff' } }, async (req) => {
    if (!req.actor) throw new DomainError('UNAUTHENTICATED');
    const me = await app.db.selectFrom('users').select('window_id').where('id', '=', req.actor.userId).executeTakeFirst();
    if (!me?.window_id) throw new DomainError('NOT_FOUND', { zh: '您未被分配到窗口', en: 'You are not put at a window' });
    return tickets.windowStateFor(hd, req.actor, me.window_id);
  });
  app.get(
    '/api/hall/windows/:windowId',
    { schema: { tags: ['hall'], summary: '窗口叫号台 A window as its clerk sees it', params: Type.Object({ windowId: Uuid }) }, config: { permission: 'staff' } },
    async (req) => tickets.windowStateFor(hd, req.actor, req.params.windowId),
  );
  app.post(
    '/api/hall/windows/:windowId/open',
    {
      schema: {
        tags: ['hall'],
        summary: '开启窗口 Open the window for categories',
        params: Type.Object({ windowId: Uuid }),
        body: Type.Object({ categories: Type.Array(Category, { minItems: 1, maxItems: 24, title: '受理类别 Categories served' }) }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req) => tickets.openWindow(hd, req.actor, req.params.windowId, req.body.categories),
  );
  app.post(
    '/api/hall/windows/:windowId/close',
    { schema: { tags: ['hall'], summary: '暂停窗口 Close the window', params: Type.Object({ windowId: Uuid }) }, config: { permission: 'staff' } },
    async (req) => tickets.closeWindow(hd, req.actor, req.params.windowId),
  );
  app.post(
    '/api/hall/windows/:windowId/call-next',
    { schema: { tags: ['hall'], summary: '叫号 Call the next ticket', params: Type.Object({ windowId: Uuid }) }, config: { permission: 'staff' } },
    async (req) => tickets.callNext(hd, req.actor, req.params.windowId),
  );
  for (const action of ['recall', 'skip', 'finish'] as const) {
    const summary = { recall: '重呼 Call the ticket again', skip: '过号 The person did not come (no-show)', finish: '办结 Finish serving the ticket' }[action];
    app.post(
      `/api/hall/tickets/:ticketId/${action}`,
      { schema: { tags: ['hall'], summary, params: Type.Object({ ticketId: Uuid }) }, config: { permission: 'staff' } },
      async (req) => tickets.actOnTicket(hd, req.actor, req.params.ticketId, action),
    );
  }
  app.post(
    '/api/hall/tickets/:ticketId/transfer',
    {
      schema: {
        tags: ['hall'],
        summary: '转移 Transfer the ticket to another category or window',
        params: Type.Object({ ticketId: Uuid }),
        body: Type.Object({ category: Category, windowId: Type.Optional(Type.Union([Uuid, Type.Null()], { title: '目标窗口 Target window' })) }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req) => tickets.actOnTicket(hd, req.actor, req.params.ticketId, 'transfer', req.body),
  );
  app.get(
    '/api/hall/tickets/:ticketId/applicant',
    { schema: { tags: ['hall'], summary: '取号人证件 The applicant’s code given at the kiosk, for intake', params: Type.Object({ ticketId: Uuid }) }, config: { permission: 'staff' } },
    async (req) => views.ticketApplicant(app.db, req.actor, req.params.ticketId),
  );
  app.post(
    '/api/hall/tickets/:ticketId/cases',
    {
      schema: { tags: ['hall'], summary: '关联办件 Link a case taken in to the ticket served', params: Type.Object({ ticketId: Uuid }), body: Type.Object({ caseId: Uuid }, { additionalProperties: false }) },
      config: { permission: 'staff' },
    },
    async (req) => views.linkCase(app.db, req.actor, req.params.ticketId, req.body.caseId, deps.now()),
  );
  app.post(
    '/api/hall/tickets/:ticketId/rating-token',
    {
      schema: { tags: ['hall'], summary: '请评价 Hand the window tablet over: a one-time page rating the window service of the ticket served', params: Type.Object({ ticketId: Uuid }) },
      config: { permission: 'staff' },
    },
    async (req, reply) => reply.status(201).send(await views.windowRatingToken(app.db, req.actor, req.params.ticketId, deps.now())),
  );
  return bus;
}

function invalid(field: string, zh: string, en: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { zh, en }, [{ code: field, path: `body/${field}`, zh, en }]);
}
