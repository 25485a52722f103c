import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  availableNotices,
  CODE_PAD,
  groupForDisplay,
  ID_NUMBER_PAD,
  idleState,
  KIOSK_IDLE_DEFAULT_SECONDS,
  KIOSK_SESSION_IDLE_MINUTES,
  KIOSK_SESSION_MAX_MINUTES,
  kioskSessionAlive,
  kioskSessionExpiry,
  padAcceptsX,
  parseIdleSeconds,
  pressPadKey,
  type PadKey,
} from './index.js';
import { isValidIdNumber } from '../codes/id-number.js';

const press = (keys: PadKey[], spec = ID_NUMBER_PAD) => keys.reduce((v, k) => pressPadKey(v, k, spec), '');
const digits = (s: string) => [...s] as PadKey[];

describe('kiosk number pad', () => {
  it('types an ID number ending in X, the X only as the 18th character', () => {
    expect(press(['X'])).toBe('');
    expect(press([...digits('11010519491231002'), 'X'])).toBe('11010519491231002X');
    expect(isValidIdNumber(press([...digits('11010519491231002'), 'X']))).toBe(true);
    expect(press([...digits('1101051949123100'), 'X'])).toBe('1101051949123100');
  });
  it('stops at the maximum length and after an X', () => {
    expect(press(digits('3305231990030712345'))).toBe('330523199003071234');
    expect(press([...digits('11010519491231002'), 'X', '1'])).toBe('11010519491231002X');
    expect(press(digits('1234567'), CODE_PAD)).toBe('123456');
    expect(press([...digits('12345'), 'X'], CODE_PAD)).toBe('12345');
  });
  it('takes back and clears', () => {
    expect(press([...digits('123'), 'back'])).toBe('12');
    expect(press(['back'])).toBe('');
    expect(press([...digits('123'), 'clear', '9'])).toBe('9');
  });
  it('offers X only where it may go', () => {
    expect(padAcceptsX('1'.repeat(17), ID_NUMBER_PAD)).toBe(true);
    expect(padAcceptsX('1'.repeat(16), ID_NUMBER_PAD)).toBe(false);
    expect(padAcceptsX('12345', CODE_PAD)).toBe(false);
  });
  it('groups an ID number for reading back', () => {
    expect(groupForDisplay('330523199003071234', ID_NUMBER_PAD)).toBe('330523 19900307 1234');
    expect(groupForDisplay('3305', ID_NUMBER_PAD)).toBe('3305');
    expect(groupForDisplay('123456', CODE_PAD)).toBe('123456');
  });
  it('law: whatever is pressed, the value is at most the maximum length, digits only, with X only as its last full-length character', () => {
    const key = fc.constantFrom<PadKey>('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', 'back', 'clear');
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), fc.boolean(), (keys, id) => {
        const spec = id ? ID_NUMBER_PAD : CODE_PAD;
        const v = press(keys, spec);
        expect(v.length).toBeLessThanOrEqual(spec.maxLength);
        expect(/^\d*X?$/.test(v)).toBe(true);
        if (v.endsWith('X')) expect(id && v.length === spec.maxLength).toBe(true);
      }),
    );
  });
});

describe('kiosk idle timeout', () => {
  it('reads the timeout from a URL parameter within bounds, default 60 s', () => {
    expect(parseIdleSeconds(null)).toBe(KIOSK_IDLE_DEFAULT_SECONDS);
    expect(parseIdleSeconds('abc')).toBe(60);
    expect(parseIdleSeconds('12')).toBe(12);
    expect(parseIdleSeconds('1')).toBe(5);
    expect(parseIdleSeconds('9999')).toBe(600);
    expect(parseIdleSeconds('-3')).toBe(60);
  });
  it('counts down the last ten seconds, then expires', () => {
    expect(idleState(60, 0, 0)).toEqual({ remainingSeconds: 60, warn: false, expired: false });
    expect(idleState(60, 0, 49_999)).toEqual({ remainingSeconds: 11, warn: false, expired: false });
    expect(idleState(60, 0, 50_000)).toEqual({ remainingSeconds: 10, warn: true, expired: false });
    expect(idleState(60, 0, 59_500)).toEqual({ remainingSeconds: 1, warn: true, expired: false });
    expect(idleState(60, 0, 60_000)).toEqual({ remainingSeconds: 0, warn: false, expired: true });
    expect(idleState(60, 0, 90_000).expired).toBe(true);
  });
  it('law: the remaining time never grows as time passes and expiry is final', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 600 }), fc.integer({ min: 0, max: 700_000 }), fc.integer({ min: 0, max: 700_000 }), (idle, a, b) => {
        const [t1, t2] = a <= b ? [a, b] : [b, a];
        const s1 = idleState(idle, 0, t1);
        const s2 = idleState(idle, 0, t2);
        expect(s2.remainingSeconds).toBeLessThanOrEqual(s1.remainingSeconds);
        if (s1.expired) expect(s2.expired).toBe(true);
        expect(s1.remainingSeconds).toBeLessThanOrEqual(idle);
      }),
    );
  });
});

describe('kiosk session', () => {
  const start = new Date('2026-03-02T02:00:00Z');
  const at = (min: number) => new Date(start.getTime() + min * 60_000);
  it('ends after the idle limit without a request', () => {
    const s = { expiresAt: kioskSessionExpiry(start), lastSeenAt: start };
    expect(kioskSessionAlive(s, at(KIOSK_SESSION_IDLE_MINUTES - 0.1))).toBe(true);
    expect(kioskSessionAlive(s, at(KIOSK_SESSION_IDLE_MINUTES))).toBe(false);
  });
  it('ends at the absolute limit even when used all the time', () => {
    const s = { expiresAt: kioskSessionExpiry(start), lastSeenAt: at(KIOSK_SESSION_MAX_MINUTES - 0.5) };
    expect(kioskSessionAlive(s, at(KIOSK_SESSION_MAX_MINUTES - 0.1))).toBe(true);
    expect(kioskSessionAlive(s, at(KIOSK_SESSION_MAX_MINUTES))).toBe(false);
  });
});

describe('printable notices', () => {
  const base = { correctionNoticeFor: [], acceptedOn: null, suspension: null, pausedDays: 0, decision: null, delivery: null };
  it('offers nothing for a case without a notice yet', () => {
    expect(availableNotices('submitted', base)).toEqual([]);
    expect(availableNotices('submitted', null)).toEqual([]);
  });
  it('offers the notices the case has', () => {
    expect(availableNotices('accepted', { ...base, acceptedOn: '2026-03-02' })).toEqual(['acceptance']);
    expect(availableNotices('correction_requested', { ...base, correctionNoticeFor: [1] })).toEqual(['correction']);
    expect(availableNotices('refused', base)).toEqual(['refusal']);
    expect(availableNotices('delivered', { ...base, acceptedOn: '2026-03-02', decision: 'approved', delivery: { method: 'window' } })).toEqual(['acceptance', 'approval', 'delivery_receipt']);
    expect(availableNotices('in_review', { ...base, acceptedOn: '2026-03-02', suspension: { since: '2026-03-03', procedure: '听证', reason: 'x' } })).toEqual(['acceptance', 'special_procedure']);
    expect(availableNotices('revoked', { ...base, acceptedOn: '2026-03-02', decision: 'approved', delivery: { method: 'express', trackingNo: '1' } })).toEqual(['acceptance', 'approval', 'delivery_receipt', 'revocation']);
    expect(availableNotices('denied', { ...base, acceptedOn: '2026-03-02', decision: 'denied' })).toEqual(['acceptance', 'denial']);
  });
});
