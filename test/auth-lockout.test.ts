import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from './support/test-app.js';
import { MAX_FAILED_LOGINS } from '../src/server/identity/login.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const attempt = (username: string, password: string, remoteAddress: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

describe('account lockout', () => {
  it('finding 2: parallel logins cannot bypass the lockout', async () => {
    // 150 attempts at once from 150 addresses (a botnet: the per-address throttle does not help),
    // 149 wrong and the right one sent last.
    const sent = Array.from({ length: 150 }, (_, i) => attempt('zhangsan', i === 149 ? 'Tongban@2026' : `wrong-${i}`, `198.51.100.${i + 1}`));
    const answers = await Promise.all(sent);
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(0);
    expect(answers[149]?.statusCode).toBe(401);
    const user = await ctx.handle.db.selectFrom('users').select(['id', 'locked_until']).where('username', '=', 'zhangsan').executeTakeFirstOrThrow();
    expect(user.locked_until && new Date(user.locked_until).getTime()).toBeGreaterThan(ctx.clock.now().getTime());
    // At most MAX_FAILED_LOGINS passwords were checked against the account in this lock window.
    const checked = await ctx.handle.db
      .selectFrom('audit_events')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('user_id', '=', user.id)
      .where(sql<boolean>`detail->>'reason' = 'wrong_password'`)
      .executeTakeFirstOrThrow();
    expect(checked.n).toBeLessThanOrEqual(MAX_FAILED_LOGINS);
    // Locked: the right password is refused, and nobody got a session.
    expect((await attempt('zhangsan', 'Tongban@2026', '198.51.100.200')).statusCode).toBe(401);
    const sessions = await ctx.handle.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(sessions).toHaveLength(0);
    // After the lock window the owner gets in again.
    ctx.clock.advanceMinutes(16);
    expect((await attempt('zhangsan', 'Tongban@2026', '198.51.100.201')).statusCode).toBe(200);
  }, 180_000);
});
