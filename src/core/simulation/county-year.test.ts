import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtInCalendar } from '../calendar/working-calendar.js';
import { isoDateInChina, weekdayOf } from '../calendar/iso-date.js';
import { checkRating } from '../ratings/rules.js';
import {
  CHANNEL_MIX,
  SIMULATION_RATES,
  apportion,
  arrivalSchedule,
  channelsFor,
  drawCasePlan,
  drawChannel,
  drawMinute,
  drawRating,
  workingDaysBetween,
  type SimItem,
} from './county-year.js';
import { Dice, seededRandom } from './random.js';

const cal = builtInCalendar;
const item = (over: Partial<SimItem> = {}): SimItem => ({
  key: '食品经营许可',
  weight: 1,
  forms: ['window', 'online', 'mobile'],
  caseKind: 'promised',
  promisedLimitDays: 5,
  legalLimitDays: 10,
  steps: 3,
  hasSpecialProcedure: true,
  owable: true,
  ...over,
});
const ITEMS: SimItem[] = [item(), item({ key: '结婚登记', forms: ['window'], caseKind: 'on_the_spot', promisedLimitDays: 0, legalLimitDays: 0, hasSpecialProcedure: false, owable: false, weight: 2 }), item({ key: '不动产登记', promisedLimitDays: 3, legalLimitDays: 30, forms: ['window', 'online'], weight: 5 })];
const minuteOf = (d: Date) => Math.floor((d.getTime() - Date.parse(`${isoDateInChina(d)}T00:00:00+08:00`)) / 60_000);

describe('working days and apportioning', () => {
  it('lists the working days of a year: no holiday, no ordinary weekend, the 调休 make-up days included', () => {
    const days = workingDaysBetween('2025-01-01', '2025-12-31', cal);
    expect(days).not.toContain('2025-01-01'); // 元旦
    expect(days).not.toContain('2025-01-28'); // 春节
    expect(days).toContain('2025-01-26'); // a Sunday worked for the Spring Festival
    expect(days).toContain('2025-02-08'); // a Saturday worked for the Spring Festival
    expect(days.every((d) => cal.isWorkingDay(d))).toBe(true);
    expect([...days].sort()).toEqual(days);
  });

  it('apportions exactly: the parts add up to the count and each is its exact share rounded up or down', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.nat(50_000), (weights, count) => {
        const parts = apportion(weights, count);
        const total = weights.reduce((s, w) => s + w, 0);
        expect(parts.reduce((s, n) => s + n, 0)).toBe(count);
        parts.forEach((n, i) => expect(Math.abs(n - ((weights[i] as number) / total) * count)).toBeLessThan(1));
      }),
    );
  });

  it('refuses a negative or fractional count and apportions nothing to nothing', () => {
    expect(() => apportion([1], -1)).toThrow();
    expect(() => apportion([1], 1.5)).toThrow();
    expect(apportion([], 0)).toEqual([]);
    expect(() => apportion([], 3)).toThrow();
  });
});

describe('arrivals', () => {
  const schedule = (seed: number, count: number) => arrivalSchedule(2025, count, ITEMS, cal, new Dice(seededRandom(seed)));

  it('brings exactly the asked number of applications, in time order, on working days of the year', () => {
    const a = schedule(1, 3000);
    expect(a).toHaveLength(3000);
    for (let i = 1; i < a.length; i++) expect((a[i] as (typeof a)[number]).at.getTime()).toBeGreaterThanOrEqual((a[i - 1] as (typeof a)[number]).at.getTime());
    for (const x of a) {
      expect(cal.isWorkingDay(x.day), x.day).toBe(true);
      expect(x.day.startsWith('2025-')).toBe(true);
      expect(isoDateInChina(x.at)).toBe(x.day);
    }
  });

  it('walk-ins and the kiosk come in office hours (8:30–12:00, 14:00–17:30); online from 7:00 to 23:00', () => {
    for (const x of schedule(2, 3000)) {
      const m = minuteOf(x.at);
      if (x.channel === 'window' || x.channel === 'kiosk') expect((m >= 510 && m < 720) || (m >= 840 && m < 1050), `${x.channel} at ${m}`).toBe(true);
      else expect(m >= 420 && m < 1380).toBe(true);
    }
  });

  it('only by channels the item offers: a window-only item always comes in at the window', () => {
    const a = schedule(3, 3000);
    expect(a.filter((x) => x.item === 1).every((x) => x.channel === 'window')).toBe(true);
    expect(new Set(a.map((x) => x.channel))).toEqual(new Set(['online', 'window', 'kiosk', 'mobile']));
    expect(a.filter((x) => x.item === 2).some((x) => x.channel === 'mobile')).toBe(false);
  });

  it('is busier on Mondays than on Fridays, and quieter in the Spring Festival month', () => {
    const a = schedule(4, 20_000);
    const byWeekday = [0, 0, 0, 0, 0, 0, 0];
    for (const x of a) {
      const w = weekdayOf(x.day);
      byWeekday[w] = (byWeekday[w] ?? 0) + 1;
    }
    const mondays = workingDaysBetween('2025-01-01', '2025-12-31', cal).filter((d) => weekdayOf(d) === 1).length;
    const fridays = workingDaysBetween('2025-01-01', '2025-12-31', cal).filter((d) => weekdayOf(d) === 5).length;
    expect((byWeekday[1] as number) / mondays).toBeGreaterThan((byWeekday[5] as number) / fridays);
    const perDay = (month: string) => a.filter((x) => x.day.slice(5, 7) === month).length / workingDaysBetween(`2025-${month}-01`, `2025-${month}-28`, cal).length;
    expect(perDay('02')).toBeLessThan(perDay('03'));
  });

  it('is reproducible: the same seed draws the same year, another seed another', () => {
    const json = (s: number) => JSON.stringify(schedule(s, 500));
    expect(json(7)).toBe(json(7));
    expect(json(7)).not.toBe(json(8));
  });
});

describe('channels', () => {
  it('names the channels an item offers, the window always', () => {
    expect(channelsFor(['window'])).toEqual(['window']);
    expect(channelsFor(['window', 'online'])).toEqual(['online', 'kiosk', 'window']);
    expect(channelsFor(['online', 'window', 'mobile'])).toEqual(['online', 'kiosk', 'mobile', 'window']);
    expect(channelsFor([])).toEqual(['window']);
  });

  it('draws channels in the mix’s proportions where all are offered', () => {
    const dice = new Dice(seededRandom(5));
    const n = 20_000;
    const counts: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      const c = drawChannel(['online', 'window', 'mobile'], dice);
      counts[c] = (counts[c] ?? 0) + 1;
    }
    for (const [c, share] of Object.entries(CHANNEL_MIX)) expect(Math.abs((counts[c] ?? 0) / n - share)).toBeLessThan(0.015);
  });

  it('draws minutes of office hours for the window', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const m = drawMinute('window', new Dice(seededRandom(seed)));
        expect((m >= 510 && m < 720) || (m >= 840 && m < 1050)).toBe(true);
      }),
    );
  });
});

describe('case plans', () => {
  it('keep every plan possible: on-the-spot items are done at once, handling within the promised limit, lateness only for decisions, ratings only of finished services', () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(...ITEMS), fc.constantFrom(...(['online', 'window', 'kiosk', 'mobile'] as const)), (seed, simItem, channel) => {
        const p = drawCasePlan(simItem, channel, new Dice(seededRandom(seed)));
        if (simItem.caseKind === 'on_the_spot') {
          expect(['approved', 'withdrawn_early']).toContain(p.outcome);
          expect([p.handlingDays, p.specialDays, p.extensionDays, p.lateBy]).toEqual([0, 0, 0, 0]);
          expect(p.owed).toBe(false);
        }
        expect(p.handlingDays).toBeLessThanOrEqual(simItem.promisedLimitDays);
        expect(p.handlingDays).toBeGreaterThanOrEqual(0);
        const decided = p.outcome === 'approved' || p.outcome === 'denied';
        if (!decided) expect([p.lateBy, p.specialDays, p.extensionDays]).toEqual([0, 0, 0]);
        if (!simItem.hasSpecialProcedure) expect(p.specialDays).toBe(0);
        if (p.rating) expect(decided || p.outcome === 'refused').toBe(true);
        if (p.windowRating) expect(channel).toBe('window');
        if (channel === 'window') expect(p.intakeDelay).toBe(0);
        for (const r of [p.rating, p.windowRating]) {
          if (!r) continue;
          expect(checkRating(r.level, r.tags, r.bad ? '办理过程不够顺畅' : null)).toBeNull();
          expect(r.bad !== null).toBe(r.level <= 2);
          if (r.anonymous) expect([r.followUp, r.bad?.reRating ?? null]).toEqual([false, null]);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('come out at the seed’s figures over many cases: about 98% decided, few late, mostly good ratings', () => {
    const dice = new Dice(seededRandom(6));
    const n = 50_000;
    let decided = 0;
    let late = 0;
    let rated = 0;
    let bad = 0;
    let complaints = 0;
    for (let i = 0; i < n; i++) {
      const p = drawCasePlan(ITEMS[i % 3] as SimItem, 'online', dice);
      if (p.outcome === 'approved' || p.outcome === 'denied') decided++;
      if (p.lateBy > 0) late++;
      if (p.rating) rated++;
      if (p.rating?.bad) bad++;
      if (p.complaint?.kind === 'complaint') complaints++;
    }
    expect(decided / n).toBeGreaterThan(0.98);
    expect(decided / n).toBeLessThan(0.999);
    expect(late / n).toBeLessThan(0.01);
    expect(rated / n).toBeGreaterThan(0.6);
    expect(bad / rated).toBeLessThan(0.02);
    expect(bad).toBeGreaterThan(0);
    expect(complaints / n).toBeLessThan(0.01);
  });

  it('a case decided late draws a 差评 far more often', () => {
    const dice = new Dice(seededRandom(9));
    let bad = 0;
    for (let i = 0; i < 5000; i++) if (drawRating(SIMULATION_RATES.badWhenLate, SIMULATION_RATES, dice).bad) bad++;
    expect(bad / 5000).toBeGreaterThan(0.15);
  });
});
