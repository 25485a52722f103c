import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { addDays, compareIsoDates, isIsoDate, toDayNumber, unloadedYearsNotice } from '../../core/calendar/index.js';
import { calendarReminder, listYears, loadCalendar, recomputeRunningDueDates, saveYear } from './service.js';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const NamedDate = Type.Object({ date: IsoDate, name: Type.String({ minLength: 1, maxLength: 50 }), nameEn: Type.Optional(Type.String({ maxLength: 80 })) }, { additionalProperties: false });

/**
 * The calendar answers for years 2000–2999 (the years an administrator may enter). Dates far outside
 * it (`start=9999-12-31`) used to overflow the date arithmetic into a 500 (issue 8 finding 9).
 */
const FIRST_DATE = '2000-01-01';
const LAST_DATE = '2999-12-31';

function checkDate(value: string, field: string): void {
  if (!isIsoDate(value)) {
    throw new DomainError('VALIDATION_FAILED', { zh: `${field} 不是有效日期：${value}`, en: `${field} is not a valid date: ${value}` });
  }
  if (compareIsoDates(value, FIRST_DATE) < 0 || compareIsoDates(value, LAST_DATE) > 0) {
    throw new DomainError('VALIDATION_FAILED', {
      zh: `${field} 超出日历范围（${FIRST_DATE} 至 ${LAST_DATE}）：${value}`,
      en: `${field} is outside the calendar's range (${FIRST_DATE} to ${LAST_DATE}): ${value}`,
    });
  }
}

export function calendarRoutes(app: App, deps: CapabilityDeps): void {
  app.get('/api/calendar/years', { schema: { tags: ['calendar'], summary: '工作日历年份 Loaded holiday arrangements' }, config: { permission: 'public' } }, async () => ({
    years: await listYears(app.db),
  }));

  app.get(
    '/api/calendar/days',
    { schema: { tags: ['calendar'], summary: '日历 Day by day, with holidays and make-up working days', querystring: Type.Object({ from: IsoDate, to: IsoDate }) }, config: { permission: 'public' } },
    async (req) => {
      const { from, to } = req.query;
      checkDate(from, 'from');
      checkDate(to, 'to');
      if (compareIsoDates(to, from) < 0 || toDayNumber(to) - toDayNumber(from) > 400) {
        throw new DomainError('VALIDATION_FAILED', { zh: '日期范围应在0到400天之间', en: 'The range must span 0 to 400 days' });
      }
      const cal = await loadCalendar(app.db);
      const days = [];
      for (let d = from; compareIsoDates(d, to) <= 0; d = addDays(d, 1)) days.push(cal.dayInfo(d));
      return { days };
    },
  );

  app.get(
    '/api/calendar/add-working-days',
    {
      schema: { tags: ['calendar'], summary: '推算期限 Add n working days (the start day is not counted)', querystring: Type.Object({ start: IsoDate, n: Type.Integer({ minimum: 0, maximum: 3650 }) }) },
      config: { permission: 'public' },
    },
    async (req) => {
      checkDate(req.query.start, 'start');
      const cal = await loadCalendar(app.db);
      const r = cal.addWorkingDays(req.query.start, req.query.n);
      return { start: req.query.start, n: req.query.n, date: r.date, unloadedYears: r.unloadedYears, warning: unloadedYearsNotice(r.unloadedYears) ?? null };
    },
  );

  app.get(
    '/api/calendar/count-working-days',
    { schema: { tags: ['calendar'], summary: '工作日计数 Working days in (from, to]', querystring: Type.Object({ from: IsoDate, to: IsoDate }) }, config: { permission: 'public' } },
    async (req) => {
      checkDate(req.query.from, 'from');
      checkDate(req.query.to, 'to');
      const cal = await loadCalendar(app.db);
      const r = cal.countWorkingDays(req.query.from, req.query.to);
      return { from: req.query.from, to: req.query.to, count: r.count, unloadedYears: r.unloadedYears, warning: unloadedYearsNotice(r.unloadedYears) ?? null };
    },
  );

  app.put(
    '/api/admin/calendar/years/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: '录入放假安排 Enter a later year’s official arrangement',
        params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2999 }) }),
        body: Type.Object(
          { source: Type.String({ minLength: 1, maxLength: 300 }), holidays: Type.Array(NamedDate, { maxItems: 80 }), workdays: Type.Array(NamedDate, { maxItems: 20 }) },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'staff' },
    },
    async (req) => {
      await saveYear(app.db, req.actor, { year: req.params.year, ...req.body });
      // Running cases whose due dates were provisional over this year get their final dates (on their timelines).
      const recomputed = await recomputeRunningDueDates(app.db, deps.now(), req.params.year);
      return { ok: true, year: req.params.year, recomputed };
    },
  );

  app.get(
    '/api/admin/calendar/reminder',
    { schema: { tags: ['calendar'], summary: '放假安排提醒 Years to enter and running cases with provisional due dates' }, config: { permission: 'staff' } },
    async (req) => calendarReminder(app.db, req.actor, deps.now()),
  );
}
