import { sql, type Kysely } from 'kysely';

// Issue 8 finding 16: publishing a catalogue version needs a second person (四眼原则). The rule is on
// for every region unless the region has a row here switching it off, and switching it off needs a
// recorded reason (who, when, why); a region without a row follows its nearest ancestor that has one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalogue_region_settings')
    .addColumn('region_code', 'text', (c) => c.primaryKey().references('regions.code'))
    .addColumn('four_eyes', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('reason', 'text')
    .addColumn('changed_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('catalogue_region_settings_reason_ck', sql`four_eyes or length(trim(coalesce(reason, ''))) > 0`)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('catalogue_region_settings').execute();
}
