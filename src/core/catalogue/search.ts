import { pinyin } from 'pinyin-pro';
import type { ItemContent } from './types.js';
import { queryVariants, type SynonymGroup } from './synonyms.js';

/**
 * Catalogue search in Chinese: by name, full pinyin, pinyin initials (个体工商户设立登记 → gtgshsldj),
 * department, category, life events and situation questions. Pure, so the server ranks results and
 * the web app can highlight with the same rules.
 */
export function pinyinInitials(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join('').toLowerCase();
}

export function pinyinFull(text: string): string {
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed' }).join('').toLowerCase();
}

export function itemDisplayName(c: Pick<ItemContent, 'mainName' | 'subName'>): string {
  return c.subName ? `${c.mainName}（${c.subName}）` : c.mainName;
}

export function buildSearchText(content: ItemContent, departmentName: string): string {
  const name = itemDisplayName(content);
  const parts = [
    name,
    pinyinInitials(name),
    pinyinFull(name),
    departmentName,
    pinyinInitials(departmentName),
    content.category,
    ...(content.topics ?? []),
    content.baseCode,
    content.implCode,
    content.resultName,
    ...content.situations.flatMap((s) => [s.question, ...s.options.map((o) => o.label)]),
  ];
  return parts.filter(Boolean).join(' ').toLowerCase();
}

function normalise(q: string): string {
  return q.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Every whitespace-separated term of the query occurs in the search text. */
export function matchesQuery(searchText: string, query: string): boolean {
  const q = normalise(query);
  if (!q) return true;
  return q.split(' ').every((term) => searchText.includes(term));
}

/** Higher is better: exact name > name prefix > name contains > initials prefix > anywhere. 0 = no match. */
export function scoreMatch(name: string, searchText: string, query: string): number {
  const q = normalise(query);
  if (!q) return 1;
  if (!matchesQuery(searchText, q)) return 0;
  const lname = name.toLowerCase();
  if (lname === q) return 100;
  if (lname.startsWith(q)) return 80;
  if (lname.includes(q)) return 60 + Math.round((q.length / lname.length) * 10);
  const initials = pinyinInitials(name);
  if (initials.startsWith(q.replace(/ /g, ''))) return 50;
  if (initials.includes(q.replace(/ /g, ''))) return 40;
  return 10;
}

/**
 * Filters and orders results by score, keeping catalogue order among equals. With synonym groups, an
 * item matches through any variant of the query; a match through a synonym ranks just below the same
 * match of the words typed.
 */
export function rankSearchResults<T extends { name: string; searchText: string }>(items: T[], query: string, synonyms: readonly SynonymGroup[] = []): T[] {
  const variants = queryVariants(query, synonyms);
  const score = (item: T) => Math.max(...variants.map((v, i) => scoreMatch(item.name, item.searchText, v) - (i === 0 ? 0 : 1)));
  return items
    .map((item, index) => ({ item, index, score: score(item) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((x) => x.item);
}
