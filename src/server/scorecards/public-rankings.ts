import type { Db } from '../db/transaction.js';
import type { WorkingCalendar } from '../../core/calendar/index.js';
import { isRatingLevel } from '../../core/ratings/levels.js';
import { addSums, emptySums, figuresOf, publicFigures, rankBy, roundedFigures, sumsOfCase, sumsOfRating, townshipOf, type Period, type PublicFigure, type PublicScorecard, type ScorecardSums } from '../../core/scorecards/index.js';
import * as repo from './repository.js';
import { caseFactsOf } from './facts.js';
import { foldPending, rollupSums } from './rollups.js';

export interface PublicRankingRow extends PublicScorecard {
  id: string;
  name: string;
  nameEn: string | null;
  rank: number | null;
}

/**
 * 晒排名: every department (部门) and every township (乡镇/街道) ranked by one public figure over a
 * period. Computed from the same additive sums as the scorecard (docs/scorecards.md), over all rows —
 * the public ranking has no scope — and presented through `publicFigures`, so internal figures never
 * leave the server on this path.
 */
export async function publicRankings(db: Db, _cal: WorkingCalendar, period: Period, by: PublicFigure): Promise<{ departments: PublicRankingRow[]; townships: PublicRankingRow[] }> {
  const everything: repo.RowFilter = { paths: [''] };
  await foldPending(db);
  const [byOrg, byRegion, orgs, regions] = await Promise.all([
    rollupSums(db, period, everything, 'department'),
    rollupSums(db, period, everything, 'region'),
    db.selectFrom('orgs').select(['id', 'name', 'name_en', 'kind']).execute(),
    db.selectFrom('regions').select(['code', 'name', 'level']).execute(),
  ]);
  const departments = new Map(orgs.filter((o) => o.kind === 'department').map((o) => [o.id, o]));
  const townships = new Map(regions.filter((r) => r.level === 4).map((r) => [r.code, r]));
  const byDept = new Map([...byOrg].filter(([id]) => departments.has(id)));
  const byTown = new Map<string, ScorecardSums>();
  for (const [code, s] of byRegion) {
    const town = townshipOf(code);
    if (town !== null) byTown.set(town, addSums(byTown.get(town) ?? emptySums(), s));
  }
  return ranked(byDept, byTown, departments, townships, by);
}

/** The same ranking from every case and rating of the period (the reference the rollups are tested against). */
export async function publicRankingsDirect(db: Db, cal: WorkingCalendar, period: Period, by: PublicFigure): Promise<{ departments: PublicRankingRow[]; townships: PublicRankingRow[] }> {
  const everything: repo.RowFilter = { paths: [''] };
  const [cases, ratings, orgs, regions] = await Promise.all([
    repo.caseFactRows(db, period, everything),
    repo.ratingFactRows(db, period, everything),
    db.selectFrom('orgs').select(['id', 'name', 'name_en', 'kind']).execute(),
    db.selectFrom('regions').select(['code', 'name', 'level']).execute(),
  ]);
  const departments = new Map(orgs.filter((o) => o.kind === 'department').map((o) => [o.id, o]));
  const townships = new Map(regions.filter((r) => r.level === 4).map((r) => [r.code, r]));
  const byDept = new Map<string, ScorecardSums>();
  const byTown = new Map<string, ScorecardSums>();
  const add = (m: Map<string, ScorecardSums>, key: string | null, s: ScorecardSums) => {
    if (key !== null) m.set(key, addSums(m.get(key) ?? emptySums(), s));
  };
  for (const c of cases) {
    const s = sumsOfCase(caseFactsOf(c, cal), period);
    if (departments.has(c.org_id)) add(byDept, c.org_id, s);
    add(byTown, townshipOf(c.region_code), s);
  }
  for (const r of ratings) {
    if (!isRatingLevel(r.level)) continue;
    const s = sumsOfRating({ level: r.level, named: !r.anonymous, rectifiedInTime: r.rectified_in_time });
    if (departments.has(r.org_id)) add(byDept, r.org_id, s);
    add(byTown, townshipOf(r.region_code), s);
  }
  return ranked(byDept, byTown, departments, townships, by);
}

function ranked(
  byDept: Map<string, ScorecardSums>,
  byTown: Map<string, ScorecardSums>,
  departments: Map<string, { name: string; name_en: string | null }>,
  townships: Map<string, { name: string }>,
  by: PublicFigure,
): { departments: PublicRankingRow[]; townships: PublicRankingRow[] } {
  const rows = (m: Map<string, ScorecardSums>, name: (id: string) => { name: string; nameEn: string | null } | undefined) =>
    rankBy(
      [...m.entries()].flatMap(([id, s]) => {
        const n = name(id);
        return n ? [{ id, ...n, ...publicFigures(roundedFigures(figuresOf(s))) }] : [];
      }),
      by,
    );
  return {
    departments: rows(byDept, (id) => {
      const o = departments.get(id);
      return o && { name: o.name, nameEn: o.name_en };
    }),
    townships: rows(byTown, (code) => {
      const r = townships.get(code);
      return r && { name: r.name, nameEn: null };
    }),
  };
}
