import { WorkingCalendar } from '../calendar/index.js';
import { newCaseSnapshot, type CaseItem, type CaseSnapshot, type MaterialCheck } from './types.js';

/** The real official calendar (2024–2026 built in). */
export const calendar = new WorkingCalendar();

export function buildCaseItem(overrides: Partial<CaseItem> = {}): CaseItem {
  return {
    caseKind: 'promised',
    promisedLimitDays: 5,
    legalLimitDays: 20,
    joint: false,
    steps: [
      { id: 'handle', name: '审查', role: 'approver_handle', decision: false },
      { id: 'review', name: '审核', role: 'approver_review', decision: false },
      { id: 'decide', name: '决定', role: 'approver_signoff', decision: true },
    ],
    gapAllowedMaterialIds: ['m-plan'],
    materials: [
      { id: 'm-id', name: '申请人有效身份证件', required: true, original: true },
      { id: 'm-plan', name: '经营场所平面图', required: true, original: false },
      { id: 'm-note', name: '情况说明', required: false, original: false },
    ],
    ...overrides,
  };
}

export function buildCase(overrides: Partial<CaseSnapshot> = {}, item: Partial<CaseItem> = {}): CaseSnapshot {
  return { ...newCaseSnapshot(buildCaseItem(item)), ...overrides };
}

/** The clerk's checklist with every required material of `buildCaseItem` received and originals seen. */
export const FULL_CHECKLIST: MaterialCheck[] = [
  { materialId: 'm-id', originalSeen: true },
  { materialId: 'm-plan', originalSeen: false },
];

/** The checklist for 容缺受理 of m-plan: everything else received. */
export const CHECKLIST_OWING_PLAN: MaterialCheck[] = [{ materialId: 'm-id', originalSeen: true }];
