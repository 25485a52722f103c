import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { periodAround, previousPeriod } from './periods.js';

describe('periodAround', () => {
  it('answers the month, the quarter and the year of a day', () => {
    expect(periodAround('month', '2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodAround('month', '2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodAround('quarter', '2026-05-20')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(periodAround('quarter', '2026-12-01')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodAround('year', '2025-07-01')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });
  it('previousPeriod crosses a year', () => {
    expect(previousPeriod('month', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(previousPeriod('quarter', '2026-02-15')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
  });
  it('always contains the day, and the next period starts the day after it ends (property)', () => {
    const day = fc.integer({ min: 0, max: 36_500 }).map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.constantFrom('month', 'quarter', 'year' as const), (d, kind) => {
        const p = periodAround(kind, d);
        expect(p.from <= d && d <= p.to).toBe(true);
        const next = new Date(Date.parse(`${p.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        expect(periodAround(kind, next).from).toBe(next);
        expect(previousPeriod(kind, next)).toEqual(p);
      }),
    );
  });
});
