import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Seeds the demo catalogue (filled in by the catalogue capability). */
export async function seedDemoCatalogue(_db: Kysely<Database>, _orgs: Map<string, { id: string; path: string }>): Promise<void> {}
