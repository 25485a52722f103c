import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FormSchema } from '../catalogue/types.js';
import { fillFromProfile, mergeProfile, profileChangesFrom, profileEdits, profileProblems } from './profile.js';

const form: Pick<FormSchema, 'properties'> = {
  properties: {
    applicantName: { type: 'string', title: '申请人姓名', 'x-prefill': 'profile.name' },
    idNo: { type: 'string', title: '身份证号', 'x-prefill': 'profile.idNumber' },
    contactPhone: { type: 'string', title: '联系电话', 'x-prefill': 'profile.phone' },
    address: { type: 'string', title: '住址' },
    businessScope: { type: 'string', title: '经营范围' },
    shopName: { type: 'string', title: '店名' },
    staff: { type: 'integer', title: '从业人数', 'x-prefill': 'profile.employer' },
  },
};

describe('applicant profile (一次填报)', () => {
  const values = { name: '张三', idNumber: '330523199003071238', phone: '13857212345', address: '安吉县递铺街道1号', employer: '某公司' };

  it('fills empty fields by x-prefill source or by the same field key, and says which', () => {
    const r = fillFromProfile(form, values, {});
    expect(r.data).toEqual({ applicantName: '张三', idNo: '330523199003071238', contactPhone: '13857212345', address: '安吉县递铺街道1号' });
    expect(r.filled).toEqual(['applicantName', 'idNo', 'contactPhone', 'address']);
  });

  it('never overwrites a typed value and never puts text into a number field', () => {
    const r = fillFromProfile(form, values, { contactPhone: '13900000000', shopName: '小店' });
    expect(r.data.contactPhone).toBe('13900000000');
    expect(r.data.shopName).toBe('小店');
    expect(r.data.staff).toBeUndefined();
  });

  it('offers back to the profile only keepable keys that changed, never identity facts', () => {
    const changes = profileChangesFrom(form, 'natural_person', { phone: '13857212345' }, { applicantName: '李四', contactPhone: '13900000000', address: '新地址', shopName: 'x' });
    expect(changes).toEqual([
      { key: 'phone', field: 'contactPhone', from: '13857212345', to: '13900000000' },
      { key: 'address', field: 'address', from: null, to: '新地址' },
    ]);
    expect(profileChangesFrom(form, 'natural_person', { phone: '13900000000', address: '新地址' }, { contactPhone: '13900000000', address: '新地址' })).toEqual([]);
    // A value the profile would refuse is not offered.
    expect(profileChangesFrom(form, 'natural_person', {}, { contactPhone: '12345' })).toEqual([]);
    // businessScope is kept by legal persons only.
    expect(profileChangesFrom(form, 'legal_person', {}, { businessScope: '餐饮服务' }).map((c) => c.key)).toEqual(['businessScope']);
    expect(profileChangesFrom(form, 'natural_person', {}, { businessScope: '餐饮服务' })).toEqual([]);
  });

  it('checks what is kept: known keys of the kind, identity keys refused, formats', () => {
    expect(profileProblems('natural_person', { phone: '13857212345', email: 'a@b.cn', postalCode: '313300', address: '' })).toEqual([]);
    expect(profileProblems('natural_person', { name: '李四', idNumber: 'x', businessScope: 'y', phone: '123', postalCode: '31330' }).map((p) => [p.key, p.code])).toEqual([
      ['name', 'PROFILE_IDENTITY_KEY'],
      ['idNumber', 'PROFILE_IDENTITY_KEY'],
      ['businessScope', 'PROFILE_UNKNOWN_KEY'],
      ['phone', 'PROFILE_FORMAT'],
      ['postalCode', 'PROFILE_FORMAT'],
    ]);
    expect(profileProblems('legal_person', { creditCode: 'x', registeredCapital: '100.5', establishedOn: '2020-02-30x' }).map((p) => p.code)).toEqual(['PROFILE_IDENTITY_KEY', 'PROFILE_FORMAT']);
    expect(profileProblems('natural_person', { phone: '13857212345' })[0]).toBeUndefined();
  });

  it('merging trims and an empty value removes the key', () => {
    expect(mergeProfile({ phone: '1', address: 'a' }, { phone: ' 13857212345 ', address: '' })).toEqual({ phone: '13857212345' });
  });

  it('property: filling is idempotent and keeps every typed value', () => {
    const text = fc.string({ minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.record({ phone: text, address: text, name: text }), fc.dictionary(fc.constantFrom('contactPhone', 'address', 'shopName'), text), (v, typed) => {
        const once = fillFromProfile(form, v, typed).data;
        expect(fillFromProfile(form, v, once).data).toEqual(once);
        for (const [k, x] of Object.entries(typed)) expect(once[k]).toBe(x);
      }),
    );
  });
});

describe('profile edits (我的资料 change record)', () => {
  it('names what an update changes: new, changed and removed keys; the same value (after trimming) is no change', () => {
    const stored = { phone: '13800000000', address: '旧地址', email: 'a@b.cn' };
    expect(profileEdits(stored, { phone: ' 13800000000 ', address: '新地址', email: '', postalCode: '313300', employer: '' })).toEqual([
      { key: 'address', from: '旧地址', to: '新地址' },
      { key: 'email', from: 'a@b.cn', to: null },
      { key: 'postalCode', from: null, to: '313300' },
    ]);
  });

  it('the edits applied to the stored profile give the merged profile (law)', () => {
    const rec = fc.dictionary(fc.constantFrom('phone', 'email', 'address', 'postalCode'), fc.oneof(fc.constant(''), fc.string({ maxLength: 5 })));
    fc.assert(
      fc.property(rec, rec, (storedRaw, update) => {
        const stored = mergeProfile({}, storedRaw);
        const applied: Record<string, string> = { ...stored };
        for (const e of profileEdits(stored, update)) {
          if (e.to === null) delete applied[e.key];
          else applied[e.key] = e.to;
        }
        expect(applied).toEqual(mergeProfile(stored, update));
      }),
    );
  });
});
