/**
 * The kiosk's on-screen number pad (no keyboard at a terminal): what a key press does to the value.
 * ID numbers end in a digit or X (GB 11643); SMS and check-in codes are digits only; unified social
 * credit codes (GB 32100) take digits and the 21 letters of their alphabet anywhere.
 */
export type PadDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
/** GB 32100's letters (no I, O, S, V, Z). */
export const PAD_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R', 'T', 'U', 'W', 'X', 'Y'] as const;
export type PadLetter = (typeof PAD_LETTERS)[number];
export type PadKey = PadDigit | PadLetter | 'back' | 'clear';

export interface PadSpec {
  maxLength: number;
  /** X is allowed, and only as the last character of a full-length value (the ID number's check character). */
  allowX: boolean;
  /** Every letter of PAD_LETTERS is allowed at any position (a credit code). */
  letters?: boolean;
}

export const ID_NUMBER_PAD: PadSpec = { maxLength: 18, allowX: true };
export const CODE_PAD: PadSpec = { maxLength: 6, allowX: false };
export const CREDIT_CODE_PAD: PadSpec = { maxLength: 18, allowX: false, letters: true };

const isDigit = (k: PadKey): k is PadDigit => k.length === 1 && k >= '0' && k <= '9';

/** The value after pressing `key`; a press that makes no sense (too long, a misplaced X) changes nothing. */
export function pressPadKey(value: string, key: PadKey, spec: PadSpec): string {
  if (key === 'clear') return '';
  if (key === 'back') return [...value].slice(0, -1).join('');
  if (value.length >= spec.maxLength) return value;
  if (spec.letters) return value + key;
  if (value.endsWith('X')) return value;
  if (key === 'X') return spec.allowX && value.length === spec.maxLength - 1 ? value + 'X' : value;
  return isDigit(key) ? value + key : value;
}

/** Whether the X key does anything now (the pad greys it out otherwise). */
export function padAcceptsX(value: string, spec: PadSpec): boolean {
  return spec.allowX && value.length === spec.maxLength - 1;
}

/** 330523199003071234 → 330523 19900307 1234: easier to read back on a large screen. */
export function groupForDisplay(value: string, spec: PadSpec): string {
  if (spec.allowX) return [value.slice(0, 6), value.slice(6, 14), value.slice(14)].filter(Boolean).join(' ');
  return value;
}
