import { regionAncestry } from '../codes/region-code.js';
import { DEFAULT_CARD_THRESHOLDS, DEFAULT_RULE_LIMITS, type CardThresholds, type RuleLimits } from './rules.js';

/**
 * 电子监察 settings of a region: the card thresholds (黄牌/红牌) and the limits of the time-driven rules.
 * Stored per region; a region without its own settings follows its nearest ancestor that has some
 * (county → city → province, GB/T 2260), and the defaults when none has.
 */
export interface SupervisionSettings {
  thresholds: CardThresholds;
  limits: RuleLimits;
}

export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = { thresholds: DEFAULT_CARD_THRESHOLDS, limits: DEFAULT_RULE_LIMITS };

/** The allowed range of each value (the API schema and the database checks use the same bounds). */
export const SUPERVISION_SETTING_BOUNDS = {
  yellowAt: { min: 1, max: 20 },
  redAt: { min: 1, max: 50 },
  staleRedDays: { min: 1, max: 60 },
  specialProcedureDays: { min: 1, max: 365 },
  unclaimedDays: { min: 1, max: 30 },
} as const;

export interface SettingsProblem {
  path: string;
  zh: string;
  en: string;
}

/** What the schema cannot say: a red card needs at least as many red hits as a yellow one. */
export function supervisionSettingsProblems(s: SupervisionSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const values: [string, number][] = [
    ['thresholds/yellowAt', s.thresholds.yellowAt],
    ['thresholds/redAt', s.thresholds.redAt],
    ['thresholds/staleRedDays', s.thresholds.staleRedDays],
    ['limits/specialProcedureDays', s.limits.specialProcedureDays],
    ['limits/unclaimedDays', s.limits.unclaimedDays],
  ];
  for (const [path, v] of values) {
    const key = path.split('/')[1] as keyof typeof SUPERVISION_SETTING_BOUNDS;
    const b = SUPERVISION_SETTING_BOUNDS[key];
    if (!Number.isInteger(v) || v < b.min || v > b.max) problems.push({ path, zh: `须为${b.min}至${b.max}之间的整数`, en: `Must be a whole number from ${b.min} to ${b.max}` });
  }
  if (s.thresholds.redAt < s.thresholds.yellowAt) problems.push({ path: 'thresholds/redAt', zh: '红牌所需红灯次数不能少于黄牌', en: 'A red card cannot need fewer red hits than a yellow card' });
  return problems;
}

/** The settings in force in a region and the region they come from (null: the defaults). */
export function settingsInForce(regionCode: string, stored: ReadonlyMap<string, SupervisionSettings>): { settings: SupervisionSettings; from: string | null } {
  const chain = regionAncestry(regionCode);
  for (let i = chain.length - 1; i >= 0; i--) {
    const code = chain[i] as string;
    const s = stored.get(code);
    if (s) return { settings: s, from: code };
  }
  return { settings: DEFAULT_SUPERVISION_SETTINGS, from: null };
}
