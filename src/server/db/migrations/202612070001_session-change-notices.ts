import { sql, type Kysely } from 'kysely';

/**
 * Session change notices (ADR 0053): every change that can alter what a session cookie resolves to —
 * a session deleted, a person's account fields, role grants or 经办人 grants, an org's path — sends
 * `pg_notify('tongban_sessions', id)` from a trigger, so that a server's session cache
 * (src/server/identity/session-cache.ts) drops the entries at commit whoever wrote the change (a service,
 * a script, a test, an operator in psql). The payload is the id the entries are indexed by: a person's id,
 * an enterprise's id (its 经办人 see its name), an org's id (a grant's scope path), or '*' for all.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function tongban_session_notice() returns trigger language plpgsql as $$
    begin
      if tg_level = 'STATEMENT' then
        perform pg_notify('tongban_sessions', '*');
        return null;
      end if;
      if tg_table_name = 'sessions' then
        perform pg_notify('tongban_sessions', old.user_id::text);
      elsif tg_table_name = 'users' or tg_table_name = 'orgs' then
        perform pg_notify('tongban_sessions', old.id::text);
      elsif tg_table_name = 'staff_roles' then
        if tg_op <> 'INSERT' then perform pg_notify('tongban_sessions', old.user_id::text); end if;
        if tg_op <> 'DELETE' then perform pg_notify('tongban_sessions', new.user_id::text); end if;
      elsif tg_table_name = 'enterprise_agents' then
        if tg_op <> 'INSERT' then perform pg_notify('tongban_sessions', old.agent_id::text); end if;
        if tg_op <> 'DELETE' then perform pg_notify('tongban_sessions', new.agent_id::text); end if;
      end if;
      return null;
    end $$
  `.execute(db);
  // A session's touch (last_seen_at) changes nothing a cache holds; its owner, token or expiry would.
  await sql`create trigger sessions_notice after delete or update of user_id, csrf_token, expires_at, created_at on sessions for each row execute function tongban_session_notice()`.execute(db);
  await sql`
    create trigger users_notice after update on users for each row
    when (old.disabled is distinct from new.disabled or old.kind is distinct from new.kind or old.display_name is distinct from new.display_name
      or old.org_id is distinct from new.org_id or old.totp_enabled_at is distinct from new.totp_enabled_at or old.id is distinct from new.id)
    execute function tongban_session_notice()
  `.execute(db);
  await sql`create trigger users_delete_notice after delete on users for each row execute function tongban_session_notice()`.execute(db);
  await sql`create trigger staff_roles_notice after insert or update or delete on staff_roles for each row execute function tongban_session_notice()`.execute(db);
  await sql`create trigger enterprise_agents_notice after insert or update or delete on enterprise_agents for each row execute function tongban_session_notice()`.execute(db);
  await sql`create trigger orgs_notice after update of path, id on orgs for each row when (old.path is distinct from new.path or old.id is distinct from new.id) execute function tongban_session_notice()`.execute(db);
  await sql`create trigger orgs_delete_notice after delete on orgs for each row execute function tongban_session_notice()`.execute(db);
  for (const table of ['sessions', 'users', 'staff_roles', 'enterprise_agents', 'orgs']) {
    await sql.raw(`create trigger ${table}_truncate_notice after truncate on ${table} for each statement execute function tongban_session_notice()`).execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['sessions_notice', 'users_notice', 'users_delete_notice', 'staff_roles_notice', 'enterprise_agents_notice', 'orgs_notice', 'orgs_delete_notice']) {
    const table = trigger.replace(/_(delete_)?notice$/, '');
    await sql.raw(`drop trigger if exists ${trigger} on ${table}`).execute(db);
  }
  for (const table of ['sessions', 'users', 'staff_roles', 'enterprise_agents', 'orgs']) {
    await sql.raw(`drop trigger if exists ${table}_truncate_notice on ${table}`).execute(db);
  }
  await sql`drop function if exists tongban_session_notice()`.execute(db);
}
