import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  BUILT_IN_YEARS,
  WorkingCalendar,
  isBuiltInYear,
  validateYearArrangement,
  type NamedDate,
  type YearArrangement,
} from '../../core/calendar/index.js';
import { DomainError } from '../errors.js';
import { authorize, type Actor } from '../policies/index.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { promisedDueDate } from '../../core/cases/machine.js';
import type { CaseSnapshot } from '../../core/cases/types.js';
import { runCommand, SYSTEM_ACTOR } from '../cases/service.js';

/**
 * The working-day calendar the server computes every time limit with: the built-in years (2024–2026)
 * plus the years an administrator entered. Rebuilt when the stored years change, which is checked with
 * a cheap stamp (count and last change of the stored years) on every use, so every replica sees an edit
 * at once. Hot paths fold the stamp into a query they run anyway (`calendarStampSql`) and pass it in,
 * so the check costs no extra round trip.
 */
let cached: { stamp: string; calendar: WorkingCalendar } | undefined;

/** A scalar subquery giving the calendar stamp; select it alongside other columns. */
export const calendarStampSql = sql<string>`(select count(*) || '|' || coalesce(to_char(max(updated_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '') from calendar_years)`;

export async function loadCalendar(db: Kysely<Database>, knownStamp?: string): Promise<WorkingCalendar> {
  const stamp = knownStamp ?? (await sql<{ stamp: string }>`select ${calendarStampSql} as stamp`.execute(db)).rows[0]?.stamp ?? '';
  if (cached?.stamp === stamp) return cached.calendar;
  const rows = await db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
  const years: YearArrangement[] = rows.map((r) => ({ year: r.year, source: r.source, holidays: r.holidays, workdays: r.workdays }));
  const calendar = new WorkingCalendar({ years });
  cached = { stamp, calendar };
  return calendar;
}

export async function listYears(db: Kysely<Database>) {
  const rows = await db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
  return [
    ...BUILT_IN_YEARS.map((y) => ({ year: y.year, builtIn: true, source: y.source, holidays: y.holidays, workdays: y.workdays, updatedAt: null as Date | null })),
    ...rows.map((r) => ({ year: r.year, builtIn: false, source: r.source, holidays: r.holidays, workdays: r.workdays, updatedAt: r.updated_at })),
  ].sort((a, b) => a.year - b.year);
}

/** Enters or replaces a later year's official arrangement (国务院办公厅 notice). Built-in years are fixed. */
export async function saveYear(
  db: Kysely<Database>,
  actor: Actor | undefined,
  input: { year: number; source: string; holidays: NamedDate[]; workdays: NamedDate[] },
): Promise<void> {
  authorize(actor, 'calendar.manage');
  if (isBuiltInYear(input.year)) {
    throw new DomainError('CALENDAR_INVALID', {
      zh: `${input.year}年的放假安排已内置（国务院办公厅通知），不能修改`,
      en: `The ${input.year} arrangement is built in from the State Council notice and cannot be changed`,
    });
  }
  const problems = validateYearArrangement(input);
  if (problems.length) {
    throw new DomainError(
      'CALENDAR_INVALID',
      { zh: `放假安排有${problems.length}处错误`, en: `The arrangement has ${problems.length} problem(s)` },
      problems.map((p) => ({ code: p.code, path: p.path, zh: p.zh, en: p.en })),
    );
  }
  await db
    .insertInto('calendar_years')
    .values({
      year: input.year,
      source: input.source,
      holidays: JSON.stringify(input.holidays),
      workdays: JSON.stringify(input.workdays),
      updated_by: actor?.userId ?? null,
      updated_at: new Date(),
    })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet({
        source: input.source,
        holidays: JSON.stringify(input.holidays),
        workdays: JSON.stringify(input.workdays),
        updated_by: actor?.userId ?? null,
        updated_at: new Date(),
      }),
    )
    .execute();
}

/**
 * After a year's arrangement is entered: recompute the promised due date (承诺办结日期) of every running
 * case that may fall in it, through the case command path (`recompute_due_date` as the system), so each
 * changed case gets one hash-chained timeline event and the public read model follows. Cases whose date
 * and provisional flag are unchanged are skipped and get nothing written. Returns how many changed.
 */
export async function recomputeRunningDueDates(db: Kysely<Database>, now: Date, year: number): Promise<number> {
  const calendar = await loadCalendar(db);
  const deps = { calendar: async () => calendar, now: () => now };
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'snapshot'])
    .where('state', 'in', ['accepted', 'in_review', 'suspended'])
    .where('due_date', '>=', `${year}-01-01`)
    .execute();
  let changed = 0;
  for (const row of rows) {
    const s = row.snapshot as unknown as CaseSnapshot;
    if (!s.acceptedOn || !s.dueDate) continue;
    const r = promisedDueDate(s, calendar);
    if (r.dueDate === s.dueDate && r.dueDateProvisional === (s.dueDateProvisional ?? false)) continue;
    try {
      await runCommand(db, deps, SYSTEM_ACTOR, row.id, { type: 'recompute_due_date' }, { data: { year } });
      changed++;
    } catch (err) {
      // The case moved on meanwhile (decided, withdrawn) or is already up to date: nothing to recompute.
      if (!(err instanceof DomainError)) throw err;
    }
  }
  return changed;
}

/**
 * What the calendar administrator must do: running cases whose due date is provisional (暂定), and the
 * years to enter — the current year if missing, the next year from 1 December on, and the years of
 * provisional due dates.
 */
export async function calendarReminder(db: Kysely<Database>, actor: Actor | undefined, now: Date): Promise<{ provisionalCases: number; missingYears: number[] }> {
  authorize(actor, 'calendar.manage');
  const calendar = await loadCalendar(db);
  const today = isoDateInChina(now);
  const thisYear = Number(today.slice(0, 4));
  const provisional = await sql<{ year: number; n: number }>`
    select extract(year from due_date)::int as year, count(*)::int as n from cases
    where state in ('accepted','in_review','suspended') and (snapshot->>'dueDateProvisional') = 'true'
    group by 1`.execute(db);
  const years = new Set<number>(provisional.rows.map((r) => Number(r.year)));
  years.add(thisYear);
  if (today.slice(5) >= '12-01') years.add(thisYear + 1);
  return {
    provisionalCases: provisional.rows.reduce((sum, r) => sum + Number(r.n), 0),
    missingYears: [...years].filter((y) => !calendar.isYearLoaded(y)).sort((a, b) => a - b),
  };
}
