import type { CaseSnapshot, CaseState } from '../cases/types.js';

/**
 * Which notices (文书) a case has, from its state and snapshot: what the kiosk offers to print.
 * The same rules as the case pages' notice links; the notice route still refuses one that does not exist.
 */
export type KioskNoticeKind = 'correction' | 'acceptance' | 'refusal' | 'special_procedure' | 'approval' | 'denial' | 'delivery_receipt' | 'revocation';

export const NOTICE_NAMES: Record<KioskNoticeKind, { zh: string; en: string }> = {
  correction: { zh: '补正材料通知书', en: 'Correction notice' },
  acceptance: { zh: '受理通知书', en: 'Acceptance notice' },
  refusal: { zh: '不予受理通知书', en: 'Refusal notice' },
  special_procedure: { zh: '特别程序告知书', en: 'Special procedure notice' },
  approval: { zh: '准予决定书', en: 'Approval decision' },
  denial: { zh: '不予决定书', en: 'Denial decision' },
  delivery_receipt: { zh: '送达回证', en: 'Delivery receipt' },
  revocation: { zh: '撤销决定书', en: 'Revocation decision' },
};

type NoticeFacts = Pick<CaseSnapshot, 'correctionNoticeFor' | 'acceptedOn' | 'suspension' | 'pausedDays' | 'decision' | 'delivery'>;

export function availableNotices(state: CaseState, s: Partial<NoticeFacts> | null | undefined): KioskNoticeKind[] {
  const out: KioskNoticeKind[] = [];
  if (!s) return out;
  if ((s.correctionNoticeFor ?? []).length > 0) out.push('correction');
  if (s.acceptedOn) out.push('acceptance');
  if (state === 'refused') out.push('refusal');
  if (s.suspension || (s.pausedDays ?? 0) > 0) out.push('special_procedure');
  if (s.decision === 'approved') out.push('approval');
  if (s.decision === 'denied') out.push('denial');
  // The receipt stays after a later revocation: it records what was delivered.
  if (s.delivery) out.push('delivery_receipt');
  if (state === 'revoked') out.push('revocation');
  return out;
}
