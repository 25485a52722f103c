import type { Phase } from './types.js';

/**
 * Issue 12 "Scale": a year's 工作成绩单 (`GET /api/scorecards?from=2026-01-01&to=2026-12-31&level=…`)
 * at each level — region, department, window, staff — over the seeded cases (`--seed-cases N`: a year
 * of cases, part decided and rated, folded into the rollups of ADR 0035; a small seed otherwise),
 * requested round after round by the supervisor (whose scope is the whole county). Figure:
 * `scorecard_p99_ms` (target < 200 ms with 1,000,000 cases).
 */
const LEVELS = ['region', 'department', 'window', 'staff'] as const;
const YEAR = { from: '2026-01-01', to: '2026-12-31' };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

export const scorecardsPhase: Phase = async (ctx) => {
  const seeded = await ctx.seed();
  const supervisor = await ctx.login('supervisor');
  const get = async (level: string) => {
    const t0 = performance.now();
    const res = await fetch(`${ctx.base}/api/scorecards?from=${YEAR.from}&to=${YEAR.to}&level=${level}`, { headers: { cookie: supervisor.cookie } });
    const body = (await res.json()) as { rows?: { received: number }[] };
    const ms = performance.now() - t0;
    if (!res.ok || !body.rows) throw new Error(`GET /api/scorecards level=${level}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    return { ms, rows: body.rows };
  };
  // Warm-up (not counted): the first request also folds anything still pending.
  let received = 0;
  for (const level of LEVELS) {
    const r = await get(level);
    if (level === 'region') received = r.rows.reduce((n, row) => n + row.received, 0);
  }
  const byLevel = new Map<string, number[]>(LEVELS.map((l) => [l, []]));
  const all: number[] = [];
  const end = performance.now() + ctx.seconds * 1000;
  let rounds = 0;
  while (performance.now() < end || rounds < 5) {
    for (const level of LEVELS) {
      const { ms } = await get(level);
      byLevel.get(level)?.push(ms);
      all.push(ms);
    }
    rounds++;
  }
  const p99 = pct(all, 99);
  const per = LEVELS.map((l) => `${l} ${pct(byLevel.get(l) ?? [], 99).toFixed(1)}`).join(', ');
  return {
    lines: [
      `scorecards: a year (${YEAR.from}…${YEAR.to}) at 4 levels, ${all.length} requests one at a time; ${seeded.cases} seeded cases (${seeded.ratings} ratings; seeded in ${seeded.seedSeconds.toFixed(0)} s, folded into the rollups in ${seeded.foldSeconds.toFixed(0)} s); region rows count ${received} received in the year`,
      `scorecard latency: p50 ${pct(all, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; p99 by level: ${per} ms`,
    ],
    figures: [['scorecard_p99_ms', p99.toFixed(1)]],
  };
};
