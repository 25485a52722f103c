import type { ScorecardKey } from '../../core/scorecards/index.js';

/** How each scorecard figure is named and shown (docs/scorecards.md defines them). */
export const FIGURE_LABELS: Record<ScorecardKey, { zh: string; en: string; kind: 'count' | 'share' | 'signed' | 'average' }> = {
  received: { zh: '受理量', en: 'Received', kind: 'count' },
  completed: { zh: '办结量', en: 'Completed', kind: 'count' },
  completionRate: { zh: '办结率', en: 'Completion rate', kind: 'share' },
  onTimeRate: { zh: '按时办结率', en: 'On-time rate', kind: 'share' },
  avgWorkingDays: { zh: '平均用时（工作日）', en: 'Avg working days', kind: 'average' },
  promisedSpeedup: { zh: '承诺提速率', en: 'Promised speed-up', kind: 'signed' },
  actualSpeedup: { zh: '实际提速率', en: 'Actual speed-up', kind: 'signed' },
  onlineShare: { zh: '网上办理占比', en: 'Online share', kind: 'share' },
  avgTrips: { zh: '平均跑动次数', en: 'Avg trips', kind: 'average' },
  firstTimeRightRate: { zh: '一次办成率', en: 'First-time-right rate', kind: 'share' },
  ratings: { zh: '评价数', en: 'Ratings', kind: 'count' },
  goodRate: { zh: '好评率', en: 'Good-rating rate', kind: 'share' },
  badRatings: { zh: '差评数', en: 'Bad ratings', kind: 'count' },
  rectifiedRate: { zh: '差评按期整改率', en: 'Rectified in time', kind: 'share' },
  complaints: { zh: '投诉量', en: 'Complaints', kind: 'count' },
  complaintOnTimeRate: { zh: '投诉按期答复率', en: 'Complaints answered in time', kind: 'share' },
  waitMinutesAvg: { zh: '大厅平均等候（分钟）', en: 'Avg hall wait (min)', kind: 'average' },
};

/** A figure as text: shares as percentages, averages with two decimals, an empty base as "—". */
export function formatFigure(key: ScorecardKey, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  const kind = FIGURE_LABELS[key].kind;
  if (kind === 'share' || kind === 'signed') return `${(v * 100).toFixed(1)}%`;
  if (kind === 'average') return v.toFixed(2);
  return String(v);
}
