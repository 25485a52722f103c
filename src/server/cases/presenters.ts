import { maskIdNumber, maskName } from '../../core/codes/mask.js';
import { owableMaterialIds, stepDueDate, type WorkingDays } from '../../core/cases/machine.js';
import { caseAbilities, type CaseAbility } from '../../core/cases/abilities.js';
import { timeStatus } from '../../core/cases/time.js';
import type { CaseSnapshot } from '../../core/cases/types.js';
import type { CaseEventRow, CaseRow } from '../db/schema.js';
import type { Actor } from '../policies/index.js';
import { actionLabel, STATE_LABELS } from './labels.js';
import { caseParticipant } from './service.js';
import { openField, openFormData } from '../crypto/personal-data.js';
import { maskFormData } from '../../core/forms/identity.js';
import type { Fee, FormSchema } from '../../core/catalogue/types.js';
import { applicableTo, chosenOptionIds } from '../../core/catalogue/situations.js';
import { formFieldsInOrder } from '../../core/forms/display.js';

/**
 * What the caller may do on the case now: the core's abilities (abilities.ts) for the caller's roles in
 * the case's scope. The UI renders exactly these; the server accepts exactly these.
 */
export function caseAbilitiesFor(row: CaseRow, s: CaseSnapshot, actor: Actor | undefined, today: string, cal: WorkingDays): CaseAbility[] {
  if (!actor) return [];
  return caseAbilities(s, caseParticipant(actor, row), today, cal);
}

/** 帮办代办 / 经办人 (ADR 0037): the person acted for is named like the applicant — masked where names are masked (a company's name is not). */
function maskOnBehalfOf(data: CaseEventRow['data']): CaseEventRow['data'] {
  const d = data as { onBehalfOf?: { name?: string; applicantKind?: string } } | null;
  if (!d?.onBehalfOf?.name || d.onBehalfOf.applicantKind === 'legal_person') return data;
  return { ...(data as object), onBehalfOf: { ...d.onBehalfOf, name: maskName(d.onBehalfOf.name) } } as CaseEventRow['data'];
}

/** A timeline event as staff and the applicant see it (the public view is `publicEventOf`). */
export function presentEvent(e: CaseEventRow, opts: { maskApplicant?: boolean } = {}) {
  const label = actionLabel(e.action);
  // The applicant's own entries name the applicant: masked like the header for roles without the need (finding 7).
  return {
    seq: e.seq,
    at: e.at,
    action: e.action,
    labelZh: label.zh,
    labelEn: label.en,
    toState: e.to_state,
    actorName: opts.maskApplicant && e.actor_role === 'applicant' && e.actor_name ? maskName(e.actor_name) : e.actor_name,
    actorRole: e.actor_role,
    comment: e.comment,
    files: e.files,
    data: opts.maskApplicant ? maskOnBehalfOf(e.data) : e.data,
  };
}

export function presentCase(
  row: CaseRow,
  ctx: { /** The snapshot with its intake materials pinned (snapshotWithMaterials); defaults to the row's. */ snapshot?: CaseSnapshot; events: CaseEventRow[]; materials: { material_id: string; file_id: string | null; file_name: string | null; library_id?: string | null }[]; actor: Actor | undefined; today: string; calendar: WorkingDays; applicant?: { display_name: string; id_number: string | null; credit_code: string | null }; /** Personal data in full (applicant, window, department) or masked by field type (others); see seesPersonalData. */ personalData?: { unmasked: boolean; form?: FormSchema }; /** The pinned version's fees (收费). */ fees?: readonly Fee[] },
) {
  const s = ctx.snapshot ?? (row.snapshot as unknown as CaseSnapshot);
  const state = STATE_LABELS[row.state] ?? { zh: row.state, en: row.state };
  const abilities = caseAbilitiesFor(row, s, ctx.actor, ctx.today, ctx.calendar);
  const owable = owableMaterialIds(s);
  const isApplicant = ctx.actor?.userId === row.applicant_id;
  // Finding 7: without a stated need, personal fields are masked — in the header and in the form data.
  const unmasked = ctx.personalData ? ctx.personalData.unmasked : isApplicant;
  const formData = openFormData(row.form_data);
  const applicantIdNumber = ctx.applicant ? openField('id_number', ctx.applicant.id_number) : null;
  const shownFormData = unmasked ? formData : maskFormData(ctx.personalData?.form ?? { type: 'object', properties: {} }, formData);
  return {
    id: row.id,
    caseNo: row.case_no,
    // The query code is printed on the applicant's notices; the window and the department see it to hand
    // it over, roles that see personal data masked (the supervisor) do not need it.
    queryCode: unmasked ? row.query_code : null,
    implId: row.impl_id,
    versionId: row.version_id,
    title: row.title,
    channel: row.channel,
    state: row.state,
    stateZh: state.zh,
    stateEn: state.en,
    lockVersion: row.lock_version,
    submittedAt: row.submitted_at,
    acceptedOn: row.accepted_on,
    dueDate: row.due_date,
    /** 暂定: computed over a year whose holiday arrangement is not loaded yet. */
    dueDateProvisional: s.dueDateProvisional ?? false,
    decidedOn: row.decided_on,
    certificateDue: s.certificateDue,
    decision: s.decision,
    resultNo: s.resultNo,
    delivery: s.delivery,
    owed: s.owed,
    commitments: s.commitments ?? [],
    /** 免证办: materials fulfilled at filing by a licence or a data read (the checklist counts them as provided). */
    fulfilled: s.fulfilled ?? [],
    pausedDays: s.pausedDays,
    extensionDays: s.extensionDays,
    suspension: s.suspension,
    currentStep: s.item.steps[s.stepIndex] ?? null,
    stepDueDate: stepDueDate(s, ctx.calendar),
    steps: s.item.steps,
    claimedBy: s.claimedBy,
    timeStatus: timeStatus(s, ctx.today, ctx.calendar),
    formData: shownFormData,
    /** The 申请表 as people read it: titles in the schema's order, masked as formData is (ADR 0015). */
    formFields: formFieldsInOrder(ctx.personalData?.form, shownFormData),
    situationAnswers: row.situation_answers,
    applicant: ctx.applicant
      ? {
          name: unmasked ? ctx.applicant.display_name : maskName(ctx.applicant.display_name),
          idNumber: applicantIdNumber ? (unmasked ? applicantIdNumber : maskIdNumber(applicantIdNumber)) : null,
          creditCode: ctx.applicant.credit_code,
        }
      : null,
    /** `libraryId`: taken from the applicant's 我的材料 (a draft keeps the choice; ADR 0038). */
    materials: ctx.materials.map((m) => ({ materialId: m.material_id, fileId: m.file_id, fileName: m.file_name, libraryId: m.library_id ?? null })),
    timeline: ctx.events.map((e) => presentEvent(e, { maskApplicant: !unmasked })),
    /** The intake checklist: the materials of the chosen situations (required ones must be accounted for). */
    checklist: (s.item.materials ?? []).map((m) => ({ ...m, mayBeOwed: owable.includes(m.id), promised: (s.commitments ?? []).includes(m.id), fulfilledBy: s.fulfilled?.find((f) => f.materialId === m.id)?.by ?? null })),
    /** 收费 (ADR 0048): the fees of the pinned version for the chosen situations, the amount pinned at submission and the charge recorded. */
    fee: presentFee(s, ctx.fees ?? [], row.situation_answers),
    abilities,
    /** The command types of `abilities` (kept for clients that only need the names). */
    actions: abilities.map((a) => a.type),
  };
}

/**
 * 收费 of a case: `lines` — the fees the pinned version lists for the applicant's situations (empty: it
 * lists none that apply); `catalogueFen` — their sum pinned at submission (null: a fee varies, or a case
 * from before the fee was pinned); `chargedFen` — what the decision recorded (null: nothing recorded).
 */
function presentFee(s: CaseSnapshot, fees: readonly Fee[], situationAnswers: unknown) {
  const lines = applicableTo(fees, chosenOptionIds((situationAnswers ?? {}) as Record<string, string[]>));
  return {
    lines: lines.map((f) => ({ name: f.name, standard: f.standard, amountFen: f.amountFen ?? null })),
    catalogueFen: s.item.feeFen ?? null,
    chargedFen: s.chargedFen ?? null,
  };
}

/** A command's minimal answer (`Prefer: return=minimal`): the case's identity and new state. */
export function presentCaseState(row: CaseRow) {
  const state = STATE_LABELS[row.state] ?? { zh: row.state, en: row.state };
  return { id: row.id, caseNo: row.case_no, queryCode: row.query_code, state: row.state, stateZh: state.zh, stateEn: state.en, lockVersion: row.lock_version, acceptedOn: row.accepted_on, dueDate: row.due_date };
}
