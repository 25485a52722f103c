import type { MergedMaterial } from './merge.js';

/**
 * 免证办 in a 一件事 (ADR 0044): the applicant names, per merged material (by material code), one of their
 * licences or a data read instead of a file. Each member case the material serves gets the use for its
 * own material id, so it is checked and recorded there exactly as on a single application.
 */
export interface BundleLicenceUse {
  code: string;
  identifier: string;
}

export interface BundleDataUse {
  code: string;
  purpose: string;
}

export interface MemberFulfilments {
  licences: { materialId: string; identifier: string }[];
  dataUses: { materialId: string; purpose: string }[];
}

export interface FulfilmentProblem {
  code: 'BUNDLE_MATERIAL_UNKNOWN' | 'BUNDLE_MATERIAL_TWICE' | 'LICENCE_NOT_ACCEPTED' | 'DATA_MATERIAL_NOT_FULFILLABLE';
  path: string;
  zh: string;
  en: string;
}

export type FulfilmentSplit = { ok: true; members: Record<string, MemberFulfilments> } | { ok: false; problem: FulfilmentProblem };

/**
 * Checks the uses against the merged list — a known code; a licence only where every member's definition
 * names a licence type, a data read only where every definition allows the same read; each code once,
 * and not also uploaded or taken from 我的材料 (`handedIn`) — and splits them over the members served.
 */
export function splitFulfilments(materials: readonly MergedMaterial[], licences: readonly BundleLicenceUse[], dataUses: readonly BundleDataUse[], handedIn: readonly string[] = []): FulfilmentSplit {
  const byCode = new Map(materials.map((m) => [m.code, m]));
  const taken = new Set(handedIn);
  const members: Record<string, MemberFulfilments> = {};
  const forMember = (key: string) => (members[key] ??= { licences: [], dataUses: [] });
  const uses = [...licences.map((u, i) => ({ u, path: `/licences/${i}`, licence: true })), ...dataUses.map((u, i) => ({ u, path: `/dataUses/${i}`, licence: false }))];
  for (const { u, path, licence } of uses) {
    const m = byCode.get(u.code);
    if (!m) return { ok: false, problem: { code: 'BUNDLE_MATERIAL_UNKNOWN', path, zh: `本次申请不需要材料“${u.code}”`, en: `This application needs no material "${u.code}"` } };
    if (taken.has(u.code)) return { ok: false, problem: { code: 'BUNDLE_MATERIAL_TWICE', path, zh: `材料“${m.name}”只需以一种方式提交`, en: `Material "${m.name}" is handed in one way only` } };
    taken.add(u.code);
    if (licence && !m.licenceType) return { ok: false, problem: { code: 'LICENCE_NOT_ACCEPTED', path, zh: `材料“${m.name}”不能以电子证照代替`, en: `Material "${m.name}" cannot be replaced by a licence` } };
    if (!licence && !m.dataFulfilment) return { ok: false, problem: { code: 'DATA_MATERIAL_NOT_FULFILLABLE', path, zh: `材料“${m.name}”不能以共享数据代替`, en: `Material "${m.name}" cannot be replaced by shared data` } };
    for (const s of m.serves) {
      if ('identifier' in u) forMember(s.memberKey).licences.push({ materialId: s.materialId, identifier: u.identifier });
      else forMember(s.memberKey).dataUses.push({ materialId: s.materialId, purpose: u.purpose });
    }
  }
  return { ok: true, members };
}
