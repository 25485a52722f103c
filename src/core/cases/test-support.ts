import { WorkingCalendar } from '../calendar/index.js';
import { newCaseSnapshot, type CaseItem, type CaseSnapshot } from './types.js';

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
    ...overrides,
  };
}

export function buildCase(overrides: Partial<CaseSnapshot> = {}, item: Partial<CaseItem> = {}): CaseSnapshot {
  return { ...newCaseSnapshot(buildCaseItem(item)), ...overrides };
}
