import type { ItemContent, VersionStatus } from '../../core/catalogue/types.js';

/** Response shapes of the API as the web app uses them. */
export interface ItemSummary {
  implId: string;
  implCode: string;
  baseCode: string;
  name: string;
  /** The English title where the catalogue has one (English mode; null: show `name`). */
  nameEn?: string | null;
  itemType: ItemContent['itemType'];
  level: string;
  orgId: string;
  orgName: string;
  orgNameEn?: string | null;
  category: string;
  topics: string[];
  applicantTypes: ItemContent['applicantTypes'];
  caseKind: ItemContent['caseKind'];
  legalLimitDays: number;
  promisedLimitDays: number;
  onlineDepth: ItemContent['onlineDepth'];
  trips: number;
  hasFee: boolean;
  versionNo: number;
}

export interface Guide extends ItemSummary {
  versionId: string;
  publishedAt: string | null;
  content: ItemContent;
}

export interface Facets {
  departments: { orgId: string; name: string; nameEn?: string | null; count: number }[];
  categories: { name: string; count: number }[];
  topics: { name: string; count: number }[];
}

export interface Problem {
  rule: string;
  path: string;
  severity: 'error' | 'warning';
  zh: string;
  en: string;
}

export interface VersionDetail {
  id: string;
  implId: string;
  versionNo: number;
  status: VersionStatus;
  revision: number;
  content: ItemContent;
  problems: Problem[];
  abilities: { edit: boolean; submit: boolean; publish: boolean; reject: boolean; retire: boolean };
}

export interface ImplDetail {
  implId: string;
  /** The item's name (主项（子项）) as its newest version states it. */
  name?: string;
  implCode: string;
  baseCode: string;
  level: string;
  orgName: string;
  publishedVersionId: string | null;
  abilities: Record<string, boolean>;
  versions: { id: string; versionNo: number; status: VersionStatus; createdBy: string | null; createdAt: string; publishedAt: string | null; retiredAt: string | null; reviewComment: string | null }[];
  events: { id: number; action: string; comment: string | null; at: string; versionNo: number; actor: string | null }[];
}

export interface ContentChange {
  path: string;
  element: string;
  kind: 'added' | 'removed' | 'changed';
  labelZh: string;
  labelEn: string;
  before?: unknown;
  after?: unknown;
}

export interface CaseEventView {
  seq: number;
  at: string;
  action: string;
  labelZh: string;
  labelEn: string;
  toState: string;
  actorName: string | null;
  actorRole: string;
  comment: string | null;
  files: { id: string; name: string }[];
  data?: Record<string, unknown>;
}

export interface CaseView {
  id: string;
  caseNo: string;
  queryCode: string | null;
  implId: string;
  title: string;
  /** The item's English title where the catalogue has one (English mode). */
  titleEn?: string | null;
  channel: string;
  state: string;
  stateZh: string;
  stateEn: string;
  lockVersion: number;
  submittedAt: string | null;
  acceptedOn: string | null;
  dueDate: string | null;
  /** 暂定: computed over a year whose holiday arrangement is not loaded yet. */
  dueDateProvisional?: boolean;
  decidedOn: string | null;
  certificateDue: string | null;
  decision: 'approved' | 'denied' | null;
  resultNo: string | null;
  owed: { materialId: string; dueDate: string; supplied: boolean }[];
  pausedDays: number;
  extensionDays: number;
  suspension: { since: string; procedure: string; reason: string } | null;
  currentStep: { id: string; name: string; role: string } | null;
  stepDueDate: string | null;
  timeStatus: 'normal' | 'near_due' | 'overdue' | 'paused' | 'closed' | 'not_started';
  formData: Record<string, unknown>;
  /** The 申请表 as people read it: answered fields in schema order with titles, masked by role (ADR 0015). */
  formFields?: { key: string; title: string; value: unknown }[];
  applicant: { name: string; idNumber: string | null; creditCode: string | null } | null;
  materials: { materialId: string; fileId: string | null; fileName: string | null; libraryId?: string | null }[];
  timeline: CaseEventView[];
  actions: string[];
  delivery: { method: string; trackingNo?: string } | null;
  /** Notice titles for this item's type (e.g. 给付决定书 for a 行政给付), by notice kind. */
  noticeTitles?: Record<string, string> | null;
  /** What the caller may do now, from the core (each command with the role the caller acts in). */
  abilities: { type: string; role: string }[];
  /** The intake checklist: the materials of the applicant's situations. */
  checklist: { id: string; name: string; required: boolean; original: boolean; mayBeOwed: boolean; promised: boolean; /** 免证办: fulfilled at filing by a licence or a data read. */ fulfilledBy: 'licence' | 'data' | null }[];
  /** Material names of the case's pinned catalogue version, by material id. */
  materialNames?: Record<string, string>;
  /** 收费 (ADR 0048): the pinned version's fees for the chosen situations, their sum pinned at submission (fen; null: varies) and the charge recorded. */
  fee?: CaseFee;
}

export interface CaseFee {
  lines: { name: string; standard: string; amountFen: number | null }[];
  catalogueFen: number | null;
  chargedFen: number | null;
}
