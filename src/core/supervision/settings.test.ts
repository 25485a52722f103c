import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SUPERVISION_SETTINGS, settingsInForce, supervisionSettingsProblems, SUPERVISION_SETTING_BOUNDS, type SupervisionSettings } from './settings.js';

const strict: SupervisionSettings = { thresholds: { yellowAt: 1, redAt: 1, staleRedDays: 3 }, limits: { specialProcedureDays: 20, unclaimedDays: 1 } };
const county: SupervisionSettings = { thresholds: { yellowAt: 2, redAt: 4, staleRedDays: 10 }, limits: { specialProcedureDays: 60, unclaimedDays: 3 } };

describe('电子监察 settings per region', () => {
  it('a region follows its own settings, else its nearest ancestor’s, else the defaults', () => {
    const stored = new Map([['330000', strict], ['330523', county]]);
    expect(settingsInForce('330523', stored)).toEqual({ settings: county, from: '330523' });
    expect(settingsInForce('330523001', stored)).toEqual({ settings: county, from: '330523' }); // a township of the county
    expect(settingsInForce('330522', stored)).toEqual({ settings: strict, from: '330000' }); // another county of the province
    expect(settingsInForce('110101', stored)).toEqual({ settings: DEFAULT_SUPERVISION_SETTINGS, from: null });
    expect(settingsInForce('not a code', stored)).toEqual({ settings: DEFAULT_SUPERVISION_SETTINGS, from: null });
  });

  it('the defaults are valid; a red card never needs fewer red hits than a yellow one; values within bounds', () => {
    expect(supervisionSettingsProblems(DEFAULT_SUPERVISION_SETTINGS)).toEqual([]);
    expect(supervisionSettingsProblems(strict)).toEqual([]);
    expect(supervisionSettingsProblems({ ...strict, thresholds: { yellowAt: 3, redAt: 2, staleRedDays: 5 } }).map((p) => p.path)).toEqual(['thresholds/redAt']);
    expect(supervisionSettingsProblems({ ...strict, limits: { specialProcedureDays: 0, unclaimedDays: 1.5 } }).map((p) => p.path)).toEqual(['limits/specialProcedureDays', 'limits/unclaimedDays']);
  });

  it('law: settings within the bounds with redAt ≥ yellowAt have no problem, and each out-of-range value is named', () => {
    const b = SUPERVISION_SETTING_BOUNDS;
    const int = (k: keyof typeof b) => fc.integer({ min: b[k].min - 3, max: b[k].max + 3 });
    fc.assert(
      fc.property(int('yellowAt'), int('redAt'), int('staleRedDays'), int('specialProcedureDays'), int('unclaimedDays'), (yellowAt, redAt, staleRedDays, specialProcedureDays, unclaimedDays) => {
        const values = { yellowAt, redAt, staleRedDays, specialProcedureDays, unclaimedDays };
        const problems = supervisionSettingsProblems({ thresholds: { yellowAt, redAt, staleRedDays }, limits: { specialProcedureDays, unclaimedDays } });
        const outOfRange = (Object.keys(b) as (keyof typeof b)[]).filter((k) => values[k] < b[k].min || values[k] > b[k].max);
        for (const k of outOfRange) expect(problems.some((p) => p.path.endsWith(`/${k}`))).toBe(true);
        expect(problems.length === 0).toBe(outOfRange.length === 0 && redAt >= yellowAt);
      }),
    );
  });
});
