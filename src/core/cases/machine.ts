import type { CaseActor, CaseCommand, CaseCommandType, CaseError, CaseItem, CaseRole, CaseSnapshot, CaseState, Decision, IsoDate, MaterialCheck } from './types.js';
import { APPROVER_ROLES } from './types.js';
import { isValidChargeFen } from '../catalogue/fees.js';

/** The working-day arithmetic the rules need (WorkingCalendar satisfies it). */
export interface WorkingDays {
  /** `unloadedYears`: years without a loaded holiday arrangement the walk crossed (a provisional answer). */
  addWorkingDays(start: IsoDate, n: number): { date: IsoDate; unloadedYears?: readonly number[] };
  countWorkingDays(from: IsoDate, to: IsoDate): { count: number };
}

export interface DecideContext {
  today: IsoDate;
  actor: CaseActor;
  calendar: WorkingDays;
}

/** 行政许可法 第32条: intake within 5 working days. */
export const INTAKE_WORKING_DAYS = 5;
/** 第42条: one extension of at most 10 working days (15 for joint processing). */
export const MAX_EXTENSION_DAYS = 10;
export const MAX_JOINT_EXTENSION_DAYS = 15;
/** 第44条: the certificate within 10 working days of the decision. */
export const CERTIFICATE_WORKING_DAYS = 10;

const fail = (code: CaseError['code'], rule: string, zh: string, en: string): Decision => ({ ok: false, error: { code, rule, zh, en } });

const STATE_ZH: Record<CaseState, string> = {
  draft: '草稿',
  submitted: '已提交',
  correction_requested: '待补正',
  accepted: '已受理',
  in_review: '审查中',
  suspended: '特别程序中',
  approved: '已准予',
  denied: '已决定不予',
  refused: '不予受理',
  completed: '已办结',
  delivered: '已送达',
  withdrawn: '已撤回',
  terminated: '已终止',
  revoked: '已撤销',
};
export const caseStateLabel = (s: CaseState) => STATE_ZH[s];

/**
 * Which roles may issue each command (the object-level scope is checked by the server). The intake
 * commands name both intake desks; `precondition` keeps the one of the case's item (ADR 0020).
 */
export const COMMAND_ROLES: Record<CaseCommandType, readonly CaseRole[]> = {
  submit: ['applicant', 'window_clerk'],
  request_correction: ['window_clerk', 'approver_handle'],
  accept: ['window_clerk', 'approver_handle'],
  accept_with_gaps: ['window_clerk', 'approver_handle'],
  complete_on_the_spot: ['window_clerk', 'approver_handle'],
  // 窗口无否决权: refusal is the handling department's, by its handler (承办人), with reasons and remedies.
  refuse: ['approver_handle'],
  deem_accepted: ['system'],
  claim: APPROVER_ROLES,
  release: APPROVER_ROLES,
  advance: APPROVER_ROLES,
  suspend: APPROVER_ROLES,
  resume: APPROVER_ROLES,
  extend: ['approver_signoff'],
  decide: APPROVER_ROLES,
  supply_owed: ['applicant', 'window_clerk'],
  expire_gaps: ['system'],
  complete: ['approver_signoff', 'window_clerk'],
  deliver: ['window_clerk', 'system'],
  withdraw: ['applicant'],
  terminate: ['approver_signoff', 'system'],
  // 告知承诺: a commitment found false revokes the approval (国办发〔2020〕42号), decided by the
  // supervisor who recorded the check or by the department's sign-off.
  revoke: ['supervisor', 'approver_signoff', 'system'],
  recompute_due_date: ['system'],
};

export const COMMAND_TYPES = Object.keys(COMMAND_ROLES) as CaseCommandType[];

/** The commands that take a submitted case in: the intake desk's (ADR 0020). */
export const INTAKE_COMMANDS: readonly CaseCommandType[] = ['request_correction', 'accept', 'accept_with_gaps', 'complete_on_the_spot'];

/** The role that takes cases of this item in: the window clerk (一窗受理), or the handler where the item has no window. */
export const intakeRole = (item: CaseItem): CaseRole => (item.intake === 'department' ? 'approver_handle' : 'window_clerk');

export function intakeDeadline(submittedOn: IsoDate, cal: WorkingDays): IsoDate {
  return cal.addWorkingDays(submittedOn, INTAKE_WORKING_DAYS).date;
}

/**
 * The promised due date (承诺办结日期): one working-day walk from acceptance over the promised limit plus
 * the working days paused by special procedures and the extension (the same date as walking each part in
 * turn, since every walk ends on a working day). Provisional (暂定) when the walk crossed a year whose
 * holiday arrangement is not loaded.
 */
export function promisedDueDate(s: CaseSnapshot, cal: WorkingDays): { dueDate: IsoDate; dueDateProvisional: boolean } {
  const r = cal.addWorkingDays(s.acceptedOn ?? s.submittedOn ?? '1970-01-01', s.item.promisedLimitDays + s.pausedDays + s.extensionDays);
  return { dueDate: r.date, dueDateProvisional: (r.unloadedYears?.length ?? 0) > 0 };
}

function acceptAt(s: CaseSnapshot, on: IsoDate, cal: WorkingDays, deemed: boolean): CaseSnapshot {
  const accepted: CaseSnapshot = { ...s, state: 'accepted', acceptedOn: on, deemedAccepted: deemed, stepIndex: 0, stepStartedOn: on, claimedBy: null };
  return { ...accepted, ...promisedDueDate(accepted, cal) };
}

const currentStep = (s: CaseSnapshot) => s.item.steps[s.stepIndex];
const rule = (rule: string, zh: string, en: string): CaseError => ({ code: 'CASE_RULE_VIOLATION', rule, zh, en });
const illegalError = (s: CaseSnapshot, type: CaseCommandType): CaseError => ({
  code: 'CASE_ILLEGAL_TRANSITION',
  rule: 'ILLEGAL_TRANSITION',
  zh: `办件处于“${STATE_ZH[s.state]}”状态，不能执行该操作`,
  en: `A case in state "${s.state}" does not allow "${type}"`,
});
const notClaimed = rule('NOT_CLAIMED', '请先签收该办件', 'Claim the case first');
const notYourStep: CaseError = { code: 'CASE_FORBIDDEN_ROLE', rule: 'STEP_ROLE', zh: '当前环节不由您的岗位办理', en: 'The current step is not for your role' };
const onTheSpotAccept = rule('ON_THE_SPOT_ACCEPT', '即办件应当场办结', 'An on-the-spot item is completed at the window at once');

/** The current step is the actor's and the actor has claimed it. */
function holdsStep(s: CaseSnapshot, actor: CaseActor): CaseError | null {
  const step = currentStep(s);
  if (!step || step.role !== actor.role) return notYourStep;
  return s.claimedBy === actor.id ? null : notClaimed;
}

/** Materials that may be owed under 容缺受理 for this case (gap-allowed, needed here, not promised, not fulfilled by a licence or data). */
export function owableMaterialIds(s: CaseSnapshot): string[] {
  const needed = s.item.materials ? new Set(s.item.materials.map((m) => m.id)) : null;
  const fulfilled = fulfilledMaterialIds(s);
  return s.item.gapAllowedMaterialIds.filter((id) => (!needed || needed.has(id)) && !(s.commitments ?? []).includes(id) && !fulfilled.has(id));
}

/**
 * Why a command of this type cannot run now for this actor, whatever its arguments (null: it can).
 * `decide` checks this first and then the arguments, so the abilities offered to a person are exactly
 * the commands that `decide` accepts with well-formed arguments.
 */
export function precondition(s: CaseSnapshot, type: CaseCommandType, ctx: DecideContext): CaseError | null {
  const { actor, today, calendar: cal } = ctx;
  // ADR 0020: one intake desk per item; staff at the other desk are told whose it is.
  const staff = actor.role === 'window_clerk' || APPROVER_ROLES.includes(actor.role);
  if (INTAKE_COMMANDS.includes(type) && staff && actor.role !== intakeRole(s.item)) {
    return s.item.intake === 'department'
      ? { code: 'CASE_FORBIDDEN_ROLE', rule: 'INTAKE_DESK', zh: '本事项不设窗口，由承办部门的承办人受理', en: 'This item has no window: the handling department’s handler takes it in' }
      : { code: 'CASE_FORBIDDEN_ROLE', rule: 'INTAKE_DESK', zh: '本事项由综合窗口受理（一窗受理），后台审批人员不办理受理', en: 'This item is taken in at the comprehensive window; back-office approvers do not take cases in' };
  }
  if (!COMMAND_ROLES[type].includes(actor.role)) {
    if (type === 'refuse' && actor.role === 'window_clerk') {
      return { code: 'CASE_FORBIDDEN_ROLE', rule: 'WINDOW_NO_VETO', zh: '窗口无否决权：综合窗口只能受理或一次性告知补正，不予受理须由部门审批人员决定', en: 'The window has no veto: a clerk may accept or request corrections; refusal needs the department’s approver' };
    }
    return { code: 'CASE_FORBIDDEN_ROLE', rule: 'ROLE', zh: '您的角色不能执行该操作', en: `The role "${actor.role}" cannot "${type}"` };
  }
  const illegal = illegalError(s, type);
  switch (type) {
    case 'submit':
      return s.state === 'draft' || s.state === 'correction_requested' ? null : illegal;
    case 'request_correction':
      if (s.state !== 'submitted') return illegal;
      // 一次性告知: one notice listing everything missing; a second for the same submission is a violation.
      if (s.correctionNoticeFor.includes(s.submissionNo)) return rule('SECOND_CORRECTION_NOTICE', '同一次提交只能一次性告知需补正的全部材料，不能再次发出补正通知', 'One submission gets one correction notice listing everything; a second notice is not allowed');
      return null;
    case 'accept':
      if (s.state !== 'submitted') return illegal;
      return s.item.caseKind === 'on_the_spot' ? onTheSpotAccept : null;
    case 'accept_with_gaps':
      if (s.state !== 'submitted') return illegal;
      if (s.item.caseKind === 'on_the_spot') return onTheSpotAccept;
      if (s.badCredit) return rule('GAP_BAD_CREDIT', '申请人有失信记录，不适用容缺受理', 'Accepting with gaps is not offered to applicants with a bad credit record');
      if (owableMaterialIds(s).length === 0) return rule('GAP_NONE', '本办件没有可以容缺的材料', 'No material of this case may be owed');
      return null;
    case 'complete_on_the_spot':
      if (s.state !== 'submitted') return illegal;
      return s.item.caseKind === 'on_the_spot' ? null : rule('NOT_ON_THE_SPOT', '只有即办件可以当场办结', 'Only on-the-spot items complete at the window');
    case 'refuse':
      return s.state === 'submitted' ? null : illegal;
    case 'deem_accepted':
      if (s.state !== 'submitted' || !s.submittedOn) return illegal;
      return today <= intakeDeadline(s.submittedOn, cal) ? rule('INTAKE_NOT_LATE', '受理期限（5个工作日）尚未届满', 'The 5-working-day intake period has not ended') : null;
    case 'claim': {
      if (s.state !== 'accepted' && s.state !== 'in_review') return illegal;
      const step = currentStep(s);
      if (!step || step.role !== actor.role) return notYourStep;
      // A repeated 签收 is refused: nothing is written twice.
      if (s.claimedBy === actor.id) return rule('ALREADY_CLAIMED_BY_YOU', '您已签收该办件', 'You have already claimed this case');
      if (s.claimedBy) return rule('ALREADY_CLAIMED', '该办件已被他人签收', 'Someone else has claimed this case');
      if (s.item.separationOfDuties !== false && Object.entries(s.stepActors ?? {}).some(([stepId, who]) => who === actor.id && stepId !== step.id)) {
        return rule('SEPARATION_OF_DUTIES', '职责分离：同一办件的不同审批环节须由不同人员办理，您已办理过本办件的其他环节', 'Separation of duties: one person acts on at most one step of a case, and you already acted on another step');
      }
      return null;
    }
    case 'release':
    case 'advance':
    case 'suspend':
    case 'decide': {
      if (s.state !== 'in_review') return illegal;
      const held = holdsStep(s, actor);
      if (held) return held;
      const decisionStep = !!currentStep(s)?.decision;
      if (type === 'advance' && decisionStep) return rule('DECISION_STEP', '决定环节须作出准予或不予决定', 'The decision step ends with a decision');
      if (type === 'decide' && !decisionStep) return rule('NOT_DECISION_STEP', '当前不是决定环节', 'The current step is not the decision step');
      return null;
    }
    case 'resume':
      if (s.state !== 'suspended' || !s.suspension || !s.dueDate) return illegal;
      return holdsStep(s, actor);
    case 'extend':
      if ((s.state !== 'in_review' && s.state !== 'accepted') || !s.dueDate) return illegal;
      return s.extensionDays > 0 ? rule('EXTENSION_TWICE', '办理期限只能延长一次', 'The time limit can be extended only once') : null;
    case 'supply_owed':
      if (!['accepted', 'in_review', 'suspended', 'approved', 'denied'].includes(s.state)) return illegal;
      return s.owed.some((o) => !o.supplied) ? null : rule('NOT_OWED', '该材料不在容缺清单中或已补交', 'This material is not owed or was already supplied');
    case 'expire_gaps':
      if (!['accepted', 'in_review', 'suspended', 'approved'].includes(s.state)) return illegal;
      return s.owed.some((o) => !o.supplied && o.dueDate < today) ? null : rule('GAPS_NOT_EXPIRED', '没有逾期未补交的容缺材料', 'No owed material is overdue');
    case 'complete':
      if (s.state !== 'approved' && s.state !== 'denied') return illegal;
      return s.state === 'approved' && s.owed.some((o) => !o.supplied) ? rule('OWED_MATERIAL_OUTSTANDING', '容缺材料尚未补齐，不能出具办理结果', 'No result is issued while an owed material is outstanding') : null;
    case 'deliver':
      return s.state === 'completed' ? null : illegal;
    case 'withdraw':
      return ['draft', 'submitted', 'correction_requested', 'accepted', 'in_review', 'suspended'].includes(s.state)
        ? null
        : { code: 'CASE_ILLEGAL_TRANSITION', rule: 'WITHDRAW_AFTER_DECISION', zh: '已作出决定的办件不能撤回', en: 'A decided case cannot be withdrawn' };
    case 'revoke':
      return ['approved', 'completed', 'delivered'].includes(s.state) && s.decision === 'approved' ? null : illegal;
    case 'terminate':
      return ['accepted', 'in_review', 'suspended'].includes(s.state) ? null : illegal;
    case 'recompute_due_date': {
      if (!['accepted', 'in_review', 'suspended'].includes(s.state) || !s.acceptedOn || !s.dueDate) return illegal;
      const r = promisedDueDate(s, cal);
      return r.dueDate === s.dueDate && r.dueDateProvisional === (s.dueDateProvisional ?? false) ? rule('DUE_DATE_UNCHANGED', '承诺办结日期无需重新计算', 'The due date is unchanged') : null;
    }
  }
}

/** Materials a licence or a data read fulfilled at filing (免证办): nothing to receive, owe or see in original. */
export function fulfilledMaterialIds(s: Pick<CaseSnapshot, 'fulfilled'>): Set<string> {
  return new Set((s.fulfilled ?? []).map((f) => f.materialId));
}

/**
 * The intake checklist rule: every required material is received (with the original seen where the
 * item asks for it), owed under 容缺, replaced by a signed commitment (告知承诺), or fulfilled at filing
 * by a licence or a data read (免证办). Returns the error listing everything not accounted for, or null.
 */
export function checklistError(s: CaseSnapshot, received: readonly MaterialCheck[], owed: readonly string[] = []): CaseError | null {
  const materials = s.item.materials ?? [];
  const known = new Set(materials.map((m) => m.id));
  const unknown = received.filter((r) => !known.has(r.materialId)).map((r) => r.materialId);
  if (s.item.materials && unknown.length) return rule('UNKNOWN_MATERIAL', `本办件没有这些材料：${unknown.join('、')}`, `The case has no material ${unknown.join(', ')}`);
  const byId = new Map(received.map((r) => [r.materialId, r]));
  const doubled = owed.filter((id) => byId.has(id));
  if (doubled.length) return rule('OWED_AND_RECEIVED', '同一材料不能既已收取又列为容缺', 'A material cannot be both received and owed');
  const commitments = new Set(s.commitments ?? []);
  const fulfilled = fulfilledMaterialIds(s);
  const open: { zh: string; en: string }[] = [];
  for (const m of materials) {
    if (!m.required || commitments.has(m.id) || fulfilled.has(m.id) || owed.includes(m.id)) continue;
    const check = byId.get(m.id);
    if (!check) open.push({ zh: `${m.name}（未收取）`, en: `${m.id} (not received)` });
    else if (m.original && !check.originalSeen) open.push({ zh: `${m.name}（未核验原件）`, en: `${m.id} (original not seen)` });
  }
  if (!open.length) return null;
  return rule('MATERIALS_NOT_CHECKED', `申请材料未齐全，不能受理：${open.map((o) => o.zh).join('、')}`, `The materials are not complete: ${open.map((o) => o.en).join(', ')}`);
}

const blank = (t: string | undefined) => !t?.trim();

/** 收费: a charge recorded with a decision is a whole, non-negative number of fen (at most 10^10). */
function chargeError(chargedFen: number | undefined): CaseError | null {
  if (chargedFen === undefined || isValidChargeFen(chargedFen)) return null;
  return rule('CHARGE_INVALID', '实收金额应为不小于0的整数（单位：分），且不超过100000000元', 'The amount charged must be a whole, non-negative number of fen, at most 100,000,000 yuan');
}

/** The charge a decision records on the snapshot (nothing when none was given: an earlier charge stays). */
const charged = (chargedFen: number | undefined): Pick<CaseSnapshot, 'chargedFen'> => (chargedFen === undefined ? {} : { chargedFen });

/**
 * The case state machine: given a snapshot and a command by an actor on a day, the next snapshot or
 * an error value. Pure: the server wraps it in a transaction with the timeline event and the outbox.
 * An accepted command always changes the snapshot, so a repeated command is refused, not written twice.
 */
export function decide(s: CaseSnapshot, c: CaseCommand, ctx: DecideContext): Decision {
  const { today, actor, calendar: cal } = ctx;
  const pre = precondition(s, c.type, ctx);
  if (pre) return { ok: false, error: pre };
  const refuse = (e: CaseError | null): Decision | null => (e ? { ok: false, error: e } : null);
  switch (c.type) {
    case 'submit':
      return { ok: true, next: { ...s, state: 'submitted', submissionNo: s.submissionNo + 1, submittedOn: today } };
    case 'request_correction':
      if (c.missing.length === 0 || c.missing.some((m) => blank(m.reason))) return fail('CASE_RULE_VIOLATION', 'CORRECTION_EMPTY', '补正通知必须列明需补正的材料及理由', 'A correction notice must list what is missing and why');
      return { ok: true, next: { ...s, state: 'correction_requested', correctionNoticeFor: [...s.correctionNoticeFor, s.submissionNo] } };
    case 'accept':
      return refuse(checklistError(s, c.received)) ?? { ok: true, next: acceptAt(s, today, cal, false) };
    case 'accept_with_gaps': {
      if (c.owed.length === 0) return fail('CASE_RULE_VIOLATION', 'GAP_EMPTY', '容缺受理须列明容缺的材料', 'List the materials that are owed');
      const next = acceptAt(s, today, cal, false);
      const owable = owableMaterialIds(s);
      for (const o of c.owed) {
        if (!owable.includes(o.materialId)) {
          const name = s.item.materials?.find((m) => m.id === o.materialId)?.name ?? o.materialId;
          return fail('CASE_RULE_VIOLATION', 'GAP_NOT_ALLOWED', `材料“${name}”是关键材料或不允许容缺`, `Material "${o.materialId}" is key or may not be owed`);
        }
        if (o.dueDate <= today || (next.dueDate !== null && o.dueDate > next.dueDate)) {
          return fail('CASE_RULE_VIOLATION', 'GAP_DUE_AFTER_LIMIT', `容缺材料的补交期限须晚于今天且不晚于承诺办结日期（${next.dueDate ?? ''}）`, `The owed material must be due after today and no later than the promised due date (${next.dueDate ?? ''})`);
        }
      }
      return (
        refuse(checklistError(s, c.received, c.owed.map((o) => o.materialId))) ?? { ok: true, next: { ...next, owed: c.owed.map((o) => ({ materialId: o.materialId, dueDate: o.dueDate, supplied: false })) } }
      );
    }
    case 'complete_on_the_spot':
      return (
        refuse(chargeError(c.chargedFen) ?? checklistError(s, c.received)) ?? {
          ok: true,
          next: { ...s, state: 'completed', acceptedOn: today, dueDate: today, decision: 'approved', decidedOn: today, certificateDue: today, resultNo: c.resultNo, ...charged(c.chargedFen) },
        }
      );
    case 'refuse':
      if (blank(c.reason) || blank(c.remedies)) {
        return fail('CASE_RULE_VIOLATION', 'REFUSAL_REASON', '不予受理须说明理由并告知申请人依法申请行政复议或者提起行政诉讼的权利', 'A refusal states the reason and the applicant’s remedies (review or litigation)');
      }
      return { ok: true, next: { ...s, state: 'refused' } };
    case 'deem_accepted':
      // 自收到申请材料之日起即为受理.
      return { ok: true, next: acceptAt(s, s.submittedOn ?? today, cal, true) };
    case 'claim': {
      const step = currentStep(s);
      const stepActors = step ? { ...(s.stepActors ?? {}), [step.id]: actor.id } : (s.stepActors ?? {});
      return { ok: true, next: { ...s, state: 'in_review', claimedBy: actor.id, stepActors } };
    }
    case 'release': {
      // Releasing hands the step back untouched: the person has not acted on it.
      const step = currentStep(s);
      const stepActors = Object.fromEntries(Object.entries(s.stepActors ?? {}).filter(([id]) => id !== step?.id));
      return { ok: true, next: { ...s, claimedBy: null, stepActors } };
    }
    case 'advance':
      if (blank(c.comment)) return fail('CASE_RULE_VIOLATION', 'ADVANCE_COMMENT', '请填写审查意见', 'Give your opinion');
      return { ok: true, next: { ...s, stepIndex: s.stepIndex + 1, stepStartedOn: today, claimedBy: null } };
    case 'suspend':
      if (blank(c.procedure) || blank(c.reason)) return fail('CASE_RULE_VIOLATION', 'SUSPEND_REASON', '特别程序须写明程序名称和理由', 'Name the special procedure and the reason');
      return { ok: true, next: { ...s, state: 'suspended', suspension: { since: today, procedure: c.procedure, reason: c.reason } } };
    case 'resume': {
      if (!s.suspension || !s.dueDate) return fail('CASE_ILLEGAL_TRANSITION', 'ILLEGAL_TRANSITION', '办件不在特别程序中', 'The case is not in a special procedure');
      // 第45条: time in special procedures is not counted; the due date moves by the paused working days.
      const paused = cal.countWorkingDays(s.suspension.since, today).count;
      const resumed: CaseSnapshot = { ...s, state: 'in_review', suspension: null, pausedDays: s.pausedDays + paused };
      return { ok: true, next: { ...resumed, ...promisedDueDate(resumed, cal) } };
    }
    case 'extend': {
      const max = s.item.joint ? MAX_JOINT_EXTENSION_DAYS : MAX_EXTENSION_DAYS;
      if (!Number.isInteger(c.days) || c.days < 1 || c.days > max) return fail('CASE_RULE_VIOLATION', 'EXTENSION_TOO_LONG', `延长期限为1至${max}个工作日`, `An extension is 1 to ${max} working days`);
      if (blank(c.reason)) return fail('CASE_RULE_VIOLATION', 'EXTENSION_REASON', '延期须说明理由', 'Give the reason for the extension');
      const extended: CaseSnapshot = { ...s, extensionDays: c.days };
      return { ok: true, next: { ...extended, ...promisedDueDate(extended, cal) } };
    }
    case 'decide':
      if (blank(c.reason)) return fail('CASE_RULE_VIOLATION', 'DECISION_REASON', '决定须说明理由', 'A decision states its reasons');
      return (
        refuse(chargeError(c.chargedFen)) ?? {
          ok: true,
          next: { ...s, state: c.decision, decision: c.decision, decidedOn: today, certificateDue: cal.addWorkingDays(today, CERTIFICATE_WORKING_DAYS).date, claimedBy: null, ...charged(c.chargedFen) },
        }
      );
    case 'supply_owed': {
      const owed = s.owed.find((o) => o.materialId === c.materialId && !o.supplied);
      if (!owed) return fail('CASE_RULE_VIOLATION', 'NOT_OWED', '该材料不在容缺清单中或已补交', 'This material is not owed or was already supplied');
      return { ok: true, next: { ...s, owed: s.owed.map((o) => (o === owed ? { ...o, supplied: true } : o)) } };
    }
    case 'expire_gaps':
      // 容缺: an owed material not supplied in time ends the case.
      return { ok: true, next: { ...s, state: 'terminated', claimedBy: null } };
    case 'complete':
      return { ok: true, next: { ...s, state: 'completed', resultNo: c.resultNo } };
    case 'deliver':
      if (c.method === 'express' && blank(c.trackingNo)) return fail('CASE_RULE_VIOLATION', 'TRACKING_NO', '快递送达须填写运单号', 'Express delivery needs a tracking number');
      return { ok: true, next: { ...s, state: 'delivered', delivery: c.trackingNo ? { method: c.method, trackingNo: c.trackingNo } : { method: c.method } } };
    case 'withdraw':
      return { ok: true, next: { ...s, state: 'withdrawn', claimedBy: null } };
    case 'revoke':
      if (blank(c.reason) || blank(c.findings)) return fail('CASE_RULE_VIOLATION', 'REVOKE_REASON', '撤销须写明核查发现的事实和撤销理由', 'Give the findings of the check and the reason for revocation');
      return { ok: true, next: { ...s, state: 'revoked', claimedBy: null } };
    case 'terminate':
      if (blank(c.reason)) return fail('CASE_RULE_VIOLATION', 'TERMINATE_REASON', '终止办理须说明理由', 'Give the reason for termination');
      return { ok: true, next: { ...s, state: 'terminated', claimedBy: null } };
    case 'recompute_due_date':
      return { ok: true, next: { ...s, ...promisedDueDate(s, cal) } };
  }
}

/** The due date of the current back-office step (环节时限), or null when the step has no limit. */
export function stepDueDate(s: CaseSnapshot, cal: WorkingDays): IsoDate | null {
  const step = s.item.steps[s.stepIndex];
  if (!step || step.limitDays === undefined || !s.stepStartedOn || !['accepted', 'in_review'].includes(s.state)) return null;
  return cal.addWorkingDays(s.stepStartedOn, step.limitDays).date;
}

/** Invariants every reachable snapshot satisfies (checked by property tests). */
export function invariantViolations(s: CaseSnapshot): string[] {
  const v: string[] = [];
  if (s.pausedDays < 0) v.push('pausedDays < 0');
  if (s.dueDate && s.acceptedOn && s.dueDate < s.acceptedOn) v.push('due before acceptance');
  if (['accepted', 'in_review', 'suspended', 'approved', 'denied', 'completed'].includes(s.state) && (!s.acceptedOn || !s.dueDate)) v.push('running case without acceptance or due date');
  if (['approved', 'denied'].includes(s.state) && (!s.decidedOn || s.decision !== s.state)) v.push('decided without decision');
  if (s.state === 'suspended' && !s.suspension) v.push('suspended without procedure');
  if (s.state !== 'suspended' && s.suspension) v.push('procedure outside suspension');
  if (new Set(s.correctionNoticeFor).size !== s.correctionNoticeFor.length) v.push('two notices for one submission');
  if (s.dueDate) for (const o of s.owed) if (o.dueDate > s.dueDate) v.push('owed after due');
  if (s.extensionDays > (s.item.joint ? MAX_JOINT_EXTENSION_DAYS : MAX_EXTENSION_DAYS)) v.push('extension too long');
  if (s.state === 'completed' && s.decision === 'approved' && s.owed.some((o) => !o.supplied)) v.push('result issued with owed material');
  if (s.stepIndex < 0 || (s.item.steps.length > 0 && s.stepIndex >= s.item.steps.length)) v.push('step out of range');
  const actors = Object.values(s.stepActors ?? {});
  if (s.item.separationOfDuties !== false && new Set(actors).size !== actors.length) v.push('one person on two steps');
  const step = s.item.steps[s.stepIndex];
  if (s.claimedBy && step && s.stepActors && s.stepActors[step.id] !== s.claimedBy) v.push('claim not recorded on its step');
  return v;
}
