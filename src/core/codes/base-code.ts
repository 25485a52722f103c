/**
 * Base item code (基本编码) as local standards write it (e.g. DB52/T 1264-2018, DB22/T 2848-2017):
 * item-type letters + 5-digit main item (主项, 00001–99999) + 3-digit sub-item (子项, 000 when the
 * item has no sub-items). Example: XK12345000 is main item 12345 of 行政许可 with no sub-item;
 * XK12345002 is its second sub-item.
 *
 * The letters are those of ITEM_TYPE_LETTERS. A province with another scheme registers its own
 * validator (validators.ts) rather than changing this one.
 */
import { ITEM_TYPE_LETTERS, ITEM_TYPES, type ItemType } from '../catalogue/types.js';

export type BaseCodeProblem = 'BASE_CODE_FORMAT' | 'BASE_CODE_ITEM_TYPE' | 'BASE_CODE_MAIN_ITEM';

export interface ParsedBaseCode {
  letters: string;
  /** 5 digits */
  main: string;
  /** 3 digits; '000' when there is no sub-item */
  sub: string;
  /** Undefined when the letters name no item type. */
  itemType: ItemType | undefined;
}

const SHAPE = /^([A-Z]{1,4})(\d{5})(\d{3})$/;

const TYPE_BY_LETTERS: ReadonlyMap<string, ItemType> = new Map(ITEM_TYPES.map((t) => [ITEM_TYPE_LETTERS[t], t]));

/** Splits a code of the right shape; undefined otherwise. Does not judge the letters. */
export function parseBaseCode(code: string): ParsedBaseCode | undefined {
  const m = SHAPE.exec(code);
  if (!m) return undefined;
  const [, letters = '', main = '', sub = ''] = m;
  return { letters, main, sub, itemType: TYPE_BY_LETTERS.get(letters) };
}

/** Why a value is not a valid base code, or undefined when it is. */
export function baseCodeProblem(code: string): BaseCodeProblem | undefined {
  const parsed = parseBaseCode(code);
  if (!parsed) return 'BASE_CODE_FORMAT';
  if (parsed.itemType === undefined) return 'BASE_CODE_ITEM_TYPE';
  if (parsed.main === '00000') return 'BASE_CODE_MAIN_ITEM';
  return undefined;
}

export function isValidBaseCode(code: string): boolean {
  return baseCodeProblem(code) === undefined;
}

export function itemTypeOfBaseCode(code: string): ItemType | undefined {
  return isValidBaseCode(code) ? parseBaseCode(code)?.itemType : undefined;
}

/** True when the code is valid and its letters are those of the given item type. */
export function baseCodeMatchesItemType(code: string, itemType: ItemType): boolean {
  return itemTypeOfBaseCode(code) === itemType;
}

/** Builds a base code. Throws RangeError unless 1 ≤ main ≤ 99999 and 0 ≤ sub ≤ 999. */
export function composeBaseCode(itemType: ItemType, main: number, sub = 0): string {
  if (!Number.isInteger(main) || main < 1 || main > 99_999) throw new RangeError(`Main item out of range: ${main}`);
  if (!Number.isInteger(sub) || sub < 0 || sub > 999) throw new RangeError(`Sub-item out of range: ${sub}`);
  return `${ITEM_TYPE_LETTERS[itemType]}${String(main).padStart(5, '0')}${String(sub).padStart(3, '0')}`;
}

export function hasSubItem(code: string): boolean {
  const parsed = parseBaseCode(code);
  return parsed !== undefined && parsed.sub !== '000';
}

/** The main item's own code (sub-item 000) of a valid code, e.g. XK12345002 → XK12345000. */
export function mainItemBaseCode(code: string): string | undefined {
  const parsed = isValidBaseCode(code) ? parseBaseCode(code) : undefined;
  return parsed && `${parsed.letters}${parsed.main}000`;
}
