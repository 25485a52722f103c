import type { IsoDate } from '../cases/types.js';
import type { WorkingDays } from '../cases/machine.js';

/**
 * 督办 (supervision orders): a supervisor orders a department to act on a case or on its own work, by a
 * deadline in working days; the department responds; the supervisor closes the order or returns it with
 * a new deadline; an order still unanswered after its deadline escalates (once). The record is a list of
 * entries that only grows: the order's state is a fold over them, never a stored, updated field.
 */
export type OrderEntryKind = 'issued' | 'responded' | 'returned' | 'closed' | 'escalated';
export const ORDER_ENTRY_KINDS: readonly OrderEntryKind[] = ['issued', 'responded', 'returned', 'closed', 'escalated'];

export const ORDER_ENTRY_NAMES: Record<OrderEntryKind, { zh: string; en: string }> = {
  issued: { zh: '下达督办', en: 'Order issued' },
  responded: { zh: '部门反馈', en: 'Department responded' },
  returned: { zh: '退回重办', en: 'Returned for more work' },
  closed: { zh: '办结销号', en: 'Closed' },
  escalated: { zh: '逾期升级', en: 'Escalated (overdue)' },
};

/** open: waiting for the department; responded: waiting for the supervisor; closed: done. */
export type OrderStatus = 'open' | 'responded' | 'closed';

export interface OrderEntryFacts {
  kind: OrderEntryKind;
  on: IsoDate;
  /** The deadline an `issued` or `returned` entry sets. */
  dueOn?: IsoDate | null;
}

export interface OrderState {
  status: OrderStatus;
  dueOn: IsoDate;
  escalated: boolean;
  responses: number;
}

/** The state of an order from its entries in order (the first is `issued`). */
export function orderState(entries: readonly OrderEntryFacts[]): OrderState {
  const first = entries[0];
  if (!first || first.kind !== 'issued' || !first.dueOn) throw new Error('an order starts with its issued entry and deadline');
  const s: OrderState = { status: 'open', dueOn: first.dueOn, escalated: false, responses: 0 };
  for (const e of entries.slice(1)) {
    switch (e.kind) {
      case 'responded':
        s.status = 'responded';
        s.responses++;
        break;
      case 'returned':
        s.status = 'open';
        if (e.dueOn) s.dueOn = e.dueOn;
        break;
      case 'closed':
        s.status = 'closed';
        break;
      case 'escalated':
        s.escalated = true;
        break;
      case 'issued':
        throw new Error('an order is issued once');
    }
  }
  return s;
}

export type OrderStep = 'respond' | 'return' | 'close';

/** Whether a step may follow: the department responds to an open order; the supervisor returns or closes a responded one (or closes an open one). */
export function canStep(state: OrderState, step: OrderStep): boolean {
  switch (step) {
    case 'respond':
      return state.status === 'open';
    case 'return':
      return state.status === 'responded';
    case 'close':
      return state.status !== 'closed';
  }
}

/** An order is overdue while it waits for the department past its deadline. */
export function isOrderOverdue(state: OrderState, today: IsoDate): boolean {
  return state.status === 'open' && today > state.dueOn;
}

/** Escalation happens once: an overdue order not yet escalated. */
export function shouldEscalate(state: OrderState, today: IsoDate): boolean {
  return isOrderOverdue(state, today) && !state.escalated;
}

/** The deadline `days` working days after `on` (the day of issue not counted). */
export function orderDue(on: IsoDate, days: number, cal: WorkingDays): IsoDate {
  return cal.addWorkingDays(on, days).date;
}
