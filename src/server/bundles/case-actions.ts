import type { BundleCorrectionItem, BundleMaterialRecord } from '../db/schema.js';
import { inTransaction, type Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { agentGrantFor, caseFactsOf, caseRelation, type CaseRelation } from '../policies/case-access.js';
import { agentGrantStatus } from '../../core/agents/scope.js';
import { maskName } from '../../core/codes/mask.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { memberPhase, BUNDLE_STATE_LABELS, MEMBER_PHASE_LABELS, FINAL_BUNDLE_STATES, type BundleState } from '../../core/bundles/state.js';
import { mergeApplication } from '../../core/bundles/merge.js';
import type { BundleContent } from '../../core/bundles/types.js';
import { runCommand, runCommandsTogether, type CaseDeps } from '../cases/service.js';
import { requireOwnUploads } from '../files/uploads.js';
import { bundleEventRow, loadVersion, notifyApplicant, recordBundleEvent, syncBundle, withOneSync, type BundleCaseRow, type MemberRow } from './case-service.js';
import { claimDelivery, findBundleWithMembers } from './case-repository.js';
import * as repo from './repository.js';

/**
 * What people do to a bundle case as a whole: look at it, gather one correction notice (一次性告知)
 * and answer it once, withdraw it, hand out the results together (统一出件).
 */
export type BundleRelation = 'applicant' | 'hall' | 'member_department' | 'supervisor';

/** The actor's relation to the bundle: its applicant, a clerk or supervisor over the owning hall, or a department that holds one of its member cases. */
export function bundleRelation(actor: Actor | undefined, bc: BundleCaseRow, members: readonly MemberRow[]): BundleRelation | null {
  if (!actor) return null;
  if (actor.kind !== 'staff') return actor.userId === bc.applicant_id || agentCoversBundle(actor, bc, members) ? 'applicant' : null;
  const over = (role: string) => actor.roles.some((g) => g.role === role && bc.org_path.startsWith(g.scopePath));
  if (over('window_clerk')) return 'hall';
  if (over('supervisor')) return 'supervisor';
  if (members.some((m) => memberRelation(actor, m))) return 'member_department';
  return null;
}

/**
 * 经办人 (ADR 0041): an agent of the bundle's enterprise acts as the applicant while a grant is in force and
 * every started member case is in its scope (a member not started yet shows only its name and phase).
 */
function agentCoversBundle(actor: Actor, bc: BundleCaseRow, members: readonly MemberRow[]): boolean {
  if (actor.kind !== 'natural_person' || !actor.agentFor?.some((g) => g.enterpriseId === bc.applicant_id)) return false;
  const today = isoDateInChina(new Date());
  if (!actor.agentFor.some((g) => g.enterpriseId === bc.applicant_id && agentGrantStatus(g, today) === 'active')) return false;
  return members.every((m) => !m.case_id || !m.state || agentGrantFor(actor, caseFactsOf({ applicant_id: bc.applicant_id, org_path: m.org_path, state: m.state, snapshot: m.snapshot, impl_id: m.impl_id })) !== null);
}

export function memberRelation(actor: Actor, m: MemberRow): CaseRelation | null {
  if (!m.case_id || !m.state) return null;
  return caseRelation(actor, caseFactsOf({ applicant_id: m.applicant_id ?? '', org_path: m.org_path, state: m.state, snapshot: m.snapshot }));
}

/** The bundle with its members (one statement) and the actor's relation to it, or 404 / 403. */
export async function loadBundleFor(db: Db, actor: Actor | undefined, id: string) {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  const loaded = await findBundleWithMembers(db, id);
  if (!loaded) throw new DomainError('NOT_FOUND', { zh: '一件事办件不存在', en: 'The bundle case does not exist' });
  const { bc, members } = loaded;
  const relation = bundleRelation(actor, bc, members);
  if (!relation) throw new DomainError('FORBIDDEN', { zh: '您无权查看该一件事办件', en: 'You may not see this bundle case' });
  return { bc, members, relation };
}

export interface DueStatus {
  dueDate: string;
  status: 'on_time' | 'near_due' | 'overdue' | 'closed';
}

export function dueStatus(bc: Pick<BundleCaseRow, 'due_date' | 'state'>, today: string, nearLimit: string): DueStatus {
  const closed = FINAL_BUNDLE_STATES.includes(bc.state as BundleState) || ['completed', 'partially_completed'].includes(bc.state);
  if (closed) return { dueDate: bc.due_date, status: 'closed' };
  if (bc.due_date < today) return { dueDate: bc.due_date, status: 'overdue' };
  return { dueDate: bc.due_date, status: bc.due_date <= nearLimit ? 'near_due' : 'on_time' };
}

/**
 * The bundle as its viewer may see it: the applicant and the hall see every member; a department
 * sees its own member cases in full and the others only by name and phase (no case number, no link).
 */
export async function presentBundleCase(db: Db, deps: CaseDeps, actor: Actor, bc: BundleCaseRow, members: readonly MemberRow[], relation: BundleRelation) {
  const content: BundleContent = await loadVersion(db, bc.version_id);
  const facts = await repo.memberFacts(db, content);
  const calendar = await deps.calendar();
  const today = isoDateInChina(deps.now());
  const events = await db.selectFrom('bundle_events').select(['id', 'at', 'action', 'actor_name', 'member_key', 'comment', 'data']).where('bundle_case_id', '=', bc.id).orderBy('id').execute();
  const correction = await db.selectFrom('bundle_corrections').selectAll().where('bundle_case_id', '=', bc.id).where('status', 'in', ['open', 'sent']).executeTakeFirst();
  const whole = relation === 'applicant' || relation === 'hall' || relation === 'supervisor';
  const nameOf = (key: string) => {
    const m = content.members.find((x) => x.key === key);
    return (m && facts.get(m.itemId)?.name) ?? key;
  };
  const merged = mergeApplication(content, facts, bc.answers);
  const label = BUNDLE_STATE_LABELS[bc.state as BundleState] ?? { zh: bc.state, en: bc.state };
  return {
    id: bc.id,
    caseNo: bc.case_no,
    ...(relation === 'applicant' ? { queryCode: bc.query_code } : {}),
    title: bc.title,
    state: bc.state,
    stateZh: label.zh,
    stateEn: label.en,
    channel: bc.channel,
    refusalPolicy: bc.refusal_policy,
    submittedOn: bc.submitted_on,
    limitDays: bc.limit_days,
    due: dueStatus(bc, today, calendar.addWorkingDays(today, 2).date),
    withdrawn: bc.withdrawn,
    delivery: bc.delivery,
    relation,
    members: members.map((m) => {
      const mine = whole || !!memberRelation(actor, m);
      const phase = m.note?.startsWith('不再办理') ? 'blocked' : memberPhase(m.memberCase);
      const f = facts.get(m.impl_id);
      return {
        key: m.member_key,
        name: nameOf(m.member_key),
        department: f?.department ?? '',
        phase,
        phaseZh: MEMBER_PHASE_LABELS[phase].zh,
        phaseEn: MEMBER_PHASE_LABELS[phase].en,
        dependsOn: m.depends_on.map(nameOf),
        note: m.note,
        ...(mine && m.case_id ? { caseId: m.case_id, caseNo: m.case_no, state: m.state, dueDate: m.due_date, resultNo: m.resultNo } : {}),
      };
    }),
    materials: merged.materials.map((x) => ({ code: x.code, name: x.name, required: x.required, serves: x.serves.map((s) => nameOf(s.memberKey)), handedIn: bc.materials.some((f) => f.code === x.code) })),
    correction: correction
      ? {
          id: correction.id,
          status: correction.status,
          // Each item names its material and the material code the applicant answers it with (one file serves every member that needs it).
          items: (whole ? correction.items : correction.items.filter((i) => members.some((m) => m.member_key === i.memberKey && memberRelation(actor, m)))).map((i) => {
            const x = merged.materials.find((mm) => mm.serves.some((s) => s.memberKey === i.memberKey && s.materialId === i.materialId));
            return { ...i, code: x?.code ?? null, materialName: x?.name ?? null, memberName: nameOf(i.memberKey) };
          }),
        }
      : null,
    timeline: events.map((e) => ({ at: e.at, action: e.action, actorName: e.actor_name, member: e.member_key ? nameOf(e.member_key) : null, comment: e.comment, ...actingFor(e.data, whole) })),
  };
}

/**
 * 帮办代办 / 经办人 on a bundle event (ADR 0041): whom the actor acted for. A person's name is masked for a
 * member department (as the case presenter masks it); a company's is not. The 委托书 goes with it.
 */
function actingFor(data: unknown, whole: boolean): { onBehalfOf?: { kind: string; name: string; authorisation?: string; file?: { id: string; name: string } } } {
  const o = (data as { onBehalfOf?: { kind: string; name: string; applicantKind?: string; authorisation?: string; file?: { id: string; name: string } } } | null)?.onBehalfOf;
  if (!o) return {};
  const name = whole || o.applicantKind === 'legal_person' ? o.name : maskName(o.name);
  return { onBehalfOf: { kind: o.kind, name, ...(o.authorisation ? { authorisation: o.authorisation } : {}), ...(o.file ? { file: o.file } : {}) } };
}

/**
 * The answer to a bundle command when the client sends `Prefer: return=minimal` (as case commands do):
 * the bundle's state and its members' phases, with the case ids the viewer may see — no definition,
 * member items, timeline or correction read (ADR 0047).
 */
export function presentBundleMinimal(actor: Actor, bc: BundleCaseRow, members: readonly MemberRow[], relation: BundleRelation) {
  const whole = relation === 'applicant' || relation === 'hall' || relation === 'supervisor';
  return {
    id: bc.id,
    caseNo: bc.case_no,
    ...(relation === 'applicant' ? { queryCode: bc.query_code } : {}),
    state: bc.state,
    members: members.map((m) => {
      const mine = whole || !!memberRelation(actor, m);
      const phase = m.note?.startsWith('不再办理') ? 'blocked' : memberPhase(m.memberCase);
      return { key: m.member_key, phase, ...(mine && m.case_id ? { caseId: m.case_id, caseNo: m.case_no, state: m.state } : {}) };
    }),
  };
}

/** A clerk or a member's department adds to the bundle's open correction notice (opening one if none is open). */
export async function addCorrectionItem(db: Db, actor: Actor, bundleCaseId: string, item: { memberKey: string; materialId: string; reason: string }, now: Date) {
  const { bc, members, relation } = await loadBundleFor(db, actor, bundleCaseId);
  const m = members.find((x) => x.member_key === item.memberKey);
  if (!m || !m.case_id) throw new DomainError('NOT_FOUND', { zh: '该成员事项不存在或尚未启动', en: 'No such started member' });
  const rel = memberRelation(actor, m);
  if (relation === 'applicant' || relation === 'supervisor' || !(relation === 'hall' || rel === 'department' || rel === 'window')) throw new DomainError('FORBIDDEN', { zh: '您不能为该事项提出补正', en: 'You cannot ask for corrections on this member' });
  if (m.state !== 'submitted') throw new DomainError('CASE_ILLEGAL_TRANSITION', { zh: '只有待受理的事项可以要求补正', en: 'Only a member awaiting intake can be sent a correction' });
  const snapshot = m.snapshot as { item?: { materials?: { id: string; name: string }[] } } | null;
  if (!snapshot?.item?.materials?.some((x) => x.id === item.materialId)) throw new DomainError('VALIDATION_FAILED', { zh: `该事项没有材料“${item.materialId}”`, en: `The member has no material "${item.materialId}"` });
  return inTransaction(db, async (tx) => {
    const open = await tx.selectFrom('bundle_corrections').selectAll().where('bundle_case_id', '=', bc.id).where('status', 'in', ['open', 'sent']).forUpdate().executeTakeFirst();
    if (open?.status === 'sent') throw new DomainError('CASE_ILLEGAL_TRANSITION', { zh: '一次性告知已送达申请人，待申请人补正后再处理', en: 'The notice was sent; wait for the applicant’s answer' });
    const entry: BundleCorrectionItem = { ...item, addedBy: actor.userId, addedByName: actor.displayName };
    const items = [...(open?.items ?? []).filter((i) => !(i.memberKey === item.memberKey && i.materialId === item.materialId)), entry];
    const row = open
      ? await tx.updateTable('bundle_corrections').set({ items: JSON.stringify(items) }).where('id', '=', open.id).returningAll().executeTakeFirstOrThrow()
      : await tx.insertInto('bundle_corrections').values({ bundle_case_id: bc.id, status: 'open', items: JSON.stringify(items), opened_at: now }).returningAll().executeTakeFirstOrThrow();
    await recordBundleEvent(tx, { bundleCaseId: bc.id, at: now, action: 'correction_item_added', actor, memberKey: item.memberKey, comment: item.reason, data: { materialId: item.materialId } });
    return row;
  });
}

/** The hall sends the gathered notice: one 一次性告知 to the applicant, recorded on each member it concerns. */
export async function sendCorrection(db: Db, deps: CaseDeps, actor: Actor, bundleCaseId: string) {
  const { bc, members, relation } = await loadBundleFor(db, actor, bundleCaseId);
  if (relation !== 'hall') throw new DomainError('FORBIDDEN', { zh: '由综合窗口统一发出一次性告知', en: 'The comprehensive window sends the notice' });
  const now = deps.now();
  const open = await db.updateTable('bundle_corrections').set({ status: 'sent', sent_at: now }).where('bundle_case_id', '=', bc.id).where('status', '=', 'open').returningAll().executeTakeFirst();
  if (!open) throw new DomainError('CASE_ILLEGAL_TRANSITION', { zh: '没有待发出的补正事项', en: 'There is no open correction notice' });
  const byMember = new Map<string, { materialId: string; reason: string }[]>();
  for (const i of open.items) byMember.set(i.memberKey, [...(byMember.get(i.memberKey) ?? []), { materialId: i.materialId, reason: i.reason }]);
  // One sync for the notice, after every member concerned got its request (ADR 0047).
  await withOneSync(db, deps, bc.id, async () => {
    for (const [key, missing] of byMember) {
      const m = members.find((x) => x.member_key === key)!;
      await runCommand(db, deps, actor, m.case_id!, { type: 'request_correction', missing }, { comment: `一件事“${bc.title}”一次性告知` });
    }
    await recordBundleEvent(db, { bundleCaseId: bc.id, at: now, action: 'correction_sent', actor, comment: `一次性告知：${open.items.map((i) => i.reason).join('；')}` });
    await notifyApplicant(db, bc, 'bundle_correction', `${bc.title}一件事：请补正材料（一次性告知）`, open.items.map((i) => i.reason).join('；'));
  });
  return open;
}

/** The applicant answers the notice once: every member waiting for a correction is resubmitted with the files. */
export async function answerCorrection(db: Db, deps: CaseDeps, actor: Actor, bundleCaseId: string, files: BundleMaterialRecord[]) {
  const { bc, members, relation } = await loadBundleFor(db, actor, bundleCaseId);
  if (relation !== 'applicant') throw new DomainError('FORBIDDEN', { zh: '由申请人补正', en: 'The applicant answers the notice' });
  await requireOwnUploads(db, actor.userId, files.map((f) => f.fileId));
  const now = deps.now();
  const sent = await db.updateTable('bundle_corrections').set({ status: 'answered', answered_at: now }).where('bundle_case_id', '=', bc.id).where('status', '=', 'sent').returningAll().executeTakeFirst();
  if (!sent) throw new DomainError('CASE_ILLEGAL_TRANSITION', { zh: '没有待补正的一次性告知', en: 'There is no notice to answer' });
  const content = await loadVersion(db, bc.version_id);
  const facts = await repo.memberFacts(db, content);
  const merged = mergeApplication(content, facts, bc.answers);
  const byCode = new Map(files.map((f) => [f.code, f]));
  await withOneSync(db, deps, bc.id, async () => {
    for (const m of members.filter((x) => x.state === 'correction_requested')) {
      const materials = merged.materials.flatMap((x) => x.serves.filter((s) => s.memberKey === m.member_key && byCode.has(x.code)).map((s) => ({ materialId: s.materialId, fileId: byCode.get(x.code)!.fileId, fileName: byCode.get(x.code)!.fileName })));
      await runCommand(db, deps, actor, m.case_id!, { type: 'submit' }, { materials, comment: `一件事“${bc.title}”补正` });
    }
    const stored = [...bc.materials.filter((f) => !byCode.has(f.code)), ...files];
    await db.updateTable('bundle_cases').set({ materials: JSON.stringify(stored), updated_at: now }).where('id', '=', bc.id).execute();
    await recordBundleEvent(db, { bundleCaseId: bc.id, at: now, action: 'correction_answered', actor, comment: `补正材料：${files.map((f) => f.fileName).join('、') || '（无新文件）'}` });
  });
}

export async function withdrawBundle(db: Db, deps: CaseDeps, actor: Actor, bundleCaseId: string, reason: string) {
  const { bc, relation } = await loadBundleFor(db, actor, bundleCaseId);
  if (relation !== 'applicant') throw new DomainError('FORBIDDEN', { zh: '只有申请人可以撤回', en: 'Only the applicant can withdraw' });
  if (bc.withdrawn || FINAL_BUNDLE_STATES.includes(bc.state as BundleState) || ['completed', 'partially_completed'].includes(bc.state)) {
    throw new DomainError('CASE_ILLEGAL_TRANSITION', { zh: '该一件事已结束或已撤回，不能撤回', en: 'The bundle has ended or was withdrawn already' });
  }
  const now = deps.now();
  const moved = await db.updateTable('bundle_cases').set({ withdrawn: true, updated_at: now }).where('id', '=', bc.id).where('withdrawn', '=', false).returning('id').executeTakeFirst();
  if (!moved) throw new DomainError('CONFLICT');
  await recordBundleEvent(db, { bundleCaseId: bc.id, at: now, action: 'withdraw', actor, comment: reason });
  await syncBundle(db, deps, bc.id);
}

/** 统一出件: the window hands every finished result out together, once. */
export async function deliverBundle(db: Db, deps: CaseDeps, actor: Actor, bundleCaseId: string, delivery: { method: 'window' | 'express' | 'electronic'; trackingNo?: string | undefined }) {
  const { bc, members, relation } = await loadBundleFor(db, actor, bundleCaseId);
  if (relation !== 'hall') throw new DomainError('FORBIDDEN', { zh: '由综合窗口统一出件', en: 'The comprehensive window hands out the results' });
  if (bc.state !== 'completed' && bc.state !== 'partially_completed') throw new DomainError('CASE_ILLEGAL_TRANSITION', { zh: '一件事尚未全部办结，不能统一出件', en: 'Not every member has finished; the results go out together' });
  if (delivery.method === 'express' && !delivery.trackingNo) throw new DomainError('CASE_RULE_VIOLATION', { zh: '快递送达须填写运单号', en: 'Express delivery needs a tracking number' });
  const now = deps.now();
  const command = { type: 'deliver' as const, method: delivery.method, ...(delivery.trackingNo ? { trackingNo: delivery.trackingNo } : {}) };
  // Every member's delivery decided first, then the bundle's delivery claimed once (with its event), then the members written
  // together, then one sync (ADR 0047, 0049). Answers the bundle as the sync left it.
  return withOneSync(db, deps, bc.id, async () => {
    const runs = members.filter((x) => x.state === 'completed').map((m) => ({ caseId: m.case_id!, command, opts: { comment: `一件事“${bc.title}”统一出件` } }));
    await runCommandsTogether(db, deps, actor, runs, async () => {
      const event = bundleEventRow({ at: now, action: 'deliver', actor, comment: `统一出件（${{ window: '窗口领取', express: '快递送达', electronic: '电子送达' }[delivery.method]}）` });
      if (!(await claimDelivery(db, { bundleCaseId: bc.id, delivery: { ...delivery, at: now.toISOString() }, now, event }))) throw new DomainError('CONFLICT', { zh: '办理结果已统一送达', en: 'The results were handed out already' });
    });
  });
}
