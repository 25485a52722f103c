import { sql, type Kysely } from 'kysely';

// Personal data encrypted at rest (issue 8; ADR 0011). users.id_number, phone, legal_representative,
// address and cases.form_data keep their columns but hold SM4 envelopes from now on; the values already
// there are sealed by the start-up data step (src/server/crypto/reseal.ts), not here, because a
// migration must not depend on the application's key. Ciphertext is randomised, so uniqueness of an ID
// number moves from the column to its blind index (HMAC-SM3), which exact look-ups also use.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('id_number_bidx', 'text').execute();
  await db.schema.createIndex('users_id_number_bidx_key').unique().on('users').column('id_number_bidx').execute();
  await sql`alter table users drop constraint if exists users_id_number_key`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_id_number_bidx_key').execute();
  await db.schema.alterTable('users').dropColumn('id_number_bidx').execute();
  await sql`alter table users add constraint users_id_number_key unique (id_number)`.execute(db);
}
