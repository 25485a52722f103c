import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { SessionEntries } from '../src/server/identity/session-cache.js';
import { hashToken, resolveSession } from '../src/server/identity/sessions.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';

/**
 * The session cache (ADR 0053). On PostgreSQL a server keeps what a session cookie resolved to for a few
 * seconds and drops it when the database's change notices say so; on PGlite there is no cache. Every
 * test below runs on both databases: on PGlite it shows the same outcome read straight from the database.
 */

describe('session cache entries (pure)', () => {
  const make = (clock = { t: 0 }, maxEntries = 100) => {
    const e = new SessionEntries<{ user: string; orgs: string[] }>((r) => [r.user, ...r.orgs], { ttlMs: 1_000, maxEntries, clock: () => clock.t });
    e.setLive(true);
    return { e, clock };
  };

  it('holds nothing while its listener is down, and forgets everything when it goes down or comes back', () => {
    const e = new SessionEntries<{ user: string; orgs: string[] }>((r) => [r.user, ...r.orgs], { ttlMs: 1_000, maxEntries: 10 });
    expect(e.store('s1', { user: 'u1', orgs: [] }, e.generation())).toBe(false);
    e.setLive(true);
    expect(e.store('s1', { user: 'u1', orgs: [] }, e.generation())).toBe(true);
    expect(e.get('s1')).toEqual({ user: 'u1', orgs: [] });
    e.setLive(false);
    expect(e.get('s1')).toBeUndefined();
    e.setLive(true);
    expect(e.get('s1')).toBeUndefined();
  });

  it('refuses a row read before a change notice arrived (the refill race)', () => {
    const { e } = make();
    const before = e.generation();
    e.drop('someone-else'); // any notice while the statement ran
    expect(e.store('s1', { user: 'u1', orgs: [] }, before)).toBe(false);
    expect(e.get('s1')).toBeUndefined();
    const downUp = e.generation();
    e.setLive(false);
    e.setLive(true);
    expect(e.store('s1', { user: 'u1', orgs: [] }, downUp)).toBe(false);
  });

  it('drops by every id an entry is indexed by, and all on *', () => {
    const { e } = make();
    const put = (id: string, user: string, orgs: string[]) => e.store(id, { user, orgs }, e.generation());
    put('a', 'u1', ['o1']);
    put('b', 'u1', ['o2']);
    put('c', 'u2', ['o1']);
    put('d', 'u3', []);
    e.drop('o1');
    expect(['a', 'b', 'c', 'd'].map((id) => e.get(id) !== undefined)).toEqual([false, true, false, true]);
    e.drop('u1');
    expect(e.get('b')).toBeUndefined();
    e.drop('*');
    expect(e.size).toBe(0);
  });

  it('an entry lives ttlMs at most, and the oldest goes when the cap is reached', () => {
    const { e, clock } = make({ t: 0 }, 2);
    e.store('a', { user: 'u1', orgs: [] }, e.generation());
    clock.t = 999;
    expect(e.get('a')).toBeDefined();
    clock.t = 1_000;
    expect(e.get('a')).toBeUndefined();
    e.store('a', { user: 'u1', orgs: [] }, e.generation());
    e.store('b', { user: 'u2', orgs: [] }, e.generation());
    e.store('c', { user: 'u3', orgs: [] }, e.generation());
    expect([e.get('a'), e.get('b') !== undefined, e.get('c') !== undefined]).toEqual([undefined, true, true]);
  });

  it('law: after a notice naming an id, no entry indexed by it is served, whatever came before', () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant('store' as const), id: fc.integer({ min: 0, max: 5 }), user: fc.integer({ min: 0, max: 3 }), org: fc.integer({ min: 0, max: 3 }), stale: fc.boolean() }),
      fc.record({ k: fc.constant('drop' as const), key: fc.oneof(fc.integer({ min: 0, max: 3 }).map((n) => `u${n}`), fc.integer({ min: 0, max: 3 }).map((n) => `o${n}`), fc.constant('*')) }),
      fc.record({ k: fc.constant('live' as const), live: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.oneof(fc.integer({ min: 0, max: 3 }).map((n) => `u${n}`), fc.integer({ min: 0, max: 3 }).map((n) => `o${n}`)), (ops, key) => {
        const { e } = make();
        for (const o of ops) {
          if (o.k === 'store') {
            const g = e.generation();
            if (o.stale) e.drop('unrelated');
            e.store(`s${o.id}`, { user: `u${o.user}`, orgs: [`o${o.org}`] }, g);
          } else if (o.k === 'drop') e.drop(o.key);
          else e.setLive(o.live);
        }
        e.drop(key);
        for (let i = 0; i <= 5; i++) {
          const r = e.get(`s${i}`);
          if (r) expect([r.user, ...r.orgs]).not.toContain(key);
        }
      }),
    );
  });
});

describe('session cache on the server (ADR 0053)', () => {
  let ctx: TestContext;
  const tokenOf = (a: Agent) => (a.cookie ?? '').replace(/^tb_session=/, '');
  const idOf = async (username: string) => (await ctx.handle.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const timeouts = { idleMinutes: 30, absoluteHours: 12 };
  /** A request straight through app.inject, without the test agent's barrier: what a second worker's client would send. */
  const rawGet = (a: Agent, url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie: a.cookie ?? '' } });
  const until = async (ok: () => boolean, ms = 3_000) => {
    const end = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.close());

  it('runs with the cache on PostgreSQL and reads every session from the database on PGlite', async () => {
    expect(ctx.app.sessionCache !== undefined).toBe(ctx.handle.kind === 'postgres');
    const clerk = await ctx.as('clerk2');
    expect((await clerk.get('/api/auth/me')).statusCode).toBe(200);
    const cache = ctx.app.sessionCache;
    if (cache) {
      expect(cache.entries.usable).toBe(true);
      expect(cache.entries.get(hashToken(tokenOf(clerk)))).toMatchObject({ user_id: await idOf('clerk2') });
    }
  });

  it('an account disabled in the database is refused at the next request', async () => {
    const clerk = await ctx.as('clerk');
    expect((await clerk.get('/api/auth/me')).statusCode).toBe(200);
    await ctx.handle.db.updateTable('users').set({ disabled: true }).where('username', '=', 'clerk').execute();
    expect((await clerk.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('role grants changed in the database are the next request’s roles', async () => {
    const handler = await ctx.as('samr_handler');
    expect((await handler.get('/api/auth/me')).json()).toMatchObject({ roles: [{ role: 'approver_handle' }] });
    await ctx.handle.db.deleteFrom('staff_roles').where('user_id', '=', await idOf('samr_handler')).execute();
    expect((await handler.get('/api/auth/me')).json()).toMatchObject({ roles: [] });
  });

  it('an org moved in the tree is the next resolution’s scope path', async () => {
    const reviewer = await ctx.as('samr_reviewer');
    await reviewer.get('/api/auth/me');
    const scope = (await ctx.handle.db.selectFrom('staff_roles').select('scope_org_id').where('user_id', '=', await idOf('samr_reviewer')).executeTakeFirstOrThrow()).scope_org_id;
    const { path } = await ctx.handle.db.selectFrom('orgs').select('path').where('id', '=', scope).executeTakeFirstOrThrow();
    await ctx.handle.db.updateTable('orgs').set({ path: `${path}.moved` }).where('id', '=', scope).execute();
    await ctx.app.sessionCache?.barrier();
    const found = await resolveSession(ctx.handle.db, tokenOf(reviewer), ctx.clock.now(), timeouts, ctx.app.sessionCache);
    expect(found.status === 'ok' && found.actor.roles[0]?.scopePath).toBe(`${path}.moved`);
    await ctx.handle.db.updateTable('orgs').set({ path }).where('id', '=', scope).execute();
  });

  it('a 经办人 grant revoked, and the enterprise renamed, in the database show at the next request', async () => {
    const agent = await ctx.as('zhaomin');
    const before = (await agent.get('/api/me/agencies')).json() as { enterprises?: unknown } | unknown[];
    expect(JSON.stringify(before)).toContain('"active"');
    await ctx.handle.db.updateTable('users').set({ display_name: '白茶（已更名）有限公司' }).where('username', '=', 'baicha').execute();
    expect((await agent.get('/api/me/agencies')).body).toContain('白茶（已更名）有限公司');
    await ctx.handle.db.updateTable('enterprise_agents').set({ revoked_at: new Date() }).where('agent_id', '=', await idOf('zhaomin')).execute();
    const after = (await agent.get('/api/me/agencies')).body;
    expect(after).not.toContain('"active"');
    expect(after).toContain('"revoked"');
  });

  it('sessions deleted in the database (log out everywhere) are refused at the next request', async () => {
    const applicant = await ctx.as('zhangsan');
    expect((await applicant.get('/api/auth/me')).statusCode).toBe(200);
    await ctx.handle.db.deleteFrom('sessions').where('user_id', '=', await idOf('zhangsan')).execute();
    expect((await applicant.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('without a barrier, a change notice drops the entry within moments (another worker’s view)', async () => {
    const applicant = await ctx.as('lisi');
    expect((await rawGet(applicant, '/api/auth/me')).statusCode).toBe(200);
    const id = hashToken(tokenOf(applicant));
    const cache = ctx.app.sessionCache;
    if (cache) expect(cache.entries.get(id)).toBeDefined();
    await ctx.handle.db.updateTable('users').set({ disabled: true }).where('username', '=', 'lisi').execute();
    if (cache) expect(await until(() => cache.entries.get(id) === undefined)).toBe(true);
    expect((await rawGet(applicant, '/api/auth/me')).statusCode).toBe(401);
  });

  it('a stale entry never ends a live session: what looks idle is read again from the database', async () => {
    const signer = await ctx.as('samr_signer');
    expect((await signer.get('/api/auth/me')).statusCode).toBe(200);
    const id = hashToken(tokenOf(signer));
    const cache = ctx.app.sessionCache;
    if (cache) {
      const row = cache.entries.get(id);
      expect(row).toBeDefined();
      // Another worker touched the session since this one cached it two hours back (by the entry).
      if (row) cache.entries.replace(id, { ...row, last_seen_at: new Date(ctx.clock.now().getTime() - 2 * 3600_000) });
    }
    expect((await signer.get('/api/auth/me')).statusCode).toBe(200);
    expect(await ctx.handle.db.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst()).toBeDefined();
  });

  it('a dropped listening connection turns the cache off (sessions are read from the database) until it listens again', async () => {
    const mca = await ctx.as('mca_handler');
    expect((await mca.get('/api/auth/me')).statusCode).toBe(200);
    const cache = ctx.app.sessionCache;
    if (cache) {
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'tongban-listener' and datname = current_database()`.execute(ctx.handle.db);
      expect(await until(() => !cache.entries.usable)).toBe(true);
      expect(cache.entries.size).toBe(0);
    }
    // While it is down (or on PGlite, always), a revocation is seen at once.
    await ctx.handle.db.updateTable('users').set({ disabled: true }).where('username', '=', 'mca_handler').execute();
    expect((await rawGet(mca, '/api/auth/me')).statusCode).toBe(401);
    if (cache) expect(await until(() => cache.entries.usable, 10_000)).toBe(true);
    const other = await ctx.as('mca_reviewer');
    expect((await other.get('/api/auth/me')).statusCode).toBe(200);
    if (cache) expect(cache.entries.get(hashToken(tokenOf(other)))).toBeDefined();
  });
});
