import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { compileOnce } from '../db/compile-once.js';
import type { Database, StaffRole } from '../db/schema.js';
import type { Actor, AgentGrant } from '../policies/actor.js';
import { secondFactorRequired } from '../policies/second-factor.js';
import { isoDateInChina } from '../../core/calendar/iso-date.js';
import { SessionCache } from './session-cache.js';
import type { PgListener } from '../db/listener.js';

export const SESSION_COOKIE = 'tb_session';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionTimeouts {
  idleMinutes: number;
  absoluteHours: number;
}

export interface CreatedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** A fresh, random session id at every login (no session fixation); only its hash is stored. */
export async function createSession(
  db: Kysely<Database>,
  userId: string,
  ip: string | null,
  now: Date,
  t: SessionTimeouts,
): Promise<CreatedSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + t.absoluteHours * 3600_000);
  await db
    .insertInto('sessions')
    .values({ id: hashToken(token), user_id: userId, csrf_token: csrfToken, created_at: now, last_seen_at: now, expires_at: expiresAt, ip })
    .execute();
  return { token, csrfToken, expiresAt };
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
}

export type SessionLookup =
  | { status: 'none' }
  | { status: 'expired' }
  | { status: 'ok'; actor: Actor; csrfToken: string; sessionId: string; secondFactorMissing: boolean };

/** One round trip: the session, its user and the user's role grants (as JSON) together; built and compiled once. */
const sessionQuery = compileOnce((db: Kysely<Database>, id: string) =>
  db
    .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.id', 'sessions.csrf_token', 'sessions.last_seen_at', 'sessions.expires_at', 'users.id as user_id', 'users.kind', 'users.display_name', 'users.org_id', 'users.disabled', 'users.totp_enabled_at'])
      .select(
        sql<{ role: StaffRole; scopeOrgId: string; scopePath: string }[]>`coalesce((
          select json_agg(json_build_object('role', r.role, 'scopeOrgId', r.scope_org_id, 'scopePath', o.path) order by o.path, r.role)
          from staff_roles r join orgs o on o.id = r.scope_org_id where r.user_id = users.id), '[]'::json)`.as('roles'),
      )
      // 经办人 (ADR 0037): the grants naming this person (revoked ones too, so a refusal can say so), in the same statement (none for most accounts).
      .select(
        sql<AgentGrant[]>`coalesce((
          select json_agg(json_build_object('grantId', a.id, 'enterpriseId', a.enterprise_id, 'enterpriseName', e.display_name, 'scope', a.scope, 'validFrom', a.valid_from, 'validUntil', a.valid_until, 'revoked', a.revoked_at is not null) order by a.created_at)
          from enterprise_agents a join users e on e.id = a.enterprise_id where a.agent_id = users.id and users.kind = 'natural_person'), '[]'::json)`.as('agent_for'),
      )
      .where('sessions.id', '=', id),
);

/** What a session cookie resolves to (one row of the session statement). */
export type SessionRow = Awaited<ReturnType<typeof sessionQuery>>[number];

/** The ids a session's change notices name (migration 202612070001): the person, their grants' orgs, the enterprises they act for. */
export const sessionKeys = (row: SessionRow): string[] => [row.user_id, ...row.roles.map((r) => r.scopeOrgId), ...row.agent_for.map((a) => a.enterpriseId)];

/** The session cache of a PostgreSQL server (ADR 0053) on the process's listening connection (ADR 0054). */
export const createSessionCache = (listener: PgListener, onError?: (message: string) => void) =>
  new SessionCache<SessionRow>(listener, sessionKeys, onError ? { onError } : {});

/**
 * Resolves a cookie token to an actor, enforcing idle and absolute timeouts. With a cache (ADR 0053),
 * a live session read in the last seconds costs no statement; anything that looks expired, disabled
 * or idle is read again from the database before it is refused, so a stale entry never ends a session.
 */
export async function resolveSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
  t: SessionTimeouts,
  cache?: SessionCache<SessionRow>,
): Promise<SessionLookup> {
  const id = hashToken(token);
  const cached = cache?.entries.get(id);
  const live = (r: SessionRow) => !r.disabled && now.getTime() < new Date(r.expires_at).getTime() && now.getTime() < new Date(r.last_seen_at).getTime() + t.idleMinutes * 60_000;
  let row: SessionRow | undefined;
  if (cached && live(cached)) {
    row = cached;
  } else {
    const generation = cache?.entries.generation();
    [row] = await sessionQuery(db, id);
    if (row && cache && generation !== undefined && live(row)) cache.entries.store(id, row, generation);
  }
  if (!row) return { status: 'none' };
  if (!live(row)) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return { status: 'expired' };
  }
  // Touch at most once a minute to keep hot reads cheap.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    row = { ...row, last_seen_at: now };
    cache?.entries.replace(id, row);
  }
  return {
    status: 'ok',
    sessionId: id,
    csrfToken: row.csrf_token,
    secondFactorMissing: secondFactorRequired(row.kind) && row.totp_enabled_at === null,
    actor: { userId: row.user_id, kind: row.kind, displayName: row.display_name, orgId: row.org_id, roles: row.roles, ...(row.agent_for.length ? { agentFor: row.agent_for, agentDay: isoDateInChina(now) } : {}) },
  };
}

export async function purgeExpiredSessions(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();

}
