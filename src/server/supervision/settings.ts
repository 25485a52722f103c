import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import { inTransaction } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { authorize, can, type Actor } from '../policies/index.js';
import { recordAudit } from '../identity/audit.js';
import { settingsInForce, supervisionSettingsProblems, type SupervisionSettings } from '../../core/supervision/settings.js';
import { loadSupervisionSettings } from './settings-cache.js';

/** Roles that read the settings on the supervision board (the system administrator sees them, read-only). */
const READERS = ['supervisor', 'system_admin'] as const;

export interface RegionSupervisionSettings extends SupervisionSettings {
  regionCode: string;
  regionName: string;
  /** The region whose stored settings are in force (this one, an ancestor), or null for the defaults. */
  from: string | null;
  updatedBy: string | null;
  updatedAt: Date | null;
  canEdit: boolean;
}

async function regionOf(db: Db, regionCode: string): Promise<{ code: string; name: string; orgPath: string }> {
  const r = await db
    .selectFrom('regions as r')
    .select(['r.code', 'r.name', sql<string | null>`(select o.path from orgs o where o.region_code = r.code order by length(o.path) limit 1)`.as('org_path')])
    .where('r.code', '=', regionCode)
    .executeTakeFirst();
  if (!r?.org_path) throw new DomainError('NOT_FOUND', { zh: '行政区划不存在或其下没有机构', en: 'No such region, or no organisation in it' });
  return { code: r.code, name: r.name, orgPath: r.org_path };
}

async function present(db: Db, actor: Actor, region: { code: string; name: string; orgPath: string }): Promise<RegionSupervisionSettings> {
  const book = await loadSupervisionSettings(db);
  const { settings, from } = settingsInForce(region.code, book.stored);
  const row = from ? await db.selectFrom('supervision_settings as s').leftJoin('users as u', 'u.id', 's.updated_by').select(['u.display_name', 's.updated_at']).where('s.region_code', '=', from).executeTakeFirst() : undefined;
  return { regionCode: region.code, regionName: region.name, ...settings, from, updatedBy: row?.display_name ?? null, updatedAt: row?.updated_at ?? null, canEdit: can(actor, 'supervision.settings.manage', { orgPath: region.orgPath }) };
}

/** The settings in force in the regions of the caller's supervisor (or system administrator) grants. */
export async function listSupervisionSettings(db: Db, actor: Actor | undefined): Promise<RegionSupervisionSettings[]> {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  const scopes = [...new Set(actor.roles.filter((g) => (READERS as readonly string[]).includes(g.role)).map((g) => g.scopeOrgId))];
  if (!scopes.length) throw new DomainError('FORBIDDEN');
  const orgs = await db.selectFrom('orgs').select('region_code').where('id', 'in', scopes).execute();
  const out: RegionSupervisionSettings[] = [];
  for (const code of [...new Set(orgs.map((o) => o.region_code))].sort()) out.push(await present(db, actor, await regionOf(db, code)));
  return out;
}

/**
 * Stores a region's card thresholds and rule limits (ADR 0031): the supervisor whose scope covers the
 * region decides; the sweep, the case commands and the cards use them from the next read on (the
 * settings stamp moves). Recorded in the audit log with the values before and after, in the same
 * transaction.
 */
export async function saveSupervisionSettings(db: Db, actor: Actor | undefined, now: Date, regionCode: string, input: SupervisionSettings): Promise<RegionSupervisionSettings> {
  const problems = supervisionSettingsProblems(input);
  if (problems.length) {
    throw new DomainError('VALIDATION_FAILED', { zh: '监察阈值设置不正确', en: 'The supervision settings are not valid' }, problems.map((p) => ({ code: 'supervision.settings', path: `/body/${p.path}`, zh: p.zh, en: p.en })));
  }
  return inTransaction(db, async (tx) => {
    const region = await regionOf(tx, regionCode);
    authorize(actor, 'supervision.settings.manage', { orgPath: region.orgPath });
    const who = actor as Actor;
    const before = settingsInForce(region.code, (await loadSupervisionSettings(tx)).stored);
    const values = {
      yellow_at: input.thresholds.yellowAt,
      red_at: input.thresholds.redAt,
      stale_red_days: input.thresholds.staleRedDays,
      special_procedure_days: input.limits.specialProcedureDays,
      unclaimed_days: input.limits.unclaimedDays,
      updated_by: who.userId,
      updated_at: sql<Date>`clock_timestamp()`,
    };
    await tx.insertInto('supervision_settings').values({ region_code: region.code, ...values }).onConflict((oc) => oc.column('region_code').doUpdateSet(values)).execute();
    await recordAudit(tx, { kind: 'supervision_settings_saved', userId: who.userId, at: now, objectType: 'region', objectId: region.code, detail: { before: { ...before.settings, from: before.from }, after: input } });
    return present(tx, who, region);
  });
}
