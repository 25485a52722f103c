import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCommonPassword, passwordProblems } from '../src/server/identity/passwords.js';
import { redactUrl } from '../src/server/http/log-redaction.js';
import { secondFactorRequired } from '../src/server/policies/second-factor.js';

describe('password policy (ASVS V6)', () => {
  it.each([
    ['Password1', 'length'],
    ['Abcdef12!', 'length'],
    ['Password1234', 'common'],
    ['P@ssw0rd2024!', 'common'],
    ['1qaz2wsx1qaz2wsx', 'common'],
    ['woaini1314520', 'common'],
    ['zzzzzzzzzzzzzz', 'repeated'],
    ['wangwu-2026-ok!', 'username'],
  ])('refuses %s (%s)', (password) => {
    expect(passwordProblems(password, { username: 'wangwu' })).toBeDefined();
  });

  it.each(['Tongban@2026', 'Anji-Baicha-7Q', 'correct horse battery staple', '安吉白茶生态农业2026'])('accepts %s', (password) => {
    expect(passwordProblems(password, { username: 'wangwu' })).toBeUndefined();
  });

  it('counts characters, not UTF-16 units, and allows up to 128', () => {
    expect(passwordProblems('安吉白茶安吉白茶安吉白'.slice(0, 11))).toBeDefined();
    expect(passwordProblems('x'.repeat(64) + 'Y7-q'.repeat(16))).toBeUndefined();
    expect(passwordProblems('x'.repeat(129))).toBeDefined();
  });

  it('a common password stays common with digits and symbols around it', () => {
    fc.assert(
      fc.property(fc.constantFrom('password', 'qwertyuiop', 'iloveyou', 'woaini1314'), fc.stringMatching(/^[0-9!@#$%.]{0,6}$/), (core, tail) => isCommonPassword(`${core}${tail}`)),
    );
  });
});

describe('log redaction', () => {
  it('never lets a query code, token, ID number or mobile number through', () => {
    const idNumber = fc.tuple(fc.stringMatching(/^\d{17}$/), fc.constantFrom('0', '7', 'X')).map(([a, b]) => a + b);
    const mobile = fc.tuple(fc.constantFrom('13', '15', '18', '19'), fc.stringMatching(/^\d{9}$/)).map(([a, b]) => a + b);
    const secret = fc.stringMatching(/^[A-Za-z0-9_-]{6,40}$/);
    fc.assert(
      fc.property(fc.constantFrom('code', 'token', 'password', 'totp', 'queryCode'), secret, idNumber, mobile, (param, value, id, phone) => {
        const out = redactUrl(`/api/x/${id}?caseNo=AJ-1&${param}=${value}&q=${phone}`);
        return !out.includes(`=${value}`) && !out.includes(id) && !out.includes(phone) && out.includes('caseNo=AJ-1');
      }),
    );
  });
});

describe('second factor policy', () => {
  it('is required for staff and optional for applicants', () => {
    expect(secondFactorRequired('staff')).toBe(true);
    expect(secondFactorRequired('natural_person')).toBe(false);
    expect(secondFactorRequired('legal_person')).toBe(false);
  });
});
