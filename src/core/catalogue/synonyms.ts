/**
 * Portal search synonyms (检索同义词): groups of words people use for the same thing — 低保 and
 * 最低生活保障, 社保卡 and 社会保障卡. Administrators edit the groups; a query term found in a group
 * also matches the group's other words. Pure, so the server ranks with it and the admin page checks input.
 */
export type SynonymGroup = readonly string[];

const MAX_VARIANTS = 32;

function normaliseTerm(t: string): string {
  return t.trim().toLowerCase();
}

/** The query with each term replaced, in turn, by its synonyms (the query itself first; bounded). */
export function queryVariants(query: string, groups: readonly SynonymGroup[]): string[] {
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length || !groups.length) return [query];
  let variants: string[][] = [[]];
  for (const term of terms) {
    const alternatives = new Set<string>([term]);
    for (const g of groups) {
      const words = g.map(normaliseTerm);
      // A term that is, or contains, a word of the group: 低保 → 最低生活保障, 办社保卡 → 办社会保障卡.
      for (const w of words) {
        if (!w || !term.includes(w)) continue;
        for (const other of words) if (other !== w) alternatives.add(term.replace(w, other));
      }
    }
    variants = variants.flatMap((v) => [...alternatives].map((a) => [...v, a])).slice(0, MAX_VARIANTS);
  }
  return variants.map((v) => v.join(' '));
}

/** Splits the admin page's text: one group per line, words separated by 、 , ， ; ； or spaces. */
export function parseSynonymLines(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .map((line) => [...new Set(line.split(/[、,，;；\s]+/).map((w) => w.trim()).filter(Boolean))])
    .filter((g) => g.length > 0);
}

export interface SynonymProblem {
  code: 'GROUP_TOO_SMALL' | 'WORD_IN_TWO_GROUPS';
  zh: string;
  en: string;
}

/** Every group needs two words or more, and a word belongs to one group only. */
export function checkSynonymGroups(groups: readonly SynonymGroup[]): SynonymProblem[] {
  const problems: SynonymProblem[] = [];
  const seen = new Map<string, number>();
  groups.forEach((g, i) => {
    if (g.length < 2) problems.push({ code: 'GROUP_TOO_SMALL', zh: `第${i + 1}组只有一个词：同义词组至少需要两个词`, en: `Group ${i + 1} has one word; a synonym group needs at least two` });
    for (const w of g.map(normaliseTerm)) {
      const at = seen.get(w);
      if (at !== undefined && at !== i) problems.push({ code: 'WORD_IN_TWO_GROUPS', zh: `“${w}”同时出现在第${at + 1}组和第${i + 1}组`, en: `“${w}” is in group ${at + 1} and group ${i + 1}` });
      seen.set(w, i);
    }
  });
  return problems;
}
