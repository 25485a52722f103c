import { prepareTemplate } from './support/databases.js';

/** Migrates and seeds the template database once for the whole run (PGlite or PostgreSQL). */
export default async function setup(): Promise<void> {
  await prepareTemplate();
}
