import { addDays, compareIsoDates, type IsoDate, type WorkingCalendar } from '../calendar/index.js';

/**
 * Appointments (预约): slots on working days, a capacity per slot, one active booking per person per
 * category per day, and a block after repeated no-shows (失约). Times are Beijing time (UTC+8).
 */

export interface HallSchedule {
  /** Opening sessions of a working day, 'HH:MM' Beijing time, e.g. 09:00–12:00 and 13:30–17:00. */
  sessions: readonly { start: string; end: string }[];
  slotMinutes: number;
  /** How many days ahead a person may book. */
  horizonDays: number;
}

export const DEFAULT_SCHEDULE: HallSchedule = {
  sessions: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '17:00' },
  ],
  slotMinutes: 30,
  horizonDays: 14,
};

export interface NoShowRule {
  /** This many no-shows … */
  limit: number;
  /** … within this many days … */
  periodDays: number;
  /** … block booking for this many days after the last one. */
  blockDays: number;
}

export const DEFAULT_NO_SHOW_RULE: NoShowRule = { limit: 3, periodDays: 30, blockDays: 30 };

export interface Slot {
  date: IsoDate;
  /** 'HH:MM' */
  start: string;
  end: string;
}

function minutesOf(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`not a time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The slots of a day: none on a weekend, holiday or other non-working day of the calendar. */
export function slotsOfDay(calendar: WorkingCalendar, date: IsoDate, schedule: HallSchedule): Slot[] {
  if (!calendar.isWorkingDay(date)) return [];
  const out: Slot[] = [];
  for (const s of schedule.sessions) {
    const end = minutesOf(s.end);
    for (let t = minutesOf(s.start); t + schedule.slotMinutes <= end; t += schedule.slotMinutes) {
      out.push({ date, start: hhmm(t), end: hhmm(t + schedule.slotMinutes) });
    }
  }
  return out;
}

export function isSlotOf(calendar: WorkingCalendar, schedule: HallSchedule, date: IsoDate, start: string): Slot | undefined {
  return slotsOfDay(calendar, date, schedule).find((s) => s.start === start);
}

/** The instant a slot time begins (Beijing time has no daylight saving). */
export function slotInstant(date: IsoDate, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

/** Check-in (签到) opens this many minutes before the slot and closes at its end. */
export const CHECK_IN_EARLY_MINUTES = 30;

export type CheckInWindow = 'early' | 'open' | 'missed';

export function checkInWindow(slot: Slot, now: Date): CheckInWindow {
  const opens = slotInstant(slot.date, slot.start).getTime() - CHECK_IN_EARLY_MINUTES * 60_000;
  const closes = slotInstant(slot.date, slot.end).getTime();
  if (now.getTime() < opens) return 'early';
  return now.getTime() < closes ? 'open' : 'missed';
}

export type BookingRefusal = 'BOOKING_NOT_A_SLOT' | 'BOOKING_TOO_LATE' | 'BOOKING_TOO_FAR' | 'BOOKING_FULL' | 'BOOKING_ONE_PER_DAY' | 'BOOKING_BLOCKED';

export interface BookingRequest {
  slot: Slot | undefined;
  now: Date;
  today: IsoDate;
  capacity: number;
  booked: number;
  /** The person already holds an active booking of this category on this day (other than the one being changed). */
  hasActiveSameDay: boolean;
  blockedUntil: IsoDate | null;
}

export function bookingRefusal(r: BookingRequest, schedule: HallSchedule): BookingRefusal | null {
  if (r.blockedUntil !== null && compareIsoDates(r.today, r.blockedUntil) < 0) return 'BOOKING_BLOCKED';
  if (!r.slot) return 'BOOKING_NOT_A_SLOT';
  if (slotInstant(r.slot.date, r.slot.start).getTime() <= r.now.getTime()) return 'BOOKING_TOO_LATE';
  if (compareIsoDates(r.slot.date, addDays(r.today, schedule.horizonDays)) > 0) return 'BOOKING_TOO_FAR';
  if (r.hasActiveSameDay) return 'BOOKING_ONE_PER_DAY';
  if (r.booked >= r.capacity) return 'BOOKING_FULL';
  return null;
}

/**
 * The day until which a person may not book (exclusive), or null: `limit` no-shows within the
 * `periodDays` before today block booking for `blockDays` after the latest of them.
 */
export function blockedUntil(noShowDates: readonly IsoDate[], today: IsoDate, rule: NoShowRule): IsoDate | null {
  const from = addDays(today, -rule.periodDays);
  const recent = noShowDates.filter((d) => compareIsoDates(d, from) >= 0 && compareIsoDates(d, today) <= 0).sort(compareIsoDates);
  if (recent.length < rule.limit) return null;
  const last = recent[recent.length - 1] as IsoDate;
  const until = addDays(last, rule.blockDays);
  return compareIsoDates(until, today) > 0 ? until : null;
}

export const BOOKING_REFUSAL_MESSAGES: Record<BookingRefusal, { zh: string; en: string }> = {
  BOOKING_NOT_A_SLOT: { zh: '所选时段不可预约（非工作日或不在办公时间）', en: 'That time cannot be booked (not a working day or outside opening hours)' },
  BOOKING_TOO_LATE: { zh: '所选时段已开始或已过去', en: 'That time slot has already begun or passed' },
  BOOKING_TOO_FAR: { zh: '超出可预约的天数范围', en: 'That day is too far ahead to book' },
  BOOKING_FULL: { zh: '该时段已约满，请选择其他时段', en: 'That slot is full; choose another' },
  BOOKING_ONE_PER_DAY: { zh: '同一类别同一天只能有一个有效预约', en: 'You already have a booking of this category on that day' },
  BOOKING_BLOCKED: { zh: '近期多次预约未到，暂停预约', en: 'Booking is paused after repeated missed appointments' },
};
