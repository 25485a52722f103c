import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendar } from '../cases/test-support.js';
import { canStep, isOrderOverdue, orderDue, orderState, shouldEscalate, type OrderEntryFacts, type OrderStep } from './orders.js';

const issued: OrderEntryFacts = { kind: 'issued', on: '2026-03-02', dueOn: '2026-03-05' };

describe('督办 orders', () => {
  it('the deadline counts working days after the day of issue', () => {
    expect(orderDue('2026-03-02', 3, calendar)).toBe('2026-03-05');
    expect(orderDue('2026-03-06', 1, calendar)).toBe('2026-03-09'); // Friday → Monday
  });

  it('open → responded → returned (new deadline) → responded → closed', () => {
    let entries: OrderEntryFacts[] = [issued];
    expect(orderState(entries)).toEqual({ status: 'open', dueOn: '2026-03-05', escalated: false, responses: 0 });
    expect(canStep(orderState(entries), 'return')).toBe(false);
    entries = [...entries, { kind: 'responded', on: '2026-03-04' }];
    expect(orderState(entries).status).toBe('responded');
    expect(canStep(orderState(entries), 'respond')).toBe(false);
    entries = [...entries, { kind: 'returned', on: '2026-03-05', dueOn: '2026-03-10' }];
    expect(orderState(entries)).toMatchObject({ status: 'open', dueOn: '2026-03-10' });
    entries = [...entries, { kind: 'responded', on: '2026-03-09' }, { kind: 'closed', on: '2026-03-09' }];
    expect(orderState(entries)).toMatchObject({ status: 'closed', responses: 2 });
    expect((['respond', 'return', 'close'] as OrderStep[]).some((s) => canStep(orderState(entries), s))).toBe(false);
  });

  it('overdue only while waiting for the department; escalates once', () => {
    const open = orderState([issued]);
    expect(isOrderOverdue(open, '2026-03-05')).toBe(false);
    expect(shouldEscalate(open, '2026-03-06')).toBe(true);
    const escalated = orderState([issued, { kind: 'escalated', on: '2026-03-06' }]);
    expect(isOrderOverdue(escalated, '2026-03-09')).toBe(true);
    expect(shouldEscalate(escalated, '2026-03-09')).toBe(false);
    expect(isOrderOverdue(orderState([issued, { kind: 'responded', on: '2026-03-09' }]), '2026-03-09')).toBe(false);
  });

  it('law: whatever the entries, at most one escalation is due and a closed order never escalates', () => {
    const kinds = fc.constantFrom<OrderEntryFacts['kind']>('responded', 'returned', 'closed', 'escalated');
    fc.assert(
      fc.property(fc.array(kinds, { maxLength: 12 }), fc.integer({ min: 0, max: 40 }), (ks, offset) => {
        const entries: OrderEntryFacts[] = [issued, ...ks.map((kind) => ({ kind, on: '2026-03-03', ...(kind === 'returned' ? { dueOn: '2026-03-20' } : {}) }))];
        const s = orderState(entries);
        const today = calendar.addWorkingDays('2026-03-02', offset).date;
        if (s.status === 'closed') expect(shouldEscalate(s, today)).toBe(false);
        if (ks.includes('escalated')) expect(shouldEscalate(s, today)).toBe(false);
        expect(s.responses).toBe(ks.filter((k) => k === 'responded').length);
      }),
    );
  });
});
