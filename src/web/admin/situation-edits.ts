import type { Material, Situation, SpecialProcedure } from '../../core/catalogue/types.js';

/**
 * Pure edits behind the 情形引导 editor. Which materials an option brings in is stored on the
 * materials (`situationOptionIds`), so the option row edits the materials list.
 */

/** A fresh id (`s-…` for a question, `o-…` for an option) not yet used: generated, never typed. */
export function newId(prefix: 's' | 'o', taken: Iterable<string>, random: () => number = Math.random): string {
  const used = new Set(taken);
  for (;;) {
    const id = `${prefix}-${Math.floor(random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0')}`;
    if (!used.has(id)) return id;
  }
}

export const situationIdsOf = (situations: readonly Situation[]) => situations.flatMap((s) => [s.id, ...s.options.map((o) => o.id)]);

/** The materials an option brings in. */
export const materialsOfOption = (materials: readonly Material[], optionId: string) => materials.filter((m) => m.situationOptionIds?.includes(optionId)).map((m) => m.id);

function withOptionIds(m: Material, ids: string[]): Material {
  if (ids.length) return { ...m, situationOptionIds: ids };
  const { situationOptionIds: _gone, ...rest } = m;
  return rest;
}

/** Makes exactly `materialIds` bring in `optionId`; other links of each material stay as they were. */
export function setOptionMaterials(materials: readonly Material[], optionId: string, materialIds: readonly string[]): Material[] {
  return materials.map((m) => {
    const cur = m.situationOptionIds ?? [];
    const wanted = materialIds.includes(m.id);
    if (wanted === cur.includes(optionId)) return m;
    return withOptionIds(m, wanted ? [...cur, optionId] : cur.filter((o) => o !== optionId));
  });
}

/** After options are removed: no material keeps pointing at them (it would otherwise apply to no one). */
export function dropOptionRefs(materials: readonly Material[], optionIds: readonly string[]): Material[] {
  return materials.map((m) => (m.situationOptionIds?.some((o) => optionIds.includes(o)) ? withOptionIds(m, m.situationOptionIds.filter((o) => !optionIds.includes(o))) : m));
}

/** Every option as "question：option" for pickers (grouped by question), never a raw id. */
export function optionChoices(situations: readonly Situation[]): { label: string; options: { value: string; label: string }[] }[] {
  return situations.map((s, i) => ({ label: s.question || `#${i + 1}`, options: s.options.map((o, j) => ({ value: o.id, label: `${s.question || `#${i + 1}`}：${o.label || `#${j + 1}`}` })) }));
}

type Parsed<T> = { ok: true; value: T } | { ok: false; zh: string; en: string };
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Situations pasted as JSON in the advanced view, checked for the shape the visual editor shows. */
export function parseSituationsJson(v: unknown): Parsed<Situation[]> {
  const ok =
    Array.isArray(v) &&
    v.every(
      (s) =>
        isObj(s) &&
        typeof s.id === 'string' &&
        typeof s.question === 'string' &&
        typeof s.multiple === 'boolean' &&
        Array.isArray(s.options) &&
        s.options.every((o: unknown) => isObj(o) && typeof o.id === 'string' && typeof o.label === 'string'),
    );
  return ok ? { ok, value: v as Situation[] } : { ok: false, zh: '情形引导应为问题列表，每个问题有 id、question、multiple 和 options（id、label）', en: 'Situations must be a list of questions, each with id, question, multiple and options (id, label)' };
}

/** Special procedures pasted as JSON. */
export function parseProceduresJson(v: unknown): Parsed<SpecialProcedure[]> {
  const ok = Array.isArray(v) && v.every((p) => isObj(p) && typeof p.name === 'string' && typeof p.timeNeeded === 'string' && isObj(p.basis) && typeof p.basis.law === 'string' && typeof p.countedInLimit === 'boolean');
  return ok ? { ok, value: v as SpecialProcedure[] } : { ok: false, zh: '特别程序应为列表，每项有 name、timeNeeded、basis（law）和 countedInLimit', en: 'Special procedures must be a list, each with name, timeNeeded, basis (law) and countedInLimit' };
}
