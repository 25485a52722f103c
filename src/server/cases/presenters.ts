import { maskIdNumber, maskName } from '../../core/codes/mask.js';
import { decide, stepDueDate, type WorkingDays } from '../../core/cases/machine.js';
import { timeStatus } from '../../core/cases/time.js';
import type { CaseCommand, CaseSnapshot } from '../../core/cases/types.js';
import type { CaseEventRow, CaseRow } from '../db/schema.js';
import type { Actor } from '../policies/index.js';
import { actionLabel, STATE_LABELS } from './labels.js';
import { roleFor } from './service.js';
import { openField, openFormData } from '../crypto/personal-data.js';

/** A sample of every command, to ask the core which actions the caller could take now. */
const SAMPLES: CaseCommand[] = [
  { type: 'submit' },
  { type: 'request_correction', missing: [{ materialId: 'x', reason: 'x' }] },
  { type: 'accept' },
  { type: 'complete_on_the_spot', resultNo: 'x' },
  { type: 'refuse', reason: 'x', remedies: 'x' },
  { type: 'claim' },
  { type: 'release' },
  { type: 'advance', comment: 'x' },
  { type: 'suspend', procedure: 'x', reason: 'x' },
  { type: 'resume' },
  { type: 'extend', days: 1, reason: 'x' },
  { type: 'decide', decision: 'approved', reason: 'x' },
  { type: 'complete', resultNo: 'x' },
  { type: 'deliver', method: 'window' },
  { type: 'withdraw', reason: 'x' },
  { type: 'terminate', reason: 'x' },
];

export function availableActions(row: CaseRow, actor: Actor | undefined, today: string, cal: WorkingDays): string[] {
  if (!actor) return [];
  const s = row.snapshot as unknown as CaseSnapshot;
  const out: string[] = [];
  for (const c of SAMPLES) {
    const role = roleFor(actor, row.org_path, c, s, row.applicant_id);
    if (!role) continue;
    const r = decide(s, c, { today, actor: { id: actor.userId, role }, calendar: cal });
    if (r.ok || r.error.code === 'CASE_RULE_VIOLATION') out.push(c.type);
  }
  if (s.owed.some((o) => !o.supplied) && roleFor(actor, row.org_path, { type: 'supply_owed', materialId: 'x' }, s, row.applicant_id)) out.push('supply_owed');
  if (s.state === 'submitted' && s.item.gapAllowedMaterialIds.length && out.includes('accept')) out.push('accept_with_gaps');
  return out;
}

/** A timeline event as staff and the applicant see it (the public view is `publicEventOf`). */
export function presentEvent(e: CaseEventRow) {
  const label = actionLabel(e.action);
  return {
    seq: e.seq,
    at: e.at,
    action: e.action,
    labelZh: label.zh,
    labelEn: label.en,
    toState: e.to_state,
    actorName: e.actor_name,
    actorRole: e.actor_role,
    comment: e.comment,
    files: e.files,
    data: e.data,
  };
}

export function presentCase(
  row: CaseRow,
  ctx: { events: CaseEventRow[]; materials: { material_id: string; file_id: string | null; file_name: string | null }[]; actor: Actor | undefined; today: string; calendar: WorkingDays; applicant?: { display_name: string; id_number: string | null; credit_code: string | null } },
) {
  const s = row.snapshot as unknown as CaseSnapshot;
  const state = STATE_LABELS[row.state] ?? { zh: row.state, en: row.state };
  const isApplicant = ctx.actor?.userId === row.applicant_id;
  const applicantIdNumber = ctx.applicant ? openField('id_number', ctx.applicant.id_number) : null;
  return {
    id: row.id,
    caseNo: row.case_no,
    // The query code is printed on the applicant's notices; staff see it to hand it over.
    queryCode: row.query_code,
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
    decidedOn: row.decided_on,
    certificateDue: s.certificateDue,
    decision: s.decision,
    resultNo: s.resultNo,
    delivery: s.delivery,
    owed: s.owed,
    commitments: s.commitments ?? [],
    pausedDays: s.pausedDays,
    extensionDays: s.extensionDays,
    suspension: s.suspension,
    currentStep: s.item.steps[s.stepIndex] ?? null,
    stepDueDate: stepDueDate(s, ctx.calendar),
    steps: s.item.steps,
    claimedBy: s.claimedBy,
    timeStatus: timeStatus(s, ctx.today, ctx.calendar),
    formData: openFormData(row.form_data),
    situationAnswers: row.situation_answers,
    applicant: ctx.applicant
      ? {
          name: isApplicant ? ctx.applicant.display_name : maskName(ctx.applicant.display_name),
          idNumber: applicantIdNumber ? (isApplicant ? applicantIdNumber : maskIdNumber(applicantIdNumber)) : null,
          creditCode: ctx.applicant.credit_code,
        }
      : null,
    materials: ctx.materials.map((m) => ({ materialId: m.material_id, fileId: m.file_id, fileName: m.file_name })),
    timeline: ctx.events.map((e) => presentEvent(e)),
    actions: availableActions(row, ctx.actor, ctx.today, ctx.calendar),
  };
}

/** A command's minimal answer (`Prefer: return=minimal`): the case's identity and new state. */
export function presentCaseState(row: CaseRow) {
  const state = STATE_LABELS[row.state] ?? { zh: row.state, en: row.state };
  return { id: row.id, caseNo: row.case_no, queryCode: row.query_code, state: row.state, stateZh: state.zh, stateEn: state.en, lockVersion: row.lock_version, acceptedOn: row.accepted_on, dueDate: row.due_date };
}
