import type { ItemContent, VersionStatus } from '../../core/catalogue/types.js';

/** Response shapes of the API as the web app uses them. */
export interface ItemSummary {
  implId: string;
  implCode: string;
  baseCode: string;
  name: string;
  itemType: ItemContent['itemType'];
  level: string;
  orgId: string;
  orgName: string;
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
  departments: { orgId: string; name: string; count: number }[];
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
