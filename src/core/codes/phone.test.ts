import { describe, expect, it } from 'vitest';
import { isValidMobilePhone, isValidPhone, mobilePhoneProblem, normalizePhone, phoneProblem } from './phone.js';

describe('phone numbers', () => {
  it('accepts mainland mobile numbers', () => {
    for (const n of ['13812341234', '19912345678', '16612345678']) expect(isValidMobilePhone(n), n).toBe(true);
    for (const n of ['12812341234', '1381234123', '138123412345', '23812341234']) expect(isValidMobilePhone(n), n).toBe(false);
  });

  it('accepts fixed lines and service numbers as phones, but not as mobiles', () => {
    for (const n of ['0571-88889999', '01062345678', '010-62345678-123', '12345', '95588', '400-123-4567']) {
      expect(isValidPhone(n), n).toBe(true);
      expect(isValidMobilePhone(n), n).toBe(false);
    }
    for (const n of ['', '0571-0888999', '888899', 'abc', '12345678901234']) expect(isValidPhone(n), n).toBe(false);
  });

  it('names the problem', () => {
    expect(phoneProblem('abc')).toBe('PHONE_INVALID');
    expect(mobilePhoneProblem('0571-88889999')).toBe('MOBILE_PHONE_INVALID');
    expect(mobilePhoneProblem('13812341234')).toBeUndefined();
  });

  it('normalises typed input', () => {
    expect(normalizePhone('+86 138 1234 1234')).toBe('13812341234');
    expect(normalizePhone('0086-13812341234')).toBe('13812341234');
    expect(normalizePhone('１３８１２３４１２３４')).toBe('13812341234');
    expect(normalizePhone('(0571) 8888-9999')).toBe('05718888-9999');
  });
});
