import { sql, type Kysely } from 'kysely';

/**
 * The scorecard's `waitMinutesAvg` (issue 13 §Figures, ADR 0042) sums the waits of a period's called
 * hall tickets: a partial index on the day, carrying the columns the sum reads, so a year of a county's
 * tickets is one index-only range scan.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index hall_tickets_called_by_day on hall_tickets (day) include (hall_id, issued_at, first_called_at, window_id, clerk_id) where first_called_at is not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists hall_tickets_called_by_day`.execute(db);
}
