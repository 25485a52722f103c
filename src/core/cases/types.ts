import type { CaseKind } from '../catalogue/types.js';

/**
 * Case (办件) lifecycle types (DESIGN.md §3). The snapshot holds everything the rules need; the server
 * stores it with the case row and every change goes through `decide` in machine.ts.
 */
export type IsoDate = string;

export const CASE_STATES = [
  'draft',
  'submitted',
  'correction_requested',
  'accepted',
  'in_review',
  'suspended',
  'approved',
  'denied',
  'refused',
  'completed',
  'delivered',
  'withdrawn',
  'terminated',
  /** 告知承诺: approval revoked after the commitment was found false. */
  'revoked',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** States from which nothing further happens. */
export const FINAL_STATES: readonly CaseState[] = ['refused', 'delivered', 'withdrawn', 'terminated', 'revoked'];
/** States in which the decision clock runs (or is paused). */
export const RUNNING_STATES: readonly CaseState[] = ['accepted', 'in_review', 'suspended'];

/** `supervisor`: the 监管/电子监察 officer who records a 告知承诺 check and decides the revocation it leads to. */
export type CaseRole = 'applicant' | 'window_clerk' | 'approver_handle' | 'approver_review' | 'approver_signoff' | 'supervisor' | 'system';
export const APPROVER_ROLES: readonly CaseRole[] = ['approver_handle', 'approver_review', 'approver_signoff'];

/** What the rules need to know of the item, pinned at submission (the case keeps its catalogue version). */
export interface CaseItem {
  caseKind: CaseKind;
  promisedLimitDays: number;
  legalLimitDays: number;
  /** 统一/联合/集中办理 (一件事): 45 working days, +15 with approval (行政许可法 第42条). */
  joint: boolean;
  /** Back-office steps in order (the flow without window steps); exactly one has decision: true. */
  steps: { id: string; name: string; role: 'approver_handle' | 'approver_review' | 'approver_signoff'; decision: boolean; /** 环节时限, working days */ limitDays?: number }[];
  /** Materials that may be owed under 容缺受理 (non-key, gapAllowed). */
  gapAllowedMaterialIds: string[];
  /**
   * The materials that apply to this case: the item's materials for the situations the applicant chose
   * (情形引导); the required ones must be accounted for at acceptance. Absent only in snapshots pinned
   * before the checklist rule; the server fills it from the pinned version before deciding.
   */
  materials?: CaseMaterial[];
  /** 窗口类别 of the item (pinned since ADR 0037: an enterprise agent's scope may name categories). */
  category?: string;
  /** 职责分离: one person acts on at most one back-office step of a case (default true; per item flow). */
  separationOfDuties?: boolean;
  /**
   * Who takes the case in (受理/容缺受理/补正/即办, ADR 0020): `window` — the comprehensive window's clerk
   * (一窗受理), on every channel; `department` — the handling department's handler (承办人), for an item
   * handled at no window (online only). Absent (snapshots pinned before ADR 0020): `window`.
   */
  intake?: IntakeDesk;
  /**
   * 收费: the fee the pinned version lists for the chosen situations, in fen (null: it varies; absent: not
   * pinned). The 电子监察 rule \`fee_mismatch\` compares a recorded charge with it.
   */
  feeFen?: number | null;
}

export type IntakeDesk = 'window' | 'department';

/** A material the case needs, as the intake checklist sees it. */
export interface CaseMaterial {
  id: string;
  name: string;
  /** Required for the chosen situations (a missing optional material does not stop acceptance). */
  required: boolean;
  /** The item asks for the original (form 原件 or 原件和复印件): the clerk must see it. */
  original: boolean;
}

/** A material the case did not need uploaded: a licence (identifier + version kept) or a data read stood in for it. */
export interface FulfilledMaterial {
  materialId: string;
  by: 'licence' | 'data';
}

/** One line of the clerk's intake checklist: the material was received, and whether the original was seen. */
export interface MaterialCheck {
  materialId: string;
  originalSeen: boolean;
}

export interface OwedMaterial {
  materialId: string;
  dueDate: IsoDate;
  supplied: boolean;
}

export interface CaseSnapshot {
  state: CaseState;
  item: CaseItem;
  /** Each submit or resubmit starts a new submission; a correction notice belongs to one submission. */
  submissionNo: number;
  submittedOn: IsoDate | null;
  /** Submission numbers that received a one-time correction notice (一次性告知). */
  correctionNoticeFor: number[];
  acceptedOn: IsoDate | null;
  /** 行政许可法 第32条: not handled within 5 working days ⇒ accepted on receipt. */
  deemedAccepted: boolean;
  dueDate: IsoDate | null;
  /**
   * 暂定: the due date's working-day walk crossed a year whose holiday arrangement is not loaded, so only
   * weekends and fixed-date holidays were skipped. Cleared by `recompute_due_date` once the year is entered.
   */
  dueDateProvisional?: boolean;
  /** Working days added to the due date by special procedures (第45条). */
  pausedDays: number;
  suspension: { since: IsoDate; procedure: string; reason: string } | null;
  /** Extension granted by sign-off (第42条), at most once. */
  extensionDays: number;
  owed: OwedMaterial[];
  stepIndex: number;
  /** When the current back-office step began (its per-step limit counts from here). */
  stepStartedOn?: IsoDate | null;
  claimedBy: string | null;
  decision: 'approved' | 'denied' | null;
  decidedOn: IsoDate | null;
  /** 第44条: the certificate is issued within 10 working days of the decision. */
  certificateDue: IsoDate | null;
  resultNo: string | null;
  delivery: { method: 'window' | 'express' | 'electronic'; trackingNo?: string } | null;
  /** Applicants with a bad credit record get no 容缺受理 and no 告知承诺. */
  badCredit: boolean;
  /** 告知承诺: materials replaced by the applicant's signed commitment (verified after approval). */
  commitments?: string[];
  /**
   * 免证办 (ADR 0021, 0030, 0039): materials fulfilled at filing by the applicant's own valid licence or by
   * a read of a data source instead of an upload. The case holds what was used (case_licence_uses,
   * case_data_uses); the checklist counts these materials as provided. Absent in older snapshots.
   */
  fulfilled?: FulfilledMaterial[];
  /** Who has acted on each back-office step, by step id (职责分离). */
  stepActors?: Record<string, string>;
  /** The fee charged, in fen, recorded with the decision (`decide`, `complete_on_the_spot`; absent: none recorded). */
  chargedFen?: number | null;
}

export type CaseCommand =
  | { type: 'submit' }
  | { type: 'request_correction'; missing: { materialId: string; reason: string }[] }
  | { type: 'accept'; received: MaterialCheck[] }
  | { type: 'accept_with_gaps'; received: MaterialCheck[]; owed: { materialId: string; dueDate: IsoDate }[] }
  /** `chargedFen`: the fee charged, in fen (收费; judged against the pinned catalogue fee by 电子监察). */
  | { type: 'complete_on_the_spot'; resultNo: string; received: MaterialCheck[]; chargedFen?: number }
  | { type: 'refuse'; reason: string; remedies: string }
  | { type: 'deem_accepted' }
  | { type: 'claim' }
  | { type: 'release' }
  | { type: 'advance'; comment: string }
  | { type: 'suspend'; procedure: string; reason: string }
  | { type: 'resume' }
  | { type: 'extend'; days: number; reason: string }
  | { type: 'decide'; decision: 'approved' | 'denied'; reason: string; chargedFen?: number }
  | { type: 'supply_owed'; materialId: string }
  | { type: 'expire_gaps' }
  | { type: 'complete'; resultNo: string }
  | { type: 'deliver'; method: 'window' | 'express' | 'electronic'; trackingNo?: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'terminate'; reason: string }
  /** 告知承诺 found false: the findings of the check and the reason for revoking the decision. */
  | { type: 'revoke'; reason: string; findings: string }
  /** The system recomputes the promised due date after a year's holiday arrangement was entered (暂定 → final). */
  | { type: 'recompute_due_date' };

export type CaseCommandType = CaseCommand['type'];

export interface CaseActor {
  id: string;
  role: CaseRole;
}

export type CaseErrorCode = 'CASE_ILLEGAL_TRANSITION' | 'CASE_RULE_VIOLATION' | 'CASE_FORBIDDEN_ROLE';

export interface CaseError {
  code: CaseErrorCode;
  rule: string;
  zh: string;
  en: string;
}

export type Decision = { ok: true; next: CaseSnapshot } | { ok: false; error: CaseError };

export function newCaseSnapshot(item: CaseItem, badCredit = false, commitments: string[] = [], fulfilled: FulfilledMaterial[] = []): CaseSnapshot {
  return {
    commitments,
    ...(fulfilled.length ? { fulfilled } : {}),
    state: 'draft',
    item,
    submissionNo: 0,
    submittedOn: null,
    correctionNoticeFor: [],
    acceptedOn: null,
    deemedAccepted: false,
    dueDate: null,
    pausedDays: 0,
    suspension: null,
    extensionDays: 0,
    owed: [],
    stepIndex: 0,
    claimedBy: null,
    decision: null,
    decidedOn: null,
    certificateDue: null,
    resultNo: null,
    delivery: null,
    badCredit,
  };
}
