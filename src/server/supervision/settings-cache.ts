import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { settingsInForce, type SupervisionSettings } from '../../core/supervision/settings.js';

/**
 * The stored 电子监察 settings of every region (supervision_settings, a row per region that has its
 * own), cached by a cheap stamp as the working calendar is: case commands fold the stamp into the case
 * read they run anyway (`supervisionStampSql`), so reading the settings costs a case command no
 * statement; the cache reloads (one statement) only after someone changed a setting, on any replica.
 */
export interface SupervisionSettingsBook {
  stamp: string;
  stored: ReadonlyMap<string, SupervisionSettings>;
  /** The settings in force in a region (its own, its nearest ancestor's, or the defaults). */
  inForce(regionCode: string): SupervisionSettings;
}

/** A scalar subquery giving the settings stamp; select it alongside other columns. */
export const supervisionStampSql = sql<string>`(select count(*) || '|' || coalesce(to_char(max(updated_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '') from supervision_settings)`;

let cached: SupervisionSettingsBook | undefined;

export async function loadSupervisionSettings(db: Kysely<Database>, knownStamp?: string): Promise<SupervisionSettingsBook> {
  const stamp = knownStamp ?? (await sql<{ stamp: string }>`select ${supervisionStampSql} as stamp`.execute(db)).rows[0]?.stamp ?? '';
  if (cached?.stamp === stamp) return cached;
  const rows = await db.selectFrom('supervision_settings').selectAll().execute();
  const stored = new Map<string, SupervisionSettings>(
    rows.map((r) => [r.region_code, { thresholds: { yellowAt: r.yellow_at, redAt: r.red_at, staleRedDays: r.stale_red_days }, limits: { specialProcedureDays: r.special_procedure_days, unclaimedDays: r.unclaimed_days } }]),
  );
  // Every case command asks for its region's settings: worked out once per region for this version of the settings.
  const byRegion = new Map<string, SupervisionSettings>();
  const inForce = (regionCode: string): SupervisionSettings => {
    let s = byRegion.get(regionCode);
    if (!s) {
      s = settingsInForce(regionCode, stored).settings;
      if (byRegion.size < 10_000) byRegion.set(regionCode, s);
    }
    return s;
  };
  const book: SupervisionSettingsBook = { stamp, stored, inForce };
  cached = book;
  return book;
}
