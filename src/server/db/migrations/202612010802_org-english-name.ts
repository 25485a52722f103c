import type { Kysely } from 'kysely';

/**
 * Organisation editing (issue 9; ADR 0014): an optional English name per org (orgs.name_en), shown in
 * English mode. Window numbers are unique within a hall, so two windows cannot be called "A01".
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orgs').addColumn('name_en', 'text').execute();
  await db.schema.createIndex('windows_hall_number_uq').on('windows').columns(['hall_id', 'number']).unique().ifNotExists().execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('windows_hall_number_uq').ifExists().execute();
  await db.schema.alterTable('orgs').dropColumn('name_en').execute();
}
