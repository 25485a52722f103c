import { sql, type Kysely } from 'kysely';

/**
 * 督办 (issue 12): supervision orders and their entries, an append-only record — the database refuses
 * UPDATE, DELETE and TRUNCATE on both tables; an order's state is the fold of its entries
 * (src/core/supervision/orders.ts). An order escalates once (a partial unique index).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence supervision_order_no_seq`.execute(db);
  await sql`
    create table supervision_orders (
      id uuid primary key default gen_random_uuid(),
      order_no text not null unique,
      target_type text not null check (target_type in ('case', 'department')),
      case_id uuid references cases(id),
      org_id uuid not null references orgs(id),
      org_path text not null,
      region_code text not null,
      issued_by uuid not null references users(id),
      deadline_days integer not null check (deadline_days between 1 and 60),
      subject text not null,
      created_at timestamptz not null default now(),
      check ((target_type = 'case') = (case_id is not null))
    )`.execute(db);
  await sql`create index supervision_orders_org_path on supervision_orders (org_path text_pattern_ops)`.execute(db);
  await sql`create index supervision_orders_case on supervision_orders (case_id) where case_id is not null`.execute(db);
  await sql`
    create table supervision_order_entries (
      id bigint generated always as identity primary key,
      order_id uuid not null references supervision_orders(id),
      seq integer not null,
      kind text not null check (kind in ('issued', 'responded', 'returned', 'closed', 'escalated')),
      actor_id uuid references users(id),
      body text,
      due_on date,
      on_date date not null,
      at timestamptz not null,
      unique (order_id, seq)
    )`.execute(db);
  await sql`create unique index supervision_order_entries_escalated_once on supervision_order_entries (order_id) where kind = 'escalated'`.execute(db);
  await sql`
    create function supervision_orders_append_only() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only (督办留痕): % refused', tg_table_name, tg_op using errcode = 'P0001';
    end $$`.execute(db);
  for (const t of ['supervision_orders', 'supervision_order_entries']) {
    await sql`create trigger ${sql.raw(`${t}_no_update`)} before update or delete on ${sql.table(t)} for each row execute function supervision_orders_append_only()`.execute(db);
    await sql`create trigger ${sql.raw(`${t}_no_truncate`)} before truncate on ${sql.table(t)} for each statement execute function supervision_orders_append_only()`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists supervision_order_entries`.execute(db);
  await sql`drop table if exists supervision_orders`.execute(db);
  await sql`drop function if exists supervision_orders_append_only()`.execute(db);
  await sql`drop sequence if exists supervision_order_no_seq`.execute(db);
}
