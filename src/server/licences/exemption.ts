import type { Material } from '../../core/catalogue/types.js';
import { STATUS_LABELS, usableInPlaceOfMaterial } from '../../core/licences/lifecycle.js';
import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import * as repo from './repository.js';
import { checkedIdentifier, signatureHolds, statusOf, verifyPublicly, type PublicVerification } from './service.js';

/**
 * 免证办: a material marked with a licence type (`Material.licenceType`) is fulfilled by the applicant's
 * own valid licence of that type instead of an upload. The case records which licence (identifier and
 * version) was used; an expired, revoked or superseded licence, someone else's, or one whose signature
 * fails is refused before anything is written.
 */
export interface LicenceUseInput {
  materialId: string;
  identifier: string;
}

export interface LicenceUse {
  materialId: string;
  licenceId: string;
  identifier: string;
  version: number;
}

const refuse = (code: string, zh: string, en: string, path: string) => new DomainError('CASE_RULE_VIOLATION', { zh, en }, [{ code, path, zh, en }]);

export async function checkLicenceUses(db: Db, applicantId: string, materials: readonly Material[], uses: readonly LicenceUseInput[], today: string): Promise<LicenceUse[]> {
  const out: LicenceUse[] = [];
  const seen = new Set<string>();
  for (const [i, u] of uses.entries()) {
    const path = `/licences/${i}`;
    if (seen.has(u.materialId)) throw new DomainError('VALIDATION_FAILED', { zh: `材料“${u.materialId}”重复`, en: `Material ${u.materialId} is given twice` });
    seen.add(u.materialId);
    const m = materials.find((x) => x.id === u.materialId);
    if (!m) throw new DomainError('VALIDATION_FAILED', { zh: `事项没有编号为 ${u.materialId} 的材料`, en: `The item has no material ${u.materialId}` });
    if (!m.licenceType) throw refuse('LICENCE_NOT_ACCEPTED', `材料“${m.name}”不能以电子证照代替`, `Material "${m.name}" cannot be replaced by a licence`, path);
    const row = await repo.findLicence(db, checkedIdentifier(u.identifier));
    // Someone else's licence is answered like a missing one: its existence is not the applicant's to learn.
    if (!row || row.holder_id !== applicantId) throw new DomainError('NOT_FOUND', { zh: '未找到申请人持有的该电子证照', en: 'The applicant holds no such licence' });
    const type = await repo.findType(db, row.type_code);
    if (!type || (type.name !== m.licenceType && type.code !== m.licenceType)) {
      throw refuse('LICENCE_WRONG_TYPE', `材料“${m.name}”须以“${m.licenceType}”代替，所选证照是“${type?.name ?? row.type_code}”`, `Material "${m.name}" needs a ${m.licenceType}`, path);
    }
    const status = statusOf(row, today);
    if (!usableInPlaceOfMaterial(status)) {
      throw refuse('LICENCE_NOT_VALID', `所选电子证照${STATUS_LABELS[status].zh}，不能用于免提交材料，请上传材料或换发证照`, `The licence is ${STATUS_LABELS[status].en.toLowerCase()}; it cannot replace a material`, path);
    }
    if (!(await signatureHolds(db, row))) throw refuse('LICENCE_SIGNATURE_INVALID', '电子证照签名验证未通过，不能使用', 'The licence signature does not verify', path);
    out.push({ materialId: m.id, licenceId: row.id, identifier: row.identifier, version: row.version });
  }
  return out;
}

export async function recordLicenceUses(db: Db, caseId: string, uses: readonly LicenceUse[]): Promise<void> {
  if (uses.length === 0) return;
  await db
    .insertInto('case_licence_uses')
    .values(uses.map((u) => ({ case_id: caseId, material_id: u.materialId, licence_id: u.licenceId, identifier: u.identifier, version: u.version })))
    .onConflict((oc) => oc.columns(['case_id', 'material_id']).doNothing())
    .execute();
}

/** The licences a case used, each verified now (signature, history and current status). */
export async function licenceUsesOfCase(db: Db, caseId: string, now: Date): Promise<{ materialId: string; identifier: string; version: number; verification: PublicVerification }[]> {
  const rows = await db.selectFrom('case_licence_uses').select(['material_id', 'identifier', 'version']).where('case_id', '=', caseId).orderBy('material_id').execute();
  return Promise.all(rows.map(async (r) => ({ materialId: r.material_id, identifier: r.identifier, version: r.version, verification: await verifyPublicly(db, r.identifier, now) })));
}
