/**
 * The test clock (ADR 0033): an opt-in clock for browser journeys that need time to pass (a 差评's
 * rectification deadline, a booking slot on a working day). It ticks at real speed from a moved
 * origin — now = real time + offset — so sessions, TOTP steps and timers behave as on the real clock,
 * and a journey can set it or jump it forward. Only `TONGBAN_TEST_CLOCK=1` makes one, never in
 * production (src/server/config.ts); without it the server runs on `new Date()`.
 */
export class TestClock {
  private offsetMs: number;

  constructor(
    start: Date | null = null,
    private readonly realNow: () => number = Date.now,
  ) {
    this.offsetMs = start ? start.getTime() - this.realNow() : 0;
  }

  /** The app's `now` (pass it as a function: `() => clock.now()`, or `clock.now` — it is bound). */
  readonly now = (): Date => new Date(this.realNow() + this.offsetMs);

  /** Moves the clock to `at`; it ticks on from there. */
  set(at: Date): Date {
    this.offsetMs = at.getTime() - this.realNow();
    return this.now();
  }

  /** Jumps the clock forward (never back: deadlines, sessions and audit chains assume time only grows). */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the test clock only moves forward');
    this.offsetMs += ms;
    return this.now();
  }

  /** How far the clock is from real time, in milliseconds (logged, answered by the test route). */
  get offset(): number {
    return this.offsetMs;
  }
}
