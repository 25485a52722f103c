import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkFourEyes } from './four-eyes.js';

describe('four-eyes principle for publication (四眼原则)', () => {
  it('refuses an author and allows anyone else while the rule is on', () => {
    expect(checkFourEyes({ publisherId: 'a', authorIds: ['a'], fourEyes: true }).ok).toBe(false);
    expect(checkFourEyes({ publisherId: 'a', authorIds: ['b', 'a', 'b'], fourEyes: true }).ok).toBe(false);
    expect(checkFourEyes({ publisherId: 'c', authorIds: ['a', 'b'], fourEyes: true }).ok).toBe(true);
  });

  it('allows the author when the region switched the rule off', () => {
    expect(checkFourEyes({ publisherId: 'a', authorIds: ['a'], fourEyes: false }).ok).toBe(true);
  });

  it('explains a refusal in Chinese and English', () => {
    const v = checkFourEyes({ publisherId: 'a', authorIds: ['a'], fourEyes: true });
    expect(v).toMatchObject({ ok: false, zh: expect.stringContaining('四眼原则'), en: expect.stringContaining('Four-eyes') });
  });

  it('law: with the rule on, publication is allowed exactly when the publisher is not an author', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string()), (publisher, authors) => {
        expect(checkFourEyes({ publisherId: publisher, authorIds: authors, fourEyes: true }).ok).toBe(!authors.includes(publisher));
      }),
    );
  });
});
