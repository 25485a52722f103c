import { Type } from 'typebox';
import type { App } from '../http/types.js';
import { loadCalendar } from '../calendar/service.js';
import { PUBLIC_FIGURES } from '../../core/scorecards/index.js';
import { PeriodQuery, periodOf } from './routes.js';
import { publicRankings } from './public-rankings.js';

const Share = Type.Union([Type.Number(), Type.Null()]);
/** The row the public sees: exactly the public figures (PUBLIC_FIGURES; the serializer drops anything else). */
const PublicRow = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  rank: Type.Union([Type.Integer(), Type.Null()]),
  received: Type.Integer(),
  completed: Type.Integer(),
  completionRate: Share,
  onTimeRate: Share,
  avgWorkingDays: Share,
  promisedSpeedup: Share,
  actualSpeedup: Share,
  onlineShare: Share,
  avgTrips: Share,
  firstTimeRightRate: Share,
  ratings: Type.Integer(),
  goodRate: Share,
});

export function publicRankingRoutes(app: App): void {
  app.get(
    '/api/public/rankings',
    {
      schema: {
        tags: ['supervision'],
        summary: '晒排名 Departments and townships ranked by a public figure over a period (public figures only)',
        querystring: Type.Object(
          {
            ...PeriodQuery,
            by: Type.Optional(Type.Union(PUBLIC_FIGURES.map((k) => Type.Literal(k)), { default: 'onTimeRate', description: 'The figure to rank by' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ from: Type.String(), to: Type.String(), by: Type.String(), figures: Type.Array(Type.String()), departments: Type.Array(PublicRow), townships: Type.Array(PublicRow) }) },
      },
      config: { permission: 'public' },
    },
    async (req) => {
      const period = periodOf(req.query);
      const by = req.query.by ?? 'onTimeRate';
      const calendar = await loadCalendar(app.db);
      const ranked = await publicRankings(app.db, calendar, period, by);
      return { from: period.from, to: period.to, by, figures: [...PUBLIC_FIGURES], ...ranked };
    },
  );
}
