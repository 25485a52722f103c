import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { loadCalendar } from '../calendar/service.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import type { Period } from '../../core/scorecards/index.js';
import { computeScorecard, exportCasesCsv } from './service.js';

/** The longest period one request may ask for (two years and a day): a scorecard is of a month, a quarter, a year. */
const MAX_PERIOD_DAYS = 732;

export const PeriodQuery = {
  from: Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'First day of the period (YYYY-MM-DD, Beijing time)' }),
  to: Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Last day of the period, included' }),
};

/** Checks a period: within 2000–2099, `from` not after `to`, and not longer than two years. */
export function periodOf(q: { from: string; to: string }): Period {
  if ([q.from, q.to].some((d) => d < '2000-01-01' || d > '2099-12-31')) {
    throw new DomainError('VALIDATION_FAILED', { zh: '统计期间须在2000年至2099年之间', en: 'A period lies between 2000 and 2099' }, [{ code: 'period', path: '/from', zh: '统计期间须在2000年至2099年之间', en: 'A period lies between 2000 and 2099' }]);
  }
  const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000;
  if (!(days >= 0)) throw new DomainError('VALIDATION_FAILED', { zh: '开始日期不能晚于结束日期', en: 'The period must not end before it starts' }, [{ code: 'period', path: '/to', zh: '开始日期不能晚于结束日期', en: 'from must not be after to' }]);
  if (days > MAX_PERIOD_DAYS) throw new DomainError('VALIDATION_FAILED', { zh: '统计期间不能超过两年', en: 'A period is at most two years' }, [{ code: 'period', path: '/to', zh: '统计期间不能超过两年', en: 'A period is at most two years' }]);
  return { from: q.from, to: q.to };
}

export function scorecardRoutes(app: App, deps: CapabilityDeps): void {
  app.get(
    '/api/scorecards',
    {
      schema: {
        tags: ['supervision'],
        summary: '工作成绩单 Figures of each unit (region, department, window or staff) over a period',
        querystring: Type.Object(
          { ...PeriodQuery, level: Type.Optional(Type.Union([Type.Literal('region'), Type.Literal('department'), Type.Literal('window'), Type.Literal('staff')], { default: 'department' })) },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'staff' },
    },
    async (req) => {
      const period = periodOf(req.query);
      const calendar = await loadCalendar(app.db);
      const rows = await computeScorecard(app.db, calendar, req.actor as Actor, period, req.query.level ?? 'department', isoDateInChina(deps.now()));
      return { from: period.from, to: period.to, level: req.query.level ?? 'department', rows };
    },
  );

  app.get(
    '/api/supervision/cases.csv',
    {
      schema: {
        tags: ['supervision'],
        summary: '办件明细导出 One line per case submitted or completed in the period, to recompute the scorecard',
        querystring: Type.Object(PeriodQuery, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req, reply) => {
      const period = periodOf(req.query);
      const calendar = await loadCalendar(app.db);
      const csv = await exportCasesCsv(app.db, calendar, req.actor as Actor, period);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cases-${period.from}-${period.to}.csv"`)
        .send(csv);
    },
  );
}
