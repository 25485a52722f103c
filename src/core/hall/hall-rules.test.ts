import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../calendar/index.js';
import {
  aheadOf,
  assignLetters,
  blockedUntil,
  bookingRefusal,
  callAnnouncement,
  checkInWindow,
  DEFAULT_NO_SHOW_RULE,
  DEFAULT_PRIORITY_RULES,
  DEFAULT_SCHEDULE,
  estimateWaitMinutes,
  formatTicketNumber,
  isSlotOf,
  nextTicketFor,
  parseTicketNumber,
  percentile,
  priorityOf,
  rankOf,
  refusal,
  slotsOfDay,
  type WaitingTicket,
} from './index.js';

const calendar = new WorkingCalendar();

describe('ticket numbers', () => {
  it('numbers a category per day as letter plus at least three digits', () => {
    expect(formatTicketNumber('A', 1)).toBe('A001');
    expect(formatTicketNumber('B', 12)).toBe('B012');
    expect(formatTicketNumber('C', 1000)).toBe('C1000');
    expect(() => formatTicketNumber('I', 1)).toThrow(RangeError);
    expect(() => formatTicketNumber('A', 0)).toThrow(RangeError);
  });
  it('parses what it prints and nothing else', () => {
    expect(parseTicketNumber('A012')).toEqual({ letter: 'A', seq: 12 });
    expect(parseTicketNumber('A0012')).toBeUndefined();
    expect(parseTicketNumber('O001')).toBeUndefined();
    expect(parseTicketNumber('A000')).toBeUndefined();
  });
  it('gives categories letters in order, keeping the ones already given', () => {
    const m = assignLetters(['市场准入', '社会事务', '税费服务'], new Map([['社会事务', 'A']]));
    expect([...m.entries()]).toEqual([
      ['社会事务', 'A'],
      ['市场准入', 'B'],
      ['税费服务', 'C'],
    ]);
  });
  it('announces a call in Chinese', () => {
    expect(callAnnouncement('A012', '5')).toBe('请 A012 号到 5 号窗口办理');
  });
});

describe('call order', () => {
  const t = (id: string, rank: number, queuedAt: number, category = '社会事务', targetWindowId: string | null = null): WaitingTicket => ({ id, category, rank, queuedAt, targetWindowId });
  const win = { id: 'w1', categories: ['社会事务'] };

  it('calls a checked-in booking before earlier ordinary tickets, then in order of issue', () => {
    const waiting = [t('a1', 9, 1), t('a2', 9, 2), t('b', rankOf('booking'), 3)];
    expect(nextTicketFor(win, waiting)?.id).toBe('b');
    expect(nextTicketFor(win, waiting.slice(0, 2))?.id).toBe('a1');
  });
  it('a transfer goes first, then booking, then the elderly', () => {
    const waiting = [t('old', rankOf('elderly'), 1), t('bk', rankOf('booking'), 2), t('tr', rankOf('transfer'), 3)];
    expect(nextTicketFor(win, waiting)?.id).toBe('tr');
  });
  it('a window calls only its categories and tickets sent to it', () => {
    const waiting = [t('x', 0, 1, '税费服务'), t('y', 0, 2, '社会事务', 'w2'), t('z', 9, 3)];
    expect(nextTicketFor(win, waiting)?.id).toBe('z');
    expect(nextTicketFor({ id: 'w2', categories: [] }, waiting)?.id).toBe('y');
    expect(nextTicketFor({ id: 'w3', categories: ['公安户政'] }, waiting)).toBeUndefined();
  });
  it('counts the people ahead in the same queue only', () => {
    const waiting = [t('a', 9, 1), t('b', 9, 2), t('c', 9, 3, '税费服务'), t('d', 1, 4)];
    expect(aheadOf(waiting[1] as WaitingTicket, waiting)).toBe(2);
    expect(aheadOf(waiting[3] as WaitingTicket, waiting)).toBe(0);
  });
  it('priority follows the hall’s configuration', () => {
    const claim = { checkedInBooking: false, age: 72, declaresDisability: false };
    expect(priorityOf(claim, DEFAULT_PRIORITY_RULES)).toBe('elderly');
    expect(priorityOf(claim, { ...DEFAULT_PRIORITY_RULES, elderlyAge: null })).toBeNull();
    expect(priorityOf({ ...claim, age: 69 }, DEFAULT_PRIORITY_RULES)).toBeNull();
    expect(priorityOf({ checkedInBooking: true, age: 30, declaresDisability: false }, DEFAULT_PRIORITY_RULES)).toBe('booking');
    expect(priorityOf({ checkedInBooking: true, age: 30, declaresDisability: false }, { ...DEFAULT_PRIORITY_RULES, booking: false })).toBeNull();
    expect(priorityOf({ checkedInBooking: false, age: null, declaresDisability: true }, DEFAULT_PRIORITY_RULES)).toBe('disabled');
    expect(priorityOf({ checkedInBooking: false, age: null, declaresDisability: true }, { ...DEFAULT_PRIORITY_RULES, disabled: false })).toBeNull();
  });
});

describe('ticket actions', () => {
  const called = { state: 'called' as const, windowId: 'w1', calls: 1, transfers: 0 };
  it('only the window that called a ticket acts on it', () => {
    expect(refusal(called, 'finish', 'w2')).toBe('TICKET_OTHER_WINDOW');
    expect(refusal(called, 'finish', 'w1')).toBeNull();
    expect(refusal({ ...called, state: 'done' }, 'skip', 'w1')).toBe('TICKET_NOT_CALLED');
    expect(refusal({ ...called, state: 'waiting', windowId: null }, 'call', 'w1')).toBeNull();
    expect(refusal(called, 'call', 'w1')).toBe('TICKET_NOT_WAITING');
  });
  it('recalls at most three times in all', () => {
    expect(refusal({ ...called, calls: 2 }, 'recall', 'w1')).toBeNull();
    expect(refusal({ ...called, calls: 3 }, 'recall', 'w1')).toBe('TICKET_TOO_MANY_RECALLS');
  });
  it('transfers at most twice, never to where the ticket already is', () => {
    expect(refusal(called, 'transfer', 'w1', { category: '社会事务', target: { category: '税费服务', windowId: null } })).toBeNull();
    expect(refusal(called, 'transfer', 'w1', { category: '社会事务', target: { category: '社会事务', windowId: null } })).toBe('TICKET_TRANSFER_SAME_PLACE');
    expect(refusal(called, 'transfer', 'w1', { category: '社会事务', target: { category: '社会事务', windowId: 'w1' } })).toBe('TICKET_TRANSFER_SAME_PLACE');
    expect(refusal(called, 'transfer', 'w1', { category: '社会事务', target: { category: '社会事务', windowId: 'w2' } })).toBeNull();
    expect(refusal({ ...called, transfers: 2 }, 'transfer', 'w1', { category: '社会事务', target: { category: '税费服务', windowId: null } })).toBe('TICKET_TOO_MANY_TRANSFERS');
  });
});

describe('appointments', () => {
  it('has slots on working days only: none on a weekend or the National Day holiday, some on a make-up working day', () => {
    expect(slotsOfDay(calendar, '2026-12-02', DEFAULT_SCHEDULE)).toHaveLength(13);
    expect(slotsOfDay(calendar, '2026-12-05', DEFAULT_SCHEDULE)).toEqual([]);
    expect(slotsOfDay(calendar, '2026-10-02', DEFAULT_SCHEDULE)).toEqual([]);
    expect(slotsOfDay(calendar, '2026-09-20', DEFAULT_SCHEDULE).length).toBe(calendar.isWorkingDay('2026-09-20') ? 13 : 0);
    expect(isSlotOf(calendar, DEFAULT_SCHEDULE, '2026-12-02', '13:30')).toEqual({ date: '2026-12-02', start: '13:30', end: '14:00' });
    expect(isSlotOf(calendar, DEFAULT_SCHEDULE, '2026-12-02', '12:00')).toBeUndefined();
  });
  const base = { slot: { date: '2026-12-03', start: '09:00', end: '09:30' }, now: new Date('2026-12-01T10:00:00+08:00'), today: '2026-12-01', capacity: 2, booked: 1, hasActiveSameDay: false, blockedUntil: null };
  it('books a free seat and refuses a full slot, a past slot, a second booking that day, a day too far, a blocked person', () => {
    expect(bookingRefusal(base, DEFAULT_SCHEDULE)).toBeNull();
    expect(bookingRefusal({ ...base, booked: 2 }, DEFAULT_SCHEDULE)).toBe('BOOKING_FULL');
    expect(bookingRefusal({ ...base, now: new Date('2026-12-03T09:00:00+08:00') }, DEFAULT_SCHEDULE)).toBe('BOOKING_TOO_LATE');
    expect(bookingRefusal({ ...base, hasActiveSameDay: true }, DEFAULT_SCHEDULE)).toBe('BOOKING_ONE_PER_DAY');
    expect(bookingRefusal({ ...base, slot: { date: '2026-12-16', start: '09:00', end: '09:30' } }, DEFAULT_SCHEDULE)).toBe('BOOKING_TOO_FAR');
    expect(bookingRefusal({ ...base, slot: undefined }, DEFAULT_SCHEDULE)).toBe('BOOKING_NOT_A_SLOT');
    expect(bookingRefusal({ ...base, blockedUntil: '2026-12-02' }, DEFAULT_SCHEDULE)).toBe('BOOKING_BLOCKED');
    expect(bookingRefusal({ ...base, blockedUntil: '2026-12-01' }, DEFAULT_SCHEDULE)).toBeNull();
  });
  it('blocks booking after three no-shows in thirty days, for thirty days after the last', () => {
    expect(blockedUntil(['2026-11-10', '2026-11-20'], '2026-12-01', DEFAULT_NO_SHOW_RULE)).toBeNull();
    expect(blockedUntil(['2026-11-10', '2026-11-20', '2026-11-25'], '2026-12-01', DEFAULT_NO_SHOW_RULE)).toBe('2026-12-25');
    expect(blockedUntil(['2026-10-01', '2026-11-20', '2026-11-25'], '2026-12-01', DEFAULT_NO_SHOW_RULE)).toBeNull();
    expect(blockedUntil(['2026-11-01', '2026-11-02', '2026-11-03'], '2026-12-03', DEFAULT_NO_SHOW_RULE)).toBe(null);
  });
  it('check-in opens 30 minutes before the slot and closes at its end', () => {
    const slot = { date: '2026-12-03', start: '09:00', end: '09:30' };
    expect(checkInWindow(slot, new Date('2026-12-03T08:29:00+08:00'))).toBe('early');
    expect(checkInWindow(slot, new Date('2026-12-03T08:30:00+08:00'))).toBe('open');
    expect(checkInWindow(slot, new Date('2026-12-03T09:29:59+08:00'))).toBe('open');
    expect(checkInWindow(slot, new Date('2026-12-03T09:30:00+08:00'))).toBe('missed');
  });
});

describe('wait estimate and figures', () => {
  it('estimates from the people ahead, the open windows and the average service time', () => {
    expect(estimateWaitMinutes({ ahead: 0, openWindows: 2, avgServiceMinutes: 10 })).toBe(0);
    expect(estimateWaitMinutes({ ahead: 5, openWindows: 2, avgServiceMinutes: 10 })).toBe(25);
    expect(estimateWaitMinutes({ ahead: 5, openWindows: 0, avgServiceMinutes: null })).toBe(40);
    expect(estimateWaitMinutes({ ahead: 1, openWindows: 10, avgServiceMinutes: 1 })).toBe(1);
  });
  it('p90 by nearest rank', () => {
    expect(percentile([], 90)).toBeNull();
    expect(percentile([5, 1, 3, 2, 4, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([7], 90)).toBe(7);
  });
});
