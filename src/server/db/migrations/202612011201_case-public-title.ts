import { sql, type Kysely } from 'kysely';

/**
 * The public progress look-up names sensitive items (敏感事项) neutrally (issue 8 finding 11). Deciding
 * that per look-up meant parsing the item version's json content on every request; the case row now
 * keeps its public title, set once when the case is written (a trigger, so every write path — online,
 * window, drafts, demo — gets it) and backfilled here.
 */
// Kysely's advice: migrations are written against Kysely<any>, independent of today's schema types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table cases add column public_title text`.execute(db);
  await sql`
    create function cases_public_title() returns trigger language plpgsql as $$
    begin
      new.public_title := case
        when coalesce((select (v.content ->> 'sensitive')::boolean from item_versions v where v.id = new.version_id), false)
          then '政务服务事项' else new.title end;
      return new;
    end $$`.execute(db);
  await sql`create trigger cases_public_title before insert or update of title, version_id on cases for each row execute function cases_public_title()`.execute(db);
  await sql`
    update cases c set public_title = case when coalesce((v.content ->> 'sensitive')::boolean, false) then '政务服务事项' else c.title end
    from item_versions v where v.id = c.version_id`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists cases_public_title on cases`.execute(db);
  await sql`drop function if exists cases_public_title()`.execute(db);
  await sql`alter table cases drop column if exists public_title`.execute(db);
}
