import { randomBytes, randomUUID } from 'node:crypto';
import type { ItemContent } from '../../core/catalogue/types.js';
import { decide, type WorkingDays } from '../../core/cases/machine.js';
import { roleForCommand, type CaseParticipant } from '../../core/cases/abilities.js';
import { caseMaterials } from '../../core/cases/materials.js';
import { catalogueFeeFen } from '../../core/catalogue/fees.js';
import { chosenOptionIds } from '../../core/catalogue/situations.js';
import { formatCaseNumber, queryCodeFrom } from '../../core/cases/case-number.js';
import { newCaseSnapshot, type CaseCommand, type CaseItem, type CaseRole, type CaseSnapshot, type FulfilledMaterial, type IntakeDesk, type IsoDate } from '../../core/cases/types.js';
import type { RuleLimits } from '../../core/supervision/rules.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import type { CaseRow } from '../db/schema.js';
import { inTransaction, type Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { agentDecision, agentGrantFor, caseFactsOf, caseRelation, type CaseRelation } from '../policies/case-access.js';
import { agentMayAct } from '../../core/agents/scope.js';
import { assistComment, claimAssist, linkAssist, releaseAssist, requireAssistAuthorisation, type ClaimedAssist } from '../hall/assist-service.js';
import { calendarStampSql } from '../calendar/service.js';
import { sql } from 'kysely';
import { compileOnce } from '../db/compile-once.js';
import * as repo from './repository.js';
import { requireOwnUploads } from '../files/uploads.js';
import { identityProblems, validateApplication, withVerifiedIdentity } from '../../core/forms/index.js';
import { actionLabel } from './labels.js';
import { openFormData, openUser, sealFormData } from '../crypto/personal-data.js';
import { licenceCommandHook } from '../licences/case-hooks.js';
import { supervisionCommandHook } from '../supervision/case-hook.js';
import { loadSupervisionSettings } from '../supervision/settings-cache.js';
import { checkLicenceUses, recordLicenceUses, type LicenceUse, type LicenceUseInput } from '../licences/exemption.js';
import { checkDataUseRequests, readDataForMaterials, recordDataUses, type PreparedDataUse } from '../data-sharing/material-uses.js';
import { purposeOf } from '../../core/data-sharing/directory.js';
import { providerRegistry, type ProviderRegistry } from '../data-sharing/service.js';
import type { MaterialDataUseRequest } from '../../core/data-sharing/material-fulfilment.js';
import { checkLibraryUses, libraryUseRecord, type LibraryUseInput } from '../material-library/service.js';

/** The item facts a case pins at creation (the case keeps its catalogue version). */
/** ADR 0020: an item handled at a window is taken in there (一窗受理); one with no window, by its department's handler. */
export const intakeDeskOf = (c: Pick<ItemContent, 'handlingForms'>): IntakeDesk => (c.handlingForms.includes('window') ? 'window' : 'department');

export function caseItemOf(c: ItemContent, situationAnswers: Record<string, readonly string[]> = {}, joint = false): CaseItem {
  return {
    // The intake checklist: the materials for the situations the applicant chose.
    materials: caseMaterials(c.materials, situationAnswers),
    // 收费: the catalogue fee for those situations (0 free, null varying), judged against the charge (电子监察).
    feeFen: catalogueFeeFen(c.fees, chosenOptionIds(situationAnswers)),
    separationOfDuties: c.separationOfDuties !== false,
    intake: intakeDeskOf(c),
    // 窗口类别: an agent's scope may name categories (ADR 0037).
    category: c.category,
    caseKind: c.caseKind,
    promisedLimitDays: c.promisedLimitDays,
    legalLimitDays: c.legalLimitDays,
    joint,
    steps: c.flow
      .filter((s) => s.role !== 'window_clerk')
      .map((s) => ({ id: s.id, name: s.name, role: s.role as CaseItem['steps'][number]['role'], decision: !!s.decision, limitDays: s.limitDays })),
    gapAllowedMaterialIds: c.materials.filter((m) => m.gapAllowed && !m.key).map((m) => m.id),
  };
}

export interface CaseDeps {
  /** The working calendar; `stamp` (from `calendarStampSql`) lets a cached calendar skip its freshness query. */
  calendar: (stamp?: string) => Promise<WorkingDays>;
  now: () => Date;
  /** Data sources for 免证办 via data (ADR 0030); the built-in registers and the licence store when not given. */
  dataProviders?: ProviderRegistry;
}

export interface NewCaseInput {
  implId: string;
  formData: Record<string, unknown>;
  situationAnswers: Record<string, string[]>;
  materials: { materialId: string; fileId: string; fileName: string }[];
  /** The portal, the window, the hall's self-service kiosk (`terminal`) or the mobile app; the HTTP route sets online or window by who submits. */
  channel: 'online' | 'window' | 'terminal' | 'mobile';
  /** At the window, the applicant the clerk found or registered. */
  applicantId?: string;
  /** 告知承诺: materials the applicant replaces with a signed commitment. */
  commitments?: string[];
  /** 免证办: materials fulfilled by the applicant's own valid licence (ADR 0021). */
  licences?: LicenceUseInput[];
  /** 免证办 via data: materials fulfilled by a read of the applicant's own data, each for its stated purpose (ADR 0030). */
  dataUses?: MaterialDataUseRequest[];
  /** 我的材料: materials taken from the applicant's library instead of an upload (ADR 0027). */
  fromLibrary?: LibraryUseInput[];
  /** 帮办代办 (ADR 0037): the authorisation the clerk files with; the applicant stays the person. */
  assistAuthorisationId?: string;
  /** 帮办代办 declared by the clerk: refused without `assistAuthorisationId` (ADR 0041). */
  assisted?: boolean;
  /** 经办人 (ADR 0037): the enterprise a registered agent applies for; the applicant is the enterprise. */
  onBehalfOf?: string;
}

/** The verified identity of a case's applicant (the account, never the form). */
export interface ApplicantIdentity {
  id: string;
  kind: 'natural_person' | 'legal_person';
  name: string;
  idNumber: string | null;
  creditCode: string | null;
  legalRepresentative: string | null;
}

/**
 * The applicant account a case is filed for. Staff may not be the applicant of a case they handle
 * (issue 8 finding 5): a staff account, or an id that names no account, is refused with a clear 4xx.
 */
export async function applicantOf(db: Db, userId: string): Promise<ApplicantIdentity> {
  return applicantFrom(await db.selectFrom('users').select(repo.APPLICANT_COLUMNS).where('id', '=', userId).executeTakeFirst());
}

/** `applicantOf` for a users row already read (undefined: no such account). */
export function applicantFrom(found: repo.ApplicantUserRow | undefined): ApplicantIdentity {
  const u = found && openUser(found);
  if (!u || u.disabled) throw new DomainError('NOT_FOUND', { zh: '申请人不存在，请先查找或登记申请人', en: 'No such applicant; find or register the applicant first' });
  if (u.kind === 'staff') throw new DomainError('VALIDATION_FAILED', { zh: '工作人员账号不能作为申请人', en: 'A staff account cannot be the applicant' }, [{ code: 'APPLICANT_IS_STAFF', path: '/applicantId', zh: '申请人须为自然人或法人账号', en: 'The applicant must be a natural or legal person account' }]);
  return { id: u.id, kind: u.kind, name: u.display_name, idNumber: u.id_number, creditCode: u.credit_code, legalRepresentative: u.legal_representative };
}

/**
 * The form data to store for an application, or a 400 naming every problem (finding 8, issue 9
 * item 2): the applicant kind must be one the item serves, identity fields come from the verified
 * account, and the rest is checked against the pinned version's schema for the chosen situations.
 */
export function checkedApplication(content: ItemContent, input: { formData: Record<string, unknown>; situationAnswers: Record<string, string[]> }, applicant: ApplicantIdentity): Record<string, unknown> {
  const formData = withVerifiedIdentity(content.form, input.formData, applicant);
  const problems = [...identityProblems(content.form, input.formData, applicant), ...validateApplication(content, { formData, situationAnswers: input.situationAnswers }, applicant.kind)];
  if (problems.length === 0) return formData;
  const shown = problems.slice(0, 5);
  const more = problems.length > shown.length ? { zh: `等${problems.length}处`, en: ` and ${problems.length - shown.length} more` } : { zh: '', en: '' };
  throw new DomainError(
    'VALIDATION_FAILED',
    { zh: `申请表填写有误：${shown.map((p) => p.zh).join('；')}${more.zh}`, en: `The application has errors: ${shown.map((p) => p.en).join('; ')}${more.en}` },
    problems.map((p) => ({ code: p.code, path: p.path, zh: p.zh, en: p.en })),
  );
}

/**
 * Before a draft is submitted it is checked in full, exactly like a new application — its 我的材料
 * choices too (still the applicant's, of the material's code, still valid today; ADR 0038). Answers
 * what the submission's event records about those choices (nothing when there are none).
 */
export interface DraftSubmission {
  comment: string | null;
  data: Record<string, unknown>;
  files: { id: string; name: string }[];
  /** After the submit command: the licence and data uses are recorded on the case (ADR 0044). */
  record: (row: CaseRow, actor: Actor) => Promise<void>;
}

export async function checkDraftBeforeSubmit(db: Db, deps: CaseDeps, actor: Actor | undefined, caseId: string): Promise<DraftSubmission | null> {
  const row = await repo.findCase(db, caseId);
  if (!row || row.state !== 'draft' || !actor || actor.userId !== row.applicant_id) return null; // the command reports these
  const content = await repo.publishedContent(db, row.version_id);
  if (!content) throw new DomainError('CASE_RULE_VIOLATION', { zh: '该事项版本已不可申请，请重新填写', en: 'The item version is no longer open; start a new application' });
  const applicant = await applicantOf(db, row.applicant_id);
  checkedApplication(content, { formData: openFormData(row.form_data), situationAnswers: row.situation_answers }, applicant);
  const today = isoDateInChina(deps.now());
  const chosen = await db.selectFrom('case_materials').select(['material_id', 'library_id']).where('case_id', '=', row.id).where('library_id', 'is not', null).execute();
  const uses = await checkLibraryUses(db, row.applicant_id, row.impl_id, content.materials, chosen.flatMap((c) => (c.library_id ? [{ materialId: c.material_id, libraryId: c.library_id }] : [])), today);
  const library = libraryUseRecord(uses, actor);
  // 免证办 kept by the draft (ADR 0044): the licence must still be valid today, and the data is read now (a refused read leaves the draft as it is).
  const kept = await db.selectFrom('case_draft_uses').selectAll().where('case_id', '=', row.id).orderBy('material_id').execute();
  const licences = await checkLicenceUses(db, row.applicant_id, content.materials, kept.flatMap((k) => (k.kind === 'licence' && k.identifier ? [{ materialId: k.material_id, identifier: k.identifier }] : [])), today);
  const reads = await readDataForMaterials(db, deps.dataProviders ?? providerRegistry(), deps.now, { id: applicant.id, kind: applicant.kind }, content.materials, kept.flatMap((k) => (k.kind === 'data' && k.purpose ? [{ materialId: k.material_id, purpose: k.purpose }] : [])));
  const comment = [library.comment, fulfilmentComment(content.materials, licences, reads)].filter(Boolean).join('；') || null;
  if (!comment) return null;
  return {
    comment,
    data: { ...library.data, ...fulfilmentData(licences, reads) },
    files: uses.map((u) => ({ id: u.fileId, name: u.fileName })),
    record: async (submitted, by) => {
      await recordLicenceUses(db, submitted.id, licences);
      await recordDataUses(db, { id: submitted.id, caseNo: submitted.case_no ?? '', applicantId: submitted.applicant_id, orgId: submitted.org_id }, by, reads);
      await db.deleteFrom('case_draft_uses').where('case_id', '=', submitted.id).execute();
    },
  };
}

/** Applicants with a credit record (e.g. a false commitment) get no 容缺受理 and no 告知承诺. */
export async function hasBadCredit(db: Db, userId: string): Promise<boolean> {
  return !!(await db.selectFrom('credit_records').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst());
}

function checkCommitments(content: ItemContent, commitments: string[], badCredit: boolean): void {
  if (commitments.length === 0) return;
  if (badCredit) {
    throw new DomainError('CASE_RULE_VIOLATION', { zh: '申请人有失信记录，不适用告知承诺', en: 'Commitment in lieu of proof is not offered to applicants with a bad credit record' }, [{ code: 'COMMITMENT_BAD_CREDIT', zh: '不适用告知承诺', en: 'Not offered' }]);
  }
  for (const id of commitments) {
    if (!content.materials.some((m) => m.id === id && m.commitmentAllowed)) {
      throw new DomainError('CASE_RULE_VIOLATION', { zh: `材料“${id}”不适用告知承诺`, en: `Material "${id}" cannot be replaced by a commitment` }, [{ code: 'COMMITMENT_NOT_ALLOWED', zh: '不适用告知承诺', en: 'Not allowed' }]);
    }
  }
}

const CASE_STAFF_ROLES: readonly CaseRole[] = ['window_clerk', 'approver_handle', 'approver_review', 'approver_signoff', 'supervisor'];

/** The actor as the rules of one case see them: the applicant, or the staff roles whose scope covers the case. */
export function caseParticipant(actor: Actor, row: { applicant_id: string; org_path: string; state: string; snapshot: unknown; impl_id?: string }): CaseParticipant {
  if (isSystem(actor)) return { id: actor.userId, roles: ['system'] };
  // 经办人 (ADR 0037): an agent in force and in scope acts in the applicant's place.
  if (actor.kind !== 'staff') return { id: actor.userId, roles: actor.userId === row.applicant_id || agentGrantFor(actor, caseFactsOf(row)) ? ['applicant'] : [] };
  const roles = actor.roles.filter((g) => row.org_path.startsWith(g.scopePath)).map((g) => g.role as CaseRole);
  return { id: actor.userId, roles: CASE_STAFF_ROLES.filter((r) => roles.includes(r)) };
}

/**
 * The published item an application is for, with — in the same round trip — the calendar stamp, whether
 * the applicant has a credit record, and the case an Idempotency-Key already made (a retry).
 */
/** A published item as an application is filed under it (`loadPublished`, or a 一件事's member facts). */
export interface FilingItem {
  id: string;
  impl_code: string;
  org_id: string;
  region_code: string;
  org_path: string;
  version_id: string;
  content: ItemContent;
}

/**
 * The item an application is filed under, with what the filing checks beside it — the calendar stamp, the
 * applicant's credit record, a retried Idempotency-Key and the applicant's row — in one statement, built
 * and compiled once (every submission runs it; its parameters are the arguments, in order).
 */
const publishedItem = compileOnce((db: Db, creditOf: string | null, replayUser: string | null, replayKey: string | null, applicantId: string | null, implId: string) =>
  db
    .selectFrom('item_impls as i')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.impl_code', 'i.org_id', 'i.region_code', 'o.path as org_path', 'o.name as org_name', 'i.published_version_id as version_id'])
    .select(calendarStampSql.as('calendar_stamp'))
    .select(sql<boolean>`exists (select 1 from credit_records r where r.user_id = ${creditOf}::uuid)`.as('bad_credit'))
    .select(sql<string | null>`(select k.case_id from idempotency_keys k where k.user_id = ${replayUser}::uuid and k.key = ${replayKey})`.as('replay_of'))
    .select(repo.applicantJsonSql(applicantId).as('applicant'))
    .where('i.id', '=', implId),
);

async function loadPublished(db: Db, implId: string, applicantId?: string, idempotency?: { userId: string; key: string }) {
  const [row] = await publishedItem(db, applicantId ?? null, idempotency?.userId ?? null, idempotency?.key ?? null, applicantId ?? null, implId);
  // The applicant is judged before the item (a bad applicant id gets its own answer); with no such item it is read on its own.
  const applicant = applicantId ? applicantFrom((row ? row.applicant : await db.selectFrom('users').select(repo.APPLICANT_COLUMNS).where('id', '=', applicantId).executeTakeFirst()) ?? undefined) : null;
  const content = row?.version_id ? await repo.publishedContent(db, row.version_id) : undefined;
  if (!row?.version_id || !content) throw new DomainError('NOT_FOUND', { zh: '该事项不存在或未发布，不能申请', en: 'The item does not exist or is not published' });
  return { ...row, version_id: row.version_id, content, applicant };
}

/** What a 一件事 bundle adds when it files a member case (issue 10): the link and the bundle's words go on the first event. */
export interface BundleMemberFiling {
  eventData: Record<string, unknown>;
  comment: string | null;
}

/** 经办人 / 帮办代办: who may file for someone else, refused before anything is looked up. Answers the enterprise an agent files for. */
function requireFilingActor(actor: Actor, input: Pick<NewCaseInput, 'onBehalfOf' | 'assistAuthorisationId' | 'assisted' | 'implId'>): string | undefined {
  const onBehalfOf = input.onBehalfOf && input.onBehalfOf !== actor.userId ? input.onBehalfOf : undefined;
  if (onBehalfOf && actor.kind !== 'natural_person') throw new DomainError('FORBIDDEN', { zh: '只有企业登记的经办人（自然人）可以代企业申请', en: 'Only an enterprise’s registered agent (a natural person) can apply for it' });
  if ((input.assistAuthorisationId || input.assisted) && actor.kind !== 'staff') throw new DomainError('FORBIDDEN', { zh: '帮办代办仅由大厅工作人员办理', en: 'Assisted filing is for hall staff' });
  requireAssistAuthorisation(input);
  // 经办人: refused before anything is looked up when the person is no agent of that enterprise at all.
  if (onBehalfOf && !actor.agentFor?.some((g) => g.enterpriseId === onBehalfOf)) {
    const d = agentMayAct([], onBehalfOf, { implId: input.implId }, '');
    if (!d.ok) throw new DomainError('FORBIDDEN', { zh: d.zh, en: d.en }, [{ code: `AGENT_${d.reason.toUpperCase()}`, path: '/onBehalfOf', zh: d.zh, en: d.en }]);
  }
  return onBehalfOf;
}

/** 经办人: the grant's scope and expiry, for this item (src/core/agents): a clear 403, nothing written. Answers the grant. */
function requireAgentScope(actor: Actor, onBehalfOf: string | undefined, item: FilingItem, now: Date) {
  if (!onBehalfOf) return undefined;
  const d = agentMayAct(actor.agentFor ?? [], onBehalfOf, { implId: item.id, category: item.content.category }, isoDateInChina(now));
  if (!d.ok) throw new DomainError('FORBIDDEN', { zh: d.zh, en: d.en }, [{ code: `AGENT_${d.reason.toUpperCase()}`, path: '/onBehalfOf', zh: d.zh, en: d.en }]);
  return (actor.agentFor ?? []).find((g) => g.enterpriseId === onBehalfOf);
}

/** An application checked against its item, before anything is claimed, read from a data source or written. */
interface CheckedFiling {
  formData: Record<string, unknown>;
  calendar: WorkingDays;
  now: Date;
  today: IsoDate;
  badCredit: boolean;
  licenceUses: LicenceUse[];
  library: ReturnType<typeof libraryUseRecord>;
  handedIn: { materialId: string; fileId: string; fileName: string; libraryId?: string }[];
}

async function checkFiling(db: Db, deps: CaseDeps, actor: Actor, applicant: ApplicantIdentity, item: FilingItem, input: NewCaseInput, known: { calendarStamp: string; badCredit: boolean; filesChecked: boolean }): Promise<CheckedFiling> {
  if (actor.kind === 'staff' && !actor.roles.some((g) => g.role === 'window_clerk' && item.org_path.startsWith(g.scopePath))) {
    throw new DomainError('FORBIDDEN', { zh: '您不能受理该部门的事项', en: 'You cannot take in items of this department' });
  }
  // One validation for both channels (finding 8): identity from the account, the rest against the pinned schema.
  const formData = checkedApplication(item.content, input, applicant);
  const calendar = await deps.calendar(known.calendarStamp);
  const content = item.content;
  const materialIds = new Set(content.materials.map((m) => m.id));
  for (const m of input.materials) {
    if (!materialIds.has(m.materialId)) throw new DomainError('VALIDATION_FAILED', { zh: `事项没有编号为 ${m.materialId} 的材料`, en: `The item has no material ${m.materialId}` });
  }
  if (!known.filesChecked) await requireOwnUploads(db, actor.userId, input.materials.map((m) => m.fileId));
  checkCommitments(content, input.commitments ?? [], known.badCredit);
  const now = deps.now();
  const today = isoDateInChina(now);
  const licenceUses = await checkLicenceUses(db, applicant.id, content.materials, input.licences ?? [], today);
  const libraryUses = await checkLibraryUses(db, applicant.id, item.id, content.materials, input.fromLibrary ?? [], today, { uploaded: input.materials.map((m) => m.materialId), checkedAlready: known.filesChecked });
  const library = libraryUseRecord(libraryUses, actor);
  const handedIn = [...input.materials, ...libraryUses.map((u) => ({ materialId: u.materialId, fileId: u.fileId, fileName: u.fileName, libraryId: u.libraryId }))];
  const both = (input.dataUses ?? []).find((d) => licenceUses.some((l) => l.materialId === d.materialId));
  if (both) throw new DomainError('VALIDATION_FAILED', { zh: `材料“${both.materialId}”已用电子证照代替，不能再调取共享数据`, en: `Material ${both.materialId} is already replaced by a licence` });
  return { formData, calendar, now, today, badCredit: known.badCredit, licenceUses, library, handedIn };
}

/** A filing decided by the core (the submitted snapshot), its data reads done: everything a case insert needs but its number. */
export interface PreparedFiling extends CheckedFiling {
  caseId: string;
  actor: Actor;
  applicant: ApplicantIdentity;
  item: FilingItem;
  input: NewCaseInput;
  role: CaseRole;
  next: CaseSnapshot;
  dataUses: PreparedDataUse[];
  fulfilled: FulfilledMaterial[];
  assist: ClaimedAssist | null;
  acting: ReturnType<typeof actingFor>;
}

async function readAndDecide(db: Db, deps: CaseDeps, actor: Actor, applicant: ApplicantIdentity, item: FilingItem, input: NewCaseInput, checked: CheckedFiling, assist: ClaimedAssist | null, agentGrant: { grantId: string } | undefined): Promise<PreparedFiling> {
  const content = item.content;
  // Read before anything is written: a refused or failing read leaves no case behind.
  const dataUses = await readDataForMaterials(db, deps.dataProviders ?? providerRegistry(), deps.now, { id: applicant.id, kind: applicant.kind }, content.materials, input.dataUses ?? []);
  // 免证办: the snapshot names the materials a licence or a data read fulfilled, so the intake checklist counts them as provided.
  const fulfilled: FulfilledMaterial[] = [...checked.licenceUses.map((u) => ({ materialId: u.materialId, by: 'licence' as const })), ...dataUses.map((u) => ({ materialId: u.materialId, by: 'data' as const }))];
  const draft = newCaseSnapshot(caseItemOf(content, input.situationAnswers), checked.badCredit, input.commitments ?? [], fulfilled);
  const role: CaseRole = actor.kind === 'staff' ? 'window_clerk' : 'applicant';
  const r = decide(draft, { type: 'submit' }, { today: checked.today, actor: { id: actor.userId, role }, calendar: checked.calendar });
  if (!r.ok) throw new DomainError('CASE_ILLEGAL_TRANSITION', { zh: r.error.zh, en: r.error.en });
  return { ...checked, caseId: randomUUID(), actor, applicant, item, input, role, next: r.next, dataUses, fulfilled, assist, acting: actingFor(applicant, assist, agentGrant) };
}

/**
 * Checks and prepares a 一件事 member case exactly as `submitNewCase` files one — the same checks of the
 * actor, the agent's scope, the form against the member's pinned version, materials, licences and data
 * reads — without writing it: the bundle writes its members together (ADR 0049). The item, applicant,
 * calendar stamp and credit record are what the bundle has read for all of its members at once.
 */
export async function prepareMemberFiling(db: Db, deps: CaseDeps, actor: Actor, applicant: ApplicantIdentity, item: FilingItem, input: NewCaseInput, known: { calendarStamp: string; badCredit: boolean }): Promise<PreparedFiling> {
  const onBehalfOf = requireFilingActor(actor, input);
  const applicantId = actor.kind === 'staff' ? input.applicantId : (onBehalfOf ?? actor.userId);
  if (applicantId !== applicant.id) throw new DomainError('FORBIDDEN', { zh: '只能为本人申请', en: 'You can only apply for yourself' });
  const agentGrant = requireAgentScope(actor, onBehalfOf, item, deps.now());
  const checked = await checkFiling(db, deps, actor, applicant, item, input, { ...known, filesChecked: true });
  return readAndDecide(db, deps, actor, applicant, item, input, checked, null, agentGrant);
}

/** The case row, first timeline event and materials of a prepared filing under its number. */
export function filedCase(p: PreparedFiling, caseNo: string, bundle?: BundleMemberFiling) {
  const { item, input, actor, applicant, now } = p;
  const content = item.content;
  const event = repo.firstEvent({
    caseId: p.caseId,
    at: now.toISOString(),
    actorId: actor.userId,
    actorRole: p.role,
    orgId: actor.orgId,
    action: 'submit',
    fromState: 'draft',
    toState: 'submitted',
    // A 一件事 member names the licences and data reads it was filed with (ADR 0044).
    comment: [p.acting?.comment, bundle?.comment, p.library.comment, bundle ? fulfilmentComment(content.materials, p.licenceUses, p.dataUses) : null].filter(Boolean).join('；') || null,
    files: [...p.handedIn.map((m) => ({ id: m.fileId, name: m.fileName })), ...(p.assist?.file ? [p.assist.file] : [])],
    data: { channel: input.channel, commitments: input.commitments ?? [], ...(p.fulfilled.length ? { fulfilled: p.fulfilled } : {}), ...(bundle?.eventData ?? {}), ...(bundle ? fulfilmentData(p.licenceUses, p.dataUses) : {}), ...p.library.data, ...(p.acting ? { onBehalfOf: p.acting.onBehalfOf } : {}) },
  });
  const title = content.subName ? `${content.mainName}（${content.subName}）` : content.mainName;
  const row: repo.NewCaseRow = {
    id: p.caseId,
    case_no: caseNo,
    query_code: queryCodeFrom(randomBytes(16)),
    impl_id: item.id,
    version_id: item.version_id,
    org_id: item.org_id,
    org_path: item.org_path,
    region_code: item.region_code,
    applicant_id: applicant.id,
    channel: input.channel,
    state: p.next.state,
    snapshot: JSON.stringify(p.next),
    form_data: sealFormData(p.formData),
    situation_answers: JSON.stringify(input.situationAnswers),
    title,
    // Set here from the pinned content the submission already holds, so the insert trigger (which would
    // read and unpack the whole item version) does not run (issue 8's benchmark).
    public_title: content.sensitive ? repo.SENSITIVE_PUBLIC_TITLE : title,
    submitted_at: now,
    event_seq: event.seq,
    event_hash: event.hash,
    public_timeline: repo.publicTimelineOf([event]),
    created_at: now,
    updated_at: now,
  };
  return { row, event, actorName: actor.displayName, materials: p.handedIn.map((m) => ({ ...m, uploadedBy: actor.userId })), message: notificationOf({ id: p.caseId, title, applicant_id: applicant.id }, 'submit', caseNo) };
}

/** After a filing's case is written: the licence and data uses it was filed with are recorded on it. */
export async function recordFilingUses(db: Db, p: PreparedFiling, row: Pick<CaseRow, 'id' | 'case_no'>): Promise<void> {
  await recordLicenceUses(db, row.id, p.licenceUses);
  await recordDataUses(db, { id: row.id, caseNo: row.case_no, applicantId: p.applicant.id, orgId: p.item.org_id }, p.actor, p.dataUses);
}

/**
 * Creates a case and submits it; a retried request with the same Idempotency-Key returns the first case.
 * Round trips: the item (with calendar stamp, credit and replay check), the day's case-number sequence,
 * and one statement writing the case with its first event, materials, notification and outbox message.
 */
export async function submitNewCase(db: Db, deps: CaseDeps, actor: Actor, input: NewCaseInput, idempotencyKey: string | undefined): Promise<{ caseRow: CaseRow; replayed: boolean }> {
  const onBehalfOf = requireFilingActor(actor, input);
  const applicantId = actor.kind === 'staff' ? input.applicantId : (onBehalfOf ?? actor.userId);
  if (!applicantId) throw new DomainError('VALIDATION_FAILED', { zh: '请先确定申请人', en: 'Identify the applicant first' });
  const idempotency = idempotencyKey ? { userId: actor.userId, key: idempotencyKey } : undefined;
  // The item and the applicant in one round trip; the applicant is judged first, as before.
  const { applicant: judged, ...item } = await loadPublished(db, input.implId, applicantId, idempotency);
  if (!judged) throw new Error('loadPublished judges the applicant it is given');
  const applicant = judged;
  const agentGrant = requireAgentScope(actor, onBehalfOf, item, deps.now());
  const replay = async (caseId: string) => {
    const existing = await repo.findCase(db, caseId);
    if (!existing) throw new DomainError('CONFLICT');
    return { caseRow: existing, replayed: true };
  };
  if (item.replay_of) return replay(item.replay_of);
  const checked = await checkFiling(db, deps, actor, applicant, item, input, { calendarStamp: item.calendar_stamp, badCredit: item.bad_credit, filesChecked: false });
  // 帮办代办: the authorisation is claimed before anything is read or written for the case, and released if no case is written.
  const assist = actor.kind === 'staff' && input.assistAuthorisationId ? await claimAssist(db, actor, applicantId, item.org_path, input.assistAuthorisationId, checked.now) : null;
  const releasing = async (err: unknown): Promise<never> => {
    if (assist) await releaseAssist(db, assist.id);
    throw err;
  };
  const filing = await readAndDecide(db, deps, actor, applicant, item, input, checked, assist, agentGrant).catch(releasing);
  // A concurrent retry with the same key can use up one sequence number; nothing else is written twice.
  const caseNo = formatCaseNumber(item.impl_code, checked.today, await repo.nextCaseSeq(db, `${item.impl_code}${checked.today}`));
  const filed = filedCase(filing, caseNo);
  const row = await repo.writeNewCase(db, { row: filed.row, idempotency: idempotency ?? null, event: filed.event, actorName: filed.actorName, materials: filed.materials, notification: filed.message.notification, outbox: [filed.message.outbox] }).catch(releasing);
  if (!row) {
    if (assist) await releaseAssist(db, assist.id);
    const prior = await db.selectFrom('idempotency_keys').select('case_id').where('user_id', '=', actor.userId).where('key', '=', idempotencyKey ?? '').executeTakeFirst();
    if (!prior) throw new DomainError('CONFLICT');
    return replay(prior.case_id);
  }
  if (assist) await linkAssist(db, assist.id, row.id);
  await recordFilingUses(db, filing, row);
  return { caseRow: row, replayed: false };
}

/** What a filing's event says of its licence and data uses: which licence (identifier, version), which read (source, purpose). */
export function fulfilmentComment(materials: readonly { id: string; name: string }[], licences: readonly LicenceUse[], reads: readonly Pick<PreparedDataUse, 'materialId' | 'source' | 'purpose'>[]): string | null {
  const name = (id: string) => materials.find((m) => m.id === id)?.name ?? id;
  const parts = [
    ...licences.map((u) => `${name(u.materialId)}以电子证照代替（${u.identifier}，第${u.version}版）`),
    ...reads.map((u) => `${name(u.materialId)}以共享数据代替（${u.source.name}，用途：${purposeOf(u.purpose)?.name ?? u.purpose}）`),
  ];
  return parts.length ? parts.join('；') : null;
}

export function fulfilmentData(licences: readonly LicenceUse[], reads: readonly Pick<PreparedDataUse, 'materialId' | 'source' | 'purpose' | 'queryId'>[]): Record<string, unknown> {
  return {
    ...(licences.length ? { licences: licences.map((u) => ({ materialId: u.materialId, identifier: u.identifier, version: u.version })) } : {}),
    ...(reads.length ? { dataReads: reads.map((u) => ({ materialId: u.materialId, source: u.source.code, purpose: u.purpose, queryId: u.queryId })) } : {}),
  };
}

/**
 * Who a filing acts for (ADR 0037), as the first event records it: the actor is the clerk or the agent,
 * `onBehalfOf` the person or enterprise (the applicant). The comment names no person (a masked view
 * shows it as it is); the presenter masks a person's name in `onBehalfOf` where names are masked.
 */
function actingFor(applicant: ApplicantIdentity, assist: ClaimedAssist | null, agent: { grantId: string } | undefined) {
  if (assist) {
    return {
      comment: assistComment(assist.kind),
      onBehalfOf: { kind: 'assist', id: applicant.id, name: applicant.name, applicantKind: applicant.kind, authorisationId: assist.id, authorisation: assist.kind },
    };
  }
  if (agent) return { comment: '经办人代企业申请', onBehalfOf: { kind: 'agent', id: applicant.id, name: applicant.name, applicantKind: applicant.kind, grantId: agent.grantId } };
  return null;
}

/**
 * Saves an online application as a draft (new, or updating the applicant's own draft). Uploads and
 * 我的材料 choices are kept as the draft's materials (a choice names its library entry; ADR 0038).
 */
export async function saveDraft(db: Db, deps: CaseDeps, actor: Actor, input: Omit<NewCaseInput, 'channel' | 'applicantId'>, caseId?: string): Promise<CaseRow> {
  if (actor.kind === 'staff') throw new DomainError('FORBIDDEN', { zh: '草稿仅供申请人使用', en: 'Drafts are for applicants' });
  const item = await loadPublished(db, input.implId);
  const applicant = await applicantOf(db, actor.userId);
  // A draft may be incomplete (it is checked in full when submitted), but identity comes from the account.
  const formData = withVerifiedIdentity(item.content.form, input.formData, applicant);
  const today = isoDateInChina(deps.now());
  // Library choices are checked as for a submission (checked again when the draft is submitted).
  const libraryUses = await checkLibraryUses(db, actor.userId, item.id, item.content.materials, input.fromLibrary ?? [], today, { uploaded: input.materials.map((m) => m.materialId) });
  // Licence and data uses likewise (ADR 0044): the licence is checked now and again at submission; the data is read only then.
  const licenceUses = await checkLicenceUses(db, actor.userId, item.content.materials, input.licences ?? [], today);
  const dataUses = checkDataUseRequests(item.content.materials, input.dataUses ?? [], applicant.kind);
  const both = dataUses.find((d) => licenceUses.some((l) => l.materialId === d.material.id));
  if (both) throw new DomainError('VALIDATION_FAILED', { zh: `材料“${both.material.name}”已用电子证照代替，不能再调取共享数据`, en: `Material ${both.material.id} is already replaced by a licence` });
  const fulfilled: FulfilledMaterial[] = [...licenceUses.map((u) => ({ materialId: u.materialId, by: 'licence' as const })), ...dataUses.map((u) => ({ materialId: u.material.id, by: 'data' as const }))];
  return inTransaction(db, async (tx) => {
    checkCommitments(item.content, input.commitments ?? [], await hasBadCredit(tx, actor.userId));
    const known = new Set(item.content.materials.map((m) => m.id));
    for (const m of input.materials) {
      if (!known.has(m.materialId)) throw new DomainError('VALIDATION_FAILED', { zh: `事项没有编号为 ${m.materialId} 的材料`, en: `The item has no material ${m.materialId}` });
    }
    await requireOwnUploads(tx, actor.userId, input.materials.map((m) => m.fileId));
    const now = deps.now();
    let row: CaseRow;
    if (caseId) {
      const existing = await repo.findCase(tx, caseId, { forUpdate: true });
      if (!existing || existing.applicant_id !== actor.userId) throw new DomainError('NOT_FOUND', { zh: '草稿不存在', en: 'No such draft' });
      if (existing.state !== 'draft') throw new DomainError('CASE_ILLEGAL_TRANSITION', { zh: '已提交的申请不能再作为草稿修改', en: 'A submitted application is no longer a draft' });
      if (existing.impl_id !== item.id) throw new DomainError('VALIDATION_FAILED', { zh: '草稿的事项不能更换', en: 'A draft cannot change its item' });
      row = await tx
        .updateTable('cases')
        .set({
          form_data: sealFormData(formData),
          situation_answers: JSON.stringify(input.situationAnswers),
          snapshot: JSON.stringify(newCaseSnapshot(caseItemOf(item.content, input.situationAnswers), await hasBadCredit(tx, actor.userId), input.commitments ?? [], fulfilled)),
          lock_version: existing.lock_version + 1,
          updated_at: now,
        })
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await tx.deleteFrom('case_materials').where('case_id', '=', row.id).execute();
      await tx.deleteFrom('case_draft_uses').where('case_id', '=', row.id).execute();
    } else {
      const id = randomUUID();
      const event = repo.firstEvent({ caseId: id, at: now.toISOString(), actorId: actor.userId, actorRole: 'applicant', orgId: null, action: 'save_draft', fromState: null, toState: 'draft', comment: null, files: [], data: {} });
      row = await tx
        .insertInto('cases')
        .values({
          id,
          impl_id: item.id,
          version_id: item.version_id,
          org_id: item.org_id,
          org_path: item.org_path,
          region_code: item.region_code,
          applicant_id: actor.userId,
          channel: 'online',
          state: 'draft',
          snapshot: JSON.stringify(newCaseSnapshot(caseItemOf(item.content, input.situationAnswers), await hasBadCredit(tx, actor.userId), input.commitments ?? [], fulfilled)),
          form_data: sealFormData(formData),
          situation_answers: JSON.stringify(input.situationAnswers),
          title: item.content.subName ? `${item.content.mainName}（${item.content.subName}）` : item.content.mainName,
          event_seq: event.seq,
          event_hash: event.hash,
          public_timeline: repo.publicTimelineOf([event]),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await repo.insertEvent(tx, event, actor.displayName);
    }
    for (const m of input.materials) {
      await tx.insertInto('case_materials').values({ case_id: row.id, material_id: m.materialId, file_id: m.fileId, file_name: m.fileName, uploaded_by: actor.userId }).execute();
    }
    for (const u of libraryUses) {
      await tx.insertInto('case_materials').values({ case_id: row.id, material_id: u.materialId, file_id: u.fileId, file_name: u.fileName, uploaded_by: actor.userId, library_id: u.libraryId }).execute();
    }
    const kept = [...licenceUses.map((u) => ({ case_id: row.id, material_id: u.materialId, kind: 'licence' as const, identifier: u.identifier, purpose: null })), ...dataUses.map((u) => ({ case_id: row.id, material_id: u.material.id, kind: 'data' as const, identifier: null, purpose: u.purpose }))];
    if (kept.length) await tx.insertInto('case_draft_uses').values(kept).execute();
    return row;
  });
}

export interface CommandOptions {
  /** The lock version the caller read; a different current version is a conflict (someone acted first). */
  expectedVersion?: number;
  comment?: string;
  files?: { id: string; name: string }[];
  data?: Record<string, unknown>;
  /** Materials handed in with the command (a resubmission, an owed material), recorded with it. */
  materials?: { materialId: string; fileId: string; fileName: string }[];
}

/**
 * The caller's relation to a case (policies/case-access.ts), or an error: a draft is the applicant's
 * alone (anyone else gets 404, as if it did not exist); any other case without a relation is 403.
 */
export function requireCaseAccess(actor: Actor | undefined, row: { applicant_id: string; org_path: string; state: string; snapshot: unknown; impl_id?: string }): CaseRelation {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  const facts = caseFactsOf(row);
  const relation = caseRelation(actor, facts);
  if (relation) return relation;
  if (row.state === 'draft') throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
  // An agent of the enterprise learns why (expired, revoked, out of scope), not just "forbidden".
  if (actor.agentFor?.some((g) => g.enterpriseId === row.applicant_id)) {
    const d = agentDecision(actor, facts);
    if (!d.ok) throw new DomainError('FORBIDDEN', { zh: d.zh, en: d.en }, [{ code: `AGENT_${d.reason.toUpperCase()}`, zh: d.zh, en: d.en }]);
  }
  throw new DomainError('FORBIDDEN', { zh: '您无权查看该办件', en: 'You may not see this case' });
}

const isSystem = (actor: Actor) => actor.kind === 'staff' && actor.userId === SYSTEM_ACTOR.userId;

/** What a hook knows of a command before it is written: the command, the state it was decided on and the result. */
export interface CommandFacts {
  command: CaseCommand;
  before: CaseSnapshot;
  next: CaseSnapshot;
  /** The day the command is decided on and the calendar it was decided with. */
  today: IsoDate;
  calendar: WorkingDays;
  /** The 电子监察 rule limits in force in the case's region (stored settings, read with the case; ADR 0031). */
  ruleLimits: RuleLimits;
  /** The person acting (a 电子监察 hit about what they recorded, such as a charge, counts against them). */
  actorId: string;
}

/**
 * Runs after every command that changed a case. `probe` says, from the command and the decided
 * snapshot alone (no I/O), what the hook needs read with the command's own write statement — or null
 * when it has nothing to do, so a hook that does not apply costs no round trip (issue 8: the bench's
 * figure). `run` gets the written row and the probe's value (undefined when there was no probe).
 */
export interface CaseCommandHook {
  name: string;
  probe(facts: CommandFacts): repo.CommandProbe | null;
  /** `facts`: the command's facts as the probe saw them (the state before and after), for a hook that decides without I/O whether to act. */
  run(db: Db, deps: CaseDeps, actor: Actor, row: CaseRow, command: CaseCommand, probed: unknown, facts: CommandFacts): Promise<void>;
}

/**
 * The hooks other areas register: a 一件事 bundle follows its member cases here (issue 10) — it starts
 * the members waiting for this result, ends the others when its rules say so, and updates its own state.
 * They run after the licences' hook (电子证照, ADR 0021: completion issues, 撤销 revokes).
 */
export const caseCommandHooks: CaseCommandHook[] = [];

/** The version a command was decided on moved on before it was written: decide again on the new state. */
class StaleVersion extends Error {}

const MAX_ATTEMPTS = 5;

/**
 * Runs one lifecycle command on a case: read the row (with the calendar stamp), check visibility and
 * role, decide in the pure core, then write the case, the hash-chained timeline event, materials, the
 * notification and the outbox in ONE statement guarded by lock_version (optimistic concurrency). If
 * another command got in between, the write changes nothing and the command is decided again on the
 * new state: two approvers acting at once → one succeeds, the other sees the decided case and gets 409.
 * A caller that sent expectedVersion gets 409 as soon as the version is not the one it saw.
 */
export async function runCommand(db: Db, deps: CaseDeps, actor: Actor | undefined, caseId: string, command: CaseCommand, opts: CommandOptions = {}): Promise<CaseRow> {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  for (let attempt = 1; ; attempt++) {
    try {
      // 电子证照 (ADR 0021) first, then 一件事 (ADR 0025): a member's bundle follows.
      // 电子监察 on each event (ADR 0031): its probe adds the hits to the write only when a rule fires.
      const hooks = [licenceCommandHook, supervisionCommandHook, ...caseCommandHooks];
      const { row: updated, probed, facts } = await attemptCommand(db, deps, actor, caseId, command, opts, hooks);
      for (const [i, hook] of hooks.entries()) await hook.run(db, deps, actor, updated, command, probed[i], facts);
      return updated;
    } catch (err) {
      if (!(err instanceof StaleVersion)) throw err;
      if (opts.expectedVersion !== undefined || attempt >= MAX_ATTEMPTS) {
        throw new DomainError('CONFLICT', { zh: '该办件已被他人处理，请刷新后查看最新状态', en: 'Someone else has acted on this case; reload to see its current state' });
      }
    }
  }
}

async function attemptCommand(db: Db, deps: CaseDeps, actor: Actor, caseId: string, requested: CaseCommand, opts: CommandOptions, hooks: readonly CaseCommandHook[]): Promise<{ row: CaseRow; probed: unknown[]; facts: CommandFacts }> {
  const row = await repo.findCaseForCommand(db, caseId);
  if (!row) throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
  const d = await decideCommand(db, deps, actor, row, requested, opts, hooks);
  const probing = d.probes.filter((p): p is repo.CommandProbe => p !== null);
  const write = async (tx: Db, numbering?: repo.CaseChanges['numbering']) => {
    const written = await repo.writeCommand(tx, { ...d.writeOf(numbering), probes: probing });
    if (!written) throw new StaleVersion();
    const values = new Map(probing.map((p, i) => [p, written.probed[i]]));
    const probed = d.probes.map((p) => (p === null ? undefined : values.get(p)));
    return { row: written.row, probed, facts: d.facts };
  };
  // A draft gets its case number and query code when it is first submitted: the daily sequence and
  // the case write share a transaction so a lost race does not use up a number.
  if (d.numbers) {
    return inTransaction(db, async (tx) => {
      const implCode = await implCodeOf(tx, row.impl_id);
      const caseNo = formatCaseNumber(implCode, d.facts.today, await repo.nextCaseSeq(tx, `${implCode}${d.facts.today}`));
      return write(tx, { caseNo, queryCode: queryCodeFrom(randomBytes(16)), submittedAt: d.now });
    });
  }
  return write(db);
}

/** A command decided on a case row: what its write is, and what the hooks read with it. */
interface DecidedCommand {
  row: CaseRow;
  command: CaseCommand;
  facts: CommandFacts;
  probes: (repo.CommandProbe | null)[];
  now: Date;
  /** A draft's first submission: the write gets the case number. */
  numbers: boolean;
  writeOf(numbering?: repo.CaseChanges['numbering']): Omit<repo.CommandWrite, 'probes'>;
}

/**
 * Checks visibility and role, decides the command in the pure core and builds its write: the case
 * row, the hash-chained timeline event, materials, the notification and the outbox.
 */
async function decideCommand(db: Db, deps: CaseDeps, actor: Actor, row: CaseRow & { calendar_stamp: string; supervision_stamp: string }, requested: CaseCommand, opts: CommandOptions, hooks: readonly CaseCommandHook[]): Promise<DecidedCommand> {
  const system = isSystem(actor);
  if (!system) requireCaseAccess(actor, row);
  // 经办人 (ADR 0037): an agent's action names the enterprise it acts for (read from the session: no statement).
  const agent = actor.kind === 'natural_person' && actor.userId !== row.applicant_id ? agentGrantFor(actor, caseFactsOf(row)) : null;
  const calendar = await deps.calendar(row.calendar_stamp);
  const supervision = await loadSupervisionSettings(db, row.supervision_stamp);
  const snapshot = await snapshotWithMaterials(db, row);
  // A result number is issued on completion: the case number with an -R suffix.
  const command: CaseCommand = (requested.type === 'complete' || requested.type === 'complete_on_the_spot') && !requested.resultNo ? { ...requested, resultNo: `${row.case_no ?? row.id}-R` } : requested;
  const now = deps.now();
  const today = isoDateInChina(now);
  // The role the actor acts in is the core's answer (abilities.ts), the same one the case view offers.
  const role = roleForCommand(snapshot, command.type, caseParticipant(actor, row), today, calendar);
  if (!role) throw new DomainError('FORBIDDEN', { zh: '您无权办理该办件', en: 'You may not act on this case' });
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== row.lock_version) throw new StaleVersion();
  const r = decide(snapshot, command, { today, actor: { id: actor.userId, role }, calendar });
  if (!r.ok) {
    // Someone else got there first (claimed, or the state moved on): a conflict.
    const code = r.error.rule === 'ALREADY_CLAIMED' ? 'CONFLICT' : r.error.code === 'CASE_FORBIDDEN_ROLE' ? 'FORBIDDEN' : r.error.code === 'CASE_ILLEGAL_TRANSITION' ? 'CASE_ILLEGAL_TRANSITION' : 'CASE_RULE_VIOLATION';
    throw new DomainError(code, { zh: r.error.zh, en: r.error.en }, [{ code: r.error.rule, zh: r.error.zh, en: r.error.en }]);
  }
  const next = r.next;
  const materials = (opts.materials ?? []).map((m) => ({ ...m, uploadedBy: system ? null : actor.userId }));
  const files = opts.files ?? materials.map((m) => ({ id: m.fileId, name: m.fileName }));
  const event = repo.nextEvent(row, {
    caseId: row.id,
    at: now.toISOString(),
    actorId: system ? null : actor.userId,
    actorRole: role,
    orgId: actor.orgId,
    action: command.type,
    fromState: snapshot.state,
    toState: next.state,
    comment: opts.comment ?? (command.type === 'recompute_due_date' ? `承诺办结日期：${snapshot.dueDate ?? ''} → ${next.dueDate ?? ''}${next.dueDateProvisional ? '（暂定）' : ''}` : commentOf(command, snapshot)),
    files,
    data: {
      ...commandData(command),
      ...(command.type === 'recompute_due_date' ? { from: snapshot.dueDate, to: next.dueDate, provisional: next.dueDateProvisional ?? false } : {}),
      ...(agent ? { onBehalfOf: { kind: 'agent', id: row.applicant_id, name: agent.enterpriseName, applicantKind: 'legal_person', grantId: agent.grantId } } : {}),
      ...(opts.data ?? {}),
    },
  });
  // What the after-command hooks need, read in the write itself (none for a hook that does not apply).
  const facts: CommandFacts = { command, before: snapshot, next, today, calendar, ruleLimits: supervision.inForce(row.region_code).limits, actorId: actor.userId };
  const probes = hooks.map((h) => h.probe(facts));
  // The row as read, without the stamps read beside it: the written row is this with the command's changes.
  const { calendar_stamp: _calendarStamp, supervision_stamp: _supervisionStamp, ...before } = row;
  const writeOf = (numbering?: repo.CaseChanges['numbering']): Omit<repo.CommandWrite, 'probes'> => {
    const caseNo = numbering?.caseNo ?? row.case_no;
    // A bundle's member case is told to the applicant through its bundle (one notification per bundle event, ADR 0028).
    const notifies = row.bundle_case_id === null && (snapshot.state !== next.state || ['request_correction', 'extend', 'resume', 'suspend'].includes(command.type));
    const message = notifies ? notificationOf(row, command.type, caseNo) : null;
    // 告知承诺: an approval that relied on commitments sends a verification task to the regulator.
    const commitmentCheck = command.type === 'decide' && next.decision === 'approved' && (next.commitments ?? []).length > 0;
    return {
      before,
      changes: {
        state: next.state,
        snapshot: next,
        acceptedOn: next.acceptedOn,
        dueDate: next.dueDate,
        decidedOn: next.decidedOn,
        currentStep: next.item.steps[next.stepIndex]?.role ?? null,
        claimedBy: next.claimedBy,
        completedAt: next.state === 'completed' && row.completed_at === null ? now : row.completed_at,
        ...(numbering ? { numbering } : {}),
      },
      event,
      actorName: system ? '系统' : actor.displayName,
      now,
      materials,
      notification: message?.notification ?? null,
      outbox: [
        ...(message ? [message.outbox] : []),
        ...(commitmentCheck ? [{ topic: 'regulator.commitment_check', payload: { caseId: row.id, caseNo, materials: next.commitments ?? [] } }] : []),
      ],
      commitmentCheck: commitmentCheck ? { orgPath: row.org_path, materialIds: next.commitments ?? [] } : null,
    };
  };
  return { row, command, facts, probes, now, numbers: row.case_no === null && next.state === 'submitted', writeOf };
}

/**
 * Runs one command on each of several cases (a 一件事 action on its members: 统一出件, ADR 0049) as
 * `runCommand` runs each — same access check, role, core decision, hash-chained event and hooks — but
 * reads the cases in one statement and writes them in one. Every command is decided before any is
 * written, so one that is refused writes none; `beforeWrite` runs then (the bundle claims its action
 * there). A case whose version moved on meanwhile, or whose hooks read something with its write, goes
 * through `runCommand` on its own afterwards.
 */
export async function runCommandsTogether(db: Db, deps: CaseDeps, actor: Actor | undefined, runs: readonly { caseId: string; command: CaseCommand; opts?: CommandOptions }[], beforeWrite?: () => Promise<void>): Promise<CaseRow[]> {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  const hooks = [licenceCommandHook, supervisionCommandHook, ...caseCommandHooks];
  const rows = await repo.findCasesForCommand(db, runs.map((r) => r.caseId));
  const decided: DecidedCommand[] = [];
  for (const run of runs) {
    const row = rows.find((r) => r.id === run.caseId);
    if (!row) throw new DomainError('NOT_FOUND', { zh: '办件不存在', en: 'The case does not exist' });
    decided.push(
      await decideCommand(db, deps, actor, row, run.command, run.opts ?? {}, hooks).catch((err: unknown) => {
        if (err instanceof StaleVersion) throw new DomainError('CONFLICT', { zh: '该办件已被他人处理，请刷新后查看最新状态', en: 'Someone else has acted on this case; reload to see its current state' });
        throw err;
      }),
    );
  }
  await beforeWrite?.();
  const together = decided.filter((d) => !d.numbers && d.probes.every((p) => p === null));
  const written = await repo.writeCommands(db, together.map((d) => d.writeOf()));
  const out: CaseRow[] = [];
  for (const [i, d] of decided.entries()) {
    const row = together.includes(d) ? written.find((w) => w.id === d.row.id) : undefined;
    if (!row) {
      const run = runs[i]!;
      out.push(await runCommand(db, deps, actor, run.caseId, run.command, run.opts));
      continue;
    }
    for (const hook of hooks) await hook.run(db, deps, actor, row, d.command, undefined, d.facts);
    out.push(row);
  }
  return out;
}

/**
 * The case's snapshot with its intake materials, intake desk and catalogue fee pinned: a draft follows
 * its current situation answers, and a snapshot from before the checklist rule (or ADR 0020, or ADR 0048
 * for the fee) gets them from its pinned catalogue version (fixed, so the answer never changes; the
 * version's content is cached per process, so this costs a statement only on the first such case).
 */
export async function snapshotWithMaterials(db: Db, row: { snapshot: unknown; state: string; version_id: string; situation_answers: unknown }): Promise<CaseSnapshot> {
  const s = row.snapshot as CaseSnapshot;
  if (s.item.materials && s.item.intake && s.item.feeFen !== undefined && row.state !== 'draft') return s;
  const content = await repo.publishedContent(db, row.version_id);
  if (!content) return s;
  const answers = (row.situation_answers ?? {}) as Record<string, string[]>;
  return { ...s, item: { ...s.item, intake: intakeDeskOf(content), materials: caseMaterials(content.materials, answers), feeFen: catalogueFeeFen(content.fees, chosenOptionIds(answers)) } };
}

/** The applicant's in-app notification and the outbox message (SMS / e-mail) for a case action. */
function notificationOf(row: { id: string; title: string; applicant_id: string }, action: string, caseNo: string | null) {
  const label = actionLabel(action);
  const title = `${row.title}：${label.zh}`;
  // 撤销决定书 is delivered to the applicant with the notification (the notice opens from the case page).
  const body = action === 'revoke' ? `办件编号 ${caseNo ?? ''}。请查阅撤销决定书，其中载明撤销理由及申请行政复议、提起行政诉讼的权利。` : `办件编号 ${caseNo ?? ''}`;
  return {
    notification: { userId: row.applicant_id, kind: action, title, body },
    outbox: { topic: 'notify.applicant', payload: { userId: row.applicant_id, caseId: row.id, title } },
  };
}

function commentOf(c: CaseCommand, s: CaseSnapshot): string | null {
  const name = (id: string) => s.item.materials?.find((m) => m.id === id)?.name ?? id;
  const checked = (received: { materialId: string; originalSeen: boolean }[]) =>
    received.length ? `收取材料：${received.map((m) => `${name(m.materialId)}${m.originalSeen ? '（已核验原件）' : ''}`).join('、')}` : '';
  switch (c.type) {
    case 'accept':
    case 'complete_on_the_spot':
      return checked(c.received) || null;
    case 'accept_with_gaps':
      return [checked(c.received), `容缺材料：${c.owed.map((o) => `${name(o.materialId)}（${o.dueDate}前补交）`).join('、')}`].filter(Boolean).join('；');
    case 'revoke':
      return `核查发现：${c.findings}；撤销理由：${c.reason}`;
    case 'refuse':
      return `${c.reason}；${c.remedies}`;
    case 'advance':
      return c.comment;
    case 'suspend':
      return `${c.procedure}：${c.reason}`;
    case 'extend':
    case 'decide':
    case 'withdraw':
    case 'terminate':
      return c.reason;
    default:
      return null;
  }
}

function commandData(c: CaseCommand): Record<string, unknown> {
  const { type: _t, ...rest } = c;
  return rest;
}

async function implCodeOf(db: Db, implId: string): Promise<string> {
  const r = await db.selectFrom('item_impls').select('impl_code').where('id', '=', implId).executeTakeFirstOrThrow();
  return r.impl_code;
}

/** The system actor used by background sweeps. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', kind: 'staff', displayName: '系统', orgId: null, roles: [] };
