import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../calendar/iso-date.js';
import { canRenew, canRevoke, licenceStatus, usableInPlaceOfMaterial, validUntilFor, type LicenceLifecycleFacts } from './lifecycle.js';
import { LICENCE_STATUSES } from './types.js';

const facts = (over: Partial<LicenceLifecycleFacts> = {}): LicenceLifecycleFacts => ({ validFrom: '2026-03-02', validUntil: '2031-03-01', revokedOn: null, supersededOn: null, ...over });

describe('licence status', () => {
  it('is valid through its last day and expired the day after', () => {
    expect(licenceStatus(facts(), '2031-03-01')).toBe('valid');
    expect(licenceStatus(facts(), '2031-03-02')).toBe('expired');
    expect(licenceStatus(facts({ validUntil: null }), '2099-12-31')).toBe('valid');
  });

  it('a revocation outranks a newer version, which outranks expiry', () => {
    expect(licenceStatus(facts({ revokedOn: '2026-05-01', supersededOn: '2026-04-01' }), '2032-01-01')).toBe('revoked');
    expect(licenceStatus(facts({ supersededOn: '2026-04-01' }), '2032-01-01')).toBe('superseded');
  });

  it('a revocation or supersession dated later does not count yet', () => {
    expect(licenceStatus(facts({ revokedOn: '2026-05-01' }), '2026-04-30')).toBe('valid');
    expect(licenceStatus(facts({ supersededOn: '2026-05-01' }), '2026-04-30')).toBe('valid');
  });

  it('a revoked licence stays revoked on every later day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.boolean(), (revokeAfter, later, permanent) => {
        const revokedOn = addDays('2026-03-02', revokeAfter);
        expect(licenceStatus(facts({ revokedOn, validUntil: permanent ? null : '2031-03-01' }), addDays(revokedOn, later))).toBe('revoked');
      }),
    );
  });

  it('only a valid licence replaces a material; revoked and superseded ones are final', () => {
    expect(LICENCE_STATUSES.filter(usableInPlaceOfMaterial)).toEqual(['valid']);
    expect(LICENCE_STATUSES.filter(canRevoke)).toEqual(['valid', 'expired']);
    expect(LICENCE_STATUSES.filter(canRenew)).toEqual(['valid', 'expired']);
  });
});

describe('validity rule', () => {
  it('N years from the issue date end the day before the anniversary', () => {
    expect(validUntilFor({ kind: 'years', years: 5 }, '2026-03-02')).toBe('2031-03-01');
    expect(validUntilFor({ kind: 'years', years: 1 }, '2026-01-01')).toBe('2026-12-31');
    expect(validUntilFor({ kind: 'years', years: 1 }, '2028-02-29')).toBe('2029-02-28');
    expect(validUntilFor({ kind: 'years', years: 4 }, '2028-02-29')).toBe('2032-02-28');
    expect(validUntilFor({ kind: 'permanent' }, '2026-03-02')).toBeNull();
  });

  it('is valid on the issue day and on the last day, expired the next (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 1, max: 30 }), (offset, years) => {
        const from = addDays('2000-01-01', offset);
        const until = validUntilFor({ kind: 'years', years }, from) as string;
        const f = facts({ validFrom: from, validUntil: until });
        expect(licenceStatus(f, from)).toBe('valid');
        expect(licenceStatus(f, until)).toBe('valid');
        expect(licenceStatus(f, addDays(until, 1))).toBe('expired');
      }),
    );
  });
});
