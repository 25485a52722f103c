import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { BundleCasesTable, BundleFulfilment, BundleMaterialRecord, CaseRow } from '../db/schema.js';
import { inTransaction, type Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { queryCodeFrom } from '../../core/cases/case-number.js';
import type { CaseState } from '../../core/cases/types.js';
import { checkAnswers, selectMembers, applicableDependencies } from '../../core/bundles/selection.js';
import { handedInProblem, mergeApplication, memberFormData, type MergedMaterial } from '../../core/bundles/merge.js';
import { blockedMembers, bundleState, memberMoveMatters, membersToEnd, startableMembers, type BundleFacts, type BundleState, type MemberCase } from '../../core/bundles/state.js';
import type { BundleAnswers, BundleContent } from '../../core/bundles/types.js';
import { applicantOf, checkedApplication, runCommand, submitNewCase, SYSTEM_ACTOR, type CaseCommandHook, type CaseDeps } from '../cases/service.js';
import { nextCaseSeq } from '../cases/repository.js';
import { requireOwnUploads } from '../files/uploads.js';
import { checkBundleLibraryUses } from '../material-library/service.js';
import { checkLicenceUses } from '../licences/exemption.js';
import { checkDataUseRequests } from '../data-sharing/material-uses.js';
import { purposeOf } from '../../core/data-sharing/directory.js';
import { splitFulfilments, type BundleDataUse, type BundleLicenceUse, type MemberFulfilments } from '../../core/bundles/fulfilment.js';
import { openFormData, sealFormData } from '../crypto/personal-data.js';
import { enqueue } from '../jobs/outbox.js';
import * as repo from './repository.js';
import { agentMayActOnAll } from '../../core/agents/apply-as.js';
import type { AgentDecision } from '../../core/agents/scope.js';
import { assistComment, claimAssist, linkAssistToBundle, releaseAssist, requireAssistAuthorisation } from '../hall/assist-service.js';

/** An agent's refusal as the API answers it (403 with the reason; ADR 0037). */
function agentRefusal(d: AgentDecision): void {
  if (!d.ok) throw new DomainError('FORBIDDEN', { zh: d.zh, en: d.en }, [{ code: `AGENT_${d.reason.toUpperCase()}`, path: '/onBehalfOf', zh: d.zh, en: d.en }]);
}

/**
 * Bundle cases (一件事, issue 10): one application → one bundle case that owns one member case per
 * applicable member. Member cases are ordinary cases filed through the case service (so every case
 * rule applies); the bundle's own state is computed from them (core/bundles/state.ts) after every
 * command on a member (the `caseCommandHooks` hook), which also starts the members whose dependency's
 * result now exists — with that result's data filled into their form — and ends the others when the
 * bundle is withdrawn or stopped.
 */

/** The handed-in materials must be on the merged 一次告知 list, each once (src/core/bundles/merge.ts); else a clear 400. */
export function requireHandedInOnList(merged: readonly Pick<MergedMaterial, 'code'>[], handedIn: readonly { code: string }[]): void {
  const p = handedInProblem(merged, handedIn);
  if (!p) return;
  if (p.code === 'BUNDLE_MATERIAL_UNKNOWN') throw new DomainError('VALIDATION_FAILED', { zh: `本次申请不需要材料“${p.material}”`, en: `This application needs no material "${p.material}"` }, [{ code: p.code, path: '/materials', zh: '材料不在一次告知清单中', en: 'Not on the material list' }]);
  throw new DomainError('VALIDATION_FAILED', { zh: '同一材料只需提交一次', en: 'Each material is handed in once' }, [{ code: p.code, path: '/materials', zh: '同一材料只需提交一次', en: 'Each material is handed in once' }]);
}
export type BundleCaseRow = Selectable<BundleCasesTable>;

export interface ApplyInput {
  bundleId: string;
  answers: BundleAnswers;
  formData: Record<string, unknown>;
  materials: BundleMaterialRecord[];
  /** 我的材料: material code → a library entry of the applicant instead of an upload (ADR 0027). */
  fromLibrary?: { code: string; libraryId: string }[] | undefined;
  /** 免证办 (ADR 0044): material code → one of the applicant's licences, or a data read for the material's purpose. */
  licences?: BundleLicenceUse[] | undefined;
  dataUses?: BundleDataUse[] | undefined;
  applicantId?: string | undefined;
  /** 经办人 (ADR 0041): the enterprise a registered agent applies for; every member must be in the grant's scope. */
  onBehalfOf?: string | undefined;
  /** 帮办代办 at the window (ADR 0041): the person's recorded authorisation, claimed by the bundle case. */
  assistAuthorisationId?: string | undefined;
  /** The clerk declares 帮办代办: refused without `assistAuthorisationId`. */
  assisted?: boolean | undefined;
  /** A saved draft is filed under the version it was saved against, or refused (ADR 0044). */
  pinnedVersionId?: string | undefined;
}

const memberName = (content: BundleContent, facts: Map<string, { name: string }>, key: string) => {
  const m = content.members.find((x) => x.key === key);
  return (m && facts.get(m.itemId)?.name) ?? key;
};

/**
 * Published (and later retired) bundle versions never change — only a draft is edited — so their
 * content is kept once read (ADR 0047). A bundle case always pins a published version.
 */
const versionCache = new Map<string, BundleContent>();
const VERSION_CACHE_MAX = 200;

export async function loadVersion(db: Db, versionId: string): Promise<BundleContent> {
  const cached = versionCache.get(versionId);
  if (cached) return cached;
  const v = await db.selectFrom('bundle_versions').select(['content', 'status']).where('id', '=', versionId).executeTakeFirst();
  if (!v) throw new DomainError('NOT_FOUND');
  if (v.status === 'published' || v.status === 'retired') {
    if (versionCache.size >= VERSION_CACHE_MAX) versionCache.delete(versionCache.keys().next().value!);
    versionCache.set(versionId, v.content);
  }
  return v.content;
}

export async function recordBundleEvent(db: Db, e: { bundleCaseId: string; at: Date; action: string; actor?: Actor | null; memberKey?: string | null; comment?: string | null; data?: Record<string, unknown> }): Promise<void> {
  await db
    .insertInto('bundle_events')
    .values({
      bundle_case_id: e.bundleCaseId,
      at: e.at,
      action: e.action,
      actor_id: e.actor && e.actor.userId !== SYSTEM_ACTOR.userId ? e.actor.userId : null,
      actor_name: e.actor?.displayName ?? '系统',
      member_key: e.memberKey ?? null,
      comment: e.comment ?? null,
      data: JSON.stringify(e.data ?? {}),
    })
    .execute();
}

/**
 * The applicant hears of the bundle once per bundle event (ADR 0028): the in-app notification and the
 * outbox message (SMS / e-mail); its member cases send none themselves.
 */
export async function notifyApplicant(db: Db, bc: Pick<BundleCaseRow, 'applicant_id' | 'id' | 'case_no'>, kind: string, title: string, body: string): Promise<void> {
  await db.insertInto('notifications').values({ user_id: bc.applicant_id, kind, title, body }).execute();
  await enqueue(db, 'notify.applicant', { userId: bc.applicant_id, bundleCaseId: bc.id, title });
}

const versionRetired = () =>
  new DomainError('CASE_RULE_VIOLATION', { zh: '该草稿所依据的一件事版本已停用，请按现行版本重新填写申请', en: 'The bundle version this draft was saved against has been retired; fill in a new application' }, [
    { code: 'BUNDLE_VERSION_RETIRED', path: '/versionId', zh: '一件事版本已停用', en: 'Bundle version retired' },
  ]);

/** The licence and data uses of one member, under its own material ids. */
function memberUses(merged: ReturnType<typeof mergeApplication>, records: readonly BundleFulfilment[], key: string): MemberFulfilments {
  const split = splitFulfilments(
    merged.materials,
    records.flatMap((r) => (r.by === 'licence' ? [{ code: r.code, identifier: r.identifier }] : [])),
    records.flatMap((r) => (r.by === 'data' ? [{ code: r.code, purpose: r.purpose }] : [])),
  );
  return split.ok ? (split.members[key] ?? { licences: [], dataUses: [] }) : { licences: [], dataUses: [] };
}

/**
 * 免证办 in a 一件事 (ADR 0044): every use is checked for every applicable member it serves, exactly as a
 * single application checks it — the licence is the applicant's, of the type the member's material
 * names, valid today (not expired, revoked or superseded) and its signature holds; a data read is for
 * the material's purpose from a register of the applicant's kind. Nothing is read yet: each member
 * case reads its data when it is filed, so the access log names that case and its department.
 */
export async function checkBundleFulfilments(db: Db, applicant: { id: string; kind: 'natural_person' | 'legal_person' }, content: BundleContent, facts: Awaited<ReturnType<typeof repo.memberFacts>>, merged: ReturnType<typeof mergeApplication>, licences: readonly BundleLicenceUse[], dataUses: readonly BundleDataUse[], handedIn: readonly string[], today: string): Promise<{ records: BundleFulfilment[]; comment: string | null }> {
  if (licences.length === 0 && dataUses.length === 0) return { records: [], comment: null };
  const split = splitFulfilments(merged.materials, licences, dataUses, handedIn);
  if (!split.ok) {
    const p = split.problem;
    throw new DomainError(p.code === 'LICENCE_NOT_ACCEPTED' ? 'CASE_RULE_VIOLATION' : 'VALIDATION_FAILED', { zh: p.zh, en: p.en }, [p]);
  }
  const seen = new Map<string, { version: number }>();
  for (const [key, uses] of Object.entries(split.members)) {
    const f = facts.get(content.members.find((m) => m.key === key)?.itemId ?? '');
    if (!f) continue;
    try {
      for (const u of await checkLicenceUses(db, applicant.id, f.materials, uses.licences, today)) seen.set(u.identifier, { version: u.version });
      checkDataUseRequests(f.materials, uses.dataUses, applicant.kind);
    } catch (err) {
      if (err instanceof DomainError) throw new DomainError(err.code, { zh: `“${f.name}”：${err.localized.zh}`, en: `"${f.name}": ${err.localized.en}` }, err.details);
      throw err;
    }
  }
  const name = (code: string) => merged.materials.find((m) => m.code === code)?.name ?? code;
  const served = (code: string) => (merged.materials.find((m) => m.code === code)?.serves ?? []).map((s) => memberName(content, facts, s.memberKey)).join('、');
  const records: BundleFulfilment[] = [...licences.map((u) => ({ code: u.code, by: 'licence' as const, identifier: u.identifier })), ...dataUses.map((u) => ({ code: u.code, by: 'data' as const, purpose: u.purpose }))];
  const comment = [
    ...licences.map((u) => `${name(u.code)}以电子证照代替（${u.identifier}，第${seen.get(u.identifier)?.version ?? 1}版），用于${served(u.code)}`),
    ...dataUses.map((u) => `${name(u.code)}以共享数据代替（用途：${purposeOf(u.purpose)?.name ?? u.purpose}），各事项办理部门受理时调取，用于${served(u.code)}`),
  ].join('；');
  return { records, comment };
}

/** Files one application for a bundle: checks everything first, then writes the bundle case and starts the members that can start. */
export async function applyForBundle(db: Db, deps: CaseDeps, actor: Actor, input: ApplyInput, idempotencyKey?: string): Promise<{ row: BundleCaseRow; replayed: boolean }> {
  const onBehalfOf = input.onBehalfOf && input.onBehalfOf !== actor.userId ? input.onBehalfOf : undefined;
  if (onBehalfOf && actor.kind !== 'natural_person') throw new DomainError('FORBIDDEN', { zh: '只有企业登记的经办人（自然人）可以代企业申请', en: 'Only an enterprise’s registered agent (a natural person) can apply for it' });
  if ((input.assistAuthorisationId || input.assisted) && actor.kind !== 'staff') throw new DomainError('FORBIDDEN', { zh: '帮办代办仅由大厅工作人员办理', en: 'Assisted filing is for hall staff' });
  requireAssistAuthorisation(input);
  if (onBehalfOf && !actor.agentFor?.some((g) => g.enterpriseId === onBehalfOf)) agentRefusal(agentMayActOnAll([], onBehalfOf, [], ''));
  if (idempotencyKey) {
    const prior = await db.selectFrom('bundle_cases').selectAll().where('submitted_by', '=', actor.userId).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
    if (prior) return { row: prior, replayed: true };
  }
  const b = await repo.findPublishedBundle(db, input.bundleId);
  if (input.pinnedVersionId && b?.version_id !== input.pinnedVersionId) throw versionRetired();
  if (!b) throw new DomainError('NOT_FOUND', { zh: '该一件事不存在或未发布，不能申请', en: 'The bundle does not exist or is not published' });
  const staff = actor.kind === 'staff';
  if (staff && !actor.roles.some((g) => g.role === 'window_clerk' && b.org_path.startsWith(g.scopePath))) {
    throw new DomainError('FORBIDDEN', { zh: '您不能在该政务服务中心受理一件事', en: 'You cannot take in bundles of this hall' });
  }
  if (!staff && input.applicantId && input.applicantId !== actor.userId) throw new DomainError('FORBIDDEN', { zh: '只能为本人申请', en: 'You can only apply for yourself' });
  const applicantId = staff ? input.applicantId : (onBehalfOf ?? actor.userId);
  if (!applicantId) throw new DomainError('VALIDATION_FAILED', { zh: '请先确定申请人', en: 'Identify the applicant first' });
  const applicant = await applicantOf(db, applicantId);
  const content = b.content;
  if (!content.applicantTypes.includes(applicant.kind)) throw new DomainError('VALIDATION_FAILED', { zh: '该一件事不面向此类申请人', en: 'This bundle does not serve this kind of applicant' });
  const answerProblems = checkAnswers(content, input.answers);
  if (answerProblems.length) throw new DomainError('VALIDATION_FAILED', { zh: answerProblems.map((p) => p.zh).join('；'), en: answerProblems.map((p) => p.en).join('; ') }, answerProblems.map((p) => ({ code: p.code, path: `/answers/${p.questionId}`, zh: p.zh, en: p.en })));

  const facts = await repo.memberFacts(db, content);
  const applicable = selectMembers(content, input.answers);
  const merged = mergeApplication(content, facts, input.answers);
  const closed = applicable.filter((k) => !facts.get(content.members.find((m) => m.key === k)!.itemId)?.published);
  if (closed.length || merged.members.length !== applicable.length) {
    throw new DomainError('CASE_RULE_VIOLATION', { zh: `成员事项“${closed.map((k) => memberName(content, facts, k)).join('、')}”暂停办理，请稍后再申请`, en: 'A member item is not open for applications now' });
  }
  // 经办人: the grant must be in force and cover every member the application files (a clear 403, nothing written).
  const memberItems = applicable.map((k) => facts.get(content.members.find((m) => m.key === k)!.itemId)!);
  if (onBehalfOf) agentRefusal(agentMayActOnAll(actor.agentFor ?? [], onBehalfOf, memberItems.map((f) => ({ implId: f.itemId, category: f.content.category })), isoDateInChina(deps.now())));
  const agentGrant = onBehalfOf ? (actor.agentFor ?? []).find((g) => g.enterpriseId === onBehalfOf) : undefined;
  requireHandedInOnList(merged.materials, input.materials);
  await requireOwnUploads(db, actor.userId, input.materials.map((m) => m.fileId));
  const itemIdOf = (key: string) => content.members.find((m) => m.key === key)?.itemId ?? key;
  const libraryUses = await checkBundleLibraryUses(db, applicantId, merged.materials, itemIdOf, input.fromLibrary ?? [], input.materials.map((m) => m.code), isoDateInChina(deps.now()));
  const handedIn: BundleMaterialRecord[] = [...input.materials, ...libraryUses.map((u) => ({ code: u.code, fileId: u.fileId, fileName: u.fileName, libraryId: u.libraryId, sourceCaseNo: u.sourceCaseNo }))];
  const fulfilments = await checkBundleFulfilments(db, { id: applicantId, kind: applicant.kind }, content, facts, merged, input.licences ?? [], input.dataUses ?? [], handedIn.map((m) => m.code), isoDateInChina(deps.now()));
  const unknownFields = Object.keys(input.formData).filter((k) => !(k in merged.form.properties));
  if (unknownFields.length) throw new DomainError('VALIDATION_FAILED', { zh: `申请表没有字段：${unknownFields.join('、')}`, en: `The form has no field ${unknownFields.join(', ')}` });
  // Every member's form is checked now (fields filled later by a dependency stand in), so nothing half-starts.
  for (const key of applicable) {
    const f = facts.get(content.members.find((m) => m.key === key)!.itemId)!;
    const data = memberFormData(f, input.formData);
    for (const later of merged.filledLater[key] ?? []) data[later] = '（待前置事项办结后自动填入）';
    try {
      checkedApplication(f.content, { formData: data, situationAnswers: merged.memberAnswers[key] ?? {} }, applicant);
    } catch (err) {
      if (err instanceof DomainError) throw new DomainError(err.code, { zh: `“${f.name}”：${err.localized.zh}`, en: `"${f.name}": ${err.localized.en}` }, err.details);
      throw err;
    }
  }

  const now = deps.now();
  const today = isoDateInChina(now);
  const calendar = await deps.calendar();
  const dueDate = calendar.addWorkingDays(today, content.limitDays).date;
  const deps2 = applicableDependencies(content, applicable);
  const id = randomUUID();
  // 帮办代办: the authorisation is claimed once everything is checked, linked to the bundle case in its transaction, released if none is written.
  const assist = staff && input.assistAuthorisationId ? await claimAssist(db, actor, applicantId, b.org_path, input.assistAuthorisationId, now) : null;
  const acting = assist
    ? { comment: assistComment(assist.kind), onBehalfOf: { kind: 'assist', id: applicant.id, name: applicant.name, applicantKind: applicant.kind, authorisationId: assist.id, authorisation: assist.kind, ...(assist.file ? { file: assist.file } : {}) } }
    : agentGrant
      ? { comment: '经办人代企业申请', onBehalfOf: { kind: 'agent', id: applicant.id, name: applicant.name, applicantKind: applicant.kind, grantId: agentGrant.grantId } }
      : null;
  const row = await inTransaction(db, async (tx) => {
    const seq = await nextCaseSeq(tx, `${b.code}${today}`);
    const inserted = await tx
      .insertInto('bundle_cases')
      .values({
        id,
        case_no: `${b.code}${today.replaceAll('-', '')}${String(seq).padStart(6, '0')}`,
        query_code: queryCodeFrom(randomBytes(16)),
        bundle_id: b.id,
        version_id: b.version_id,
        org_path: b.org_path,
        title: content.name,
        applicant_id: applicantId,
        submitted_by: actor.userId,
        channel: staff ? 'window' : 'online',
        answers: JSON.stringify(input.answers),
        form_data: sealFormData(input.formData),
        materials: JSON.stringify(handedIn),
        fulfilments: JSON.stringify(fulfilments.records),
        refusal_policy: content.refusalPolicy,
        limit_days: content.limitDays,
        submitted_on: today,
        due_date: dueDate,
        state: 'in_progress',
        idempotency_key: idempotencyKey ?? null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['submitted_by', 'idempotency_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) return undefined;
    // Every member row in one statement (a published bundle applies at least one member).
    if (applicable.length) await tx
      .insertInto('bundle_members')
      .values(
        applicable.map((key, position) => {
          const f = facts.get(content.members.find((m) => m.key === key)!.itemId)!;
          return { bundle_case_id: id, member_key: key, position, impl_id: f.itemId, org_path: f.orgPath, depends_on: JSON.stringify(deps2.get(key) ?? []) };
        }),
      )
      .execute();
    if (assist) await linkAssistToBundle(tx, assist.id, id);
    const filed = `${staff ? '综合窗口受理' : '网上申请'}：${applicable.map((k) => memberName(content, facts, k)).join('、')}`;
    await recordBundleEvent(tx, {
      bundleCaseId: id,
      at: now,
      action: 'submit',
      actor,
      comment: acting ? `${acting.comment}；${filed}` : filed,
      data: { members: applicable, materialsMerged: merged.figures.materialsMerged, materialsSeparate: merged.figures.materialsSeparate, ...(acting ? { onBehalfOf: acting.onBehalfOf } : {}) },
    });
    if (libraryUses.length) {
      const who = staff ? `窗口人员${actor.displayName}从申请人的“我的材料”中选用` : '从“我的材料”中选用';
      await recordBundleEvent(tx, { bundleCaseId: id, at: now, action: 'library_use', actor, comment: `${who}：${libraryUses.map((u) => `${u.fileName}（来自办件${u.sourceCaseNo ?? u.sourceCaseId}）`).join('、')}`, data: { library: libraryUses } });
    }
    if (fulfilments.comment) await recordBundleEvent(tx, { bundleCaseId: id, at: now, action: 'fulfilment_use', actor, comment: fulfilments.comment, data: { fulfilments: fulfilments.records } });
    await notifyApplicant(tx, inserted, 'bundle_submit', `${content.name}一件事：已提交`, `一件事编号 ${inserted.case_no}`);
    return inserted;
  }).catch(async (err: unknown) => {
    if (assist) await releaseAssist(db, assist.id);
    throw err;
  });
  if (!row) {
    if (assist) await releaseAssist(db, assist.id);
    const prior = await db.selectFrom('bundle_cases').selectAll().where('submitted_by', '=', actor.userId).where('idempotency_key', '=', idempotencyKey ?? '').executeTakeFirst();
    if (!prior) throw new DomainError('CONFLICT');
    return { row: prior, replayed: true };
  }
  // The sync starts the members: with the definition, member items and applicant just read (no second read).
  await syncBundle(db, deps, row.id, actor, { content, facts, applicant: { kind: applicant.kind, display_name: applicant.name } });
  return { row: (await findBundleCase(db, row.id))!, replayed: false };
}

export function findBundleCase(db: Db, id: string) {
  return db.selectFrom('bundle_cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The members with their cases, as the bundle rules need them. */
export async function membersOf(db: Db, bundleCaseId: string) {
  const rows = await db
    .selectFrom('bundle_members as m')
    .leftJoin('cases as c', 'c.id', 'm.case_id')
    .select(['m.member_key', 'm.position', 'm.impl_id', 'm.org_path', 'm.depends_on', 'm.case_id', 'm.started_at', 'm.note', 'c.state', 'c.snapshot', 'c.case_no', 'c.due_date', 'c.applicant_id', 'c.form_data', 'c.title'])
    .where('m.bundle_case_id', '=', bundleCaseId)
    .orderBy('m.position')
    .execute();
  return rows.map((r) => {
    const snap = r.snapshot as { decision?: 'approved' | 'denied' | null; resultNo?: string | null } | null;
    const memberCase: MemberCase = r.case_id && r.state ? { state: r.state as CaseState, decision: snap?.decision ?? null } : null;
    return { ...r, memberCase, resultNo: snap?.resultNo ?? null };
  });
}

export type MemberRow = Awaited<ReturnType<typeof membersOf>>[number];

export function factsOf(bc: Pick<BundleCaseRow, 'refusal_policy' | 'withdrawn'>, members: readonly MemberRow[]): BundleFacts {
  return {
    members: members.map((m) => ({ key: m.member_key, dependsOn: m.depends_on })),
    cases: Object.fromEntries(members.map((m) => [m.member_key, m.memberCase])),
    policy: bc.refusal_policy,
    withdrawn: bc.withdrawn,
  };
}

function applicantActor(bc: BundleCaseRow, kind: Actor['kind'], name: string): Actor {
  return { userId: bc.applicant_id, kind, displayName: name, orgId: null, roles: [] };
}

const syncing = new AsyncLocalStorage<Set<string>>();

/** What a sync may already have in hand (the application has just read them): not read again. */
export interface SyncPreloaded {
  content: BundleContent;
  facts: Awaited<ReturnType<typeof repo.memberFacts>>;
  applicant: { kind: Actor['kind']; display_name: string };
}

/**
 * Runs commands on several members of one bundle (统一出件, the gathered correction) with their
 * after-command syncs held back, then syncs the bundle once: one sync per bundle action instead of
 * one per member command (ADR 0047).
 */
export async function withOneSync<T>(db: Db, deps: CaseDeps, bundleCaseId: string, fn: () => Promise<T>): Promise<T> {
  const active = syncing.getStore();
  const result = await syncing.run(new Set([...(active ?? []), bundleCaseId]), fn);
  await syncBundle(db, deps, bundleCaseId);
  return result;
}

/**
 * Brings a bundle in line with its members: ends running members when withdrawn or stopped, starts
 * the members whose dependencies are done, notes the members that will never start, and stores the
 * bundle state computed from the members. Safe to run twice or concurrently: a member is started by
 * whoever claims it first.
 */
export async function syncBundle(db: Db, deps: CaseDeps, bundleCaseId: string, starter?: Actor, preloaded?: SyncPreloaded): Promise<void> {
  const active = syncing.getStore();
  if (active?.has(bundleCaseId)) return; // a command run by this sync: the outer sync recomputes at its end
  await syncing.run(new Set([...(active ?? []), bundleCaseId]), () => doSync(db, deps, bundleCaseId, starter, preloaded));
}

/** Reads a value the first time it is asked for, and only then. */
function lazy<T>(read: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= read());
}

async function doSync(db: Db, deps: CaseDeps, bundleCaseId: string, starter?: Actor, preloaded?: SyncPreloaded): Promise<void> {
  const bc = await findBundleCase(db, bundleCaseId);
  if (!bc) return;
  let members = await membersOf(db, bc.id);
  // Nothing to end, start or note and the state unchanged: two reads, then done (ADR 0028). Most member
  // commands do not even get here: the hook asks the core first whether the move can matter (ADR 0047).
  if (nothingToDo(bc, members)) return;
  // The definition (cached per published version), the member items and the applicant: read when needed.
  const contentOf = lazy(async () => preloaded?.content ?? (await loadVersion(db, bc.version_id)));
  const factsOf_ = lazy(async () => preloaded?.facts ?? (await repo.memberFacts(db, await contentOf())));
  const applicantOf_ = lazy(async () => preloaded?.applicant ?? (await db.selectFrom('users').select(['kind', 'display_name']).where('id', '=', bc.applicant_id).executeTakeFirstOrThrow()));
  const now = deps.now();

  let ended = false;
  for (const key of membersToEnd(factsOf(bc, members))) {
    const m = members.find((x) => x.member_key === key)!;
    if (!m.case_id) continue;
    const reason = bc.withdrawn ? `申请人撤回一件事“${bc.title}”` : `一件事“${bc.title}”中有成员事项未通过，按一件事规则终止办理`;
    const asApplicant = bc.withdrawn || ['submitted', 'correction_requested'].includes(m.state ?? '');
    ended = true;
    try {
      if (asApplicant) {
        const applicant = await applicantOf_();
        await runCommand(db, deps, applicantActor(bc, applicant.kind, applicant.display_name), m.case_id, { type: 'withdraw', reason });
      }
      else await runCommand(db, deps, SYSTEM_ACTOR, m.case_id, { type: 'terminate', reason });
    } catch (err) {
      // A member that already moved on (decided, completed) finishes as it is.
      if (!(err instanceof DomainError)) throw err;
    }
  }
  if (ended) members = await membersOf(db, bc.id);

  let started = false;
  for (const key of startableMembers(factsOf(bc, members))) {
    const claimed = await db.updateTable('bundle_members').set({ started_at: now, note: null }).where('bundle_case_id', '=', bc.id).where('member_key', '=', key).where('started_at', 'is', null).returning('member_key').executeTakeFirst();
    if (!claimed) continue;
    started = true;
    try {
      const applicant = starter ? null : await applicantOf_();
      await startMember(db, deps, bc, await contentOf(), await factsOf_(), members, key, starter ?? applicantActor(bc, applicant!.kind, applicant!.display_name));
    } catch (err) {
      const msg = err instanceof DomainError ? err.localized.zh : '系统错误';
      await db.updateTable('bundle_members').set({ started_at: null, note: `未能启动：${msg}` }).where('bundle_case_id', '=', bc.id).where('member_key', '=', key).execute();
      await recordBundleEvent(db, { bundleCaseId: bc.id, at: now, action: 'member_start_failed', memberKey: key, comment: msg });
      if (!(err instanceof DomainError)) throw err;
    }
  }
  if (started) members = await membersOf(db, bc.id);

  const f = factsOf(bc, members);
  for (const key of blockedMembers(f)) {
    const m = members.find((x) => x.member_key === key)!;
    if (m.note?.startsWith('不再办理')) continue;
    const failed = m.depends_on.filter((d) => ['failed', 'withdrawn'].includes(phaseOfRow(members, d)));
    const content = await contentOf();
    const facts = await factsOf_();
    const why = bc.withdrawn ? '申请人已撤回' : failed.length ? `前置事项“${failed.map((d) => memberName(content, facts, d)).join('、')}”未通过` : '一件事已终止';
    await db.updateTable('bundle_members').set({ note: `不再办理：${why}` }).where('bundle_case_id', '=', bc.id).where('member_key', '=', key).execute();
    await recordBundleEvent(db, { bundleCaseId: bc.id, at: now, action: 'member_blocked', memberKey: key, comment: `“${memberName(content, facts, key)}”不再办理：${why}` });
  }

  const state = bundleState(f);
  if (state !== bc.state) {
    const moved = await db.updateTable('bundle_cases').set({ state, updated_at: now, lock_version: bc.lock_version + 1 }).where('id', '=', bc.id).where('lock_version', '=', bc.lock_version).returning('id').executeTakeFirst();
    if (moved) {
      // Names are needed only when a member failed (the comment names it).
      const named = members.some((m) => phaseOfRow(members, m.member_key) === 'failed');
      const comment = stateComment(state, bc, named ? await contentOf() : null, named ? await factsOf_() : new Map(), members);
      await recordBundleEvent(db, { bundleCaseId: bc.id, at: now, action: `state_${state}`, comment, data: { from: bc.state, to: state } });
      if (['partially_completed', 'stopped', 'completed', 'withdrawn', 'delivered'].includes(state)) {
        await notifyApplicant(db, bc, `bundle_${state}`, `${bc.title}一件事：${comment}`, `一件事编号 ${bc.case_no}`);
      }
    } else {
      // Someone else moved the bundle meanwhile: their sync saw newer member states; run once more.
      await doSync(db, deps, bundleCaseId);
    }
  }
}

/** No member to end, start or note as blocked, and the stored state is the computed one. */
function nothingToDo(bc: BundleCaseRow, members: readonly MemberRow[]): boolean {
  const f = factsOf(bc, members);
  const row = (key: string) => members.find((x) => x.member_key === key);
  return (
    !membersToEnd(f).some((k) => row(k)?.case_id) &&
    startableMembers(f).length === 0 &&
    !blockedMembers(f).some((k) => !row(k)?.note?.startsWith('不再办理')) &&
    bundleState(f) === bc.state
  );
}

function phaseOfRow(members: readonly MemberRow[], key: string): string {
  const c = members.find((m) => m.member_key === key)?.memberCase ?? null;
  if (!c) return 'waiting';
  if (c.state === 'withdrawn') return 'withdrawn';
  if (['refused', 'terminated', 'revoked'].includes(c.state) || (['completed', 'delivered'].includes(c.state) && c.decision !== 'approved')) return 'failed';
  return 'other';
}

/** What the applicant is told when the bundle changes state — for a refusal: which member, and what happens to the others. */
function stateComment(state: BundleState, bc: BundleCaseRow, content: BundleContent | null, facts: Map<string, { name: string }>, members: readonly MemberRow[]): string {
  const failed = members.filter((m) => phaseOfRow(members, m.member_key) === 'failed').map((m) => `“${content ? memberName(content, facts, m.member_key) : m.member_key}”`);
  switch (state) {
    case 'stopped':
      return `${failed.join('、')}未通过；按本一件事规则，其余事项一并终止办理`;
    case 'partially_completed':
      return `${failed.join('、')}未通过；按本一件事规则，其余事项继续办理并已办结，可统一领取办理结果`;
    case 'completed':
      return '全部事项已办结，请统一领取办理结果';
    case 'delivered':
      return '办理结果已统一送达';
    case 'withdrawn':
      return '申请人已撤回，所有在办事项已撤回';
    case 'correction_requested':
      return '请按一次性告知补正材料';
    case 'in_progress':
      return failed.length ? `${failed.join('、')}未通过；按本一件事规则，其余事项继续办理` : '联办中';
  }
}

async function startMember(db: Db, deps: CaseDeps, bc: BundleCaseRow, content: BundleContent, facts: Awaited<ReturnType<typeof repo.memberFacts>>, members: readonly MemberRow[], key: string, actor: Actor): Promise<CaseRow> {
  const member = content.members.find((m) => m.key === key)!;
  const f = facts.get(member.itemId);
  if (!f?.published) throw new DomainError('CASE_RULE_VIOLATION', { zh: '成员事项已停止办理', en: 'The member item is closed' });
  const answers = bc.answers;
  const merged = mergeApplication(content, facts, answers);
  const data = memberFormData(f, openFormData(bc.form_data));
  const filled: string[] = [];
  for (const d of member.dependsOn ?? []) {
    const dep = members.find((m) => m.member_key === d.memberKey);
    if (!dep) continue;
    for (const x of d.mappings) {
      const value = x.from === 'resultNo' ? dep.resultNo : openFormData(dep.form_data)[x.from.slice('field:'.length)];
      if (value !== undefined && value !== null) {
        data[x.toField] = value;
        filled.push(`${f.form.properties[x.toField]?.title ?? x.toField}（来自“${memberName(content, facts, d.memberKey)}”：${String(value)}）`);
      }
    }
  }
  const files = new Map(bc.materials.map((m) => [m.code, m]));
  const handedIn = merged.materials.flatMap((m) => m.serves.filter((s) => s.memberKey === key).map((s) => ({ s, file: files.get(m.code) }))).filter((x) => x.file);
  const materials = handedIn.filter((x) => !x.file!.libraryId).map((x) => ({ materialId: x.s.materialId, fileId: x.file!.fileId, fileName: x.file!.fileName }));
  // 我的材料: a library entry goes to the member case as a library use, recorded on its first event.
  const fromLibrary = handedIn.filter((x) => x.file!.libraryId).map((x) => ({ materialId: x.s.materialId, libraryId: x.file!.libraryId! }));
  // 经办人 (ADR 0041): an agent starting a member files it for the enterprise, under the same scope check.
  const onBehalfOf = actor.kind === 'natural_person' && actor.userId !== bc.applicant_id ? { onBehalfOf: bc.applicant_id } : {};
  // 免证办 (ADR 0044): the member uses the bundle's licences and data reads for its own materials; the licence is checked again and the data read now, bound to this case.
  const uses = memberUses(merged, bc.fulfilments ?? [], key);
  const { caseRow } = await submitNewCase(
    db,
    deps,
    actor,
    { implId: member.itemId, formData: data, situationAnswers: merged.memberAnswers[key] ?? {}, materials, fromLibrary, licences: uses.licences, dataUses: uses.dataUses, channel: bc.channel, applicantId: bc.applicant_id, ...onBehalfOf },
    undefined,
    {
      filesChecked: true,
      eventData: { bundleCaseId: bc.id, bundleCaseNo: bc.case_no, memberKey: key },
      comment: `一件事“${bc.title}”（${bc.case_no}）的成员事项${filled.length ? `；已自动填入：${filled.join('、')}` : ''}`,
    },
  );
  // The member row names its case and the case names its bundle (ADR 0028), in one statement.
  await sql`with linked as (update cases set bundle_case_id = ${bc.id}::uuid where id = ${caseRow.id}::uuid)
    update bundle_members set case_id = ${caseRow.id}::uuid where bundle_case_id = ${bc.id}::uuid and member_key = ${key}`.execute(db);
  await recordBundleEvent(db, { bundleCaseId: bc.id, at: deps.now(), action: 'member_started', memberKey: key, comment: `“${f.name}”已推送至${f.department}${filled.length ? `，已自动填入${filled.join('、')}` : ''}`, data: { caseId: caseRow.id, caseNo: caseRow.case_no } });
  return caseRow;
}

/**
 * Registered once: after any case command, a member's bundle follows. The case row names its bundle
 * (`cases.bundle_case_id`, ADR 0028), so the hook needs nothing read with the command's write and an
 * ordinary case costs nothing here.
 */
export const bundleCommandHook: CaseCommandHook = {
  name: 'bundles',
  probe: () => null,
  run: async (db, deps, _actor, row, _command, _probed, facts) => {
    if (!row.bundle_case_id) return;
    // Decided from the command alone (ADR 0047): a move that keeps the member in the same phase — intake,
    // claims, steps, a decision before completion — cannot change the bundle, so nothing is read.
    if (!memberMoveMatters({ state: facts.before.state, decision: facts.before.decision }, { state: facts.next.state, decision: facts.next.decision })) return;
    await syncBundle(db, deps, row.bundle_case_id);
    // A member refused while the others go on: the bundle's state stays, so its state notice says nothing; tell the applicant once, here.
    const snap = row.snapshot as { decision?: string | null };
    const failedNow = row.state === 'refused' || (row.state === 'completed' && snap.decision === 'denied');
    if (!failedNow) return;
    const bc = await findBundleCase(db, row.bundle_case_id);
    if (bc?.state === 'in_progress') await notifyApplicant(db, bc, 'bundle_member_failed', `${bc.title}一件事：“${row.title}”未通过；按本一件事规则，其余事项继续办理`, `一件事编号 ${bc.case_no}`);
  },
};
