import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Migrations live in ./migrations as `YYYYMMDDHHMM_name.ts`, each exporting `up` (and optionally `down`).
 * They are applied in name order; a landed migration is never edited.
 */
class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(this.folder)).filter((f) => /^\d{12}_[a-z0-9-_]+\.ts$/.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const file of files) {
      const mod = (await import(path.join(this.folder, file))) as Migration;
      out[file.replace(/\.ts$/, '')] = mod;
    }
    return out;
  }
}

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// Kysely's advice: migrations are written against Kysely<any>, never the current app schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Work lands in parallel with a prefix range per stream, so a migration can land after one that
  // sorts later and has already run (202612020702 after 202612020801): apply such a one too, rather
  // than refusing to start. Migrations are additive and independent (STYLE.md), so order between
  // streams does not matter.
  const migrator = new Migrator({ db, provider: new FolderMigrationProvider(MIGRATIONS_DIR), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}

/** Migrates up (or down) to the named migration; tests use it to load data as an older schema held it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  const migrator = new Migrator({ db, provider: new FolderMigrationProvider(MIGRATIONS_DIR) });
  const { error } = await migrator.migrateTo(name);
  if (error) throw new Error(`Migration to ${name} failed: ${String(error)}`, { cause: error });
}
