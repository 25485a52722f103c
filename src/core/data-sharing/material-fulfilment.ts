import type { Material } from '../catalogue/types.js';
import { DATA_SOURCES, findSource, itemsForPurpose, purposeOf, type DataSource, type SubjectKind } from './directory.js';
import { checkDataRequest, type Refusal, type RefusalCode } from './policy.js';

/**
 * 免证办 via data (ADR 0030): a catalogue material marked with `dataFulfilment` may be fulfilled, at
 * filing, by a read of the applicant's own data from a source of the data directory instead of an
 * upload. The read is bound to the new case and to the purpose the catalogue names for the material;
 * the applicant states that purpose when choosing it (their consent is to that purpose only). Pure:
 * the server reads the source and logs the read only once this says yes.
 */

export type MaterialDataRefusalCode = RefusalCode | 'DATA_MATERIAL_NOT_FULFILLABLE' | 'DATA_PURPOSE_NOT_FOR_MATERIAL' | 'DATA_MATERIAL_TWICE';

export interface MaterialDataRefusal extends Omit<Refusal, 'code'> {
  code: MaterialDataRefusalCode;
}

export interface MaterialDataUseRequest {
  materialId: string;
  /** The purpose the applicant consents to; must be the one the catalogue names for the material. */
  purpose?: string | null | undefined;
}

export type MaterialDataDecision = { ok: true; material: Material; source: DataSource; purpose: string; fields: string[] } | { ok: false; refusal: MaterialDataRefusal };

const refuse = (code: MaterialDataRefusalCode, kind: Refusal['kind'], zh: string, en: string): MaterialDataDecision => ({ ok: false, refusal: { code, kind, zh, en } });

/** The items a marked material reads: every item of the source that may serve its purpose. */
export function fulfilmentFields(source: DataSource, purpose: string): string[] {
  return itemsForPurpose(source, purpose).map((i) => i.key);
}

/**
 * One material the applicant wants fulfilled by data, for a new case (so the case is always stated).
 * Refused: a material the item does not list or that takes no data, no purpose, a purpose the source
 * does not serve, a purpose other than the material's, or an applicant of the wrong kind for the source.
 */
export function checkMaterialDataUse(materials: readonly Material[], req: MaterialDataUseRequest, applicantKind: SubjectKind, sources: readonly DataSource[] = DATA_SOURCES): MaterialDataDecision {
  const material = materials.find((m) => m.id === req.materialId);
  if (!material) return refuse('DATA_MATERIAL_NOT_FULFILLABLE', 'validation', `事项没有编号为 ${req.materialId} 的材料`, `The item has no material ${req.materialId}`);
  const marked = material.dataFulfilment;
  if (!marked) return refuse('DATA_MATERIAL_NOT_FULFILLABLE', 'validation', `材料“${material.name}”不能以共享数据代替，请上传`, `Material "${material.name}" cannot be replaced by shared data; upload it`);
  const source = findSource(marked.source, sources);
  const fields = source && req.purpose ? fulfilmentFields(source, req.purpose) : [];
  // The same checks as a staff member's query: a case (the new one), a stated purpose the source serves, items allowed for it.
  const request = checkDataRequest({ caseId: 'new-case', purpose: req.purpose ?? null, source: marked.source, fields: fields.length ? fields : (source?.items.slice(0, 1).map((i) => i.key) ?? []) }, sources);
  if (!request.ok) return { ok: false, refusal: request.refusal };
  if (request.purpose !== marked.purpose) {
    const p = purposeOf(marked.purpose);
    return refuse('DATA_PURPOSE_NOT_FOR_MATERIAL', 'forbidden', `材料“${material.name}”只能为“${p?.name ?? marked.purpose}”调取共享数据`, `Data for "${material.name}" may only be read for "${p?.nameEn ?? marked.purpose}"`);
  }
  if (request.source.subject !== 'any' && request.source.subject !== applicantKind) {
    const who = request.source.subject === 'natural_person' ? ['自然人', 'natural persons'] : ['法人', 'legal persons'];
    return refuse('DATA_SUBJECT_KIND', 'validation', `${request.source.name}只登记${who[0]}，不能为您代替材料“${material.name}”，请上传`, `${request.source.nameEn} holds ${who[1]} only; it cannot replace "${material.name}" for you — upload it`);
  }
  return { ok: true, material, source: request.source, purpose: request.purpose, fields: request.fields };
}

/** Every request of one application, each material at most once; the first refusal wins. */
export function checkMaterialDataUses(materials: readonly Material[], reqs: readonly MaterialDataUseRequest[], applicantKind: SubjectKind, sources: readonly DataSource[] = DATA_SOURCES): { ok: true; uses: Extract<MaterialDataDecision, { ok: true }>[] } | { ok: false; refusal: MaterialDataRefusal; index: number } {
  const seen = new Set<string>();
  const uses: Extract<MaterialDataDecision, { ok: true }>[] = [];
  for (const [index, req] of reqs.entries()) {
    if (seen.has(req.materialId)) return { ok: false, index, refusal: { code: 'DATA_MATERIAL_TWICE', kind: 'validation', zh: `材料“${req.materialId}”重复`, en: `Material ${req.materialId} is given twice` } };
    seen.add(req.materialId);
    const d = checkMaterialDataUse(materials, req, applicantKind, sources);
    if (!d.ok) return { ok: false, index, refusal: d.refusal };
    uses.push(d);
  }
  return { ok: true, uses };
}

/** Catalogue rule: a marked material names a source of the directory and a purpose that source serves for some item. */
export function dataFulfilmentProblem(m: Pick<Material, 'name' | 'dataFulfilment'>, sources: readonly DataSource[] = DATA_SOURCES): { zh: string; en: string } | null {
  if (!m.dataFulfilment) return null;
  const source = findSource(m.dataFulfilment.source, sources);
  if (!source) return { zh: `材料“${m.name}”引用的数据源“${m.dataFulfilment.source}”不在数据目录中`, en: `Material "${m.name}" names "${m.dataFulfilment.source}", which is not in the data directory` };
  if (fulfilmentFields(source, m.dataFulfilment.purpose).length === 0) {
    return { zh: `数据源“${source.name}”不能用于材料“${m.name}”所注明的用途“${m.dataFulfilment.purpose}”`, en: `${source.nameEn} may not be read for "${m.dataFulfilment.purpose}" (material "${m.name}")` };
  }
  return null;
}
