/**
 * Call order (叫号顺序): priority first, then the order of issue. A transferred ticket has already
 * waited once, so it goes first at its new window (一次排队); a booking checked in on time comes next;
 * the elderly and people with disabilities next when the hall says so; everyone else in order.
 */

export type PriorityReason = 'transfer' | 'booking' | 'elderly' | 'disabled';

export interface PriorityRules {
  /** A booking checked in gets a priority ticket (预约优先). */
  booking: boolean;
  /** Age from which an applicant identified by ID number is called first; null: no age priority. */
  elderlyAge: number | null;
  /** People with disabilities who say so at the kiosk are called first (checked at the window). */
  disabled: boolean;
}

export const DEFAULT_PRIORITY_RULES: PriorityRules = { booking: true, elderlyAge: 70, disabled: true };

/** Lower is called earlier; 9 is an ordinary ticket. */
export const PRIORITY_RANK: Record<PriorityReason | 'none', number> = { transfer: 0, booking: 1, elderly: 2, disabled: 2, none: 9 };

export interface PriorityClaim {
  checkedInBooking: boolean;
  /** Age on the day of the ticket, when the applicant gave an ID number. */
  age: number | null;
  declaresDisability: boolean;
}

/** The reason a new ticket is called first under the hall's rules, or null for an ordinary ticket. */
export function priorityOf(claim: PriorityClaim, rules: PriorityRules): PriorityReason | null {
  if (claim.checkedInBooking && rules.booking) return 'booking';
  if (rules.elderlyAge !== null && claim.age !== null && claim.age >= rules.elderlyAge) return 'elderly';
  if (claim.declaresDisability && rules.disabled) return 'disabled';
  return null;
}

export function rankOf(reason: PriorityReason | null): number {
  return PRIORITY_RANK[reason ?? 'none'];
}

/** What the call order needs to know about a waiting ticket. */
export interface WaitingTicket {
  id: string;
  category: string;
  rank: number;
  /** Order of joining this queue: issue order, or the moment of a transfer. */
  queuedAt: number;
  /** A ticket transferred to one window waits for that window only. */
  targetWindowId: string | null;
}

export function compareCallOrder(a: WaitingTicket, b: WaitingTicket): number {
  return a.rank - b.rank || a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface CallingWindow {
  id: string;
  categories: readonly string[];
}

/** Whether `window` may call `ticket` at all. */
export function windowServes(window: CallingWindow, ticket: WaitingTicket): boolean {
  if (ticket.targetWindowId !== null) return ticket.targetWindowId === window.id;
  return window.categories.includes(ticket.category);
}

/** The ticket a window calls next, or undefined when none waits for it. */
export function nextTicketFor<T extends WaitingTicket>(window: CallingWindow, waiting: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const t of waiting) {
    if (!windowServes(window, t)) continue;
    if (!best || compareCallOrder(t, best) < 0) best = t;
  }
  return best;
}

/** How many tickets are called before `ticket` in its queue (the `ahead` of a ticket). */
export function aheadOf(ticket: WaitingTicket, waiting: readonly WaitingTicket[]): number {
  return waiting.filter((t) => t.id !== ticket.id && sameQueue(t, ticket) && compareCallOrder(t, ticket) < 0).length;
}

/** A ticket sent to one window queues with that window's other transfers; the rest queue by category. */
function sameQueue(a: WaitingTicket, b: WaitingTicket): boolean {
  if (b.targetWindowId !== null) return a.targetWindowId === b.targetWindowId;
  return a.targetWindowId === null && a.category === b.category;
}

/** Whole years of age on `today` for a birth date (both 'YYYY-MM-DD'). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
