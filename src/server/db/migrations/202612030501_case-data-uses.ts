import { sql, type Kysely } from 'kysely';

/**
 * 免证办 via data (issue 11, ADR 0030): a material fulfilled at filing by a read of the applicant's own
 * data instead of an upload. The case keeps which read it was (the access log's query id, source,
 * purpose, items, when), the answer itself sealed like other personal data, and the answer's SM3
 * digest, which equals the one in the append-only access log — so the approver can show the kept
 * answer is the one the source returned. Written once with the case, never changed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table case_data_uses (
      case_id uuid not null references cases(id),
      material_id text not null,
      -- No foreign key: a reference would make TRUNCATE fail on the reference before the log's own
      -- append-only trigger speaks; the digest ties the two together (matchesLog).
      query_id uuid not null,
      source text not null,
      purpose text not null,
      fields jsonb not null,
      answer jsonb not null,
      answer_digest text not null,
      at timestamptz not null,
      primary key (case_id, material_id)
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_data_uses').ifExists().execute();
}
