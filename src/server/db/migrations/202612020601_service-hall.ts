import { sql, type Kysely } from 'kysely';

/**
 * The service hall (issue 13, ADR 0023): ticket categories per hall, queue tickets numbered per
 * category and day from a counter row, windows opened by their clerk, tickets linked to the cases
 * taken in, appointments with a seat counter per slot.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table hall_settings (
      hall_id uuid primary key references orgs(id),
      priority_booking boolean not null default true,
      elderly_age integer default 70 check (elderly_age is null or elderly_age between 50 and 100),
      priority_disabled boolean not null default true,
      no_show_limit integer not null default 3 check (no_show_limit between 1 and 20),
      no_show_period_days integer not null default 30 check (no_show_period_days between 1 and 366),
      no_show_block_days integer not null default 30 check (no_show_block_days between 1 and 366),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table hall_categories (
      hall_id uuid not null references orgs(id),
      category text not null,
      letter char(1) not null,
      name_en text,
      open boolean not null default true,
      slot_capacity integer not null default 4 check (slot_capacity between 0 and 500),
      sort integer not null default 0,
      primary key (hall_id, category),
      unique (hall_id, letter)
    )`.execute(db);
  // The gap-free sequence: one row per hall, category and day, bumped in the ticket's transaction.
  await sql`
    create table ticket_counters (
      hall_id uuid not null,
      category text not null,
      day date not null,
      last_seq integer not null,
      primary key (hall_id, category, day)
    )`.execute(db);
  await sql`
    create table hall_tickets (
      id uuid primary key default gen_random_uuid(),
      hall_id uuid not null references orgs(id),
      day date not null,
      issued_category text not null,
      seq integer not null check (seq >= 1),
      number text not null,
      category text not null,
      state text not null default 'waiting' check (state in ('waiting', 'called', 'done', 'no_show')),
      priority text check (priority in ('transfer', 'booking', 'elderly', 'disabled')),
      rank smallint not null,
      queue_order bigserial not null,
      queued_at timestamptz not null,
      issued_at timestamptz not null,
      target_window_id uuid references windows(id),
      window_id uuid references windows(id),
      clerk_id uuid references users(id),
      first_called_at timestamptz,
      called_at timestamptz,
      finished_at timestamptz,
      calls integer not null default 0,
      transfers integer not null default 0,
      id_number text,
      id_number_bidx text,
      credit_code text,
      booking_id uuid,
      view_token text not null unique,
      kiosk text,
      unique (hall_id, issued_category, day, seq),
      unique (hall_id, day, number)
    )`.execute(db);
  await sql`create index hall_tickets_waiting on hall_tickets (hall_id, day, rank, queue_order) where state = 'waiting'`.execute(db);
  // One person at a window at a time.
  await sql`create unique index hall_tickets_called_window on hall_tickets (window_id) where state = 'called'`.execute(db);
  await sql`create index hall_tickets_recent on hall_tickets (hall_id, day, called_at)`.execute(db);
  await sql`
    create table hall_ticket_cases (
      ticket_id uuid not null references hall_tickets(id),
      case_id uuid not null references cases(id),
      linked_by uuid references users(id),
      linked_at timestamptz not null default now(),
      primary key (ticket_id, case_id)
    )`.execute(db);
  await sql`
    create table window_openings (
      window_id uuid primary key references windows(id),
      hall_id uuid not null references orgs(id),
      clerk_id uuid not null references users(id),
      categories jsonb not null,
      opened_at timestamptz not null
    )`.execute(db);
  await sql`
    create table hall_bookings (
      id uuid primary key default gen_random_uuid(),
      hall_id uuid not null references orgs(id),
      category text not null,
      impl_id uuid references item_impls(id),
      applicant_id uuid not null references users(id),
      day date not null,
      slot_start text not null,
      slot_end text not null,
      state text not null default 'active' check (state in ('active', 'checked_in', 'cancelled', 'no_show')),
      check_in_code text not null,
      ticket_id uuid references hall_tickets(id),
      reminded_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // 一人一类一天一约: one active booking per person, hall, category and day.
  await sql`create unique index hall_bookings_one_per_day on hall_bookings (applicant_id, hall_id, category, day) where state in ('active', 'checked_in')`.execute(db);
  await sql`create unique index hall_bookings_code on hall_bookings (hall_id, day, check_in_code) where state = 'active'`.execute(db);
  await sql`create index hall_bookings_applicant on hall_bookings (applicant_id, day)`.execute(db);
  await sql`create index hall_bookings_remind on hall_bookings (day) where state = 'active' and reminded_at is null`.execute(db);
  // Seats taken per slot: the capacity check is one guarded upsert, so the last seat has one winner.
  await sql`
    create table hall_slot_counts (
      hall_id uuid not null,
      category text not null,
      day date not null,
      slot_start text not null,
      booked integer not null default 0 check (booked >= 0),
      primary key (hall_id, category, day, slot_start)
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['hall_slot_counts', 'hall_bookings', 'window_openings', 'hall_ticket_cases', 'hall_tickets', 'ticket_counters', 'hall_categories', 'hall_settings']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
