import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { formatIsoDate } from '../../../core/calendar/index.js';
import { SCORECARD_KEYS, type Period, type Scorecard } from '../../../core/scorecards/index.js';
import { Dice, SIMULATION_RATES, arrivalSchedule, drawCasePlan, emptyLedger, ledgerScorecard, seededRandom, workingDaysBetween, type Ledger, type SimulationRates } from '../../../core/simulation/index.js';
import { loadCalendar } from '../../calendar/service.js';
import { computeScorecard, type ScorecardRow } from '../../scorecards/service.js';
import { MAX_APPLICANTS, prepareCounty } from './county.js';
import { emptyTally, playCase, type Tally, type World } from './play-case.js';

/**
 * `npm run simulate`: a county-year driven through the real services with a moved clock (issue 12,
 * ADR 0034). Arrivals, channels and what happens to each case come from the pure core
 * (src/core/simulation); each case is played from submission to its last rating or complaint through
 * `submitNewCase`/`runCommand`, the rating and complaint services, each call at its simulated moment.
 * Then the county's scorecard is computed as `GET /api/scorecards` computes it, beside the figures of
 * what the simulation recorded as it went.
 */
export interface SimulateYearOptions {
  year: number;
  cases: number;
  seed: number;
  /** Override rates (tests make rare events common enough to show in a small year). */
  rates?: Partial<SimulationRates>;
  /** Progress lines (every 1000 cases). */
  log?: (line: string) => void;
}

export interface SimulateYearResult {
  period: Period;
  /** The scorecard's "today": the last day anything happened. */
  asOf: string;
  regionCode: string;
  regionName: string;
  /** The county's row of the region-level scorecard (as GET /api/scorecards answers it). */
  scorecard: ScorecardRow;
  /** The same figures from the simulation's own ledger. */
  recorded: Scorecard;
  /** Keys on which the two differ (none, when all is well). */
  differences: string[];
  departments: ScorecardRow[];
  tally: Tally;
  ledger: Ledger;
  ms: number;
}

export async function simulateYear(db: Kysely<Database>, opts: SimulateYearOptions): Promise<SimulateYearResult> {
  const started = Date.now();
  if (!Number.isInteger(opts.cases) || opts.cases < 1) throw new Error('simulate: --cases must be a positive integer');
  if (await db.selectFrom('cases').select('id').limit(1).executeTakeFirst()) throw new Error('simulate: the database already has cases; use a scratch database');
  const calendar = await loadCalendar(db);
  if (!calendar.isYearLoaded(opts.year)) throw new Error(`simulate: the working calendar has no holiday arrangement for ${opts.year}`);
  const dice = new Dice(seededRandom(opts.seed));
  const rates: SimulationRates = { ...SIMULATION_RATES, ...opts.rates };
  const county = await prepareCounty(db, { applicants: Math.min(MAX_APPLICANTS, Math.max(20, Math.ceil(opts.cases / 6))), dice });
  const period: Period = { from: formatIsoDate(opts.year, 1, 1), to: formatIsoDate(opts.year, 12, 31) };
  // Cases that come in late in the year run on into the next (a special procedure can take weeks).
  const days = workingDaysBetween(period.from, formatIsoDate(opts.year + 1, 12, 31), calendar);
  const world: World = { db, county, calendar, days, dayIndex: new Map(days.map((d, i) => [d, i])), dice, ledger: emptyLedger(), tally: emptyTally(), lastDay: period.from };
  const arrivals = arrivalSchedule(opts.year, opts.cases, county.items.map((i) => i.sim), calendar, dice);
  for (const [n, arrival] of arrivals.entries()) {
    const item = county.items[arrival.item];
    if (!item) throw new Error('simulate: arrival for an unknown item');
    await playCase(world, arrival, item, drawCasePlan(item.sim, arrival.channel, dice, rates));
    if ((n + 1) % 1000 === 0) opts.log?.(`simulate: ${n + 1} of ${arrivals.length} cases (${arrival.day}), ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const asOf = world.lastDay;
  const regions = await computeScorecard(db, calendar, county.supervisor, period, 'region', asOf);
  const scorecard = regions.find((r) => r.id === county.regionCode);
  if (!scorecard) throw new Error(`simulate: the scorecard has no row for ${county.regionCode}`);
  const recorded = ledgerScorecard(world.ledger, period, asOf, calendar);
  return {
    period,
    asOf,
    regionCode: county.regionCode,
    regionName: county.regionName,
    scorecard,
    recorded,
    differences: SCORECARD_KEYS.filter((k) => scorecard[k] !== recorded[k]),
    departments: await computeScorecard(db, calendar, county.supervisor, period, 'department', asOf),
    tally: world.tally,
    ledger: world.ledger,
    ms: Date.now() - started,
  };
}

const SHOWN_AS_PERCENT = new Set(['completionRate', 'onTimeRate', 'promisedSpeedup', 'actualSpeedup', 'onlineShare', 'firstTimeRightRate', 'goodRate', 'rectifiedRate', 'complaintOnTimeRate']);

function shown(key: string, v: number | null): string {
  if (v === null) return '—';
  return SHOWN_AS_PERCENT.has(key) ? `${(v * 100).toFixed(2)}%` : String(v);
}

/** The report `npm run simulate` prints: the county's scorecard beside what the simulation recorded. */
export function formatReport(r: SimulateYearResult, seed: number): string {
  const t = r.tally;
  const lines = [
    `${r.regionName} (${r.regionCode}), ${r.period.from} … ${r.period.to}: ${r.ledger.cases.length} cases through the case services, seed ${seed}, in ${(r.ms / 1000).toFixed(1)} s (scorecard as of ${r.asOf})`,
    `channels: ${Object.entries(t.byChannel).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `outcomes: ${Object.entries(t.byOutcome).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `corrections ${t.corrections}, 容缺 ${t.owed}, special procedures ${t.specialProcedures}, extensions ${t.extensions}, decided late ${t.late}`,
    `ratings ${t.ratings} of cases + ${t.windowRatings} of the window, 差评 ${t.badRatings} (appealed ${t.appeals}, accepted ${t.appealsAccepted}; rectified ${t.rectified}; re-rated ${t.reRatings}), 追评 ${t.followUps}; complaints ${t.complaints}, consultations ${t.consultations}`,
    '',
    `${'figure'.padEnd(22)}${'scorecard'.padStart(12)}${'recorded'.padStart(12)}`,
    ...SCORECARD_KEYS.map((k) => `${k.padEnd(22)}${shown(k, r.scorecard[k]).padStart(12)}${shown(k, r.recorded[k]).padStart(12)}  ${r.scorecard[k] === r.recorded[k] ? '✓' : '✗ differs'}`),
    '',
    r.differences.length === 0 ? 'The scorecard equals what the simulation recorded.' : `DIFFERENT: ${r.differences.join(', ')}`,
  ];
  return lines.join('\n');
}
