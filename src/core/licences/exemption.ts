import type { Material } from '../catalogue/types.js';

type Fulfillable = Pick<Material, 'licenceType' | 'dataFulfilment'>;

/**
 * Whether a licence or a data read can stand in for this material (免证办): a data read the directory
 * allows (`dataFulfilment`, ADR 0030), or a licence type (`licenceType`) — one the catalogue has, when
 * `licenceTypes` (their names and codes) is given: a material naming a type nobody issues (居民身份证
 * before such a type exists) cannot be fulfilled by anyone and is not counted.
 */
export const isExemptable = (m: Fulfillable, licenceTypes?: ReadonlySet<string>): boolean => !!m.dataFulfilment || (!!m.licenceType && (!licenceTypes || licenceTypes.has(m.licenceType)));

/**
 * 免证办 figure: how many of these materials the applicant need not hand in because an electronic
 * licence or a data-directory read can fulfil them (guide: 本事项可免提交 N 项材料). A material with
 * both counts once.
 */
export const licenceExemptCount = (materials: readonly Fulfillable[], licenceTypes?: ReadonlySet<string>): number => materials.filter((m) => isExemptable(m, licenceTypes)).length;

/**
 * 免证办 figure of an item or a bundle: of `materials` to provide, `exempt` can be fulfilled by a licence
 * or a data read, `upload` still need a document. The guide prints "本事项可免提交 {exempt} 项材料"; the
 * scorecards can sum `exempt` and `materials` over items (the rate is computed from the sums, never averaged).
 */
export interface ExemptionFigure {
  materials: number;
  exempt: number;
  upload: number;
}

export function exemptionFigure(materials: readonly Fulfillable[], licenceTypes?: ReadonlySet<string>): ExemptionFigure {
  const exempt = licenceExemptCount(materials, licenceTypes);
  return { materials: materials.length, exempt, upload: materials.length - exempt };
}
