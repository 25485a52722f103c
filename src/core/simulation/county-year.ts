import { addDays, formatIsoDate, weekdayOf, type IsoDate } from '../calendar/iso-date.js';
import type { ExportChannel } from '../scorecards/figures.js';
import type { RatingLevel } from '../ratings/levels.js';
import { isBadRating } from '../ratings/levels.js';
import { REASON_TAGS } from '../ratings/rules.js';
import type { Dice } from './random.js';

/**
 * A county-year (issue 12, seed 002: "办理15470件, 办结15161件, 办结率98%以上"): the pure half of
 * `npm run simulate` — when cases arrive (working days, hours), by which channel, for which item, and
 * what happens to each (corrections, 容缺, special procedures, extensions, lateness, outcome, ratings,
 * complaints). Every draw takes the seeded `Dice`, so a seed gives the same year. The server half
 * (src/server/scripts/simulate-year.ts) plays each plan through the real case, rating and complaint
 * services with a moved clock. ADR 0034.
 */

export interface SimCalendar {
  isWorkingDay(date: IsoDate): boolean;
}

/** The working days from `from` to `to`, both included. */
export function workingDaysBetween(from: IsoDate, to: IsoDate, cal: SimCalendar): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (cal.isWorkingDay(d)) out.push(d);
  return out;
}

/** Relative volume by month: the Spring Festival month is quiet, spring and year-end are busy. */
export const MONTH_WEIGHTS: readonly number[] = [0.95, 0.75, 1.1, 1.05, 1.0, 1.05, 1.0, 0.95, 1.0, 0.9, 1.05, 1.15];
/** Relative volume by weekday (0 = Sunday … 6 = Saturday; a weekend day here is a 调休 make-up working day). */
export const WEEKDAY_WEIGHTS: readonly number[] = [0.8, 1.25, 1.05, 1.0, 1.0, 0.9, 0.8];
/** The first working day after three or more days off (a holiday) is busier. */
export const AFTER_HOLIDAY_WEIGHT = 1.4;

/** How busy a working day is, relative to an ordinary Wednesday. */
export function dayWeight(day: IsoDate, cal: SimCalendar): number {
  const month = Number(day.slice(5, 7));
  let w = (MONTH_WEIGHTS[month - 1] ?? 1) * (WEEKDAY_WEIGHTS[weekdayOf(day)] ?? 1);
  if (![1, 2, 3].some((k) => cal.isWorkingDay(addDays(day, -k)))) w *= AFTER_HOLIDAY_WEIGHT;
  return w;
}

/** Splits `count` over the weights in proportion, exactly (largest remainder); the same input, the same split. */
export function apportion(weights: readonly number[], count: number): number[] {
  if (!Number.isInteger(count) || count < 0) throw new Error('count must be a non-negative integer');
  const total = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0 || total <= 0) {
    if (count === 0) return weights.map(() => 0);
    throw new Error('no weight to apportion to');
  }
  const exact = weights.map((w) => (w / total) * count);
  const out = exact.map(Math.floor);
  let left = count - out.reduce((s, n) => s + n, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const i = (order[k] as readonly [number, number])[1];
    out[i] = (out[i] as number) + 1;
  }
  return out;
}

/** Office hours of the hall (周一至周五 上午8:30-12:00，下午14:00-17:30): the half-hours and how busy each is. */
export const WINDOW_HALF_HOURS: readonly (readonly [number, number])[] = [
  [8 * 60 + 30, 0.8], [9 * 60, 1.3], [9 * 60 + 30, 1.5], [10 * 60, 1.5], [10 * 60 + 30, 1.3], [11 * 60, 1.0], [11 * 60 + 30, 0.6],
  [14 * 60, 0.9], [14 * 60 + 30, 1.2], [15 * 60, 1.2], [15 * 60 + 30, 1.1], [16 * 60, 0.9], [16 * 60 + 30, 0.7], [17 * 60, 0.4],
];
/** Online (portal and app): from early morning to late evening, busiest in office hours. */
export const ONLINE_HOURS: readonly (readonly [number, number])[] = [
  [7, 0.3], [8, 0.8], [9, 1.3], [10, 1.4], [11, 1.1], [12, 0.6], [13, 0.7], [14, 1.1], [15, 1.2], [16, 1.1], [17, 0.8], [18, 0.5], [19, 0.6], [20, 0.7], [21, 0.5], [22, 0.25],
];

/** The minute of the (Beijing) day an application comes in by this channel: the window and the hall's kiosk in office hours. */
export function drawMinute(channel: ExportChannel, dice: Dice): number {
  if (channel === 'window' || channel === 'kiosk') {
    const [start] = WINDOW_HALF_HOURS[dice.index(WINDOW_HALF_HOURS.map(([, w]) => w))] as readonly [number, number];
    return start + dice.int(0, 29);
  }
  const [hour] = ONLINE_HOURS[dice.index(ONLINE_HOURS.map(([, w]) => w))] as readonly [number, number];
  return hour * 60 + dice.int(0, 59);
}

/** The instant of a Beijing day and minute (China keeps UTC+8 all year). */
export function beijingInstant(day: IsoDate, minute: number, second = 0): Date {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + minute * 60_000 + second * 1000);
}

/** The share of each channel where an item offers them all (a county hall of the 2020s: most online). */
export const CHANNEL_MIX: Readonly<Record<ExportChannel, number>> = { online: 0.4, window: 0.4, kiosk: 0.06, mobile: 0.14 };

/**
 * The channels an item can be applied for by (its 办理形式): the portal where it is online, the app
 * where it offers `mobile`, the hall's self-service kiosk where it is online or names the terminal, and
 * the window always (a window-only item, e.g. 结婚登记, comes in at the window).
 */
export function channelsFor(forms: readonly string[]): ExportChannel[] {
  const out: ExportChannel[] = [];
  if (forms.includes('online')) out.push('online');
  if (forms.includes('online') || forms.includes('self_service_terminal')) out.push('kiosk');
  if (forms.includes('mobile')) out.push('mobile');
  out.push('window');
  return out;
}

export function drawChannel(forms: readonly string[], dice: Dice): ExportChannel {
  const allowed = channelsFor(forms);
  return allowed[dice.index(allowed.map((c) => CHANNEL_MIX[c]))] as ExportChannel;
}

/** An item as the simulation sees it (from its published version). */
export interface SimItem {
  key: string;
  /** Relative yearly volume (e.g. 不动产登记 is frequent, 民办学校设立 rare). */
  weight: number;
  forms: readonly string[];
  caseKind: 'on_the_spot' | 'promised';
  promisedLimitDays: number;
  legalLimitDays: number;
  /** Back-office steps (审查, 审核, 决定) of its flow. */
  steps: number;
  hasSpecialProcedure: boolean;
  /** Some material may be owed (容缺受理). */
  owable: boolean;
}

/** Relative yearly volumes of the demo county's items, by main name (an item not listed weighs 1). */
export const ITEM_VOLUMES: Readonly<Record<string, number>> = {
  不动产登记: 14,
  居民身份证申领: 10,
  社会保障卡申领: 9,
  城乡居民基本医疗保险参保登记: 8,
  发票领用: 8,
  个体工商户设立登记: 7,
  户口迁移: 6,
  居住证申领: 5,
  营业执照变更登记: 5,
  职工基本医疗保险个人参保登记: 5,
  城乡居民基本养老保险参保登记: 4,
  公司设立登记: 4,
  出生医学证明: 3,
  生育登记: 3,
  内地居民结婚登记: 3,
  食品经营许可: 3,
  失业保险金申领: 2,
  临时救助: 1.5,
  内地居民离婚登记: 1,
  最低生活保障审批: 1,
  医师执业注册: 0.8,
  教师资格认定: 0.8,
  残疾人证核发: 0.8,
  建筑工程施工许可证核发: 0.6,
  建设工程规划许可证核发: 0.5,
  道路运输经营许可: 0.5,
  公共场所卫生许可: 0.5,
  特困人员认定: 0.4,
  商品房预售许可: 0.3,
  建设项目用地预审与选址意见书核发: 0.3,
  药品零售企业许可: 0.3,
  民办学校设立: 0.1,
};

export interface Arrival {
  at: Date;
  day: IsoDate;
  channel: ExportChannel;
  /** Index into the items given. */
  item: number;
}

/**
 * `count` applications over the working days of `year`: each day gets its share by `dayWeight`
 * (exactly `count` in all), each application an item by volume, a channel the item offers, and a
 * minute of the day by channel. Sorted by time.
 */
export function arrivalSchedule(year: number, count: number, items: readonly SimItem[], cal: SimCalendar, dice: Dice): Arrival[] {
  if (items.length === 0) throw new Error('no items to apply for');
  const days = workingDaysBetween(formatIsoDate(year, 1, 1), formatIsoDate(year, 12, 31), cal);
  const perDay = apportion(days.map((d) => dayWeight(d, cal)), count);
  const weights = items.map((i) => i.weight);
  const out: Arrival[] = [];
  days.forEach((day, k) => {
    const today: Arrival[] = [];
    for (let n = 0; n < (perDay[k] as number); n++) {
      const item = dice.index(weights);
      const channel = drawChannel((items[item] as SimItem).forms, dice);
      today.push({ at: beijingInstant(day, drawMinute(channel, dice), dice.int(0, 59)), day, channel, item });
    }
    today.sort((a, b) => a.at.getTime() - b.at.getTime());
    out.push(...today);
  });
  return out;
}

/** The rates of everything that can happen to a case (per case unless said otherwise). */
export const SIMULATION_RATES = {
  /** 一次性告知补正 before acceptance (promised items; on-the-spot items rarely). */
  correction: 0.07,
  correctionOnTheSpot: 0.02,
  /** 不予受理 by the department. */
  refused: 0.004,
  /** Withdrawn by the applicant before intake, or while in review. */
  withdrawnEarly: 0.002,
  withdrawnInReview: 0.003,
  /** 终止 (the applicant dissolved, moved away). */
  terminated: 0.0015,
  /** 不予许可 among decisions. */
  denied: 0.015,
  /** 容缺受理 where a material may be owed. */
  owed: 0.05,
  /** A special procedure (第45条) where the item has one. */
  special: 0.3,
  /** An extension (延期) by the sign-off. */
  extension: 0.01,
  /** Decided after the due date. */
  late: 0.006,
  /** The applicant rates the finished case (一事一评); a walk-in rates the window on the tablet. */
  rated: 0.72,
  windowRated: 0.35,
  /** 差评 odds: ordinary cases, and cases decided late. */
  bad: 0.006,
  badWhenLate: 0.2,
  anonymous: 0.08,
  followUp: 0.02,
  /** Of 差评: rectified after the deadline; appealed (申诉), and of those accepted; rated again after rectification. */
  rectifiedLate: 0.1,
  appealed: 0.12,
  appealAccepted: 0.5,
  reRated: 0.6,
  /** 投诉 and 咨询 about a case; a complaint answered after its deadline. */
  complaint: 0.0025,
  consultation: 0.004,
  complaintLate: 0.15,
} as const;
export type SimulationRates = { [K in keyof typeof SIMULATION_RATES]: number };

export type CaseOutcome = 'approved' | 'denied' | 'refused' | 'withdrawn_early' | 'withdrawn' | 'terminated';

export interface RatingPlan {
  level: RatingLevel;
  tags: string[];
  anonymous: boolean;
  /** Working days after the service was finished. */
  delay: number;
  /** 追评 a few days later. */
  followUp: boolean;
  /** For a 差评: what the department and the supervisor do. */
  bad: { appeal: 'none' | 'accepted' | 'rejected'; rectifiedLate: boolean; reRating: RatingLevel | null } | null;
}

export interface ComplaintPlan {
  kind: 'complaint' | 'consultation';
  /** Working days after the case's last step. */
  delay: number;
  /** Answered after the deadline (by this many working days), or within it. */
  lateBy: number;
  satisfied: boolean;
}

export interface CasePlan {
  correction: boolean;
  /** Working days from arrival to intake (online cases are taken in by the clerk within 0–2 days). */
  intakeDelay: number;
  /** Working days from a correction notice to the resubmission. */
  resubmitDelay: number;
  outcome: CaseOutcome;
  owed: boolean;
  /** Working days in a special procedure (0: none), started during the first back-office step. */
  specialDays: number;
  extensionDays: number;
  /** Working days past the due date the decision comes (0: on time). */
  lateBy: number;
  /** Working days of back-office work before the decision (at most the promised limit). */
  handlingDays: number;
  delivery: 'window' | 'express' | 'electronic';
  rating: RatingPlan | null;
  windowRating: RatingPlan | null;
  complaint: ComplaintPlan | null;
}

const LEVEL_WEIGHTS: Readonly<Record<'5' | '4' | '3', number>> = { 5: 0.87, 4: 0.11, 3: 0.02 };

export function drawRating(badOdds: number, rates: SimulationRates, dice: Dice): RatingPlan {
  const bad = dice.chance(badOdds);
  const level: RatingLevel = bad ? (dice.chance(0.65) ? 2 : 1) : (Number(dice.weighted(LEVEL_WEIGHTS)) as RatingLevel);
  const offered = REASON_TAGS[level];
  // A 差评 needs a reason (a tag); a good rating has a tag about half the time.
  const tags = bad || dice.chance(0.5) ? [dice.pick(offered)] : [];
  const anonymous = dice.chance(rates.anonymous);
  return {
    level,
    tags,
    anonymous,
    delay: dice.int(0, 3),
    // An anonymous rater cannot follow up (there is no one to ask).
    followUp: !anonymous && dice.chance(rates.followUp),
    bad: isBadRating(level)
      ? {
          appeal: dice.chance(rates.appealed) ? (dice.chance(rates.appealAccepted) ? 'accepted' : 'rejected') : 'none',
          rectifiedLate: dice.chance(rates.rectifiedLate),
          reRating: !anonymous && dice.chance(rates.reRated) ? (dice.chance(0.8) ? 4 : 3) : null,
        }
      : null,
  };
}

/** Working days of back-office work: mostly well inside the promised limit (the seed's 实际提速 is higher than the promised one). */
export function drawHandlingDays(promised: number, dice: Dice): number {
  return Math.min(promised, Math.floor(promised * dice.float() ** 1.6 + dice.float() * 0.999));
}

/** What happens to one application of `item` that came in by `channel`. */
export function drawCasePlan(item: SimItem, channel: ExportChannel, dice: Dice, rates: SimulationRates = SIMULATION_RATES): CasePlan {
  const promised = item.caseKind === 'promised';
  const r = dice.float();
  let outcome: CaseOutcome = 'approved';
  if (promised) {
    const cuts: [CaseOutcome, number][] = [['refused', rates.refused], ['withdrawn_early', rates.withdrawnEarly], ['withdrawn', rates.withdrawnInReview], ['terminated', rates.terminated], ['denied', rates.denied]];
    let acc = 0;
    for (const [o, p] of cuts) if (r < (acc += p)) { outcome = o; break; }
  } else if (r < rates.withdrawnEarly) outcome = 'withdrawn_early';
  const decided = outcome === 'approved' || outcome === 'denied';
  const late = promised && decided && dice.chance(rates.late) ? dice.int(1, 4) : 0;
  const finished = decided || outcome === 'refused';
  const walkIn = channel === 'window';
  const kind = dice.float();
  return {
    correction: outcome !== 'withdrawn_early' && dice.chance(promised ? rates.correction : rates.correctionOnTheSpot),
    intakeDelay: walkIn ? 0 : dice.int(0, 2),
    resubmitDelay: dice.int(1, 3),
    outcome,
    owed: promised && decided && item.owable && dice.chance(rates.owed),
    specialDays: promised && decided && item.hasSpecialProcedure && dice.chance(rates.special) ? dice.int(2, 10) : 0,
    extensionDays: promised && decided && dice.chance(rates.extension) ? dice.int(3, 10) : 0,
    lateBy: late,
    handlingDays: promised ? drawHandlingDays(item.promisedLimitDays, dice) : 0,
    delivery: dice.pick(['window', 'window', 'express', 'electronic', 'electronic'] as const),
    rating: finished && dice.chance(rates.rated) ? drawRating(late ? rates.badWhenLate : rates.bad, rates, dice) : null,
    windowRating: walkIn && outcome !== 'withdrawn_early' && dice.chance(rates.windowRated) ? drawRating(rates.bad, rates, dice) : null,
    complaint:
      kind < rates.complaint + (late ? 0.2 : 0)
        ? { kind: 'complaint', delay: dice.int(0, 5), lateBy: dice.chance(rates.complaintLate) ? dice.int(1, 3) : 0, satisfied: dice.chance(0.7) }
        : kind < rates.complaint + rates.consultation + (late ? 0.2 : 0)
          ? { kind: 'consultation', delay: dice.int(0, 5), lateBy: 0, satisfied: true }
          : null,
  };
}
