import type { Material } from '../catalogue/types.js';

/**
 * 免证办 figure: how many of these materials the applicant need not hand in because an electronic
 * licence (`licenceType`) or a data-directory read (`dataFulfilment`, ADR 0030) can fulfil them —
 * both have a flow that does (guide: 本事项可免提交 N 项材料). A material with both counts once.
 */
export const licenceExemptCount = (materials: readonly Pick<Material, 'licenceType' | 'dataFulfilment'>[]): number => materials.filter((m) => !!m.licenceType || !!m.dataFulfilment).length;
