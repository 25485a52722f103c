import type { ItemContent } from './types.js';

/**
 * An item's title as people read it: 主项名称（子项名称） in Chinese; in English, the English names where the
 * catalogue has them (issue 9) — the main item's English name with the sub-item's (or, lacking that, its
 * Chinese name) — and null when the item has no English name, so the caller falls back to the Chinese title.
 */
export function itemTitle(c: Pick<ItemContent, 'mainName' | 'subName'>): string {
  return c.subName ? `${c.mainName}（${c.subName}）` : c.mainName;
}

export function itemTitleEn(c: Pick<ItemContent, 'mainName' | 'subName' | 'mainNameEn' | 'subNameEn'>): string | null {
  const main = c.mainNameEn?.trim();
  if (!main) return null;
  const sub = c.subName?.trim() ? c.subNameEn?.trim() || c.subName.trim() : '';
  return sub ? `${main} (${sub})` : main;
}
