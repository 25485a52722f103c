import type { Fee } from '../catalogue/types.js';

/**
 * Two 电子监察 rules over how a case ended (DESIGN.md §2 item 7), pure:
 * - `decision_without_acceptance` 未受理即作出决定: a decision or completion on a timeline with no
 *   acceptance before it. The state machine never allows it, so it appears only through data repair or
 *   imported cases — which is why it reads the timeline (the append-only record), not the snapshot.
 * - `fee_mismatch` 收费与目录不符: the fee charged differs from the fee the pinned item version lists for
 *   the situations the applicant chose (收费 is one of the ten unified elements).
 */

/** Timeline actions that take a case in (受理); 即办 takes in and decides at once. */
export const ACCEPTANCE_ACTIONS: readonly string[] = ['accept', 'accept_with_gaps', 'deem_accepted', 'complete_on_the_spot'];
/** Timeline actions that decide or complete a case (办结). */
export const DECISION_ACTIONS: readonly string[] = ['decide', 'complete', 'complete_on_the_spot'];

/** True when some decision or completion on the timeline (in order) comes before any acceptance. */
export function decisionWithoutAcceptance(actions: readonly string[]): boolean {
  for (const a of actions) {
    if (ACCEPTANCE_ACTIONS.includes(a)) return false;
    if (DECISION_ACTIONS.includes(a)) return true;
  }
  return false;
}

/**
 * The fee the catalogue lists for the chosen situation options, in fen: the sum of the fees that apply
 * (a fee without options always applies). Null when an applicable fee has no fixed amount (收费标准 varies):
 * then no charge can be judged against the catalogue.
 */
export function catalogueFeeFen(fees: readonly Fee[], chosenOptionIds: readonly string[]): number | null {
  const chosen = new Set(chosenOptionIds);
  let total = 0;
  for (const f of fees) {
    if (f.situationOptionIds?.length && !f.situationOptionIds.some((o) => chosen.has(o))) continue;
    if (f.amountFen === undefined) return null;
    total += f.amountFen;
  }
  return total;
}

/** 收费与目录不符: a recorded charge that differs from a fixed catalogue fee (an unknown or varying fee is not judged). */
export function feeDiffers(chargedFen: number | null | undefined, catalogueFen: number | null | undefined): boolean {
  return chargedFen !== null && chargedFen !== undefined && catalogueFen !== null && catalogueFen !== undefined && chargedFen !== catalogueFen;
}
