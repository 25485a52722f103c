import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import * as bookings from './booking-service.js';
import * as admin from './admin-service.js';
import { hallFiguresFor } from './figures-service.js';

const Uuid = Type.String({ format: 'uuid' });
const Category = Type.String({ minLength: 1, maxLength: 30, title: '业务类别 Category' });
const DateField = Type.String({ format: 'date', title: '日期 Date' });
const TimeField = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', title: '时段开始 Slot start (HH:MM)' });

/** Appointments (预约) and the hall administrator's settings (issue 13, ADR 0023). */
export function hallBookingRoutes(app: App, deps: CapabilityDeps): void {
  app.get(
    '/api/public/halls/:hallId/slots',
    {
      schema: {
        tags: ['hall'],
        summary: '可预约时段 Free seats of a category’s slots',
        params: Type.Object({ hallId: Uuid }),
        querystring: Type.Object({ category: Category, from: Type.Optional(DateField), days: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })) }),
      },
      config: { permission: 'public' },
    },
    async (req) => bookings.listSlots(app.db, deps.now(), req.params.hallId, req.query.category, req.query.from, req.query.days),
  );
  app.get('/api/hall/bookings', { schema: { tags: ['hall'], summary: '我的预约 My bookings' }, config: { permission: 'applicant' } }, async (req) => bookings.listMine(app.db, req.actor));
  app.post(
    '/api/hall/bookings',
    {
      schema: {
        tags: ['hall'],
        summary: '预约办理 Book a slot',
        body: Type.Object({ hallId: Uuid, category: Category, date: DateField, start: TimeField, implId: Type.Optional(Type.Union([Uuid, Type.Null()], { title: '事项 Item' })), bundleId: Type.Optional(Type.Union([Uuid, Type.Null()], { title: '一件事 Bundle' })) }, { additionalProperties: false }),
      },
      config: { permission: 'applicant' },
    },
    async (req, reply) => {
      const b = await bookings.book(app.db, req.actor, deps.now(), req.body);
      reply.status(201);
      return b;
    },
  );
  app.patch(
    '/api/hall/bookings/:id',
    {
      schema: { tags: ['hall'], summary: '改约 Move a booking to another slot', params: Type.Object({ id: Uuid }), body: Type.Object({ date: DateField, start: TimeField }, { additionalProperties: false }) },
      config: { permission: 'applicant' },
    },
    async (req) => bookings.change(app.db, req.actor, deps.now(), req.params.id, req.body),
  );
  app.post(
    '/api/hall/bookings/:id/cancel',
    { schema: { tags: ['hall'], summary: '取消预约 Cancel a booking', params: Type.Object({ id: Uuid }) }, config: { permission: 'applicant' } },
    async (req) => bookings.cancel(app.db, req.actor, deps.now(), req.params.id),
  );

  app.get(
    '/api/hall/admin/halls/:hallId',
    { schema: { tags: ['hall'], summary: '大厅设置 A hall’s categories, capacity and rules', params: Type.Object({ hallId: Uuid }) }, config: { permission: 'staff' } },
    async (req) => admin.hallSettings(app.db, req.actor, req.params.hallId),
  );
  app.get(
    '/api/hall/admin/halls/:hallId/figures',
    {
      schema: {
        tags: ['hall'],
        summary: '大厅运行指标 Tickets, waits, service times and no-shows per category, window or clerk',
        params: Type.Object({ hallId: Uuid }),
        querystring: Type.Object({
          from: DateField,
          to: DateField,
          by: Type.Optional(Type.Union([Type.Literal('hall'), Type.Literal('category'), Type.Literal('window'), Type.Literal('clerk')], { title: '分组 Grouped by' })),
        }),
      },
      config: { permission: 'staff' },
    },
    async (req) => hallFiguresFor(app.db, req.actor, req.params.hallId, { from: req.query.from, to: req.query.to, by: req.query.by ?? 'category' }),
  );
  app.put(
    '/api/hall/admin/halls/:hallId/categories/:category',
    {
      schema: {
        tags: ['hall'],
        summary: '设置业务类别 Open a category and set its seats per slot',
        params: Type.Object({ hallId: Uuid, category: Category }),
        body: Type.Object({ open: Type.Boolean({ title: '开放取号 Open' }), slotCapacity: Type.Integer({ minimum: 0, maximum: 500, title: '每时段预约名额 Seats per slot' }) }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req) => admin.saveCategory(app.db, req.actor, req.params.hallId, req.params.category, req.body, req.ip),
  );
  app.put(
    '/api/hall/admin/halls/:hallId/rules',
    {
      schema: {
        tags: ['hall'],
        summary: '优先与失约规则 Priority and no-show rules',
        params: Type.Object({ hallId: Uuid }),
        body: Type.Object(
          {
            priorityBooking: Type.Boolean({ title: '预约优先 Bookings first' }),
            elderlyAge: Type.Union([Type.Integer({ minimum: 50, maximum: 100 }), Type.Null()], { title: '老年人优先年龄 Age for priority' }),
            priorityDisabled: Type.Boolean({ title: '残疾人优先 Disability priority' }),
            noShowLimit: Type.Integer({ minimum: 1, maximum: 20, title: '失约次数 No-shows' }),
            noShowPeriodDays: Type.Integer({ minimum: 1, maximum: 366, title: '统计天数 Within days' }),
            noShowBlockDays: Type.Integer({ minimum: 1, maximum: 366, title: '暂停预约天数 Block days' }),
          },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'staff' },
    },
    async (req) => admin.saveRules(app.db, req.actor, req.params.hallId, req.body, req.ip),
  );
}
