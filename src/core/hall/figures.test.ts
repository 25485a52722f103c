import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figuresOf, hallFigures, type HallTicketFacts } from './figures.js';

const T0 = Date.parse('2026-12-02T01:00:00Z'); // 09:00 in Beijing
const min = (m: number) => T0 + m * 60_000;
const ticket = (over: Partial<HallTicketFacts>): HallTicketFacts => ({ category: '市场准入', window: 'A01', clerk: 'c1', day: '2026-12-02', state: 'done', issuedAt: min(0), firstCalledAt: min(10), calledAt: min(10), finishedAt: min(20), booked: false, ...over });

describe('hall figures', () => {
  it('averages the wait to the first call and the service time, with the p90 wait by nearest rank', () => {
    const ts = Array.from({ length: 10 }, (_, i) => ticket({ issuedAt: min(0), firstCalledAt: min(i + 1), calledAt: min(i + 1), finishedAt: min(i + 11) }));
    const f = figuresOf('', ts);
    expect(f).toMatchObject({ tickets: 10, served: 10, noShows: 0, waitMinutesAvg: 5.5, waitMinutesP90: 9, serviceMinutesAvg: 10, noShowRate: 0 });
  });

  it('counts no-shows among the people called, bookings used, and waiting tickets only as tickets', () => {
    const f = figuresOf('', [ticket({}), ticket({ state: 'no_show', finishedAt: null }), ticket({ state: 'waiting', firstCalledAt: null, calledAt: null, finishedAt: null, window: null, clerk: null, booked: true }), ticket({ booked: true })]);
    expect(f).toMatchObject({ tickets: 4, served: 2, noShows: 1, noShowRate: 0.333, bookingsUsed: 2 });
  });

  it('measures served per hour over the hours from the first call to the last 办结 of each day', () => {
    // Four people served between 09:10 and 11:10 on one day: 2 per hour.
    const ts = [0, 30, 60, 110].map((m) => ticket({ firstCalledAt: min(10 + m), calledAt: min(10 + m), finishedAt: min(20 + m) }));
    expect(figuresOf('', ts).servedPerHour).toBe(2);
    expect(figuresOf('', []).servedPerHour).toBeNull();
    expect(figuresOf('', []).waitMinutesAvg).toBeNull();
  });

  it('groups by category, window and clerk; a ticket never called has no window or clerk row', () => {
    const ts = [ticket({ category: 'B', window: 'B01', clerk: 'c2' }), ticket({}), ticket({ state: 'waiting', window: null, clerk: null, firstCalledAt: null, calledAt: null, finishedAt: null })];
    expect(hallFigures(ts, 'category').map((f) => [f.key, f.tickets])).toEqual([['B', 1], ['市场准入', 2]]);
    expect(hallFigures(ts, 'window').map((f) => [f.key, f.tickets])).toEqual([['A01', 1], ['B01', 1]]);
    expect(hallFigures(ts, 'clerk').map((f) => f.key)).toEqual(['c1', 'c2']);
    expect(hallFigures(ts, 'hall')).toHaveLength(1);
  });

  it('law: the groups of a grouping add up to the hall’s tickets, served and no-shows (every ticket is counted once)', () => {
    const arb = fc.record({
      category: fc.constantFrom('A', 'B', 'C'),
      state: fc.constantFrom('waiting', 'called', 'done', 'no_show' as const),
      wait: fc.integer({ min: 0, max: 120 }),
      service: fc.integer({ min: 0, max: 60 }),
      booked: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 60 }), (rows) => {
        const ts = rows.map((r) => ticket({ category: r.category, state: r.state, booked: r.booked, firstCalledAt: min(r.wait), calledAt: min(r.wait), finishedAt: r.state === 'done' ? min(r.wait + r.service) : null }));
        const hall = hallFigures(ts, 'hall')[0];
        const byCat = hallFigures(ts, 'category');
        const sum = (k: 'tickets' | 'served' | 'noShows' | 'bookingsUsed') => byCat.reduce((a, f) => a + f[k], 0);
        expect(sum('tickets')).toBe(hall?.tickets ?? 0);
        expect(sum('served')).toBe(hall?.served ?? 0);
        expect(sum('noShows')).toBe(hall?.noShows ?? 0);
        expect(sum('bookingsUsed')).toBe(hall?.bookingsUsed ?? 0);
      }),
    );
  });
});
