import type { CpuSnapshot } from '../cpu.js';

/**
 * A bench phase: extra load run against the same server, after the case lifecycles and the look-ups,
 * before pgbench (`phases`), or over the seeded cases after pgbench (`seededPhases`). Each issue that names a figure adds one phase file here and registers it in
 * `bench/phases/index.ts`; its figures are appended to the bench's last line.
 */
export interface Session {
  cookie: string;
  csrfToken: string;
}

export interface PhaseContext {
  /** The server's base URL (http://127.0.0.1:port). */
  base: string;
  /** Logs a demo account in (staff with their published TOTP secret). */
  login: (username: string) => Promise<Session>;
  smoke: boolean;
  concurrency: number;
  /** Seconds a measuring phase should run (short under --smoke). */
  seconds: number;
  /** Figures of the same run, for ratios. */
  transitionsPerS: number;
  lookupPerS: number;
  /** URL of the bench's scratch database (the server's own). */
  databaseUrl: string;
  /**
   * Seeds the synthetic cases once (`--seed-cases N`, else a small number) — a year of them, part
   * decided and rated — and folds them into the scorecard rollups; later calls answer the same report.
   */
  seed: () => Promise<SeedReport>;
  /**
   * CPU time (ms) used so far by the server's processes and by the PostgreSQL backends serving the
   * bench database (bench/cpu.ts; ADR 0047): the difference over a phase, per transition, is a cost that does not
   * move with the load of a shared machine as wall-clock throughput does. Zeros where /proc is not readable.
   */
  cpu: () => Promise<CpuSnapshot>;
  /** CPU ms per single-case transition of the same run (server, PostgreSQL), for ratios; undefined when not measured. */
  lifecycleCpuPerTransition?: { server: number; db: number } | undefined;
  /** Runs a command to completion; the bench ends it on any exit. */
  run: (command: string, argv: string[], env?: NodeJS.ProcessEnv) => Promise<string>;
}

export interface SeedReport {
  cases: number;
  ratings: number;
  seedSeconds: number;
  foldSeconds: number;
  /** The rollup rows after the fold (what a year's scorecard reads at most), in words. */
  rollupRows: string;
  /** BENCH_REUSE_DB=1 found the cases of an earlier run: nothing seeded, only what was pending folded. */
  reused?: boolean;
}

export interface PhaseResult {
  /** Human-readable lines printed before the last line. */
  lines: string[];
  /** `key=value` figures appended to the last line, in this order. */
  figures: [string, string][];
}

export type Phase = (ctx: PhaseContext) => Promise<PhaseResult>;
