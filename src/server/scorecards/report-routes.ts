import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import type { Actor } from '../policies/index.js';
import { scopePaths } from '../policies/actor.js';
import { loadCalendar } from '../calendar/service.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { periodAround } from '../../core/scorecards/periods.js';
import { PeriodQuery, periodOf } from './routes.js';
import { computeScorecard, OVERSIGHT_ROLES } from './service.js';
import { monthlyBulletin, scorecardWorkbook } from './report.js';

const Level = Type.Union([Type.Literal('region'), Type.Literal('department'), Type.Literal('window'), Type.Literal('staff')], { default: 'department' });

/** The scorecard as an Excel workbook and the monthly 通报 as a PDF, with the same scope as GET /api/scorecards. */
export function scorecardReportRoutes(app: App, deps: CapabilityDeps): void {
  app.get(
    '/api/scorecards.xlsx',
    { schema: { tags: ['supervision'], summary: '工作成绩单导出 The scorecard of a period and level as an Excel workbook', querystring: Type.Object({ ...PeriodQuery, level: Type.Optional(Level) }, { additionalProperties: false }) }, config: { permission: 'staff' } },
    async (req, reply) => {
      const period = periodOf(req.query);
      const level = req.query.level ?? 'department';
      const rows = await computeScorecard(app.db, await loadCalendar(app.db), req.actor as Actor, period, level, isoDateInChina(deps.now()));
      const book = await scorecardWorkbook(rows, period, level);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="scorecard-${level}-${period.from}-${period.to}.xlsx"`)
        .send(book);
    },
  );

  app.get(
    '/api/scorecards/bulletin.pdf',
    {
      schema: {
        tags: ['supervision'],
        summary: '月度通报 The monthly bulletin (PDF): headline figures, departments ranked by on-time and good-rating rate, units to improve',
        querystring: Type.Object({ month: Type.String({ pattern: '^20\\d{2}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }) }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req, reply) => {
      const actor = req.actor as Actor;
      const period = periodAround('month', `${req.query.month}-01`);
      const calendar = await loadCalendar(app.db);
      const today = isoDateInChina(deps.now());
      const rows = await computeScorecard(app.db, calendar, actor, period, 'department', today);
      // The headline is the region's figures, which only overseers see; a department's bulletin has its own row.
      const oversight = scopePaths(actor, [...OVERSIGHT_ROLES]).length > 0;
      const totals = oversight ? (await computeScorecard(app.db, calendar, actor, period, 'region', today)).filter((r) => r.id.length === 6) : rows;
      const issuer = (await app.db.selectFrom('users as u').leftJoin('orgs as o', 'o.id', 'u.org_id').select('o.name').where('u.id', '=', actor.userId).executeTakeFirst())?.name ?? '通办';
      const pdf = await monthlyBulletin(rows, totals, period, issuer, today);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="bulletin-${req.query.month}.pdf"`).send(pdf);
    },
  );
}
