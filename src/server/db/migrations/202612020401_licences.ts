import { sql, type Kysely } from 'kysely';

/**
 * Electronic licences (电子证照, issue 11; ADR 0021): licence types in the catalogue, per-department
 * SM2 signing keys (private keys sealed), the licences with their signed public form, a per-licence
 * hash-chained history, serial numbers per type and issuer, and the licences used in place of
 * materials by cases (免证办).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table licence_types (
      code text primary key check (code ~ '^[0-9A-Z]{1,32}$'),
      name text not null unique,
      name_en text not null,
      issuer_kind text not null,
      fields jsonb not null,
      validity jsonb not null,
      issuing_base_codes jsonb not null default '[]',
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table signing_keys (
      id text primary key,
      org_id uuid not null references orgs(id),
      public_key text not null,
      private_key_sealed text not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    )`.execute(db);
  // One key in use per department: a race to create the first one has one winner.
  await sql`create unique index signing_keys_one_active on signing_keys (org_id) where retired_at is null`.execute(db);
  await sql`
    create table licence_serials (
      type_code text not null,
      issuer_credit_code text not null,
      last_serial bigint not null,
      primary key (type_code, issuer_credit_code)
    )`.execute(db);
  await sql`
    create table licences (
      id uuid primary key default gen_random_uuid(),
      identifier text not null unique,
      lineage text not null,
      version integer not null,
      type_code text not null references licence_types(code),
      holder_id uuid not null references users(id),
      issuer_org_id uuid not null references orgs(id),
      case_id uuid references cases(id),
      payload jsonb not null,
      canonical text not null,
      signature text not null,
      key_id text not null references signing_keys(id),
      data jsonb not null,
      issued_on text not null,
      valid_from text not null,
      valid_until text,
      revoked_on text,
      revoke_reason text,
      superseded_on text,
      created_at timestamptz not null default now(),
      unique (lineage, version)
    )`.execute(db);
  // A case issues each of its licence types once, however often the completion hook runs.
  await sql`create unique index licences_case_type on licences (case_id, type_code) where case_id is not null`.execute(db);
  await sql`create index licences_holder on licences (holder_id)`.execute(db);
  await sql`
    create table licence_events (
      id bigserial primary key,
      lineage text not null,
      seq integer not null,
      at timestamptz not null,
      kind text not null,
      user_id uuid,
      username text,
      object_id text not null,
      detail jsonb not null,
      prev_hash text not null,
      hash text not null,
      unique (lineage, seq)
    )`.execute(db);
  await sql`
    create table case_licence_uses (
      case_id uuid not null references cases(id),
      material_id text not null,
      licence_id uuid not null references licences(id),
      identifier text not null,
      version integer not null,
      created_at timestamptz not null default now(),
      primary key (case_id, material_id)
    )`.execute(db);
  await sql`create index case_licence_uses_licence on case_licence_uses (licence_id)`.execute(db);
  // 电子印章: each signed document (notice or licence PDF) by the SM3 hash of its bytes.
  await sql`
    create table document_seals (
      id uuid primary key default gen_random_uuid(),
      sha text not null,
      kind text not null,
      title text not null,
      org_id uuid not null references orgs(id),
      key_id text not null references signing_keys(id),
      signature text not null,
      case_id uuid references cases(id),
      licence_id uuid references licences(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index document_seals_sha on document_seals (sha)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['document_seals', 'case_licence_uses', 'licence_events', 'licences', 'licence_serials', 'signing_keys', 'licence_types']) {
    await sql`drop table if exists ${sql.raw(t)}`.execute(db);
  }
}
