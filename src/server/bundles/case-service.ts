import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import type { BundleFulfilment, BundleMaterialRecord } from '../db/schema.js';
import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { formatCaseNumber, queryCodeFrom } from '../../core/cases/case-number.js';
import { checkAnswers, selectMembers, applicableDependencies } from '../../core/bundles/selection.js';
import { handedInProblem, mergeApplication, memberFormData, type MergedMaterial } from '../../core/bundles/merge.js';
import { blockedMembers, bundleState, memberMoveMatters, membersToEnd, startableMembers, type BundleFacts, type BundleState } from '../../core/bundles/state.js';
import type { BundleAnswers, BundleContent } from '../../core/bundles/types.js';
import { applicantFrom, checkedApplication, filedCase, prepareMemberFiling, recordFilingUses, runCommand, SYSTEM_ACTOR, type ApplicantIdentity, type CaseCommandHook, type CaseDeps, type PreparedFiling } from '../cases/service.js';
import { nextCaseSeqs, type NewMemberCase } from '../cases/repository.js';
import { notOwnUploads } from '../files/uploads.js';
import { checkBundleLibraryUses } from '../material-library/service.js';
import { checkLicenceUses } from '../licences/exemption.js';
import { checkDataUseRequests } from '../data-sharing/material-uses.js';
import { purposeOf } from '../../core/data-sharing/directory.js';
import { splitFulfilments, type BundleDataUse, type BundleLicenceUse, type MemberFulfilments } from '../../core/bundles/fulfilment.js';
import { openFormData, sealFormData } from '../crypto/personal-data.js';
import { enqueue } from '../jobs/outbox.js';
import * as repo from './repository.js';
import * as caseRepo from './case-repository.js';
import { findBundleCase, findBundleWithMembers, membersOf, type BundleCaseRow, type BundleWithMembers, type MemberRow } from './case-repository.js';
import { agentMayActOnAll } from '../../core/agents/apply-as.js';
import type { AgentDecision } from '../../core/agents/scope.js';
import { assistComment, claimAssist, releaseAssist, requireAssistAuthorisation } from '../hall/assist-service.js';

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

export interface BundleEventInput {
  at: Date;
  action: string;
  actor?: Actor | null;
  memberKey?: string | null;
  comment?: string | null;
  data?: Record<string, unknown>;
}

/** A bundle event as it is stored: the system acts with no account, under the name 系统. */
export function bundleEventRow(e: BundleEventInput): caseRepo.BundleEventRow {
  return {
    at: e.at,
    action: e.action,
    actor_id: e.actor && e.actor.userId !== SYSTEM_ACTOR.userId ? e.actor.userId : null,
    actor_name: e.actor?.displayName ?? '系统',
    member_key: e.memberKey ?? null,
    comment: e.comment ?? null,
    data: e.data ?? {},
  };
}

export async function recordBundleEvent(db: Db, e: BundleEventInput & { bundleCaseId: string }): Promise<void> {
  const r = bundleEventRow(e);
  await db
    .insertInto('bundle_events')
    .values({ ...r, bundle_case_id: e.bundleCaseId, data: JSON.stringify(r.data) })
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

/**
 * Files one application for a bundle: checks everything first, then writes the bundle case with the
 * members that can start at once in one statement (ADR 0049); the sync then starts whatever is left
 * (a member whose filing reads shared data, or one that could not be filed now). Answers the bundle as
 * written (members included), so the caller need not read it again.
 */
export async function applyForBundle(db: Db, deps: CaseDeps, actor: Actor, input: ApplyInput, idempotencyKey?: string): Promise<{ row: BundleCaseRow; replayed: boolean; view?: BundleWithMembers }> {
  const onBehalfOf = input.onBehalfOf && input.onBehalfOf !== actor.userId ? input.onBehalfOf : undefined;
  if (onBehalfOf && actor.kind !== 'natural_person') throw new DomainError('FORBIDDEN', { zh: '只有企业登记的经办人（自然人）可以代企业申请', en: 'Only an enterprise’s registered agent (a natural person) can apply for it' });
  if ((input.assistAuthorisationId || input.assisted) && actor.kind !== 'staff') throw new DomainError('FORBIDDEN', { zh: '帮办代办仅由大厅工作人员办理', en: 'Assisted filing is for hall staff' });
  requireAssistAuthorisation(input);
  if (onBehalfOf && !actor.agentFor?.some((g) => g.enterpriseId === onBehalfOf)) agentRefusal(agentMayActOnAll([], onBehalfOf, [], ''));
  const staff = actor.kind === 'staff';
  const applicantId = staff ? input.applicantId : (onBehalfOf ?? actor.userId);
  // One read for the bundle, the retry, the applicant, the calendar stamp and the files; checked below in the order the rules go.
  const ctx = await caseRepo.applicationContext(db, { bundleId: input.bundleId, applicantId, submittedBy: actor.userId, idempotencyKey, fileIds: input.materials.map((m) => m.fileId) });
  if (ctx.replay_of) {
    const prior = await findBundleCase(db, ctx.replay_of);
    if (prior) return { row: prior, replayed: true };
  }
  const b = ctx.bundle;
  if (input.pinnedVersionId && b?.version_id !== input.pinnedVersionId) throw versionRetired();
  if (!b) throw new DomainError('NOT_FOUND', { zh: '该一件事不存在或未发布，不能申请', en: 'The bundle does not exist or is not published' });
  if (staff && !actor.roles.some((g) => g.role === 'window_clerk' && b.org_path.startsWith(g.scopePath))) {
    throw new DomainError('FORBIDDEN', { zh: '您不能在该政务服务中心受理一件事', en: 'You cannot take in bundles of this hall' });
  }
  if (!staff && input.applicantId && input.applicantId !== actor.userId) throw new DomainError('FORBIDDEN', { zh: '只能为本人申请', en: 'You can only apply for yourself' });
  if (!applicantId) throw new DomainError('VALIDATION_FAILED', { zh: '请先确定申请人', en: 'Identify the applicant first' });
  const applicant = applicantFrom(ctx.applicant ?? undefined);
  const content = await loadVersion(db, b.version_id);
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
  requireOwnFiles(input.materials.map((m) => m.fileId), ctx.own_files);
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
  const calendar = await deps.calendar(ctx.calendar_stamp);
  const dueDate = calendar.addWorkingDays(today, content.limitDays).date;
  const deps2 = applicableDependencies(content, applicable);
  const id = randomUUID();
  // 帮办代办: the authorisation is claimed once everything is checked, linked to the bundle case in its statement, released if none is written.
  const assist = staff && input.assistAuthorisationId ? await claimAssist(db, actor, applicantId, b.org_path, input.assistAuthorisationId, now) : null;
  const acting = assist
    ? { comment: assistComment(assist.kind), onBehalfOf: { kind: 'assist', id: applicant.id, name: applicant.name, applicantKind: applicant.kind, authorisationId: assist.id, authorisation: assist.kind, ...(assist.file ? { file: assist.file } : {}) } }
    : agentGrant
      ? { comment: '经办人代企业申请', onBehalfOf: { kind: 'agent', id: applicant.id, name: applicant.name, applicantKind: applicant.kind, grantId: agentGrant.grantId } }
      : null;
  const bundle: BundleFiling = { id, title: content.name, applicantId, channel: staff ? 'window' : 'online', answers: input.answers, formData: input.formData, materials: handedIn, fulfilments: fulfilments.records };
  const written = await (async () => {
    // The members that start at once (those waiting for no other), filed with the bundle. One whose filing reads shared data is
    // left to the sync (it reads only once the bundle is written), as is one that cannot be filed now (the sync records why).
    const first = startableMembers({ members: applicable.map((key) => ({ key, dependsOn: deps2.get(key) ?? [] })), cases: {}, policy: content.refusalPolicy, withdrawn: false });
    const prepared: PreparedMember[] = [];
    for (const key of first) {
      if (memberUses(merged, fulfilments.records, key).dataUses.length) continue;
      const p = await prepareMember(db, deps, bundle, content, facts, [], key, actor, applicant, { calendarStamp: ctx.calendar_stamp, badCredit: ctx.bad_credit }).catch(() => null);
      if (p) prepared.push(p);
    }
    const bundlePrefix = `${b.code}${today}`;
    const numbers = await nextCaseSeqs(db, [bundlePrefix, ...prepared.map((p) => `${p.filing.item.impl_code}${p.filing.today}`)]);
    const caseNo = `${b.code}${today.replaceAll('-', '')}${String(numbers.get(bundlePrefix)![0]).padStart(6, '0')}`;
    const started = prepared.map((p) => memberCaseOf(p, { ...bundle, caseNo }, formatCaseNumber(p.filing.item.impl_code, p.filing.today, numbers.get(`${p.filing.item.impl_code}${p.filing.today}`)!.shift()!), now));
    const filed = `${staff ? '综合窗口受理' : '网上申请'}：${applicable.map((k) => memberName(content, facts, k)).join('、')}`;
    const events: BundleEventInput[] = [
      { at: now, action: 'submit', actor, comment: acting ? `${acting.comment}；${filed}` : filed, data: { members: applicable, materialsMerged: merged.figures.materialsMerged, materialsSeparate: merged.figures.materialsSeparate, ...(acting ? { onBehalfOf: acting.onBehalfOf } : {}) } },
    ];
    if (libraryUses.length) {
      const who = staff ? `窗口人员${actor.displayName}从申请人的“我的材料”中选用` : '从“我的材料”中选用';
      events.push({ at: now, action: 'library_use', actor, comment: `${who}：${libraryUses.map((u) => `${u.fileName}（来自办件${u.sourceCaseNo ?? u.sourceCaseId}）`).join('、')}`, data: { library: libraryUses } });
    }
    if (fulfilments.comment) events.push({ at: now, action: 'fulfilment_use', actor, comment: fulfilments.comment, data: { fulfilments: fulfilments.records } });
    const row = await caseRepo.insertBundleFiling(db, {
      bundle: {
        id,
        case_no: caseNo,
        query_code: queryCodeFrom(randomBytes(16)),
        bundle_id: b.id,
        version_id: b.version_id,
        org_path: b.org_path,
        title: content.name,
        applicant_id: applicantId,
        submitted_by: actor.userId,
        channel: bundle.channel,
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
      },
      members: applicable.map((key, position) => {
        const f = facts.get(content.members.find((m) => m.key === key)!.itemId)!;
        const s = started.find((x) => x.key === key);
        return { member_key: key, position, impl_id: f.itemId, org_path: f.orgPath, depends_on: deps2.get(key) ?? [], case_id: s?.kase.row.id ?? null, started_at: s ? now : null };
      }),
      cases: started.map((x) => x.kase),
      events: [...events, ...started.map((x) => x.event)].map(bundleEventRow),
      notice: { kind: 'bundle_submit', title: `${content.name}一件事：已提交`, body: `一件事编号 ${caseNo}` },
      assistId: assist?.id ?? null,
    });
    if (!row) return undefined;
    for (const x of started) await recordFilingUses(db, x.prepared.filing, { id: x.kase.row.id, case_no: x.kase.row.case_no });
    const members = applicable.map((key, position): MemberRow => {
      const f = facts.get(content.members.find((m) => m.key === key)!.itemId)!;
      const none = { member_key: key, position, impl_id: f.itemId, org_path: f.orgPath, depends_on: deps2.get(key) ?? [], case_id: null, started_at: null, note: null, state: null, snapshot: null, case_no: null, due_date: null, applicant_id: null, form_data: null, title: null, memberCase: null, resultNo: null };
      const s = started.find((x) => x.key === key);
      return s ? startedRow(none, s, now) : none;
    });
    return { bc: row, members };
  })().catch(async (err: unknown) => {
    if (assist) await releaseAssist(db, assist.id);
    throw err;
  });
  if (!written) {
    if (assist) await releaseAssist(db, assist.id);
    const prior = await db.selectFrom('bundle_cases').selectAll().where('submitted_by', '=', actor.userId).where('idempotency_key', '=', idempotencyKey ?? '').executeTakeFirst();
    if (!prior) throw new DomainError('CONFLICT');
    return { row: prior, replayed: true };
  }
  // The sync starts what is left, with what was just read and written (nothing read again when nothing is left).
  const view = await syncBundle(db, deps, written.bc.id, actor, { content, facts, applicant: { kind: applicant.kind, display_name: applicant.name }, loaded: written });
  return { row: view?.bc ?? written.bc, replayed: false, ...(view ? { view } : {}) };
}

/** A 一件事 as its member cases are filed: the application's data and materials, the bundle's number. */
interface BundleFiling {
  id: string;
  title: string;
  applicantId: string;
  channel: 'online' | 'window';
  answers: BundleAnswers;
  formData: Record<string, unknown>;
  materials: readonly BundleMaterialRecord[];
  fulfilments: readonly BundleFulfilment[];
}

/** The handed-in files must be the actor's own uploads (as `requireOwnUploads` checks, from files read with the application). */
function requireOwnFiles(fileIds: readonly string[], own: readonly string[]): void {
  const wanted = [...new Set(fileIds)];
  const have = new Set(own);
  const missing = wanted.filter((f) => !have.has(f));
  if (missing.length) throw notOwnUploads(missing);
}

export { findBundleCase, membersOf };
export type { BundleCaseRow, BundleWithMembers, MemberRow };

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

/** What a sync may already have in hand (the application has just read or written them): not read again. */
export interface SyncPreloaded {
  content: BundleContent;
  facts: Awaited<ReturnType<typeof repo.memberFacts>>;
  applicant: { kind: Actor['kind']; display_name: string };
  /** The bundle and its members as just written. */
  loaded?: BundleWithMembers;
}

/**
 * Runs commands on several members of one bundle (统一出件, the gathered correction) with their
 * after-command syncs held back, then syncs the bundle once: one sync per bundle action instead of
 * one per member command (ADR 0047). Answers the bundle as the sync left it.
 */
export async function withOneSync(db: Db, deps: CaseDeps, bundleCaseId: string, fn: () => Promise<unknown>): Promise<BundleWithMembers | undefined> {
  const active = syncing.getStore();
  await syncing.run(new Set([...(active ?? []), bundleCaseId]), fn);
  return syncBundle(db, deps, bundleCaseId);
}

/**
 * Brings a bundle in line with its members: ends running members when withdrawn or stopped, starts
 * the members whose dependencies are done, notes the members that will never start, and stores the
 * bundle state computed from the members. Safe to run twice or concurrently: a member is started by
 * whoever claims it first. Answers the bundle and its members as the sync left them (undefined when
 * held back by an outer sync, or when there is no such bundle).
 */
export async function syncBundle(db: Db, deps: CaseDeps, bundleCaseId: string, starter?: Actor, preloaded?: SyncPreloaded): Promise<BundleWithMembers | undefined> {
  const active = syncing.getStore();
  if (active?.has(bundleCaseId)) return undefined; // a command run by this sync: the outer sync recomputes at its end
  return syncing.run(new Set([...(active ?? []), bundleCaseId]), () => doSync(db, deps, bundleCaseId, starter, preloaded));
}

/** Reads a value the first time it is asked for, and only then. */
function lazy<T>(read: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= read());
}

async function doSync(db: Db, deps: CaseDeps, bundleCaseId: string, starter?: Actor, preloaded?: SyncPreloaded): Promise<BundleWithMembers | undefined> {
  // The bundle and its members in one read, after the command that triggered the sync was written (ADR 0049).
  const loaded = preloaded?.loaded ?? (await findBundleWithMembers(db, bundleCaseId));
  if (!loaded) return undefined;
  const { bc } = loaded;
  let members = loaded.members;
  // Nothing to end, start or note and the state unchanged: one read, then done (ADR 0028). Most member
  // commands do not even get here: the hook asks the core first whether the move can matter (ADR 0047).
  if (nothingToDo(bc, members)) return loaded;
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

  const startable = startableMembers(factsOf(bc, members));
  if (startable.length) members = await startMembers(db, deps, bc, members, startable, starter, contentOf, factsOf_);

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
    members = members.map((x) => (x.member_key === key ? { ...x, note: `不再办理：${why}` } : x));
  }

  const state = bundleState(f);
  if (state === bc.state) return { bc, members };
  // Names are needed only when a member failed (the comment names it).
  const named = members.some((m) => phaseOfRow(members, m.member_key) === 'failed');
  const comment = stateComment(state, bc, named ? await contentOf() : null, named ? await factsOf_() : new Map(), members);
  const told = ['partially_completed', 'stopped', 'completed', 'withdrawn', 'delivered'].includes(state);
  // The state, its event and the applicant's notice in one statement (ADR 0049).
  const moved = await caseRepo.moveBundleState(db, {
    bc,
    state,
    now,
    event: bundleEventRow({ at: now, action: `state_${state}`, comment, data: { from: bc.state, to: state } }),
    notice: told ? { kind: `bundle_${state}`, title: `${bc.title}一件事：${comment}`, body: `一件事编号 ${bc.case_no}` } : null,
  });
  // Someone else moved the bundle meanwhile: their sync saw newer member states; run once more.
  if (!moved) return doSync(db, deps, bundleCaseId);
  return { bc: moved, members };
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

/** A member case checked and decided, ready to be numbered and written with the others (ADR 0049). */
interface PreparedMember {
  key: string;
  name: string;
  department: string;
  /** The fields filled from the results of the members it waited for. */
  filled: string[];
  filing: PreparedFiling;
}

/**
 * Prepares the case of one member as `submitNewCase` would file it (every check of a single filing:
 * the actor, the agent's scope, the form against the member's pinned version, materials, licences,
 * data reads), with the results of the members it waited for filled into its form.
 */
async function prepareMember(db: Db, deps: CaseDeps, bundle: BundleFiling, content: BundleContent, facts: Awaited<ReturnType<typeof repo.memberFacts>>, members: readonly MemberRow[], key: string, actor: Actor, applicant: ApplicantIdentity, known: { calendarStamp: string; badCredit: boolean }): Promise<PreparedMember> {
  const member = content.members.find((m) => m.key === key)!;
  const f = facts.get(member.itemId);
  if (!f?.published) throw new DomainError('CASE_RULE_VIOLATION', { zh: '成员事项已停止办理', en: 'The member item is closed' });
  const merged = mergeApplication(content, facts, bundle.answers);
  const data = memberFormData(f, bundle.formData);
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
  const files = new Map(bundle.materials.map((m) => [m.code, m]));
  const handedIn = merged.materials.flatMap((m) => m.serves.filter((s) => s.memberKey === key).map((s) => ({ s, file: files.get(m.code) }))).filter((x) => x.file);
  const materials = handedIn.filter((x) => !x.file!.libraryId).map((x) => ({ materialId: x.s.materialId, fileId: x.file!.fileId, fileName: x.file!.fileName }));
  // 我的材料: a library entry goes to the member case as a library use, recorded on its first event.
  const fromLibrary = handedIn.filter((x) => x.file!.libraryId).map((x) => ({ materialId: x.s.materialId, libraryId: x.file!.libraryId! }));
  // 经办人 (ADR 0041): an agent starting a member files it for the enterprise, under the same scope check.
  const onBehalfOf = actor.kind === 'natural_person' && actor.userId !== bundle.applicantId ? { onBehalfOf: bundle.applicantId } : {};
  // 免证办 (ADR 0044): the member uses the bundle's licences and data reads for its own materials; the licence is checked again and the data read now, bound to this case.
  const uses = memberUses(merged, bundle.fulfilments, key);
  const item = { id: f.itemId, impl_code: f.implCode, org_id: f.orgId, region_code: f.regionCode, org_path: f.orgPath, version_id: f.versionId, content: f.content };
  const filing = await prepareMemberFiling(
    db,
    deps,
    actor,
    applicant,
    item,
    { implId: member.itemId, formData: data, situationAnswers: merged.memberAnswers[key] ?? {}, materials, fromLibrary, licences: uses.licences, dataUses: uses.dataUses, channel: bundle.channel, applicantId: bundle.applicantId, ...onBehalfOf },
    known,
  );
  return { key, name: f.name, department: f.department, filled, filing };
}

/** A prepared member under its case number: the case to insert (naming its bundle) and its `member_started` event. */
function memberCaseOf(p: PreparedMember, bundle: BundleFiling & { caseNo: string }, caseNo: string, now: Date) {
  const filed = filedCase(p.filing, caseNo, {
    eventData: { bundleCaseId: bundle.id, bundleCaseNo: bundle.caseNo, memberKey: p.key },
    comment: `一件事“${bundle.title}”（${bundle.caseNo}）的成员事项${p.filled.length ? `；已自动填入：${p.filled.join('、')}` : ''}`,
  });
  const kase: NewMemberCase & { memberKey: string } = { memberKey: p.key, row: { ...filed.row, bundle_case_id: bundle.id }, event: filed.event, actorName: filed.actorName, materials: filed.materials };
  const event: BundleEventInput = { at: now, action: 'member_started', memberKey: p.key, comment: `“${p.name}”已推送至${p.department}${p.filled.length ? `，已自动填入${p.filled.join('、')}` : ''}`, data: { caseId: filed.row.id, caseNo } };
  return { key: p.key, prepared: p, kase, event };
}

/** A member row once its case was written (what a read would give). */
function startedRow(m: MemberRow, s: ReturnType<typeof memberCaseOf>, now: Date): MemberRow {
  const next = s.prepared.filing.next;
  const r = s.kase.row;
  return {
    ...m,
    case_id: r.id,
    started_at: now,
    note: null,
    state: next.state,
    snapshot: next as unknown as Record<string, unknown>,
    case_no: r.case_no,
    due_date: null,
    applicant_id: r.applicant_id,
    form_data: JSON.parse(r.form_data) as Record<string, unknown>,
    title: r.title,
    memberCase: { state: next.state, decision: next.decision ?? null },
    resultNo: next.resultNo ?? null,
  };
}

/**
 * Starts members whose dependencies are done: claims them (and reads the applicant's account with the
 * claim), files each member case as a single filing would — its form filled from the results it
 * waited for — and writes all of them with their bundle events in one statement (ADR 0049). A member
 * that cannot be filed is released with the reason noted and a `member_start_failed` event; a later
 * sync tries again. Answers the members as they now are.
 */
async function startMembers(db: Db, deps: CaseDeps, bc: BundleCaseRow, members: MemberRow[], keys: readonly string[], starter: Actor | undefined, contentOf: () => Promise<BundleContent>, factsOf_: () => Promise<Awaited<ReturnType<typeof repo.memberFacts>>>): Promise<MemberRow[]> {
  const now = deps.now();
  const claim = await caseRepo.claimMembersForFiling(db, { bundleCaseId: bc.id, keys, now, applicantId: bc.applicant_id });
  const claimed = keys.filter((k) => claim.claimed.includes(k));
  if (claimed.length === 0) return members;
  const bundle: BundleFiling & { caseNo: string } = { id: bc.id, caseNo: bc.case_no, title: bc.title, applicantId: bc.applicant_id, channel: bc.channel, answers: bc.answers, formData: openFormData(bc.form_data), materials: bc.materials, fulfilments: bc.fulfilments ?? [] };
  const prepared: PreparedMember[] = [];
  const failed: { key: string; err: unknown }[] = [];
  let unexpected: unknown;
  for (const key of claimed) {
    if (unexpected !== undefined) break;
    try {
      const applicant = applicantFrom(claim.applicant ?? undefined);
      const actor = starter ?? applicantActor(bc, applicant.kind, applicant.name);
      prepared.push(await prepareMember(db, deps, bundle, await contentOf(), await factsOf_(), members, key, actor, applicant, { calendarStamp: claim.calendar_stamp, badCredit: claim.bad_credit }));
    } catch (err) {
      failed.push({ key, err });
      if (!(err instanceof DomainError)) unexpected = err;
    }
  }
  // After an unexpected error the members not tried yet are released unstarted, as if never claimed.
  const untried = claimed.filter((k) => !prepared.some((p) => p.key === k) && !failed.some((x) => x.key === k));
  let started: ReturnType<typeof memberCaseOf>[] = [];
  if (prepared.length) {
    try {
      const prefixOf = (p: PreparedMember) => `${p.filing.item.impl_code}${p.filing.today}`;
      const numbers = await nextCaseSeqs(db, prepared.map(prefixOf));
      const cases = prepared.map((p) => memberCaseOf(p, bundle, formatCaseNumber(p.filing.item.impl_code, p.filing.today, numbers.get(prefixOf(p))!.shift()!), now));
      await caseRepo.writeStartedMembers(db, { bundleCaseId: bc.id, cases: cases.map((x) => x.kase), events: cases.map((x) => bundleEventRow(x.event)) });
      started = cases;
    } catch (err) {
      // Nothing was written (one statement): each of them failed to start.
      for (const p of prepared) failed.push({ key: p.key, err });
      unexpected ??= err;
    }
  }
  for (const { key, err } of failed) {
    const msg = err instanceof DomainError ? err.localized.zh : '系统错误';
    await db.updateTable('bundle_members').set({ started_at: null, note: `未能启动：${msg}` }).where('bundle_case_id', '=', bc.id).where('member_key', '=', key).execute();
    await recordBundleEvent(db, { bundleCaseId: bc.id, at: now, action: 'member_start_failed', memberKey: key, comment: msg });
  }
  await caseRepo.releaseMembers(db, bc.id, untried);
  for (const x of started) await recordFilingUses(db, x.prepared.filing, { id: x.kase.row.id, case_no: x.kase.row.case_no });
  if (unexpected !== undefined) throw unexpected;
  // Someone else started some of them meanwhile: read the members again; else they are what was just written.
  if (claimed.length < keys.length && started.length) return membersOf(db, bc.id);
  return members.map((m) => {
    const s = started.find((x) => x.key === m.member_key);
    if (s) return startedRow(m, s, now);
    const f = failed.find((x) => x.key === m.member_key);
    if (f) return { ...m, started_at: null, note: `未能启动：${f.err instanceof DomainError ? f.err.localized.zh : '系统错误'}` };
    return m;
  });
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
    const synced = await syncBundle(db, deps, row.bundle_case_id);
    // A member refused while the others go on: the bundle's state stays, so its state notice says nothing; tell the applicant once, here.
    const snap = row.snapshot as { decision?: string | null };
    const failedNow = row.state === 'refused' || (row.state === 'completed' && snap.decision === 'denied');
    if (!failedNow) return;
    const bc = synced?.bc ?? (await findBundleCase(db, row.bundle_case_id));
    if (bc?.state === 'in_progress') await notifyApplicant(db, bc, 'bundle_member_failed', `${bc.title}一件事：“${row.title}”未通过；按本一件事规则，其余事项继续办理`, `一件事编号 ${bc.case_no}`);
  },
};
