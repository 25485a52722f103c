import type { IsoDate } from '../../../core/calendar/index.js';
import { beijingInstant, type Dice } from '../../../core/simulation/index.js';

const OPEN = 8 * 60 + 30;
const NOON = 12 * 60;
const AFTERNOON = 14 * 60;
const CLOSE = 17 * 60 + 30;

/**
 * The moments of one case's actions: always later than the last one, on working days, in office hours
 * (an application that came in online in the evening is taken in the next working morning).
 */
export class CaseClock {
  private t: number;
  private i: number;
  constructor(
    private readonly days: readonly IsoDate[],
    private readonly index: ReadonlyMap<IsoDate, number>,
    start: Date,
    startDay: IsoDate,
    private readonly dice: Dice,
  ) {
    const i = index.get(startDay);
    if (i === undefined) throw new Error(`simulate: ${startDay} is not a working day`);
    this.i = i;
    this.t = start.getTime();
  }

  get day(): IsoDate {
    return this.days[this.i] as IsoDate;
  }
  now(): Date {
    return new Date(this.t);
  }

  private minuteOfDay(): number {
    return Math.floor((this.t - beijingInstant(this.day, 0).getTime()) / 60_000);
  }

  /** An office-hours moment on the working day `i` (not before the current moment). */
  private officeMoment(i: number): void {
    if (i >= this.days.length) throw new Error('simulate: the case ran past the simulated calendar');
    const minute = this.dice.chance(0.55) ? OPEN + 10 + this.dice.int(0, NOON - OPEN - 20) : AFTERNOON + this.dice.int(0, CLOSE - AFTERNOON - 20);
    const t = beijingInstant(this.days[i] as IsoDate, minute, this.dice.int(0, 59)).getTime();
    this.i = i;
    this.t = Math.max(t, this.t + 1000);
  }

  /** Some minutes later the same day, or the next working morning when the office has closed. */
  later(minutes: [number, number] = [3, 40]): Date {
    return this.advance(this.step(minutes));
  }

  /** A step of some minutes and seconds. */
  private step(minutes: [number, number]): number {
    return this.dice.int(minutes[0], minutes[1]) * 60_000 + this.dice.int(0, 59) * 1000;
  }

  private advance(step: number): Date {
    const next = this.t + step;
    const m = this.minuteOfDay() + Math.round(step / 60_000);
    if (m >= CLOSE || this.minuteOfDay() < OPEN - 60) {
      // Outside office hours: the next working day's first hours (or this morning, for a night arrival).
      this.officeMoment(this.minuteOfDay() < OPEN - 60 && m < CLOSE ? this.i : this.i + 1);
    } else this.t = next;
    return this.now();
  }

  /**
   * Some minutes later, but not after the working day `deadline`: on the deadline day the office stays
   * late rather than let the case go overdue (an on-time plan stays on time), and a rating link (tablet:
   * 30 minutes, SMS: 7 days) is used before it expires. One draw decides both whether the step still
   * ends in office hours and the step itself (two draws let the second cross closing time into the next
   * working day — 9 days on across the Spring Festival).
   */
  laterBy(deadline: IsoDate, minutes: [number, number] = [3, 40]): Date {
    const step = this.step(minutes);
    if (this.day < deadline || this.minuteOfDay() + Math.round(step / 60_000) < CLOSE) return this.advance(step);
    const midnight = beijingInstant(this.day, 24 * 60 - 1, 59).getTime();
    this.t = Math.max(this.t + 1000, Math.min(this.t + this.dice.int(1, 5) * 60_000, midnight));
    return this.now();
  }

  /** `n` working days on (0: later the same day). */
  after(n: number): Date {
    if (n <= 0) return this.later();
    this.officeMoment(this.i + n);
    return this.now();
  }

  /** On the working day `day` (later the same day when that is today or already past, but not after `deadline`). */
  on(day: IsoDate, deadline?: IsoDate): Date {
    const i = this.index.get(day);
    if (i === undefined) throw new Error(`simulate: ${day} is not a working day`);
    if (i <= this.i) return deadline ? this.laterBy(deadline) : this.later();
    this.officeMoment(i);
    return this.now();
  }
}
