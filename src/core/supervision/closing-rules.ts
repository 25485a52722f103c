/**
 * Two 电子监察 rules over how a case ended (DESIGN.md §2 item 7), pure:
 * - `decision_without_acceptance` 未受理即作出决定: a decision or completion on a timeline with no
 *   acceptance before it. The state machine never allows it, so it appears only through data repair or
 *   imported cases — which is why it reads the timeline (the append-only record), not the snapshot.
 * - `fee_mismatch` 收费与目录不符: the fee charged differs from the fee the pinned item version lists for
 *   the situations the applicant chose (收费 is one of the ten unified elements); the case pins that fee at
 *   submission (`catalogueFeeFen`, src/core/catalogue/fees.ts) and the decision records the charge.
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

/** 收费与目录不符: a recorded charge that differs from a fixed catalogue fee (an unknown or varying fee is not judged). */
export function feeDiffers(chargedFen: number | null | undefined, catalogueFen: number | null | undefined): boolean {
  return chargedFen !== null && chargedFen !== undefined && catalogueFen !== null && catalogueFen !== undefined && chargedFen !== catalogueFen;
}
