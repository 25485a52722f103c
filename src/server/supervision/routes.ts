import { Type } from 'typebox';
import { sql } from 'kysely';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { scopePaths } from '../policies/actor.js';
import { loadCalendar } from '../calendar/service.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { supervisionOrderRoutes } from './orders-routes.js';
import { cardFor, RULE_NAMES, type CardThresholds, type RuleId, type Severity } from '../../core/supervision/rules.js';
import { supervisionSettingsRoutes } from './settings-routes.js';
import { loadSupervisionSettings } from './settings-cache.js';

/** Overseers see every hit in their scope; department staff see their own department's (承办/审核/签批, hall administrators). */
const OVERSEERS = ['supervisor', 'system_admin'] as const;
const DEPARTMENT = ['approver_handle', 'approver_review', 'approver_signoff', 'hall_admin'] as const;

function visiblePaths(actor: Actor): string[] {
  const paths = [...scopePaths(actor, [...OVERSEERS]), ...scopePaths(actor, [...DEPARTMENT])];
  if (!paths.length) throw new DomainError('FORBIDDEN');
  return paths;
}

const Month = Type.String({ pattern: '^20\\d{2}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

export function supervisionRoutes(app: App, deps: CapabilityDeps): void {
  supervisionOrderRoutes(app, deps);
  supervisionSettingsRoutes(app, deps);
  app.get(
    '/api/supervision/hits',
    { schema: { tags: ['supervision'], summary: '电子监察 Rule hits in a month (each object and rule once)', querystring: Type.Object({ month: Month }, { additionalProperties: false }) }, config: { permission: 'staff' } },
    async (req) => {
      const paths = visiblePaths(req.actor as Actor);
      const from = `${req.query.month}-01`;
      const rows = await app.db
        .selectFrom('supervision_hits as h')
        .innerJoin('orgs as o', 'o.id', 'h.org_id')
        .leftJoin('users as u', 'u.id', 'h.staff_id')
        .leftJoin('cases as c', (j) => j.onRef('c.id', '=', 'h.object_id').on('h.object_type', '=', 'case'))
        // A rectification hit names the case its 差评 was about, so the board says which one.
        .leftJoin('rectifications as k', (j) => j.onRef('k.id', '=', 'h.object_id').on('h.object_type', '=', 'rectification'))
        .leftJoin('cases as kc', 'kc.id', 'k.case_id')
        .select(['h.id', 'h.rule', 'h.object_type', 'h.object_id', 'h.severity', 'h.detected_on', 'o.id as org_id', 'o.name as org_name', 'u.display_name', 'c.case_no', 'c.title', 'kc.case_no as rated_case_no', 'kc.title as rated_title'])
        .where('h.detected_on', '>=', from)
        .where('h.detected_on', '<', sql<string>`(${from}::date + interval '1 month')::date`)
        .where((eb) => eb.or(paths.map((p) => eb('h.org_path', 'like', `${p}%`))))
        .orderBy('h.detected_on', 'desc')
        .limit(1000)
        .execute();
      return {
        hits: rows.map((h) => ({ id: h.id, rule: h.rule, ruleZh: RULE_NAMES[h.rule as RuleId]?.zh ?? h.rule, ruleEn: RULE_NAMES[h.rule as RuleId]?.en ?? h.rule, objectType: h.object_type, objectId: h.object_id, severity: h.severity, detectedOn: h.detected_on, department: { id: h.org_id, name: h.org_name }, staff: h.display_name, caseNo: h.case_no ?? h.rated_case_no, title: h.title ?? h.rated_title })),
      };
    },
  );

  app.get(
    '/api/supervision/cards',
    {
      schema: {
        tags: ['supervision'],
        summary: '黄牌/红牌 Cards of departments and people from a month’s red hits, by the thresholds stored for the unit’s region (default: 1 → 黄牌, 2 or a red light on for more than 5 working days → 红牌)',
        querystring: Type.Object({ month: Month }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req) => {
      const actor = req.actor as Actor;
      const paths = visiblePaths(actor);
      const from = `${req.query.month}-01`;
      const [calendar, settings] = await Promise.all([loadCalendar(app.db), loadSupervisionSettings(app.db)]);
      const today = isoDateInChina(deps.now());
      // A red hit whose object is still open keeps ageing (a red light left on); a cleared one does not.
      const rows = await sql<{ org_id: string; org_name: string; region_code: string; staff_id: string | null; staff_name: string | null; severity: Severity; detected_on: string; still_open: boolean }>`
        select h.org_id, o.name as org_name, o.region_code, h.staff_id, u.display_name as staff_name, h.severity, h.detected_on,
          case h.object_type
            when 'case' then exists (select 1 from cases c where c.id = h.object_id and c.state in ('submitted', 'accepted', 'in_review', 'suspended'))
            when 'rectification' then exists (select 1 from rectifications k where k.id = h.object_id and k.status in ('open', 'revisited'))
            else exists (select 1 from complaints q where q.id = h.object_id and q.status = 'open') end as still_open
        from supervision_hits h join orgs o on o.id = h.org_id left join users u on u.id = h.staff_id
        where h.detected_on >= ${from}::date and h.detected_on < (${from}::date + interval '1 month')::date
          and (${sql.join(paths.map((p) => sql`h.org_path like ${`${p}%`}`), sql` or `)})`.execute(app.db);
      // A unit is judged by the thresholds of its region (a person: the region of the department of their hits).
      const group = (key: (r: (typeof rows.rows)[number]) => string | null, name: (r: (typeof rows.rows)[number]) => string) => {
        const units = new Map<string, { id: string; name: string; thresholds: CardThresholds; hits: { severity: Severity; ageWorkingDays: number }[] }>();
        for (const r of rows.rows) {
          const id = key(r);
          if (!id) continue;
          const u = units.get(id) ?? { id, name: name(r), thresholds: settings.inForce(r.region_code).thresholds, hits: [] };
          u.hits.push({ severity: r.severity, ageWorkingDays: r.still_open ? calendar.countWorkingDays(r.detected_on, today).count : 0 });
          units.set(id, u);
        }
        return [...units.values()]
          .map((u) => ({ id: u.id, name: u.name, red: u.hits.filter((h) => h.severity === 'red').length, yellow: u.hits.filter((h) => h.severity === 'yellow').length, card: cardFor(u.hits, u.thresholds), thresholds: u.thresholds }))
          .filter((u) => u.card !== null);
      };
      return {
        month: req.query.month,
        departments: group((r) => r.org_id, (r) => r.org_name),
        staff: group((r) => r.staff_id, (r) => r.staff_name ?? ''),
      };
    },
  );
}
