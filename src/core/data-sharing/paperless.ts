import type { ItemContent, Material } from '../catalogue/types.js';

/**
 * 免证办: the materials of an item an applicant need not hand in, because an electronic licence
 * (`licenceType`, 电子证照) or a department's shared data (`sharedDataSource`, 数据共享) answers for them.
 * The guide shows their number ("本事项可免提交 N 项材料"); scorecards can use the same figure.
 */
export function paperlessMaterials(content: Pick<ItemContent, 'materials'>): Material[] {
  return content.materials.filter((m) => !!m.licenceType || !!m.sharedDataSource);
}

/** Materials satisfied by licences or data versus uploads, for an item or a bundle of items. */
export function paperlessFigure(items: readonly Pick<ItemContent, 'materials'>[]): { paperless: number; uploads: number; total: number } {
  // A bundle lists a material once when several of its items ask for the same (by name, as 一套材料 merges them).
  const byName = new Map<string, boolean>();
  for (const item of items) for (const m of item.materials) byName.set(m.name, (byName.get(m.name) ?? false) || !!m.licenceType || !!m.sharedDataSource);
  const paperless = [...byName.values()].filter(Boolean).length;
  return { paperless, uploads: byName.size - paperless, total: byName.size };
}
