import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import type { Actor } from '../policies/index.js';
import { loadCalendar } from '../calendar/service.js';
import { getOrder, issueOrder, listOrders, stepOrder, type OrderDeps } from './orders.js';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
const Days = Type.Integer({ minimum: 1, maximum: 60, description: 'Working days after today' });
const Body = Type.String({ minLength: 1, maxLength: 2000 });

/** 督办 routes: issue (supervisor), list and read (supervisors in scope, the department), respond, return, close. */
export function supervisionOrderRoutes(app: App, deps: CapabilityDeps): void {
  const orderDeps = async (): Promise<OrderDeps> => ({ now: deps.now, calendar: await loadCalendar(app.db) });

  app.post(
    '/api/supervision/orders',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办 Issue a supervision order on a case or a department, due in working days',
        body: Type.Object(
          {
            target: Type.Union([Type.Object({ caseId: Uuid }, { additionalProperties: false }), Type.Object({ orgId: Uuid }, { additionalProperties: false })]),
            deadlineDays: Days,
            subject: Body,
          },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'staff' },
    },
    async (req, reply) => reply.status(201).send(await issueOrder(app.db, await orderDeps(), req.actor as Actor, req.body)),
  );

  app.get(
    '/api/supervision/orders',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办 Orders in my scope (supervisors) or on my department (department staff)',
        querystring: Type.Object(
          { status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('responded'), Type.Literal('closed')])), overdue: Type.Optional(Type.Boolean()), caseId: Type.Optional(Uuid) },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'staff' },
    },
    async (req) => ({ orders: await listOrders(app.db, await orderDeps(), req.actor as Actor, req.query) }),
  );

  app.get('/api/supervision/orders/:id', { schema: { tags: ['supervision'], summary: '督办 One order with its full record', params: IdParams }, config: { permission: 'staff' } }, async (req) =>
    getOrder(app.db, await orderDeps(), req.actor as Actor, req.params.id),
  );

  app.post(
    '/api/supervision/orders/:id/respond',
    { schema: { tags: ['supervision'], summary: '督办反馈 The department responds', params: IdParams, body: Type.Object({ body: Body }, { additionalProperties: false }) }, config: { permission: 'staff' } },
    async (req) => stepOrder(app.db, await orderDeps(), req.actor as Actor, req.params.id, 'respond', req.body),
  );

  app.post(
    '/api/supervision/orders/:id/return',
    {
      schema: { tags: ['supervision'], summary: '退回重办 The supervisor returns a response with a new deadline', params: IdParams, body: Type.Object({ body: Body, deadlineDays: Type.Optional(Days) }, { additionalProperties: false }) },
      config: { permission: 'staff' },
    },
    async (req) => stepOrder(app.db, await orderDeps(), req.actor as Actor, req.params.id, 'return', req.body),
  );

  app.post(
    '/api/supervision/orders/:id/close',
    { schema: { tags: ['supervision'], summary: '办结销号 The supervisor closes the order', params: IdParams, body: Type.Object({ body: Body }, { additionalProperties: false }) }, config: { permission: 'staff' } },
    async (req) => stepOrder(app.db, await orderDeps(), req.actor as Actor, req.params.id, 'close', req.body),
  );
}
