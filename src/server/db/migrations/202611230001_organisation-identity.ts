import { sql, type Kysely } from 'kysely';

// Organisation (regions, orgs, windows) and identity (users, roles, sessions, audit).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  // GB/T 2260 (+ statistical 9/12-digit extension) region codes, versioned by the year of the code list.
  await db.schema
    .createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'smallint', (c) => c.notNull().check(sql`level between 1 and 5`))
    .addColumn('parent_code', 'text', (c) => c.references('regions.code'))
    .addColumn('code_version', 'text', (c) => c.notNull().defaultTo('2024'))
    .execute();
  await db.schema.createIndex('regions_parent_idx').on('regions').column('parent_code').execute();

  // Governments, departments and service halls in one tree; `path` is the materialised path of ids
  // ('/a/b/c/') so a data scope (an org subtree) is one indexed prefix match.
  await db.schema
    .createTable('orgs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('government','department','hall')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('parent_id', 'uuid', (c) => c.references('orgs.id'))
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('credit_code', 'text', (c) => c.unique())
    .addColumn('key', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index orgs_path_prefix_idx on orgs (path text_pattern_ops)`.execute(db);
  await db.schema.createIndex('orgs_region_idx').on('orgs').column('region_code').execute();

  await db.schema
    .createTable('windows')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('hall_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('comprehensive', 'boolean', (c) => c.notNull().defaultTo(true))
    .addUniqueConstraint('windows_hall_number_uq', ['hall_id', 'number'])
    .execute();

  // One table for every account: staff, natural persons (自然人) and legal persons (法人).
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('staff','natural_person','legal_person')`))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('id_number', 'text', (c) => c.unique())
    .addColumn('credit_code', 'text', (c) => c.unique())
    .addColumn('legal_representative', 'text')
    .addColumn('address', 'text')
    .addColumn('org_id', 'uuid', (c) => c.references('orgs.id'))
    .addColumn('window_id', 'uuid', (c) => c.references('windows.id'))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('users_org_idx').on('users').column('org_id').execute();

  // A staff member's role with its data scope: the org subtree the role applies to.
  await db.schema
    .createTable('staff_roles')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`role in ('window_clerk','approver_handle','approver_review','approver_signoff','catalogue_admin','hall_admin','supervisor','system_admin')`,
        ),
    )
    .addColumn('scope_org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addPrimaryKeyConstraint('staff_roles_pk', ['user_id', 'role', 'scope_org_id'])
    .execute();

  // Sessions: the primary key is the SHA-256 of the cookie token, never the token itself.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  // Security audit: logins, failures, lockouts, denied access. Append-only.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid')
    .addColumn('username', 'text')
    .addColumn('ip', 'text')
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_events_at_idx').on('audit_events').column('at').execute();

  // Login throttling by source address (accounts are locked separately on users.failed_logins).
  await db.schema
    .createTable('login_attempts')
    .addColumn('ip', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['login_attempts', 'audit_events', 'sessions', 'staff_roles', 'users', 'windows', 'orgs', 'regions']) {
    await db.schema.dropTable(t).execute();
  }
}
