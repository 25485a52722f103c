/**
 * 好差评 levels (国办发〔2019〕51号; GB/T 39734-2020): five levels, the last two are 差评.
 * Stored as integers 5 (非常满意) … 1 (非常不满意) so that a CSV column reads the same in any language.
 */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const RATING_LEVEL_NAMES: Record<RatingLevel, { zh: string; en: string }> = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** 差评: 不满意 and 非常不满意. */
export function isBadRating(level: RatingLevel): boolean {
  return level <= 2;
}

export function isRatingLevel(n: unknown): n is RatingLevel {
  return typeof n === 'number' && (RATING_LEVELS as readonly number[]).includes(n);
}
