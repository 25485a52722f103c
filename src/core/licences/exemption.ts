import type { Material } from '../catalogue/types.js';

/** 免证办 figure: how many of these materials an electronic licence can replace (guide: 本事项可免提交 N 项材料). */
export const licenceExemptCount = (materials: readonly Pick<Material, 'licenceType'>[]): number => materials.filter((m) => !!m.licenceType).length;
