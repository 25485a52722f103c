import type { Fee } from './types.js';
import { applicableTo } from './situations.js';

/**
 * 收费 (one of the ten unified elements): what the catalogue says a case costs, and amounts as people
 * read them. Amounts are integers in fen (分) everywhere; 元 appear only on screen.
 */

/** The largest charge the API takes: 10^10 fen (一亿元) — anything above is a typing error, not a fee. */
export const MAX_CHARGE_FEN = 10_000_000_000;

/**
 * The fee the catalogue lists for the chosen situation options, in fen: the sum of the fees that apply
 * (a fee without options always applies; an item without fees is free: 0). Null when an applicable fee
 * has no fixed amount (收费标准 varies): then no charge can be judged against the catalogue.
 */
export function catalogueFeeFen(fees: readonly Fee[], chosenOptionIds: ReadonlySet<string> | readonly string[]): number | null {
  const chosen = chosenOptionIds instanceof Set ? chosenOptionIds : new Set(chosenOptionIds);
  let total = 0;
  for (const f of applicableTo(fees, chosen)) {
    if (f.amountFen === undefined) return null;
    total += f.amountFen;
  }
  return total;
}

/** A charge the API records: a whole, non-negative number of fen no larger than MAX_CHARGE_FEN. */
export function isValidChargeFen(fen: number): boolean {
  return Number.isSafeInteger(fen) && fen >= 0 && fen <= MAX_CHARGE_FEN;
}

/** An amount in fen as 元 with two decimals: 8000 → "80.00". */
export function formatFenAsYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * An amount typed in 元 as fen, or null when it is not a charge (negative, more than two decimals, too
 * large, not a number). 80.1 → 8010; rounding happens only on binary noise (0.29 * 100 = 28.999…).
 */
export function fenOfYuan(yuan: number): number | null {
  if (!Number.isFinite(yuan)) return null;
  const fen = Math.round(yuan * 100);
  // More than two decimals is refused; floating-point noise stays far below a thousandth of a fen up to 10^8 元.
  if (Math.abs(fen - yuan * 100) > 1e-3) return null;
  return isValidChargeFen(fen) ? fen : null;
}
