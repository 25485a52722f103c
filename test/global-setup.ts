import { dropTemplate, prepareTemplate } from './support/databases.js';

/**
 * Migrates and seeds the template database once for the whole run (PGlite or PostgreSQL); the
 * template's name carries this run's id (set here, inherited by the test workers) and is removed at the end.
 */
export default async function setup(): Promise<() => Promise<void>> {
  await prepareTemplate();
  return dropTemplate;
}
