import { randomUUID } from 'node:crypto';
import type { Material } from '../../core/catalogue/types.js';
import { findSource, purposeOf, type DataSource, type SubjectKind } from '../../core/data-sharing/directory.js';
import { checkMaterialDataUses, type MaterialDataUseRequest } from '../../core/data-sharing/material-fulfilment.js';
import { openRecord, sealRecord } from '../crypto/personal-data.js';
import type { Db } from '../db/transaction.js';
import { DomainError, assertUnreachable } from '../errors.js';
import { DataSourceError, type DataAnswer } from './providers.js';
import * as repo from './repository.js';
import { answerDigest, type ProviderRegistry } from './service.js';

/**
 * 免证办 via data (ADR 0030): at filing, the materials the applicant chose to have fulfilled by a read
 * of their own data are read from the data directory's sources — before anything is written, so a
 * refusal or a failing source leaves nothing behind — and, once the case row exists, each read is
 * appended to the access log (bound to the new case, its handling department and the material's
 * purpose) and kept with the case (answer sealed, SM3 digest equal to the log's).
 */

export const DATA_USE_PURPOSE = 'case_data_uses.answer';

export interface PreparedDataUse {
  materialId: string;
  queryId: string;
  source: DataSource;
  purpose: string;
  fields: string[];
  answer: DataAnswer;
  digest: string;
  at: Date;
}

/**
 * The pure rule (core/data-sharing/material-fulfilment.ts) as the API answers it: a use without a
 * purpose, for a material that takes no data, for a purpose the source or the material does not serve,
 * twice, or from a register of the wrong kind of person is refused — nothing is read. Used at filing,
 * and when a draft (item or 一件事) is saved with data uses (ADR 0044).
 */
export function checkDataUseRequests(materials: readonly Material[], requests: readonly MaterialDataUseRequest[], kind: SubjectKind) {
  const checked = checkMaterialDataUses(materials, requests, kind);
  if (!checked.ok) {
    const { refusal: r, index } = checked;
    const detail = [{ code: r.code, path: `/dataUses/${index}`, zh: r.zh, en: r.en }];
    switch (r.kind) {
      case 'validation':
        throw new DomainError('VALIDATION_FAILED', { zh: r.zh, en: r.en }, detail);
      case 'forbidden':
        throw new DomainError('FORBIDDEN', { zh: r.zh, en: r.en }, detail);
      case 'state':
        throw new DomainError('CASE_RULE_VIOLATION', { zh: r.zh, en: r.en }, detail);
      default:
        return assertUnreachable(r.kind);
    }
  }
  return checked.uses;
}

export async function readDataForMaterials(
  db: Db,
  providers: ProviderRegistry,
  now: () => Date,
  applicant: { id: string; kind: SubjectKind },
  materials: readonly Material[],
  requests: readonly MaterialDataUseRequest[],
): Promise<PreparedDataUse[]> {
  if (requests.length === 0) return [];
  const checked = checkDataUseRequests(materials, requests, applicant.kind);
  const out: PreparedDataUse[] = [];
  for (const use of checked) {
    const provider = providers.get(use.source.code);
    const queryId = randomUUID();
    let answer: DataAnswer;
    try {
      if (!provider) throw new DataSourceError('not_connected', false, `${use.source.name}尚未接入本平台`, `${use.source.nameEn} is not connected`);
      answer = await provider.answer(db, { queryId, source: use.source, subject: { userId: applicant.id, kind: applicant.kind }, purpose: use.purpose, fields: use.fields, caseNo: null });
    } catch (err) {
      if (!(err instanceof DataSourceError)) throw err;
      const code = err.reason === 'not_connected' ? 'DATA_SOURCE_NOT_CONNECTED' : 'DATA_SOURCE_UNAVAILABLE';
      const zh = `${err.zh}：材料“${use.material.name}”请上传`;
      const en = `${err.en}: upload "${use.material.name}" instead`;
      throw new DomainError(code, { zh, en }, [{ code, path: '/dataUses', zh, en }]);
    }
    const returned: DataAnswer = Object.fromEntries(use.fields.map((f) => [f, answer[f] ?? null]));
    const fields = use.fields.filter((f) => returned[f] !== null);
    // A source that knows nothing of the applicant fulfils nothing: the material must be handed in.
    if (fields.length === 0) {
      const zh = `${use.source.name}中没有您的相关信息，材料“${use.material.name}”请上传`;
      const en = `${use.source.nameEn} holds nothing about you; upload "${use.material.name}"`;
      throw new DomainError('CASE_RULE_VIOLATION', { zh, en }, [{ code: 'DATA_NO_ANSWER', path: '/dataUses', zh, en }]);
    }
    out.push({ materialId: use.material.id, queryId, source: use.source, purpose: use.purpose, fields, answer: returned, digest: answerDigest(returned), at: now() });
  }
  return out;
}

/** Once the case exists: the access log entries (actor: whoever filed; org: the handling department) and the case's record of each. */
export async function recordDataUses(db: Db, kase: { id: string; caseNo: string | null; applicantId: string; orgId: string }, actor: { userId: string; displayName: string }, uses: readonly PreparedDataUse[]): Promise<void> {
  for (const u of uses) {
    await repo.appendAccess(db, {
      id: u.queryId,
      at: u.at,
      actor_id: actor.userId,
      actor_name: actor.displayName,
      actor_role: 'filing',
      org_id: kase.orgId,
      case_id: kase.id,
      case_no: kase.caseNo,
      subject_id: kase.applicantId,
      purpose: u.purpose,
      source: u.source.code,
      source_owner: u.source.owner.name,
      fields: u.fields,
      outcome: 'answered',
      error: null,
      material_id: u.materialId,
      answer_digest: u.digest,
    });
    await db
      .insertInto('case_data_uses')
      .values({ case_id: kase.id, material_id: u.materialId, query_id: u.queryId, source: u.source.code, purpose: u.purpose, fields: JSON.stringify(u.fields), answer: JSON.stringify(sealRecord(DATA_USE_PURPOSE, u.answer)), answer_digest: u.digest, at: u.at })
      .execute();
  }
}

/** What a case used, with the values (for those who may see the case) and whether the kept answer still matches the log. */
export async function dataUsesOfCase(db: Db, caseId: string) {
  const rows = await db
    .selectFrom('case_data_uses as u')
    .leftJoin('data_access_log as l', 'l.id', 'u.query_id')
    .select(['u.material_id', 'u.query_id', 'u.source', 'u.purpose', 'u.fields', 'u.answer', 'u.answer_digest', 'u.at', 'l.answer_digest as logged_digest', 'l.source_owner'])
    .where('u.case_id', '=', caseId)
    .orderBy('u.material_id')
    .execute();
  return rows.map((r) => {
    const answer = (openRecord(DATA_USE_PURPOSE, r.answer) ?? {}) as DataAnswer;
    const source = findSource(r.source);
    const purpose = purposeOf(r.purpose);
    return {
      materialId: r.material_id,
      queryId: r.query_id,
      at: new Date(r.at).toISOString(),
      source: { code: r.source, name: source?.name ?? r.source, nameEn: source?.nameEn ?? r.source, owner: r.source_owner ?? source?.owner.name ?? '', ownerEn: source?.owner.nameEn ?? '' },
      purpose: { code: r.purpose, name: purpose?.name ?? r.purpose, nameEn: purpose?.nameEn ?? r.purpose },
      items: r.fields.map((key) => {
        const item = source?.items.find((i) => i.key === key);
        return { key, name: item?.name ?? key, nameEn: item?.nameEn ?? key, value: answer[key] ?? null };
      }),
      answerDigest: r.answer_digest,
      // The kept answer is the one the log recorded: same digest in both, and the digest of what is kept.
      matchesLog: r.logged_digest === r.answer_digest && answerDigest(answer) === r.answer_digest,
    };
  });
}
