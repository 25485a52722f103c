import { sql, type Kysely } from 'kysely';

/**
 * 电子监察 settings per region (issue 12, ADR 0031): the card thresholds (黄牌/红牌) and the limits of the
 * time-driven rules, edited by the region's supervisor. A region without a row follows its nearest
 * ancestor's row, else the defaults of src/core/supervision. Bounds as in SUPERVISION_SETTING_BOUNDS.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table supervision_settings (
      region_code text primary key references regions(code),
      yellow_at integer not null check (yellow_at between 1 and 20),
      red_at integer not null check (red_at between 1 and 50),
      stale_red_days integer not null check (stale_red_days between 1 and 60),
      special_procedure_days integer not null check (special_procedure_days between 1 and 365),
      unclaimed_days integer not null check (unclaimed_days between 1 and 30),
      updated_by uuid not null references users(id),
      updated_at timestamptz not null default clock_timestamp(),
      check (red_at >= yellow_at)
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists supervision_settings`.execute(db);
}
