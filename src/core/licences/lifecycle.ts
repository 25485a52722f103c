import { compareIsoDates, parseIsoDate, formatIsoDate, addDays, type IsoDate } from '../calendar/iso-date.js';
import type { LicenceStatus, ValidityRule } from './types.js';

/**
 * The licence lifecycle (证照状态) as pure functions: 有效 valid, 已过期 expired, 已注销/吊销 revoked,
 * 已被新版本替代 superseded. A revocation outranks everything, a newer version outranks expiry.
 */
export interface LicenceLifecycleFacts {
  validFrom: IsoDate;
  /** null: 长期有效. */
  validUntil: IsoDate | null;
  revokedOn: IsoDate | null;
  supersededOn: IsoDate | null;
}

export function licenceStatus(f: LicenceLifecycleFacts, today: IsoDate): LicenceStatus {
  if (f.revokedOn !== null && compareIsoDates(f.revokedOn, today) <= 0) return 'revoked';
  if (f.supersededOn !== null && compareIsoDates(f.supersededOn, today) <= 0) return 'superseded';
  if (f.validUntil !== null && compareIsoDates(today, f.validUntil) > 0) return 'expired';
  return 'valid';
}

/**
 * The last day of validity for a licence valid from `validFrom`: N years later, the day before the
 * anniversary (valid 2026-03-02 for 5 years → until 2031-03-01; from 29 February → 28 February).
 */
export function validUntilFor(rule: ValidityRule, validFrom: IsoDate): IsoDate | null {
  if (rule.kind === 'permanent') return null;
  const p = parseIsoDate(validFrom);
  if (!p) throw new Error(`not a date: ${validFrom}`);
  const year = p.year + rule.years;
  const leapDay = p.month === 2 && p.day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  const anniversary = leapDay ? formatIsoDate(year, 3, 1) : formatIsoDate(year, p.month, p.day);
  return addDays(anniversary, -1);
}

/** 免证办: only a valid licence replaces a material. */
export const usableInPlaceOfMaterial = (status: LicenceStatus): boolean => status === 'valid';

/** The issuing department may revoke a licence that is valid or expired; a revoked or superseded one is final. */
export const canRevoke = (status: LicenceStatus): boolean => status === 'valid' || status === 'expired';

/** A renewal or change (新版本) starts from the current version, valid or expired, never from a revoked one. */
export const canRenew = (status: LicenceStatus): boolean => status === 'valid' || status === 'expired';

/** Chinese and English names of each status for the wallet, the verification page and errors. */
export const STATUS_LABELS: Record<LicenceStatus, { zh: string; en: string }> = {
  valid: { zh: '有效', en: 'Valid' },
  expired: { zh: '已过期', en: 'Expired' },
  revoked: { zh: '已注销', en: 'Revoked' },
  superseded: { zh: '已被新版本替代', en: 'Superseded by a newer version' },
};
