import type { OnBehalfOf } from '../shared/case-ui.js';
import type { FormSchema } from '../../core/catalogue/types.js';

/** The bundle API's answers as the portal reads them (src/server/bundles/presenters.ts). */
export interface BundleFigures {
  materialsSeparate: number;
  materialsMerged: number;
  /** 免证办: merged materials a licence or a data read fulfils. */
  materialsExempt: number;
  fieldsSeparate: number;
  fieldsMerged: number;
  materialsCutRate: number;
  fieldsCutRate: number;
}

export interface BundleSummary extends BundleFigures {
  bundleId: string;
  code: string;
  name: string;
  description: string;
  topic: string;
  owner: string;
  limitDays: number;
  memberCount: number;
  departments: string[];
  applicantTypes?: ('natural_person' | 'legal_person')[];
}

export interface BundleGuide extends BundleSummary {
  answers: Record<string, string[]>;
  questions: { id: string; question: string; multiple: boolean; options: { id: string; label: string }[] }[];
  refusalPolicy: 'continue' | 'stop';
  basis: string | null;
  criticalPath: { days: number; members: string[] } | null;
  members: { key: string; itemId: string; name: string; department: string; category?: string | null; promisedLimitDays: number | null; applies: boolean; dependsOn: { memberKey: string; name: string; fields: string[] }[] }[];
  /** 免证办 (ADR 0044): the licence type or data read every member's definition allows, else null. */
  materials: { code: string; name: string; required: boolean; exempt: boolean; licenceType: string | null; dataFulfilment: { source: string; purpose: string } | null; serves: { memberKey: string; materialId: string; name: string }[] }[];
  fields: { key: string; title: string; members: string[] }[];
  /** 一表申请: the merged form of the applicable members. */
  form: FormSchema;
  situation: BundleFigures;
}

/** A bundle case as its viewer may see it (src/server/bundles/case-actions.ts `presentBundleCase`). */
export interface BundleMemberView {
  key: string;
  name: string;
  department: string;
  phase: 'waiting' | 'running' | 'correcting' | 'done' | 'failed' | 'withdrawn' | 'blocked';
  phaseZh: string;
  phaseEn: string;
  dependsOn: string[];
  note: string | null;
  /** Only for the viewer's own members (the applicant and the hall see every member). */
  caseId?: string;
  caseNo?: string;
  state?: string;
  dueDate?: string | null;
  resultNo?: string | null;
}

export interface BundleCorrectionItemView {
  memberKey: string;
  materialId: string;
  reason: string;
  addedByName: string;
  code?: string | null;
  materialName?: string | null;
  memberName?: string | null;
}

export interface BundleCaseView {
  id: string;
  caseNo: string;
  queryCode?: string;
  title: string;
  state: string;
  stateZh: string;
  stateEn: string;
  channel: string;
  refusalPolicy: 'continue' | 'stop';
  submittedOn: string;
  limitDays: number;
  due: { dueDate: string; status: 'on_time' | 'near_due' | 'overdue' | 'closed' };
  withdrawn: boolean;
  delivery: { method: string; trackingNo?: string; at: string } | null;
  relation: 'applicant' | 'hall' | 'member_department' | 'supervisor';
  members: BundleMemberView[];
  materials: { code: string; name: string; required: boolean; serves: string[]; handedIn: boolean }[];
  correction: { id: string; status: 'open' | 'sent'; items: BundleCorrectionItemView[] } | null;
  timeline: { at: string; action: string; actorName: string | null; member: string | null; comment: string | null; onBehalfOf?: OnBehalfOf }[];
}

/** A saved 一件事 application (ADR 0044), the applicant's own. */
export interface BundleDraftView {
  id: string;
  bundleId: string;
  versionId: string;
  title: string | null;
  answers: Record<string, string[]>;
  formData: Record<string, unknown>;
  materials: { code: string; fileId: string; fileName: string }[];
  fromLibrary: { code: string; libraryId: string }[];
  licences: { code: string; identifier: string }[];
  dataUses: { code: string; purpose: string }[];
  bundleCaseId: string | null;
  versionRetired: boolean;
  updatedAt: string;
}
