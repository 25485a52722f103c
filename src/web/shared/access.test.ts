import { describe, expect, it } from 'vitest';
import { ACTION_GRANTS } from '../../core/access/grants.js';
import { canSee, homePath, SCREEN_RULES, type Screen } from './access.js';
import type { SessionInfo } from './session.js';

const staff = (...roles: string[]): SessionInfo => ({
  user: { id: 'u', kind: 'staff', username: 'x', displayName: 'x', phone: null, idNumber: null, creditCode: null },
  roles: roles.map((role) => ({ role, scopeOrgId: 'o' })),
  csrfToken: 't',
});
const applicant: SessionInfo = { ...staff(), user: { ...staff().user, kind: 'natural_person' } };

const visible = (s: SessionInfo) => (Object.keys(SCREEN_RULES) as Screen[]).filter((k) => canSee(s, k));

describe('item 7: screens by role (one table)', () => {
  it.each([
    ['window_clerk', ['workbench', 'workbench.intake', 'scorecards']],
    ['supervisor', ['workbench', 'supervision', 'accountability', 'scorecards', 'admin.catalogue', 'admin.catalogue.export', 'admin.consistency', 'admin.org', 'admin.licenceTypes']],
    ['catalogue_admin', ['admin.catalogue', 'admin.catalogue.import', 'admin.catalogue.export', 'admin.consistency', 'admin.synonyms', 'admin.licenceTypes', 'admin.licenceTypes.edit']],
    ['hall_admin', ['accountability', 'admin.org', 'admin.hall']],
    ['approver_handle', ['workbench', 'accountability', 'scorecards']],
    ['system_admin', ['workbench', 'supervision', 'scorecards', 'admin.catalogue', 'admin.catalogue.export', 'admin.consistency', 'admin.synonyms', 'admin.calendar', 'admin.org', 'admin.staff.manage', 'admin.licenceTypes']],
  ])('%s sees %j', (role, screens) => {
    expect(visible(staff(role))).toEqual(screens);
  });

  it('an applicant sees only 我的办件; nobody logged out sees anything', () => {
    expect(visible(applicant)).toEqual(['my']);
    expect(visible(staff())).toEqual([]);
    expect(canSee(null, 'my')).toBe(false);
  });

  it('admin screens open exactly for the roles the server policy grants', () => {
    expect(SCREEN_RULES['admin.catalogue']).toEqual({ roles: ACTION_GRANTS['catalogue.read_draft'].roles });
    expect(SCREEN_RULES['admin.calendar']).toEqual({ roles: ACTION_GRANTS['calendar.manage'].roles });
    expect(SCREEN_RULES['admin.licenceTypes.edit']).toEqual({ roles: ACTION_GRANTS['licence_type.manage'].roles });
  });

  it('each person lands where their roles open a page', () => {
    expect(homePath(staff('catalogue_admin'))).toBe('/admin');
    expect(homePath(staff('hall_admin'))).toBe('/admin/org');
    expect(homePath(staff('window_clerk'))).toBe('/workbench');
    expect(homePath(applicant)).toBe('/my/cases');
  });
});
