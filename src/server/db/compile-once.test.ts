import { describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/support/databases.js';
import { compileOnce } from './compile-once.js';

describe('compileOnce', () => {
  it('answers like the built query on every call, with each call’s own parameters', async () => {
    const handle = await openTestDb();
    try {
      const from = compileOnce((db: typeof handle.db, first: string) => db.selectFrom('users').select(['username']).where('username', '>=', first).orderBy('username'));
      for (const first of ['a', 'l', 'w', 'a', 'zz']) {
        const expected = await handle.db.selectFrom('users').select(['username']).where('username', '>=', first).orderBy('username').execute();
        expect(expected.length > 0 || first === 'zz').toBe(true);
        expect(await from(handle.db, first)).toEqual(expected);
      }
    } finally {
      await handle.close();
    }
  });

  it('refuses a builder whose parameters are not exactly its arguments', async () => {
    const handle = await openTestDb();
    try {
      const hidden = compileOnce((db: typeof handle.db, first: string) => db.selectFrom('users').select('username').where('username', '>=', first).where('disabled', '=', false));
      await expect(hidden(handle.db, 'a')).rejects.toThrow(/compileOnce/);
    } finally {
      await handle.close();
    }
  });
});
