import type { Material } from '../catalogue/types.js';
import { applicableTo, chosenOptionIds } from '../catalogue/situations.js';
import type { CaseMaterial } from './types.js';

/**
 * The materials that apply to a case: the item's materials for the situation options the applicant
 * chose (情形引导; a material without options always applies), as the intake checklist needs them.
 */
export function caseMaterials(materials: readonly Material[], situationAnswers: Record<string, readonly string[]>): CaseMaterial[] {
  return applicableTo(materials, chosenOptionIds(situationAnswers)).map((m) => ({ id: m.id, name: m.name, required: m.required, original: m.form === 'original' || m.form === 'original_and_copy' }));
}
