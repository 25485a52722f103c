/**
 * Implementation code (实施编码): identifies one implementing body's implementation of a base item.
 * 31 characters:
 *
 *   chars  1–18  the implementing body's unified social credit code (GB 32100), which must be valid
 *   char   19    exercise level (行使层级): 1 national, 2 province, 3 city, 4 county, 5 township, 6 village
 *   chars 20–29  the base code (基本编码, see base-code.ts): 2 type letters + 5-digit main + 3-digit sub
 *   chars 30–31  a 2-digit sequence telling apart several implementations of the same item by the
 *                same body, e.g. separate 业务办理项; 00 when there is only one
 *
 * Published codes have this outline: credit code + 1 level digit + a 12-character national base
 * code (a Guangxi county body's 1145072100811537184452004020000 has level 4, a Shanwei city body's
 * 12441500196720244T3442199806003 has level 3). Tongban's base codes are 10 characters, so the
 * 2-digit sequence completes the 31; a deployment keeping national base codes registers its own
 * validator (validators.ts). A case number is this code + yyyyMMdd + a sequence.
 */
import type { GovLevel } from '../catalogue/types.js';
import { creditCodeProblem, registrationRegionOfCreditCode } from './credit-code.js';
import { baseCodeProblem } from './base-code.js';
import { regionLevel } from './region-code.js';

export const IMPL_CODE_LENGTH = 31;

/** 行使层级: the government level at which the power is exercised. */
export type ExerciseLevel = 'national' | GovLevel;

export const EXERCISE_LEVEL_DIGITS: Readonly<Record<ExerciseLevel, string>> = Object.freeze({
  national: '1',
  province: '2',
  city: '3',
  county: '4',
  township: '5',
  village: '6',
});

const LEVEL_BY_DIGIT: ReadonlyMap<string, ExerciseLevel> = new Map(
  (Object.entries(EXERCISE_LEVEL_DIGITS) as [ExerciseLevel, string][]).map(([level, digit]) => [digit, level]),
);

export type ImplCodeProblem =
  | 'IMPL_CODE_FORMAT'
  | 'IMPL_CODE_CREDIT_CODE'
  | 'IMPL_CODE_LEVEL'
  | 'IMPL_CODE_BASE_CODE'
  | 'IMPL_CODE_SEQUENCE';

export interface ParsedImplCode {
  creditCode: string;
  level: ExerciseLevel;
  baseCode: string;
  /** 0–99 */
  sequence: number;
}

/** Why a value is not a valid implementation code, or undefined when it is. */
export function implCodeProblem(code: string): ImplCodeProblem | undefined {
  if (code.length !== IMPL_CODE_LENGTH || !/^[0-9A-Z]+$/.test(code)) return 'IMPL_CODE_FORMAT';
  if (creditCodeProblem(code.slice(0, 18)) !== undefined) return 'IMPL_CODE_CREDIT_CODE';
  if (!LEVEL_BY_DIGIT.has(code.charAt(18))) return 'IMPL_CODE_LEVEL';
  if (baseCodeProblem(code.slice(19, 29)) !== undefined) return 'IMPL_CODE_BASE_CODE';
  if (!/^\d{2}$/.test(code.slice(29))) return 'IMPL_CODE_SEQUENCE';
  return undefined;
}

export function isValidImplCode(code: string): boolean {
  return implCodeProblem(code) === undefined;
}

/** The parts of a valid implementation code; undefined for an invalid one. */
export function parseImplCode(code: string): ParsedImplCode | undefined {
  if (!isValidImplCode(code)) return undefined;
  return {
    creditCode: code.slice(0, 18),
    level: LEVEL_BY_DIGIT.get(code.charAt(18)) as ExerciseLevel,
    baseCode: code.slice(19, 29),
    sequence: Number(code.slice(29)),
  };
}

/**
 * The level implied by where a body is registered (credit code characters 3–8): 100000 for central
 * bodies is national, a province code is province, a city code city, and a county code county.
 * Undefined when the region part is not a region code.
 */
export function exerciseLevelOfCreditCode(creditCode: string): ExerciseLevel | undefined {
  const region = registrationRegionOfCreditCode(creditCode);
  if (region === '100000') return 'national';
  const level = regionLevel(region);
  return level === 1 ? 'province' : level === 2 ? 'city' : level === 3 ? 'county' : undefined;
}

/**
 * Builds an implementation code. The level defaults to the one implied by the credit code's
 * registration region; give it for township and village bodies, whose codes are registered at
 * county level. Throws RangeError on an invalid credit code, base code, sequence or level.
 */
export function composeImplCode(creditCode: string, baseCode: string, seq = 0, level?: ExerciseLevel): string {
  if (creditCodeProblem(creditCode) !== undefined) throw new RangeError(`Invalid credit code: ${creditCode}`);
  if (baseCodeProblem(baseCode) !== undefined) throw new RangeError(`Invalid base code: ${baseCode}`);
  if (!Number.isInteger(seq) || seq < 0 || seq > 99) throw new RangeError(`Sequence out of range 0–99: ${seq}`);
  const lvl = level ?? exerciseLevelOfCreditCode(creditCode);
  if (lvl === undefined) throw new RangeError(`Cannot infer the exercise level of ${creditCode}; pass it`);
  return `${creditCode}${EXERCISE_LEVEL_DIGITS[lvl]}${baseCode}${String(seq).padStart(2, '0')}`;
}
