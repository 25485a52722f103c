import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded database (PGlite) is one process: a second process opening the same data directory —
 * a backup, a restore or a key rotation while the server runs — could corrupt it. Whoever opens it
 * holds DATA_DIR/pglite.lock (its pid and purpose); a lock left by a dead process is taken over.
 */
export class DataDirLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string, purpose: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }), { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        fs.rmSync(file, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = JSON.parse(fs.readFileSync(file, 'utf8') || '{}') as { pid?: number; purpose?: string };
      if (holder.pid && holder.pid !== process.pid && alive(holder.pid)) {
        throw new DataDirLockedError(`the embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.purpose ?? 'unknown'}): stop it first`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock ${dataDir}`);
}
