import { FIELD_LABELS } from '../../core/catalogue/diff.js';

/**
 * A rule-check path in words for the catalogue administrator ("materials[2].basis" → "申请材料第3项 · basis"
 * with the element named as the version diff names it), instead of the raw path.
 */
export function fieldWords(path: string, pick: (zh: string, en: string) => string): string {
  const m = /^([A-Za-z]+)(?:\[(\d+)\])?(?:\.(.+))?$/.exec(path);
  if (!m) return path;
  const [, top = '', index, rest] = m;
  const label = FIELD_LABELS[top];
  if (!label) return path;
  const where = index === undefined ? pick(label.zh, label.en) : pick(`${label.zh}第${Number(index) + 1}项`, `${label.en} #${Number(index) + 1}`);
  return rest ? `${where} · ${rest}` : where;
}
