import { DataDirLockedError, lockDataDir } from '../db/data-dir-lock.js';

/** For console commands: with the embedded database, take its lock or stop with a clear message. */
export function lockEmbedded(config: { databaseUrl: string | undefined; dataDir: string }, purpose: string): void {
  if (config.databaseUrl) return;
  try {
    lockDataDir(config.dataDir, purpose);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    console.error(`${purpose}: ${err.message}`);
    process.exit(2);
  }
}
