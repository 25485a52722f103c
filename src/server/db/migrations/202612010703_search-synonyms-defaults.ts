import { sql, type Kysely } from 'kysely';

/**
 * Data only: the synonym groups every hall starts with — words people type for the items' formal
 * names (seen in the walk-through: "低保" and "社保卡" found nothing). Administrators change them later.
 */
const DEFAULTS = [
  ['低保', '最低生活保障'],
  ['社保卡', '社会保障卡'],
  ['特困', '特困人员'],
  ['个体户', '个体工商户'],
  ['营业执照', '设立登记'],
  ['救助金', '临时救助'],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  const existing = await sql<{ n: number }>`select count(*)::int as n from search_synonyms`.execute(db);
  if ((existing.rows[0]?.n ?? 0) > 0) return;
  for (const terms of DEFAULTS) await sql`insert into search_synonyms (terms) values (${JSON.stringify(terms)}::jsonb)`.execute(db);
}

export async function down(): Promise<void> {}
