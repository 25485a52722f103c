/**
 * 情形引导: situation questions select which materials and which fees apply. A material or a fee names the
 * options that bring it in (`situationOptionIds`); without options it always applies. One rule, used by
 * the intake checklist, the 一件事 material list, the guide and the fee a case pins.
 */

/** Anything the situation options select: a material or a fee. */
export interface SituationDependent {
  situationOptionIds?: readonly string[];
}

/** The option ids an applicant chose, from the answers (situation id → chosen option ids). */
export function chosenOptionIds(answers: Readonly<Record<string, readonly string[]>>): ReadonlySet<string> {
  return new Set(Object.values(answers).flat());
}

/** True when the entry names no options or the applicant chose one of them. */
export function appliesToChosen(entry: SituationDependent, chosen: ReadonlySet<string>): boolean {
  return !entry.situationOptionIds?.length || entry.situationOptionIds.some((o) => chosen.has(o));
}

/** The entries (materials, fees) that apply to the chosen options, in their order. */
export function applicableTo<T extends SituationDependent>(entries: readonly T[], chosen: ReadonlySet<string>): T[] {
  return entries.filter((e) => appliesToChosen(e, chosen));
}
