import { DATA_SOURCES, findSource, purposeOf, sourcePurposes, type DataSource, type SubjectKind } from './directory.js';

/**
 * Who may read shared data, for what, and which items (数据共享 access policy). Pure: the server gives
 * the request and the caller's relation to the case (src/server/policies/case-access.ts decides it, the
 * same rule every case route uses), this answers allowed with the items to read, or refused with a
 * stable code and zh / en messages. Tested as tables (policy.test.ts).
 *
 * - every query names a case and a purpose (once-only principle: read for a stated case and purpose);
 * - the purpose must be one the source serves and every item asked for must allow it;
 * - the caller must be staff acting in that case: its window at intake or a back-office step of its
 *   department (`window` / `department`); supervisors, administrators and applicants do not query;
 * - the case must be live: not a draft, not closed (refused, delivered, withdrawn, terminated, revoked);
 * - the subject is the case's applicant, who must be of the kind the source holds.
 */

/** The caller's relation to the case, as src/server/policies/case-access.ts names it. */
export type CaseRelationName = 'applicant' | 'agent' | 'window' | 'department' | 'supervisor';

export interface DataQueryRequest {
  caseId?: string | null;
  purpose?: string | null;
  source: string;
  fields: readonly string[];
}

/** What the server knows of the case once it found it. */
export interface DataQueryCase {
  relation: CaseRelationName | null;
  state: string;
  applicantKind: SubjectKind;
}

export type RefusalKind = 'validation' | 'forbidden' | 'state';

export const REFUSAL_CODES = [
  'DATA_CASE_REQUIRED',
  'DATA_PURPOSE_REQUIRED',
  'DATA_SOURCE_UNKNOWN',
  'DATA_PURPOSE_UNKNOWN',
  'DATA_PURPOSE_NOT_SERVED',
  'DATA_FIELDS_REQUIRED',
  'DATA_FIELD_UNKNOWN',
  'DATA_FIELD_NOT_FOR_PURPOSE',
  'DATA_NOT_ACTING_IN_CASE',
  'DATA_CASE_NOT_LIVE',
  'DATA_SUBJECT_KIND',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  code: RefusalCode;
  kind: RefusalKind;
  zh: string;
  en: string;
}

export type DataQueryDecision = { ok: true; source: DataSource; purpose: string; fields: string[] } | { ok: false; refusal: Refusal };

const ACTING: readonly CaseRelationName[] = ['window', 'department'];
const NOT_LIVE = new Set(['draft', 'refused', 'delivered', 'withdrawn', 'terminated', 'revoked']);

const refuse = (code: RefusalCode, kind: RefusalKind, zh: string, en: string): DataQueryDecision => ({ ok: false, refusal: { code, kind, zh, en } });

/**
 * The request alone (before the case is read): a case and a purpose are stated, the source is known,
 * serves the purpose, and every item asked for may be read for it. Field order is kept, duplicates dropped.
 */
export function checkDataRequest(req: DataQueryRequest, sources: readonly DataSource[] = DATA_SOURCES): DataQueryDecision {
  if (!req.caseId) return refuse('DATA_CASE_REQUIRED', 'validation', '调取共享数据须关联办件：请注明为哪一个办件调取', 'A data query must name the case it is made for');
  if (!req.purpose) return refuse('DATA_PURPOSE_REQUIRED', 'validation', '调取共享数据须注明用途', 'A data query must state its purpose');
  const source = findSource(req.source, sources);
  if (!source) return refuse('DATA_SOURCE_UNKNOWN', 'validation', `数据目录中没有数据源“${req.source}”`, `The data directory has no source "${req.source}"`);
  const purpose = purposeOf(req.purpose);
  if (!purpose) return refuse('DATA_PURPOSE_UNKNOWN', 'validation', `用途“${req.purpose}”不在数据目录的法定用途之列`, `"${req.purpose}" is not a purpose the data directory knows`);
  if (!sourcePurposes(source).includes(purpose.code)) {
    return refuse('DATA_PURPOSE_NOT_SERVED', 'forbidden', `${source.name}不能用于“${purpose.name}”`, `${source.nameEn} may not be read for "${purpose.nameEn}"`);
  }
  const fields = [...new Set(req.fields)];
  if (fields.length === 0) return refuse('DATA_FIELDS_REQUIRED', 'validation', '请选择要调取的数据项', 'Choose the data items to read');
  for (const key of fields) {
    const item = source.items.find((i) => i.key === key);
    if (!item) return refuse('DATA_FIELD_UNKNOWN', 'validation', `${source.name}没有数据项“${key}”`, `${source.nameEn} has no item "${key}"`);
    if (!item.purposes.includes(purpose.code)) {
      return refuse('DATA_FIELD_NOT_FOR_PURPOSE', 'forbidden', `数据项“${item.name}”不能用于“${purpose.name}”`, `The item "${item.nameEn}" may not be read for "${purpose.nameEn}"`);
    }
  }
  return { ok: true, source, purpose: purpose.code, fields };
}

/** The whole decision: the request, then the caller's part in the case and the case itself. */
export function checkDataQuery(req: DataQueryRequest, kase: DataQueryCase, sources: readonly DataSource[] = DATA_SOURCES): DataQueryDecision {
  const decided = checkDataRequest(req, sources);
  if (!decided.ok) return decided;
  if (!kase.relation || !ACTING.includes(kase.relation)) {
    return refuse('DATA_NOT_ACTING_IN_CASE', 'forbidden', '只有正在办理该办件的窗口或审批人员才能为其调取数据', 'Only staff working on this case (its window or an approval step) may read data for it');
  }
  if (NOT_LIVE.has(kase.state)) return refuse('DATA_CASE_NOT_LIVE', 'state', '该办件未在办理中（草稿或已办结、终止），不能调取数据', 'The case is not being processed (a draft, or closed), so no data may be read for it');
  const source = decided.source;
  if (source.subject !== 'any' && source.subject !== kase.applicantKind) {
    return refuse(
      'DATA_SUBJECT_KIND',
      'validation',
      `${source.name}只登记${source.subject === 'natural_person' ? '自然人' : '法人'}，该办件的申请人不是${source.subject === 'natural_person' ? '自然人' : '法人'}`,
      `${source.nameEn} holds ${source.subject === 'natural_person' ? 'natural persons' : 'legal persons'} only; this case's applicant is not one`,
    );
  }
  return decided;
}
