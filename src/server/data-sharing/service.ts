import { randomUUID } from 'node:crypto';
import { DATA_SOURCES, purposeOf } from '../../core/data-sharing/directory.js';
import { checkDataQuery, checkDataRequest, type Refusal } from '../../core/data-sharing/policy.js';
import type { StaffRole } from '../db/schema.js';
import type { Db } from '../db/transaction.js';
import { DomainError, assertUnreachable } from '../errors.js';
import type { Actor } from '../policies/actor.js';
import { caseFactsOf, caseRelation, type CaseRelation } from '../policies/case-access.js';
import { sm3Hex } from '../cases/timeline-hash.js';
import * as repo from './repository.js';
import { DataSourceError, legalPersonProvider, licenceStoreProvider, notConnected, populationProvider, type DataAnswer, type DataSourceProvider } from './providers.js';

/**
 * 数据共享 queries (issue 11): a staff member working on a case reads the applicant's data from a
 * source of the data directory for a stated purpose. The pure policy (src/core/data-sharing/policy.ts)
 * decides; a refused query reaches no source and leaves no entry; an answered one — and one the source
 * was asked but failed — is written to the append-only data access log (数据使用记录).
 */

export type ProviderRegistry = ReadonlyMap<string, DataSourceProvider>;

/** Providers for every source of the directory: the built-in registers, the licence store, and the configured HTTP sources (others: not connected). */
export function providerRegistry(http: ReadonlyMap<string, DataSourceProvider> = new Map()): ProviderRegistry {
  const builtIn: Record<string, DataSourceProvider> = { population: populationProvider, legal_person: legalPersonProvider, licences: licenceStoreProvider };
  return new Map(DATA_SOURCES.map((s) => [s.code, builtIn[s.code] ?? http.get(s.code) ?? notConnected(s)]));
}

export interface DataSharingDeps {
  now: () => Date;
  providers: ProviderRegistry;
}

export interface DataQueryInput {
  caseId?: string | undefined;
  purpose?: string | undefined;
  source: string;
  fields: readonly string[];
}

export interface DataQueryResult {
  queryId: string;
  at: string;
  caseId: string;
  caseNo: string | null;
  source: { code: string; name: string; nameEn: string; owner: string; ownerEn: string };
  purpose: { code: string; name: string; nameEn: string };
  items: { key: string; name: string; nameEn: string; value: DataAnswer[string] }[];
  answerDigest: string;
}

export function refusalError(r: Refusal): DomainError {
  const detail = [{ code: r.code, zh: r.zh, en: r.en }];
  switch (r.kind) {
    case 'validation':
      return new DomainError('VALIDATION_FAILED', { zh: r.zh, en: r.en }, detail);
    case 'forbidden':
      return new DomainError('FORBIDDEN', { zh: r.zh, en: r.en }, detail);
    case 'state':
      return new DomainError('CASE_ILLEGAL_TRANSITION', { zh: r.zh, en: r.en }, detail);
    default:
      return assertUnreachable(r.kind);
  }
}

const APPROVER: readonly StaffRole[] = ['approver_handle', 'approver_review', 'approver_signoff'];

/** The role the actor acts in for the log: the window, or the approval role of the case's current step (else the first of its flow they hold). */
function actingRole(actor: Actor, relation: CaseRelation, row: { org_path: string; current_step: string | null; snapshot: unknown }): string {
  if (relation === 'window') return 'window_clerk';
  const held = actor.roles.filter((g) => APPROVER.includes(g.role) && row.org_path.startsWith(g.scopePath)).map((g) => g.role as string);
  const flow = caseFactsOf({ applicant_id: '', org_path: row.org_path, state: '', snapshot: row.snapshot }).flowRoles;
  return (row.current_step && held.includes(row.current_step) ? row.current_step : held.find((r) => flow.includes(r))) ?? relation;
}

/** SM3 over the answer's canonical JSON (keys sorted), recorded so a kept answer can be matched to the read. */
export function answerDigest(answer: DataAnswer): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  return sm3Hex(JSON.stringify(canonical(answer)));
}

export async function queryData(db: Db, deps: DataSharingDeps, actor: Actor | undefined, input: DataQueryInput): Promise<DataQueryResult> {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  const request = { caseId: input.caseId ?? null, purpose: input.purpose ?? null, source: input.source, fields: input.fields };
  const first = checkDataRequest(request);
  if (!first.ok) throw refusalError(first.refusal);
  const row = await repo.findCaseForQuery(db, input.caseId as string);
  if (!row) throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
  const relation = caseRelation(actor, caseFactsOf(row));
  // A draft is the applicant's alone: to anyone else it does not exist (as for every case route).
  if (!relation && row.state === 'draft') throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
  const decided = checkDataQuery(request, { relation, state: row.state, applicantKind: row.applicant_kind === 'legal_person' ? 'legal_person' : 'natural_person' });
  if (!decided.ok) throw refusalError(decided.refusal);
  const { source, purpose, fields } = decided;
  const provider = deps.providers.get(source.code);
  if (!provider) throw new DomainError('DATA_SOURCE_NOT_CONNECTED');
  const queryId = randomUUID();
  const entry = {
    id: queryId,
    actor_id: actor.userId,
    actor_name: actor.displayName,
    actor_role: actingRole(actor, relation as CaseRelation, row),
    org_id: actor.orgId,
    case_id: row.id,
    case_no: row.case_no,
    subject_id: row.applicant_id,
    purpose,
    source: source.code,
    source_owner: source.owner.name,
    material_id: null,
  };
  let answer: DataAnswer;
  try {
    answer = await provider.answer(db, { queryId, source, subject: { userId: row.applicant_id, kind: row.applicant_kind === 'legal_person' ? 'legal_person' : 'natural_person' }, purpose, fields, caseNo: row.case_no });
  } catch (err) {
    if (!(err instanceof DataSourceError)) throw err;
    // Asked and failed: the person sees that their data was asked for, with nothing returned.
    if (err.attempted) await repo.appendAccess(db, { ...entry, at: deps.now(), fields: [], outcome: 'failed', error: err.en, answer_digest: null });
    throw new DomainError(err.reason === 'not_connected' ? 'DATA_SOURCE_NOT_CONNECTED' : 'DATA_SOURCE_UNAVAILABLE', { zh: err.zh, en: err.en }, [{ code: err.reason === 'not_connected' ? 'DATA_SOURCE_NOT_CONNECTED' : 'DATA_SOURCE_UNAVAILABLE', zh: err.zh, en: err.en }]);
  }
  // Only the items asked for leave the source, whatever it sent.
  const returned: DataAnswer = Object.fromEntries(fields.map((f) => [f, answer[f] ?? null]));
  const digest = answerDigest(returned);
  const at = deps.now();
  await repo.appendAccess(db, { ...entry, at, fields: fields.filter((f) => returned[f] !== null), outcome: 'answered', error: null, answer_digest: digest });
  const p = purposeOf(purpose);
  return {
    queryId,
    at: at.toISOString(),
    caseId: row.id,
    caseNo: row.case_no,
    source: { code: source.code, name: source.name, nameEn: source.nameEn, owner: source.owner.name, ownerEn: source.owner.nameEn },
    purpose: { code: purpose, name: p?.name ?? purpose, nameEn: p?.nameEn ?? purpose },
    items: fields.map((f) => {
      const item = source.items.find((i) => i.key === f);
      return { key: f, name: item?.name ?? f, nameEn: item?.nameEn ?? f, value: returned[f] ?? null };
    }),
    answerDigest: digest,
  };
}
