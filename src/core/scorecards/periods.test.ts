import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { periodAround, periodFromParams, periodParams, previousPeriod, type PeriodChoice } from './periods.js';

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

describe('periods in the address (ADR 0042)', () => {
  const read = (q: string) => {
    const u = new URLSearchParams(q);
    return periodFromParams((k) => u.get(k));
  };
  it('reads a preset around its first day, or a custom range', () => {
    expect(read('period=month&from=2026-12-01&to=2026-12-31')).toEqual({ kind: 'month', from: '2026-12-01', to: '2026-12-31' });
    expect(read('period=quarter&from=2026-11-15')).toEqual({ kind: 'quarter', from: '2026-10-01', to: '2026-12-31' });
    expect(read('from=2026-03-05&to=2026-04-20')).toEqual({ kind: 'custom', from: '2026-03-05', to: '2026-04-20' });
  });
  it('refuses what cannot be a period (the page falls back to its default)', () => {
    for (const q of ['', 'period=week&from=2026-12-01', 'period=month', 'period=month&from=2026-02-30', 'from=2026-04-01&to=2026-03-01', 'from=2020-01-01&to=2026-01-01', 'from=x&to=y', 'from=1999-12-31&to=2000-01-01']) {
      expect(read(q), q).toBeNull();
    }
  });
  it('reads back what it writes', () => {
    const day = fc.integer({ min: 0, max: 36_000 }).map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.constantFrom('month', 'quarter', 'year', 'custom' as const), day, fc.integer({ min: 0, max: 700 }), (kind, d, len) => {
        const to = new Date(Date.parse(`${d}T00:00:00Z`) + len * 86_400_000).toISOString().slice(0, 10);
        if (to > '2099-12-31') return;
        const p: PeriodChoice = kind === 'custom' ? { kind, from: d, to } : { kind, ...periodAround(kind, d) };
        const params = new URLSearchParams(periodParams(p));
        expect(periodFromParams((k) => params.get(k))).toEqual(p);
      }),
    );
  });
});
