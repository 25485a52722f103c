import fs from 'node:fs';
import path from 'node:path';
import { generateMasterKey, Keyring, parseMasterKey } from './keyring.js';

/**
 * Where the data keys come from, and the process's keyring. DATA_KEY (configuration) wins; without
 * it the embedded default keeps its keys in DATA_DIR/data-key (one key per line, the first seals),
 * generated with mode 0600 on first start. The keyring is process-wide like the configuration: it is
 * installed once at start (main, scripts, test support) and read by the code that seals and opens
 * personal data (ADR 0011).
 */
export const KEY_FILE_NAME = 'data-key';

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE_NAME);
}

export function readKeyFile(file: string): Buffer[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines.length === 0) throw new Error(`${file} holds no data key`);
  return lines.map((l, i) => {
    try {
      return parseMasterKey(l);
    } catch (e) {
      throw new Error(`${file} line ${i + 1}: ${(e as Error).message}`, { cause: e });
    }
  });
}

/** Writes the key file atomically with owner-only permissions. */
export function writeKeyFile(file: string, keys: readonly Buffer[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const text = `# Tongban data keys (SM4/HMAC-SM3 master keys). The first line seals; keep a copy apart from backups.\n${keys.map((k) => k.toString('hex')).join('\n')}\n`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/** The configured keys, or the data directory's key file (created on first start). */
export function loadDataKeys(cfg: { dataKeys: Buffer[]; dataDir: string }): { keys: Buffer[]; source: 'DATA_KEY' | string } {
  if (cfg.dataKeys.length > 0) return { keys: cfg.dataKeys, source: 'DATA_KEY' };
  const file = keyFilePath(cfg.dataDir);
  if (!fs.existsSync(file)) writeKeyFile(file, [generateMasterKey()]);
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) throw new Error(`${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
  return { keys: readKeyFile(file), source: file };
}

let active: Keyring | undefined;

export function installKeyring(k: Keyring): void {
  active = k;
}

/** The process's keyring; fails loudly when start-up did not install one. */
export function keyring(): Keyring {
  if (!active) throw new Error('no data keyring installed: call installKeyring() at start (main, script or test support)');
  return active;
}
