import type { Situation } from '../catalogue/types.js';
import type { BundleAnswers, BundleContent, BundleMember } from './types.js';

/**
 * Situation-driven member selection (情形引导 for a 一件事): the applicant's answers to the bundle's
 * questions decide which members apply and answer the members' own situation questions.
 */

/** The default situation: each question's option marked default, else its first option. */
export function defaultAnswers(content: Pick<BundleContent, 'questions'>): BundleAnswers {
  const out: Record<string, string[]> = {};
  for (const q of content.questions) {
    const d = q.options.find((o) => o.default) ?? q.options[0];
    if (d) out[q.id] = [d.id];
  }
  return out;
}

export type AnswersProblem = { code: 'BUNDLE_ANSWER_MISSING' | 'BUNDLE_ANSWER_UNKNOWN' | 'BUNDLE_ANSWER_NOT_MULTIPLE'; questionId: string; zh: string; en: string };

/** Every question answered with known options, one option unless the question allows several. */
export function checkAnswers(content: Pick<BundleContent, 'questions'>, answers: BundleAnswers): AnswersProblem[] {
  const out: AnswersProblem[] = [];
  for (const q of content.questions) {
    const chosen = answers[q.id] ?? [];
    if (chosen.length === 0) out.push({ code: 'BUNDLE_ANSWER_MISSING', questionId: q.id, zh: `请回答“${q.question}”`, en: `Please answer "${q.question}"` });
    else if (!q.multiple && chosen.length > 1) out.push({ code: 'BUNDLE_ANSWER_NOT_MULTIPLE', questionId: q.id, zh: `“${q.question}”只能选择一项`, en: `"${q.question}" takes one answer` });
    const known = new Set(q.options.map((o) => o.id));
    for (const c of chosen) if (!known.has(c)) out.push({ code: 'BUNDLE_ANSWER_UNKNOWN', questionId: q.id, zh: `“${q.question}”没有选项“${c}”`, en: `"${q.question}" has no option "${c}"` });
  }
  const asked = new Set(content.questions.map((q) => q.id));
  for (const id of Object.keys(answers)) if (!asked.has(id)) out.push({ code: 'BUNDLE_ANSWER_UNKNOWN', questionId: id, zh: `没有问题“${id}”`, en: `There is no question "${id}"` });
  return out;
}

export function memberApplies(member: Pick<BundleMember, 'when'>, answers: BundleAnswers): boolean {
  return (member.when ?? []).every((c) => c.optionIds.some((o) => (answers[c.questionId] ?? []).includes(o)));
}

/** The member keys that apply for these answers, in definition order. */
export function selectMembers(content: Pick<BundleContent, 'members'>, answers: BundleAnswers): string[] {
  return content.members.filter((m) => memberApplies(m, answers)).map((m) => m.key);
}

/**
 * The answers a member item gets: what the chosen bundle options say for the item's situations, and
 * for a situation the bundle does not answer, the item's first option (e.g. 本人办理).
 */
export function memberSituationAnswers(content: Pick<BundleContent, 'questions'>, answers: BundleAnswers, situations: readonly Situation[]): Record<string, string[]> {
  const given: Record<string, string[]> = {};
  for (const q of content.questions) {
    for (const o of q.options) {
      if (!(answers[q.id] ?? []).includes(o.id)) continue;
      for (const [sid, opts] of Object.entries(o.memberSituations ?? {})) given[sid] = [...new Set([...(given[sid] ?? []), ...opts])];
    }
  }
  const out: Record<string, string[]> = {};
  for (const s of situations) {
    const mine = (given[s.id] ?? []).filter((o) => s.options.some((x) => x.id === o));
    const first = s.options[0];
    if (mine.length > 0) out[s.id] = s.multiple ? mine : mine.slice(0, 1);
    else if (first) out[s.id] = [first.id];
  }
  return out;
}

/** Dependencies among the applicable members only (a dependency on a member that does not apply is dropped). */
export function applicableDependencies(content: Pick<BundleContent, 'members'>, applicable: readonly string[]): Map<string, string[]> {
  const set = new Set(applicable);
  const out = new Map<string, string[]>();
  for (const m of content.members) {
    if (!set.has(m.key)) continue;
    out.set(m.key, (m.dependsOn ?? []).map((d) => d.memberKey).filter((k) => set.has(k)));
  }
  return out;
}
