import { sql, type Kysely } from 'kysely';

// Identity hardening (issue 8, findings 2, 4, 11, 12, 13 and two-factor for staff):
// 1. throttle_counters: fixed-window counters keyed by purpose and subject (login per address,
//    registration per address, SMS codes per phone), each bumped by one atomic upsert.
// 2. verification_codes: SMS codes for registration and password reset, stored only as hashes, with
//    an expiry and an attempt count; a pending registration keeps its (already hashed) data here.
// 3. Two-factor (TOTP, RFC 6238) on users, the time steps already used (no replay), hashed single-use
//    recovery codes, and resets of a staff member's second factor that a second admin approves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('throttle_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
  // Replaced by throttle_counters (its read-then-write could be raced).
  await db.schema.dropTable('login_attempts').execute();

  await db.schema
    .createTable('verification_codes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('register','password_reset')`))
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
    // null when no code was sent (an already registered ID, an unknown account): every try then fails.
    .addColumn('code_hash', 'text')
    .addColumn('payload', 'jsonb')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('consumed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('verification_codes_expires_idx').on('verification_codes').column('expires_at').execute();

  await db.schema
    .alterTable('users')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_pending_secret', 'text')
    .addColumn('totp_enabled_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('totp_used_steps')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('step', 'integer', (c) => c.notNull()) // 30 s steps since 1970: fits until the year 4000
    .addPrimaryKeyConstraint('totp_used_steps_pk', ['user_id', 'step'])
    .execute();
  await db.schema
    .createTable('recovery_codes')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();
  await db.schema
    .createTable('second_factor_resets')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('target_user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('requested_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('approved_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('approved_at', 'timestamptz')
    // Four eyes (四眼原则) in the database too: the approver is never the requester.
    .addCheckConstraint('second_factor_resets_two_admins', sql`approved_by is null or approved_by <> requested_by`)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('second_factor_resets').execute();
  await db.schema.dropTable('recovery_codes').execute();
  await db.schema.dropTable('totp_used_steps').execute();
  await db.schema.alterTable('users').dropColumn('totp_secret').dropColumn('totp_pending_secret').dropColumn('totp_enabled_at').execute();
  await db.schema.dropTable('verification_codes').execute();
  await db.schema
    .createTable('login_attempts')
    .addColumn('ip', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.dropTable('throttle_counters').execute();
}
