import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { inTransaction, type Db } from '../db/transaction.js';
import { BUILT_IN_YEARS, WorkingCalendar, type YearArrangement } from '../../core/calendar/index.js';
import { isRatingLevel } from '../../core/ratings/levels.js';
import { CASE_CELL_VALUES, DAY_VALUES, RATING_CELL_VALUES, caseCellOf, dayContributions, emptySums, monthOf, ratingCellValues, splitByMonths, type CaseCellValues, type Period, type ScorecardSums } from '../../core/scorecards/index.js';
import * as repo from './repository.js';
import { caseFactsOf } from './facts.js';

/**
 * Scorecard rollups (ADR 0035). Row triggers put every case and rating whose figures may have changed
 * into `scorecard_dirty`; `foldPending` takes them out in chunks and moves each one's contribution
 * from the rows it was in to the rows it is in now (facts computed by the same code as the direct
 * computation: `caseFactRows` columns, `caseFactsOf`, the core's `caseCellOf` and `dayContributions`).
 * A scorecard reads the rows after folding what is pending, so it answers exactly what the direct
 * computation answers (`sumsOfRollup` in the core is the rule the queries below apply).
 */

/** pg_advisory_xact_lock key: one fold at a time across replicas. */
const FOLD_LOCK = 20261204;
/** Queue entries folded per transaction. */
const CHUNK = 2000;
/** Above this many pending entries, refolding everything by key order beats folding entry by entry. */
const REBUILD_ABOVE = 50_000;
/** Cases or ratings read per page while refolding everything. */
const PAGE = 5000;

const BUILT_IN_HASH = createHash('sha256').update(JSON.stringify(BUILT_IN_YEARS)).digest('hex').slice(0, 16);
const calendarMd5 = sql<string>`(select md5(coalesce(string_agg(y.year::text || '|' || y.source || '|' || y.holidays::text || '|' || y.workdays::text, ';' order by y.year), '')) from calendar_years y)`;

let calendarCache: { fingerprint: string; calendar: WorkingCalendar } | undefined;

const idsJson = (ids: readonly string[]) => JSON.stringify(ids);
const idList = (ids: readonly string[]) => sql`(select x::uuid from jsonb_array_elements_text(${idsJson(ids)}::jsonb) x)`;

/** A fact's key: its unit columns, then its days (as JSON, the key of its pair or rating row). */
type CaseKey = [region: string, org: string, orgPath: string, window: string | null, staff: string | null, submittedOn: string, decidedOn: string | null];
type RatingKey = [region: string, org: string, orgPath: string, window: string | null, staff: string | null, ratedOn: string];

interface StoredFact {
  id: string;
  cell: string;
  v: number[];
}

export interface FoldReport {
  cases: number;
  ratings: number;
  rebuilt: boolean;
}

/**
 * Folds every pending change into the cells (and refolds everything when the working-day calendar
 * changed since the last fold). Cheap when nothing is pending: one small query.
 */
export async function foldPending(db: Db): Promise<FoldReport> {
  const report: FoldReport = { cases: 0, ratings: 0, rebuilt: false };
  const probe = await sql<{ pending: boolean; stored: string | null; md5: string }>`
    select exists (select 1 from scorecard_dirty) as pending, (select calendar_hash from scorecard_rollup_state where id = 1) as stored, ${calendarMd5} as md5`.execute(db);
  const p = probe.rows[0];
  if (!p || (!p.pending && p.stored === `${p.md5}|${BUILT_IN_HASH}`)) return report;
  for (;;) {
    const step = await inTransaction(db, (tx) => foldChunk(tx));
    report.cases += step.cases;
    report.ratings += step.ratings;
    report.rebuilt ||= step.rebuilt;
    if (step.done) return report;
  }
}

async function calendarOf(tx: Transaction<Database>): Promise<{ calendar: WorkingCalendar; fingerprint: string; stored: string | null }> {
  const r = await sql<{ md5: string; years: YearArrangement[]; stored: string | null }>`
    select ${calendarMd5} as md5,
      coalesce((select jsonb_agg(jsonb_build_object('year', y.year, 'source', y.source, 'holidays', y.holidays, 'workdays', y.workdays) order by y.year) from calendar_years y), '[]'::jsonb) as years,
      (select calendar_hash from scorecard_rollup_state where id = 1) as stored`.execute(tx);
  const row = r.rows[0];
  if (!row) throw new Error('scorecard_rollup_state is missing');
  const fingerprint = `${row.md5}|${BUILT_IN_HASH}`;
  if (calendarCache?.fingerprint !== fingerprint) calendarCache = { fingerprint, calendar: new WorkingCalendar({ years: row.years }) };
  return { calendar: calendarCache.calendar, fingerprint, stored: row.stored };
}

async function foldChunk(tx: Transaction<Database>): Promise<FoldReport & { done: boolean }> {
  await sql`select pg_advisory_xact_lock(${FOLD_LOCK})`.execute(tx);
  const { calendar, fingerprint, stored } = await calendarOf(tx);
  if (stored !== fingerprint) {
    // First fold, or the calendar changed: working days used may differ for any case.
    const r = await rebuild(tx, calendar, { cases: true, ratings: stored === null });
    await sql`update scorecard_rollup_state set calendar_hash = ${fingerprint}, folded_at = now() where id = 1`.execute(tx);
    return { ...r, rebuilt: true, done: false };
  }
  const many = await sql<{ n: number }>`select count(*)::int as n from (select 1 from scorecard_dirty limit ${REBUILD_ABOVE + 1}) d`.execute(tx);
  if ((many.rows[0]?.n ?? 0) > REBUILD_ABOVE) {
    const kinds = await sql<{ kind: string }>`select distinct kind from scorecard_dirty`.execute(tx);
    const r = await rebuild(tx, calendar, { cases: kinds.rows.some((k) => k.kind === 'case'), ratings: kinds.rows.some((k) => k.kind === 'rating') });
    return { ...r, rebuilt: true, done: false };
  }
  const taken = await sql<{ kind: 'case' | 'rating'; id: string }>`
    delete from scorecard_dirty where seq in (select seq from scorecard_dirty order by seq limit ${CHUNK}) returning kind, id`.execute(tx);
  if (taken.rows.length === 0) {
    await sql`update scorecard_rollup_state set folded_at = now() where id = 1`.execute(tx);
    return { cases: 0, ratings: 0, rebuilt: false, done: true };
  }
  const caseIds = [...new Set(taken.rows.filter((t) => t.kind === 'case').map((t) => t.id))];
  const ratingIds = [...new Set(taken.rows.filter((t) => t.kind === 'rating').map((t) => t.id))];
  if (caseIds.length) await foldCases(tx, calendar, caseIds);
  if (ratingIds.length) await foldRatings(tx, ratingIds);
  return { cases: caseIds.length, ratings: ratingIds.length, rebuilt: false, done: false };
}

/** The cell and values a case contributes now (none when it was never submitted). */
function caseFact(r: repo.CaseFactRow, calendar: WorkingCalendar): StoredFact | null {
  const cell = caseCellOf(caseFactsOf(r, calendar));
  if (!cell) return null;
  const key: CaseKey = [r.region_code, r.org_id, r.org_path, r.window_id, r.handler_id, cell.submittedOn, cell.decidedOn];
  return { id: r.id, cell: JSON.stringify(key), v: CASE_CELL_VALUES.map((k) => cell.values[k]) };
}

function ratingFact(r: repo.RatingFactRow): StoredFact | null {
  if (!isRatingLevel(r.level)) return null;
  const v = ratingCellValues({ level: r.level, named: !r.anonymous, rectifiedInTime: r.rectified_in_time });
  const key: RatingKey = [r.region_code, r.org_id, r.org_path, r.window_id, r.staff_id, r.rated_on];
  return { id: r.id, cell: JSON.stringify(key), v: RATING_CELL_VALUES.map((k) => v[k]) };
}

/** A rollup table: its key columns (the row key is their values as a JSON array) and its summed columns. */
interface RowTable {
  name: 'scorecard_case_days' | 'scorecard_case_months' | 'scorecard_case_pairs' | 'scorecard_rating_days' | 'scorecard_rating_months';
  keys: readonly (readonly [column: string, type: 'text' | 'uuid' | 'date'])[];
  values: readonly string[];
  /** A row that sums to this holds nothing and is removed. */
  empty: string;
}
const UNIT_KEYS = [
  ['region_code', 'text'],
  ['org_id', 'uuid'],
  ['org_path', 'text'],
  ['window_id', 'uuid'],
  ['staff_id', 'uuid'],
] as const;
const CASE_DAYS: RowTable = { name: 'scorecard_case_days', keys: [...UNIT_KEYS, ['day', 'date']], values: ['received', 'online', 'completed', 'on_time', 'working_days', 'promised', 'legal', 'trips', 'first_time_right'], empty: 'received <= 0 and completed <= 0' };
// The same sums per calendar month (ADR 0046): a period's whole months are read from these.
const CASE_MONTHS: RowTable = { ...CASE_DAYS, name: 'scorecard_case_months', keys: [...UNIT_KEYS, ['month', 'date']] };
const CASE_PAIRS: RowTable = { name: 'scorecard_case_pairs', keys: [...UNIT_KEYS, ['submitted_on', 'date'], ['decided_on', 'date']], values: ['n'], empty: 'n <= 0' };
const RATING_DAYS: RowTable = { name: 'scorecard_rating_days', keys: [...UNIT_KEYS, ['rated_on', 'date']], values: ['ratings', 'bad', 'named_bad', 'rectified_in_time'], empty: 'ratings <= 0' };
const RATING_MONTHS: RowTable = { ...RATING_DAYS, name: 'scorecard_rating_months', keys: [...UNIT_KEYS, ['month', 'date']] };

/** Pending changes to rollup rows: per table, per row key, the values to add. */
class Deltas {
  readonly tables = new Map<RowTable, Map<string, number[]>>();
  add(table: RowTable, key: string, v: readonly number[], sign: 1 | -1): void {
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = new Map()));
    const d = rows.get(key) ?? new Array<number>(table.values.length).fill(0);
    for (let i = 0; i < d.length; i++) d[i] = (d[i] ?? 0) + sign * (v[i] ?? 0);
    rows.set(key, d);
  }
}

/** What a case's stored fact contributes: its submission day's row, its decision day's row (and their months' rows), its pair row. */
function addCase(deltas: Deltas, f: StoredFact, sign: 1 | -1): void {
  const key = JSON.parse(f.cell) as CaseKey;
  const unit = key.slice(0, 5);
  const values = Object.fromEntries(CASE_CELL_VALUES.map((k, i) => [k, f.v[i] ?? 0])) as unknown as CaseCellValues;
  for (const { day, values: dv } of dayContributions({ submittedOn: key[5], decidedOn: key[6], values })) {
    const v = DAY_VALUES.map((k) => dv[k]);
    deltas.add(CASE_DAYS, JSON.stringify([...unit, day]), v, sign);
    deltas.add(CASE_MONTHS, JSON.stringify([...unit, monthOf(day)]), v, sign);
  }
  deltas.add(CASE_PAIRS, f.cell, [values.n], sign);
}

function addRating(deltas: Deltas, f: StoredFact, sign: 1 | -1): void {
  deltas.add(RATING_DAYS, f.cell, f.v, sign);
  const key = JSON.parse(f.cell) as RatingKey;
  deltas.add(RATING_MONTHS, JSON.stringify([...key.slice(0, 5), monthOf(key[5])]), f.v, sign);
}

/**
 * Moves the contributions of the facts that changed (stored before → computed now) and answers which
 * facts to write and which to remove (a case no longer counted).
 */
function diff(deltas: Deltas, before: StoredFact[], now: Map<string, StoredFact>, add: (d: Deltas, f: StoredFact, sign: 1 | -1) => void): { write: StoredFact[]; remove: string[] } {
  const unchanged = new Set<string>();
  const remove: string[] = [];
  for (const b of before) {
    const n = now.get(b.id);
    if (n && n.cell === b.cell && n.v.length === b.v.length && n.v.every((x, i) => x === b.v[i])) {
      unchanged.add(b.id);
      continue;
    }
    add(deltas, b, -1);
    if (!n) remove.push(b.id);
  }
  const write = [...now.values()].filter((n) => !unchanged.has(n.id));
  for (const n of write) add(deltas, n, 1);
  return { write, remove };
}

async function foldCases(tx: Transaction<Database>, calendar: WorkingCalendar, ids: string[]): Promise<void> {
  const rows = await repo.caseFactRowsByIds(tx, ids);
  const now = new Map<string, StoredFact>();
  for (const r of rows) {
    const f = caseFact(r, calendar);
    if (f) now.set(f.id, f);
  }
  const before = await sql<StoredFact>`select case_id as id, cell, v from scorecard_case_facts where case_id in ${idList(ids)}`.execute(tx);
  const deltas = new Deltas();
  const { write, remove } = diff(deltas, before.rows, now, addCase);
  await applyDeltas(tx, deltas);
  await writeFacts(tx, 'case', write, remove);
}

async function foldRatings(tx: Transaction<Database>, ids: string[]): Promise<void> {
  const rows = await repo.ratingFactRowsByIds(tx, ids);
  const now = new Map<string, StoredFact>();
  for (const r of rows) {
    const f = ratingFact(r);
    if (f) now.set(f.id, f);
  }
  const before = await sql<StoredFact>`select rating_id as id, cell, v from scorecard_rating_facts where rating_id in ${idList(ids)}`.execute(tx);
  const deltas = new Deltas();
  const { write, remove } = diff(deltas, before.rows, now, addRating);
  await applyDeltas(tx, deltas);
  await writeFacts(tx, 'rating', write, remove);
}

/** Adds the deltas to their rows (created when missing), then removes the rows left holding nothing. */
async function applyDeltas(tx: Transaction<Database>, deltas: Deltas): Promise<void> {
  for (const [table, rows] of deltas.tables) {
    for (const part of chunks(rows, PAGE)) {
      for (const [key, d] of part) if (d.every((x) => x === 0)) part.delete(key);
      if (part.size) await addRows(tx, table, part);
    }
  }
}

async function addRows(tx: Transaction<Database>, table: RowTable, rows: Map<string, number[]>): Promise<void> {
  const json = JSON.stringify([...rows].map(([cell, v]) => ({ cell, v })));
  const columns = [...table.keys.map(([c]) => c), ...table.values].join(', ');
  const exprs = [...table.keys.map(([, type], i) => `(k->>${i})::${type}`), ...table.values.map((_, i) => `(x.v->>${i})::int`)].join(', ');
  const sets = table.values.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ');
  await sql`
    insert into ${sql.table(table.name)} as t (cell, ${sql.raw(columns)})
    select x.cell, ${sql.raw(exprs)}
    from jsonb_to_recordset(${json}::jsonb) as x(cell text, v jsonb), lateral (select x.cell::jsonb as k) kk
    on conflict (cell) do update set ${sql.raw(sets)}`.execute(tx);
  await sql`delete from ${sql.table(table.name)} where (${sql.raw(table.empty)}) and cell in (select x->>'cell' from jsonb_array_elements(${json}::jsonb) x)`.execute(tx);
}

async function writeFacts(tx: Transaction<Database>, kind: 'case' | 'rating', write: StoredFact[], remove: string[]): Promise<void> {
  const table = sql.table(kind === 'case' ? 'scorecard_case_facts' : 'scorecard_rating_facts');
  const idCol = sql.ref(kind === 'case' ? 'case_id' : 'rating_id');
  if (remove.length) await sql`delete from ${table} where ${idCol} in ${idList(remove)}`.execute(tx);
  if (write.length) {
    await sql`
      insert into ${table} (${idCol}, cell, v)
      select (x->>'id')::uuid, x->>'cell', x->'v' from jsonb_array_elements(${JSON.stringify(write)}::jsonb) x
      on conflict (${idCol}) do update set cell = excluded.cell, v = excluded.v`.execute(tx);
  }
}

/** Refolds every case and/or rating, page by page in key order, into empty rows. */
async function rebuild(tx: Transaction<Database>, calendar: WorkingCalendar, what: { cases: boolean; ratings: boolean }): Promise<FoldReport> {
  const report: FoldReport = { cases: 0, ratings: 0, rebuilt: true };
  const zero = '00000000-0000-0000-0000-000000000000';
  if (what.cases) {
    // Marks committed before this statement are covered by the pages read below; later ones stay queued.
    await sql`delete from scorecard_dirty where kind = 'case'`.execute(tx);
    await sql`delete from scorecard_case_facts`.execute(tx);
    await sql`delete from scorecard_case_days`.execute(tx);
    await sql`delete from scorecard_case_months`.execute(tx);
    await sql`delete from scorecard_case_pairs`.execute(tx);
    const deltas = new Deltas();
    for (let after = zero; ; ) {
      const rows = await repo.caseFactRowsPage(tx, after, PAGE);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]?.id ?? after;
      const facts = rows.map((r) => caseFact(r, calendar)).filter((f): f is StoredFact => f !== null);
      for (const f of facts) addCase(deltas, f, 1);
      await writeFacts(tx, 'case', facts, []);
      report.cases += rows.length;
    }
    await applyDeltas(tx, deltas);
  }
  if (what.ratings) {
    await sql`delete from scorecard_dirty where kind = 'rating'`.execute(tx);
    await sql`delete from scorecard_rating_facts`.execute(tx);
    await sql`delete from scorecard_rating_days`.execute(tx);
    await sql`delete from scorecard_rating_months`.execute(tx);
    const deltas = new Deltas();
    for (let after = zero; ; ) {
      const rows = await repo.ratingFactRowsPage(tx, after, PAGE);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]?.id ?? after;
      const facts = rows.map(ratingFact).filter((f): f is StoredFact => f !== null);
      for (const f of facts) addRating(deltas, f, 1);
      await writeFacts(tx, 'rating', facts, []);
      report.ratings += rows.length;
    }
    await applyDeltas(tx, deltas);
  }
  return report;
}

function* chunks<K, V>(m: Map<K, V>, size: number): Generator<Map<K, V>> {
  let part = new Map<K, V>();
  for (const [k, v] of m) {
    part.set(k, v);
    if (part.size >= size) {
      yield part;
      part = new Map();
    }
  }
  if (part.size) yield part;
}

export type RollupLevel = 'region' | 'department' | 'window' | 'staff';

const LEVEL_COLUMN: Record<RollupLevel, string> = { region: 'region_code', department: 'org_id', window: 'window_id', staff: 'staff_id' };

function scopeSql(f: repo.RowFilter) {
  if ('windowId' in f) return sql`window_id = ${f.windowId}::uuid`;
  if (f.paths.length === 0) return sql`false`;
  return sql.join(
    f.paths.map((p) => sql`org_path like ${`${p}%`}`),
    sql` or `,
  );
}

interface CaseSumsRow {
  unit: string;
  received: number;
  online: number;
  completed: number;
  on_time: number;
  working_days: number;
  promised: number;
  legal: number;
  trips: number;
  first_time_right: number;
}

interface RatingSumsRow {
  unit: string;
  ratings: number;
  bad: number;
  named_bad: number;
  rectified: number;
}

/**
 * The sums of cases and ratings per unit of a level over a period, from the rollup rows (complaints
 * are read directly: they are few). Fold what is pending first (`foldPending`) for an exact answer.
 * Three indexed reads: the period's case rows, its rating rows — whole months from the month rows, the
 * ragged edges from the day rows (`splitByMonths`, ADR 0046) — and the pair rows in flight across the
 * period's last day (GiST on the span); `sumsOfRollup` in the core is the same rule.
 */
export async function rollupSums(db: Db, p: Period, f: repo.RowFilter, level: RollupLevel, onlyStaff?: string): Promise<Map<string, ScorecardSums>> {
  const col = sql.ref(LEVEL_COLUMN[level]);
  const where = sql`${col} is not null and (${scopeSql(f)}) ${onlyStaff ? sql`and staff_id = ${onlyStaff}::uuid` : sql``}`;
  const { days, months } = splitByMonths(p);
  const inDays = (column: string) => (days.length ? sql.join(days.map((d) => sql`${sql.ref(column)} between ${d.from}::date and ${d.to}::date`), sql` or `) : sql`false`);
  const inMonths = months ? sql`month between ${months.from}::date and ${months.to}::date` : sql`false`;
  const caseSums = sql`${col}::text as unit, sum(received)::int as received, sum(online)::int as online, sum(completed)::int as completed,
        sum(on_time)::int as on_time, sum(working_days)::int as working_days, sum(promised)::int as promised, sum(legal)::int as legal,
        sum(trips)::int as trips, sum(first_time_right)::int as first_time_right`;
  const ratingSums = sql`${col}::text as unit, sum(ratings)::int as ratings, sum(bad)::int as bad, sum(named_bad)::int as named_bad, sum(rectified_in_time)::int as rectified`;
  const [cases, pending, ratings] = await Promise.all([
    // Per unit, a partial sum from the month rows and one from the day rows (summed below).
    sql<CaseSumsRow>`
      select ${caseSums} from scorecard_case_months where (${inMonths}) and ${where} group by 1
      union all
      select ${caseSums} from scorecard_case_days where (${inDays('day')}) and ${where} group by 1`.execute(db),
    sql<{ unit: string; n: number }>`
      select ${col}::text as unit, sum(n)::int as n
      from scorecard_case_pairs
      where span @> ${p.to}::date and submitted_on >= ${p.from}::date and ${where}
      group by 1`.execute(db),
    sql<RatingSumsRow>`
      select ${ratingSums} from scorecard_rating_months where (${inMonths}) and ${where} group by 1
      union all
      select ${ratingSums} from scorecard_rating_days where (${inDays('rated_on')}) and ${where} group by 1`.execute(db),
  ]);
  const out = new Map<string, ScorecardSums>();
  const of = (unit: string) => {
    const s = out.get(unit) ?? emptySums();
    out.set(unit, s);
    return s;
  };
  for (const r of cases.rows) {
    const s = of(r.unit);
    s.received += r.received;
    s.receivedCompleted += r.received;
    s.receivedOnline += r.online;
    s.completed += r.completed;
    s.completedOnTime += r.on_time;
    s.workingDaysUsed += r.working_days;
    s.promisedLimitDays += r.promised;
    s.legalLimitDays += r.legal;
    s.trips += r.trips;
    s.firstTimeRight += r.first_time_right;
  }
  // Received in the period and still undecided at its end: not part of the completion rate's numerator.
  for (const r of pending.rows) of(r.unit).receivedCompleted -= r.n;
  for (const r of ratings.rows) {
    const s = of(r.unit);
    s.ratings += r.ratings;
    s.badRatings += r.bad;
    s.namedBadRatings += r.named_bad;
    s.rectifiedInTime += r.rectified;
  }
  return out;
}
