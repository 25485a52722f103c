import type { Phase } from './types.js';

/**
 * Issue 12 "Scale": the 工作成绩单 (`GET /api/scorecards?from=…&to=…&level=…`) at each level — region,
 * department, window, staff — for a year, a quarter, a month and a custom period with ragged edges,
 * over the seeded cases (`--seed-cases N`: a year of cases, part claimed, decided and rated, folded into
 * the rollups of ADR 0035; a small seed otherwise), requested round after round, one at a time, by the
 * supervisor (whose scope is the whole county). Figure: `scorecard_p99_ms` over every request (target
 * < 200 ms for a year with 1,000,000 cases).
 */
const LEVELS = ['region', 'department', 'window', 'staff'] as const;
const PERIODS = [
  { name: 'year', from: '2026-01-01', to: '2026-12-31' },
  { name: 'quarter', from: '2026-04-01', to: '2026-06-30' },
  { name: 'month', from: '2026-05-01', to: '2026-05-31' },
  { name: 'custom', from: '2026-02-17', to: '2026-09-08' },
] as const;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

export const scorecardsPhase: Phase = async (ctx) => {
  const seeded = await ctx.seed();
  const supervisor = await ctx.login('supervisor');
  const get = async (period: (typeof PERIODS)[number], level: string) => {
    const t0 = performance.now();
    const res = await fetch(`${ctx.base}/api/scorecards?from=${period.from}&to=${period.to}&level=${level}`, { headers: { cookie: supervisor.cookie } });
    const body = (await res.json()) as { rows?: { received: number }[] };
    const ms = performance.now() - t0;
    if (!res.ok || !body.rows) throw new Error(`GET /api/scorecards ${period.name} level=${level}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    return { ms, rows: body.rows };
  };
  // Warm-up (not counted): the first request also folds anything still pending.
  let received = 0;
  const unitRows = new Map<string, number>();
  for (const level of LEVELS) {
    const r = await get(PERIODS[0], level);
    unitRows.set(level, r.rows.length);
    if (level === 'region') received = r.rows.reduce((n, row) => n + row.received, 0);
  }
  const times = new Map<string, number[]>();
  const at = (key: string) => times.get(key) ?? (times.set(key, []), times.get(key) ?? []);
  const all: number[] = [];
  const end = performance.now() + ctx.seconds * 1000;
  let rounds = 0;
  while (performance.now() < end || rounds < 5) {
    for (const period of PERIODS) {
      for (const level of LEVELS) {
        const { ms } = await get(period, level);
        at(`${period.name} ${level}`).push(ms);
        at(period.name).push(ms);
        at(level).push(ms);
        all.push(ms);
      }
    }
    rounds++;
  }
  const p99 = pct(all, 99);
  const fmt = (key: string) => `${key} ${pct(at(key), 50).toFixed(1)}/${pct(at(key), 99).toFixed(1)}`;
  const seedWords = seeded.reused
    ? `${seeded.cases} cases of an earlier run (BENCH_REUSE_DB; ${seeded.ratings} ratings; pending changes folded in ${seeded.foldSeconds.toFixed(0)} s)`
    : `${seeded.cases} seeded cases (${seeded.ratings} ratings; seeded in ${seeded.seedSeconds.toFixed(0)} s, folded into the rollups in ${seeded.foldSeconds.toFixed(0)} s)`;
  return {
    lines: [
      `scorecards: ${PERIODS.map((p) => `${p.name} ${p.from}…${p.to}`).join(', ')} at 4 levels, ${all.length} requests one at a time (${rounds} rounds); ${seedWords}; ${seeded.rollupRows}; a year has ${LEVELS.map((l) => `${unitRows.get(l) ?? 0} ${l}`).join(', ')} rows and the region rows count ${received} received`,
      `scorecard latency: p50 ${pct(all, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; p50/p99 by period: ${PERIODS.map((p) => fmt(p.name)).join(', ')} ms; by level: ${LEVELS.map(fmt).join(', ')} ms`,
      `scorecard p50/p99 by period and level (ms): ${PERIODS.flatMap((p) => LEVELS.map((l) => fmt(`${p.name} ${l}`))).join(', ')}`,
    ],
    figures: [['scorecard_p99_ms', p99.toFixed(1)]],
  };
};
