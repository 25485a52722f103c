import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedActions, transitionVersion, type VersionAction } from './lifecycle.js';
import type { VersionStatus } from './types.js';

const STATUSES: VersionStatus[] = ['draft', 'in_review', 'published', 'retired'];
const ACTIONS: VersionAction[] = ['submit', 'reject', 'publish', 'retire'];
const TABLE: Record<VersionStatus, Partial<Record<VersionAction, VersionStatus>>> = {
  draft: { submit: 'in_review' },
  in_review: { publish: 'published', reject: 'draft' },
  published: { retire: 'retired' },
  retired: {},
};

describe('version lifecycle', () => {
  it.each(STATUSES.flatMap((s) => ACTIONS.map((a) => [s, a] as const)))('%s + %s', (status, action) => {
    const r = transitionVersion(status, action);
    const expected = TABLE[status][action];
    if (expected) expect(r).toEqual({ ok: true, next: expected });
    else expect(r).toMatchObject({ ok: false, error: { code: 'CATALOGUE_ILLEGAL_TRANSITION' } });
  });

  it('lists exactly the legal actions', () => {
    for (const s of STATUSES) expect(allowedActions(s).sort()).toEqual(Object.keys(TABLE[s]).sort());
  });

  it('random sequences never publish twice without retiring, and only a draft can be reviewed', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ACTIONS), { maxLength: 30 }), (actions) => {
        let status: VersionStatus = 'draft';
        let published = 0;
        for (const a of actions) {
          const r = transitionVersion(status, a);
          if (!r.ok) continue;
          if (a === 'submit') expect(status).toBe('draft');
          if (r.next === 'published') published++;
          status = r.next;
        }
        expect(published).toBeLessThanOrEqual(1);
      }),
    );
  });
});
