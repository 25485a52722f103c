import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canRate, canRateBundle, checkRating, maskName, nextRectificationStatus, rectificationDeadlines, REASON_TAGS, DEFAULT_DEADLINES, type RectificationStatus, type RectificationStep } from './rules.js';
import { isBadRating, RATING_LEVELS } from './levels.js';
import { builtInCalendar } from '../calendar/index.js';
import { CASE_STATES } from '../cases/types.js';

describe('好差评 rules', () => {
  it('the last two of five levels are 差评', () => {
    expect(RATING_LEVELS.filter(isBadRating)).toEqual([2, 1]);
  });

  it('a case is rated once finished; the window service only when taken in at a window', () => {
    expect(canRate('case', 'in_review', false)).toBe('NOT_FINISHED');
    for (const s of ['approved', 'denied', 'completed', 'delivered', 'refused'] as const) expect(canRate('case', s, false)).toBeNull();
    expect(canRate('window', 'accepted', true)).toBeNull();
    expect(canRate('window', 'accepted', false)).toBe('NOT_AT_WINDOW');
    for (const s of CASE_STATES) if (s !== 'draft') expect(canRate('window', s, true)).toBeNull();
  });

  it('一事一评: a bundle member is never rated on its own; the bundle is rated once every member ended', () => {
    for (const s of CASE_STATES) {
      expect(canRate('case', s, false, true)).toBe('BUNDLE_MEMBER');
      expect(canRate('window', s, true, true)).toBe('BUNDLE_MEMBER');
    }
    for (const s of ['completed', 'delivered', 'partially_completed', 'stopped'] as const) expect(canRateBundle(s)).toBeNull();
    for (const s of ['in_progress', 'correction_requested', 'withdrawn'] as const) expect(canRateBundle(s)).toBe('BUNDLE_NOT_FINISHED');
  });

  it('tags belong to their level; a 差评 needs a tag or a comment', () => {
    expect(checkRating(5, ['服务热情'], null)).toBeNull();
    expect(checkRating(5, ['态度不好'], null)).toBe('BAD_TAGS');
    expect(checkRating(2, ['态度不好', '态度不好'], null)).toBe('BAD_TAGS');
    expect(checkRating(1, [], '  ')).toBe('COMMENT_REQUIRED');
    expect(checkRating(1, [], '等了三个小时')).toBeNull();
    expect(checkRating(3, [], null)).toBeNull();
    for (const level of RATING_LEVELS) expect(checkRating(level, [...REASON_TAGS[level]], 'x')).toBeNull();
  });

  it('deadlines: 回访 within 1 working day only for a named 差评, rectification within 15', () => {
    // Friday 2026-03-06: the next working day is Monday.
    expect(rectificationDeadlines('2026-03-06', true, DEFAULT_DEADLINES, builtInCalendar)).toEqual({ revisitDue: '2026-03-09', rectifyDue: '2026-03-27' });
    expect(rectificationDeadlines('2026-03-06', false, DEFAULT_DEADLINES, builtInCalendar).revisitDue).toBeNull();
    expect(rectificationDeadlines('2026-03-06', true, { ...DEFAULT_DEADLINES, revisitDays: 2, rectifyDays: 10 }, builtInCalendar)).toEqual({ revisitDue: '2026-03-10', rectifyDue: '2026-03-20' });
  });

  it('named: open → revisited → rectified; anonymous: open → rectified; withdraw only an unfinished task', () => {
    expect(nextRectificationStatus('open', true, 'rectify')).toBeNull();
    expect(nextRectificationStatus('open', true, 'revisit')).toBe('revisited');
    expect(nextRectificationStatus('revisited', true, 'rectify')).toBe('rectified');
    expect(nextRectificationStatus('open', false, 'revisit')).toBeNull();
    expect(nextRectificationStatus('open', false, 'rectify')).toBe('rectified');
    expect(nextRectificationStatus('rectified', true, 'withdraw')).toBeNull();
    expect(nextRectificationStatus('revisited', true, 'withdraw')).toBe('withdrawn');
  });

  it('law: nothing leaves rectified or withdrawn, and every step changes the status', () => {
    const status = fc.constantFrom<RectificationStatus>('open', 'revisited', 'rectified', 'withdrawn');
    const step = fc.constantFrom<RectificationStep>('revisit', 'rectify', 'withdraw');
    fc.assert(
      fc.property(status, fc.boolean(), step, (s, named, st) => {
        const next = nextRectificationStatus(s, named, st);
        if (s === 'rectified' || s === 'withdrawn') expect(next).toBeNull();
        if (next !== null) expect(next).not.toBe(s);
      }),
    );
  });

  it('masks names for the public page', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('李*');
    expect(maskName(null)).toBe('匿名');
  });
});
