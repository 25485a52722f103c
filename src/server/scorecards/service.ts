import type { Db } from '../db/transaction.js';
import type { Actor } from '../policies/index.js';
import { scopePaths } from '../policies/actor.js';
import { DomainError } from '../errors.js';
import type { WorkingCalendar } from '../../core/calendar/index.js';
import { isRatingLevel } from '../../core/ratings/levels.js';
import { addSums, emptySums, figuresOf, roundedFigures, sumsOfCase, sumsOfComplaint, sumsOfRating, sumsOfTicket, type Period, type Scorecard, type ScorecardSums } from '../../core/scorecards/index.js';
import * as repo from './repository.js';
import { caseFactsOf } from './facts.js';
import { foldPending, rollupSums } from './rollups.js';

export type ScorecardLevel = 'region' | 'department' | 'window' | 'staff';
export type ScorecardRow = { id: string; name: string } & Scorecard;

/** Roles that see figures across their whole grant scope (电子监察 and the system administrator). */
export const OVERSIGHT_ROLES = ['supervisor', 'system_admin'] as const;

/**
 * What an actor may see of the figures (scope: "a department sees its own"): overseers see every unit
 * under their grants; other staff see their own department, their own window and their own row.
 */
export interface FigureScope {
  oversight: boolean;
  filter: repo.RowFilter;
  /** For non-overseers at staff level: only this user's row. */
  onlyStaff?: string;
}

export async function figureScope(db: Db, actor: Actor, level: ScorecardLevel): Promise<FigureScope> {
  const paths = scopePaths(actor, [...OVERSIGHT_ROLES]);
  if (paths.length) return { oversight: true, filter: { paths } };
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
  if (level === 'region') throw new DomainError('FORBIDDEN', { zh: '区域成绩单仅电子监察人员可查看', en: 'Only supervisors see the figures of a region' });
  const me = await db.selectFrom('users as u').leftJoin('orgs as o', 'o.id', 'u.org_id').select(['o.path', 'u.window_id']).where('u.id', '=', actor.userId).executeTakeFirst();
  if (level === 'window') {
    if (!me?.window_id) return { oversight: false, filter: { paths: [] } };
    return { oversight: false, filter: { windowId: me.window_id } };
  }
  const own = me?.path ? [me.path] : [];
  return { oversight: false, filter: { paths: own }, ...(level === 'staff' ? { onlyStaff: actor.userId } : {}) };
}

export { caseFactsOf } from './facts.js';

type UnitOf = { region_code: string; org_id: string; window_id: string | null };
function unitKey(level: ScorecardLevel, row: UnitOf, staff: string | null): string | null {
  switch (level) {
    case 'region':
      return row.region_code;
    case 'department':
      return row.org_id;
    case 'window':
      return row.window_id;
    case 'staff':
      return staff;
  }
}

/**
 * The scorecard of every unit of a level over a period (one row per unit with any activity), from the
 * cases, ratings and complaints the actor may see. `asOf` bounds the complaint on-time test (today).
 * Cases and ratings are read from the rollups (ADR 0035) after folding what changed since the last
 * fold, so the answer is the direct computation's (`computeScorecardDirect`), at the cost of a year's
 * cells rather than a year's cases.
 */
export async function computeScorecard(db: Db, _cal: WorkingCalendar, actor: Actor, period: Period, level: ScorecardLevel, today: string): Promise<ScorecardRow[]> {
  const scope = await figureScope(db, actor, level);
  await foldPending(db);
  const [sums, complaints, waits] = await Promise.all([
    rollupSums(db, period, scope.filter, level, scope.onlyStaff),
    repo.complaintFactRows(db, period, scope.filter),
    repo.ticketWaitSums(db, period, scope.filter, level, scope.onlyStaff),
  ]);
  const asOf = period.to < today ? period.to : today;
  for (const c of complaints) {
    const key = unitKey(level, c, c.staff_id);
    if (key === null || (scope.onlyStaff && key !== scope.onlyStaff)) continue;
    sums.set(key, addSums(sums.get(key) ?? emptySums(), sumsOfComplaint({ dueOn: c.due_on, repliedOn: c.replied_on }, asOf)));
  }
  // Hall tickets: already summed per unit by the database (the same rule as sumsOfTicket, ADR 0042).
  for (const w of waits) sums.set(w.unit, addSums(sums.get(w.unit) ?? emptySums(), { ...emptySums(), calledTickets: w.called, waitMs: Number(w.wait_ms) }));
  return scorecardRows(db, level, sums);
}

/** The same figures computed from every case, rating and complaint of the period (the reference the rollups are tested against). */
export async function computeScorecardDirect(db: Db, cal: WorkingCalendar, actor: Actor, period: Period, level: ScorecardLevel, today: string): Promise<ScorecardRow[]> {
  const scope = await figureScope(db, actor, level);
  const [cases, ratings, complaints, tickets] = await Promise.all([
    repo.caseFactRows(db, period, scope.filter),
    repo.ratingFactRows(db, period, scope.filter),
    repo.complaintFactRows(db, period, scope.filter),
    repo.ticketFactRows(db, period, scope.filter, level, scope.onlyStaff),
  ]);
  const sums = new Map<string, ScorecardSums>();
  const add = (key: string | null, s: ScorecardSums) => {
    if (key === null || (scope.onlyStaff && key !== scope.onlyStaff)) return;
    sums.set(key, addSums(sums.get(key) ?? emptySums(), s));
  };
  for (const c of cases) add(unitKey(level, c, c.handler_id), sumsOfCase(caseFactsOf(c, cal), period));
  for (const r of ratings) if (isRatingLevel(r.level)) add(unitKey(level, r, r.staff_id), sumsOfRating({ level: r.level, named: !r.anonymous, rectifiedInTime: r.rectified_in_time }));
  const asOf = period.to < today ? period.to : today;
  for (const c of complaints) add(unitKey(level, c, c.staff_id), sumsOfComplaint({ dueOn: c.due_on, repliedOn: c.replied_on }, asOf));
  for (const t of tickets) add(t.unit, sumsOfTicket({ issuedAt: t.issued_at.getTime(), firstCalledAt: t.first_called_at.getTime() }));
  return scorecardRows(db, level, sums);
}

async function scorecardRows(db: Db, level: ScorecardLevel, sums: Map<string, ScorecardSums>): Promise<ScorecardRow[]> {
  const names = await repo.unitNames(db, level, [...sums.keys()]);
  return [...sums.entries()]
    .map(([id, s]) => ({ id, name: names.get(id) ?? id, ...roundedFigures(figuresOf(s)) }))
    .sort((a, b) => b.received - a.received || a.name.localeCompare(b.name, 'zh-CN') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The export's columns, in order (issue 12): anyone can recompute the figures from these lines. */
export const CASE_EXPORT_COLUMNS = ['caseNo', 'departmentId', 'channel', 'submittedAt', 'acceptedOn', 'completedOn', 'dueDate', 'legalLimitDays', 'promisedLimitDays', 'workingDaysUsed', 'trips', 'correctionNotices', 'rating'] as const;

/** A CSV cell (RFC 4180), with a leading formula character neutralised (CSV injection). */
function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function exportCasesCsv(db: Db, cal: WorkingCalendar, actor: Actor, period: Period): Promise<string> {
  const scope = await figureScope(db, actor, 'department');
  const rows = await repo.caseFactRows(db, period, scope.filter);
  const lines = [CASE_EXPORT_COLUMNS.join(',')];
  for (const r of rows) {
    const f = caseFactsOf(r, cal);
    lines.push(CASE_EXPORT_COLUMNS.map((k) => csvCell(f[k])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

