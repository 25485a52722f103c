import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bundleMaterialCodes, isUsable, libraryCodeOf, offersFor, refusalFor, validUntil } from './library.js';

describe('material library (我的材料)', () => {
  it('keeps a material under its code, else its licence type, else item-local', () => {
    expect(libraryCodeOf('impl-1', { id: 'm1', code: 'premises-use' })).toBe('premises-use');
    expect(libraryCodeOf('impl-1', { id: 'm1', licenceType: '营业执照' })).toBe('licence:营业执照');
    expect(libraryCodeOf('impl-1', { id: 'm1' })).toBe('impl-1:m1');
  });

  it('is valid for the months given, to the day before the same date (end of month clamped)', () => {
    expect(validUntil('2026-03-02', 6)).toBe('2026-09-01');
    expect(validUntil('2026-08-31', 6)).toBe('2027-02-27');
    expect(validUntil('2026-12-15', 1)).toBe('2027-01-14');
    expect(validUntil('2026-03-02')).toBe('2026-09-01');
  });

  it('an entry is usable up to and including its last day', () => {
    expect(isUsable({ validUntil: '2026-09-01' }, '2026-09-01')).toBe(true);
    expect(isUsable({ validUntil: '2026-09-01' }, '2026-09-02')).toBe(false);
    expect(isUsable({ validUntil: null }, '2099-01-01')).toBe(true);
  });

  it('refuses an entry of another material or past its validity', () => {
    const e = { id: 'e', code: 'premises-use', validUntil: '2026-09-01' };
    expect(refusalFor(e, 'x', { id: 'a', code: 'premises-use' }, '2026-05-01')).toBeUndefined();
    expect(refusalFor(e, 'x', { id: 'a', code: 'id-card' }, '2026-05-01')).toBe('LIBRARY_WRONG_MATERIAL');
    expect(refusalFor(e, 'x', { id: 'a', code: 'premises-use' }, '2026-09-02')).toBe('LIBRARY_ENTRY_EXPIRED');
  });

  it('offers usable entries of the same code only, newest first', () => {
    const entries = [
      { id: 'old', code: 'premises-use', validUntil: '2026-09-01', acceptedOn: '2026-03-02' },
      { id: 'new', code: 'premises-use', validUntil: '2026-10-01', acceptedOn: '2026-04-02' },
      { id: 'expired', code: 'premises-use', validUntil: '2026-04-30', acceptedOn: '2025-11-01' },
      { id: 'other', code: 'id-card', validUntil: null, acceptedOn: '2026-03-02' },
    ];
    const offers = offersFor('impl', [{ id: 'm-premises', code: 'premises-use' }, { id: 'm-plan' }], entries, '2026-05-01');
    expect(offers['m-premises']?.map((e) => e.id)).toEqual(['new', 'old']);
    expect(offers['m-plan']).toBeUndefined();
  });

  it('a 一件事 material accepts its merged code and the item-local key of every member it serves', () => {
    const itemIdOf = (k: string) => ({ licence: 'impl-a', drainage: 'impl-b' })[k];
    expect(bundleMaterialCodes('premises-use', [{ memberKey: 'licence', materialId: 'm-premises' }, { memberKey: 'drainage', materialId: 'm-premises' }], itemIdOf)).toEqual(['premises-use', 'impl-a:m-premises', 'impl-b:m-premises']);
    // An item-local material (no code) is found under the item's own key; an unknown member adds nothing.
    expect(bundleMaterialCodes('drainage:m-pipes', [{ memberKey: 'drainage', materialId: 'm-pipes' }, { memberKey: 'gone', materialId: 'm-pipes' }], itemIdOf)).toEqual(['drainage:m-pipes', 'impl-b:m-pipes']);
  });

  it('property: validity is monotonic in the months and never before the acceptance day', () => {
    const day = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 120 }), (d, n) => {
        expect(validUntil(d, n) >= d).toBe(true);
        expect(validUntil(d, n + 1) > validUntil(d, n)).toBe(true);
        // An entry is usable on its acceptance day and not offered on the day after its last day.
        const end = validUntil(d, n);
        const after = new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        expect(isUsable({ validUntil: end }, d)).toBe(true);
        expect(isUsable({ validUntil: end }, after)).toBe(false);
      }),
    );
  });
});
