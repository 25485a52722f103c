/**
 * Telephone numbers in mainland China: mobile numbers (11 digits, 13x–19x), fixed lines with a
 * 3–4 digit area code starting with 0, and service numbers such as the 12345 government hotline.
 */
export type PhoneProblem = 'PHONE_INVALID' | 'MOBILE_PHONE_INVALID';

const MOBILE = /^1[3-9]\d{9}$/;
/** Area code 0xx or 0xxx, 7–8 digit subscriber number, optional extension. */
const FIXED_LINE = /^0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?$/;
/** 12345-style government hotlines (1xxxx), 95xxx(x) service numbers, 400/800 numbers. */
const SERVICE = /^(1\d{4}|95\d{3,4}|[48]00-?\d{3}-?\d{4})$/;

export function isValidMobilePhone(value: string): boolean {
  return MOBILE.test(value);
}

/** Mobile, fixed-line or service number. */
export function isValidPhone(value: string): boolean {
  return MOBILE.test(value) || FIXED_LINE.test(value) || SERVICE.test(value);
}

export function phoneProblem(value: string): PhoneProblem | undefined {
  return isValidPhone(value) ? undefined : 'PHONE_INVALID';
}

export function mobilePhoneProblem(value: string): PhoneProblem | undefined {
  return isValidMobilePhone(value) ? undefined : 'MOBILE_PHONE_INVALID';
}

/** Removes spaces, a +86 / 0086 country prefix before a mobile number, and full-width digits. */
export function normalizePhone(input: string): string {
  const ascii = input.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const compact = ascii.replace(/[\s()（）]/g, '');
  const m = /^(?:\+86|0086)-?(1\d{10})$/.exec(compact);
  return m?.[1] ?? compact;
}
