import { sql, type Kysely } from 'kysely';

/** A booking can be for a 一件事 bundle as well as for one item (issue 13: 预约办理 on the bundle's guide). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table hall_bookings add column bundle_id uuid references bundles (id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table hall_bookings drop column if exists bundle_id`.execute(db);
}
