/** The bundle API's answers as the portal reads them (src/server/bundles/presenters.ts). */
export interface BundleFigures {
  materialsSeparate: number;
  materialsMerged: number;
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
}

export interface BundleGuide extends BundleSummary {
  answers: Record<string, string[]>;
  questions: { id: string; question: string; multiple: boolean; options: { id: string; label: string }[] }[];
  refusalPolicy: 'continue' | 'stop';
  basis: string | null;
  criticalPath: { days: number; members: string[] } | null;
  members: { key: string; itemId: string; name: string; department: string; promisedLimitDays: number | null; applies: boolean; dependsOn: { memberKey: string; name: string; fields: string[] }[] }[];
  materials: { code: string; name: string; required: boolean; serves: { memberKey: string; materialId: string; name: string }[] }[];
  fields: { key: string; title: string; members: string[] }[];
  situation: BundleFigures;
}
