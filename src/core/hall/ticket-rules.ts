/**
 * What may happen to a queue ticket (排队票): the state machine every window action goes through.
 *
 *   waiting ──call──▶ called ──finish──▶ done
 *      ▲                │  ╰──skip────▶ no_show (过号)
 *      ╰───transfer─────╯  (recall keeps it called and counts the call)
 */

export type TicketState = 'waiting' | 'called' | 'done' | 'no_show';

export type TicketAction = 'call' | 'recall' | 'skip' | 'transfer' | 'finish';

export interface TicketFacts {
  state: TicketState;
  /** The window that called it (called tickets only). */
  windowId: string | null;
  calls: number;
  transfers: number;
}

export type TicketRefusal =
  | 'TICKET_NOT_WAITING'
  | 'TICKET_NOT_CALLED'
  | 'TICKET_OTHER_WINDOW'
  | 'TICKET_TOO_MANY_RECALLS'
  | 'TICKET_TOO_MANY_TRANSFERS'
  | 'TICKET_TRANSFER_SAME_PLACE';

/** A window recalls a person at most this many times before it must skip them (过号). */
export const MAX_CALLS = 3;
/** A ticket moves at most this many times: a person is not sent round the hall. */
export const MAX_TRANSFERS = 2;

export interface TransferTarget {
  category: string;
  windowId: string | null;
}

/**
 * Why `action` by `windowId` is refused on a ticket, or null when it is allowed. A call of a waiting
 * ticket is checked by the call order (nextTicketFor); here only the state matters.
 */
export function refusal(ticket: TicketFacts, action: TicketAction, windowId: string, current?: { category: string; target?: TransferTarget }): TicketRefusal | null {
  if (action === 'call') return ticket.state === 'waiting' ? null : 'TICKET_NOT_WAITING';
  if (ticket.state !== 'called') return 'TICKET_NOT_CALLED';
  if (ticket.windowId !== windowId) return 'TICKET_OTHER_WINDOW';
  switch (action) {
    case 'recall':
      return ticket.calls >= MAX_CALLS ? 'TICKET_TOO_MANY_RECALLS' : null;
    case 'skip':
    case 'finish':
      return null;
    case 'transfer': {
      if (ticket.transfers >= MAX_TRANSFERS) return 'TICKET_TOO_MANY_TRANSFERS';
      const t = current?.target;
      if (t && (t.windowId === windowId || (t.windowId === null && t.category === current.category))) return 'TICKET_TRANSFER_SAME_PLACE';
      return null;
    }
    default:
      return assertUnreachable(action);
  }
}

export function assertUnreachable(x: never): never {
  throw new Error(`unexpected: ${String(x)}`);
}

export const TICKET_REFUSAL_MESSAGES: Record<TicketRefusal, { zh: string; en: string }> = {
  TICKET_NOT_WAITING: { zh: '该号已被叫过或已办结', en: 'This ticket has already been called or finished' },
  TICKET_NOT_CALLED: { zh: '该号当前不在本窗口办理中', en: 'This ticket is not being served at a window' },
  TICKET_OTHER_WINDOW: { zh: '该号由其他窗口叫号，本窗口不能操作', en: 'Another window called this ticket' },
  TICKET_TOO_MANY_RECALLS: { zh: `已重复呼叫 ${MAX_CALLS} 次，请按过号处理`, en: `Called ${MAX_CALLS} times already; mark it as a no-show` },
  TICKET_TOO_MANY_TRANSFERS: { zh: `该号已转移 ${MAX_TRANSFERS} 次，不能再转`, en: `This ticket has been transferred ${MAX_TRANSFERS} times; it cannot move again` },
  TICKET_TRANSFER_SAME_PLACE: { zh: '不能转到当前所在的类别或窗口', en: 'A ticket cannot be transferred to where it already is' },
};
