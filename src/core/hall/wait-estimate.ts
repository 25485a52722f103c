/**
 * Estimated wait (预计等待) shown on a ticket: the people ahead, served by the windows open for the
 * category, at the category's recent average service time. Whole minutes, rounded up; never promises
 * zero while someone is ahead.
 */
export const DEFAULT_SERVICE_MINUTES = 8;

export interface WaitInputs {
  ahead: number;
  /** Windows open now that serve the category (0 when none: the estimate assumes one will open). */
  openWindows: number;
  /** Recent average service time, null when the hall has no history yet. */
  avgServiceMinutes: number | null;
}

export function estimateWaitMinutes({ ahead, openWindows, avgServiceMinutes }: WaitInputs): number {
  if (ahead <= 0) return 0;
  const per = avgServiceMinutes !== null && avgServiceMinutes > 0 ? avgServiceMinutes : DEFAULT_SERVICE_MINUTES;
  return Math.max(1, Math.ceil((ahead * per) / Math.max(1, openWindows)));
}

/** p-th percentile (0..100) of a list by nearest rank; null for an empty list. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}
