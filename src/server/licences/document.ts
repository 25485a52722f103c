import type { Db } from '../db/transaction.js';
import type { Actor } from '../policies/index.js';
import { sealDocument } from '../seals/service.js';
import { renderLicencePdf } from './pdf.js';
import { licenceDataOf, ownLicence } from './service.js';

/**
 * 证照文件: the holder downloads their licence as a PDF sealed with the issuing department's key
 * (电子印章, ADR 0029). The holder sees their own data unmasked, as on the paper licence.
 */
export async function licencePdfForHolder(db: Db, actor: Actor | undefined, identifier: string, baseUrl: string, now: Date): Promise<{ pdf: Buffer; filename: string; sealId: string; sha: string }> {
  const { row, type } = await ownLicence(db, actor, identifier);
  const data = licenceDataOf(row);
  const legal = data.holder.kind === 'legal_person';
  const pdf = await renderLicencePdf({
    typeName: type?.name ?? row.payload.type.name,
    typeNameEn: type?.nameEn ?? '',
    identifier: row.identifier,
    holder: { label: '持证主体', name: data.holder.name, idLabel: legal ? '统一社会信用代码' : '公民身份号码', id: (legal ? data.holder.creditCode : data.holder.idNumber) ?? '' },
    fields: (type?.fields ?? []).map((f) => ({ label: f.label, value: data.values[f.key] ?? '' })),
    issuer: row.payload.issuer.name,
    issuedOn: row.issued_on,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    keyId: row.key_id,
    verifyUrl: `${baseUrl}/licences/verify?id=${encodeURIComponent(row.identifier)}`,
    documentCheckUrl: `${baseUrl}/documents/verify`,
    createdAt: new Date(row.created_at),
  });
  const seal = await sealDocument(db, { pdf, kind: 'licence', title: `${type?.name ?? row.payload.type.name} ${row.identifier}`, orgId: row.issuer_org_id, licenceId: row.id, now });
  return { pdf, filename: `${row.type_code}-${row.identifier}.pdf`, sealId: seal.id, sha: seal.sha };
}
