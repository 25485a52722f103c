import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { installKeyring, keyFilePath, readKeyFile, writeKeyFile } from './data-key.js';
import { generateMasterKey, Keyring } from './keyring.js';
import { resealPersonalData, type Resealable, type ResealReport } from './reseal.js';
import { recordAudit } from '../identity/audit.js';

export interface RotationResult extends ResealReport {
  fromKids: string[];
  toKid: string;
}

/**
 * Key rotation (密钥更新). With DATA_KEY configured, the operator has already put the new key first
 * (`DATA_KEY=new,old`, servers restarted so they seal under it): everything is re-sealed under it, then
 * the old keys can be dropped from DATA_KEY. With the embedded key file, a new key is generated and
 * written first, everything is re-sealed, and only then are the old keys removed from the file — an
 * interrupted rotation leaves both keys in the file and is finished by running it again.
 */
export async function rotateDataKey(
  db: Kysely<Database>,
  opts: { configuredKeys: Buffer[]; dataDir: string; files?: Resealable | undefined; /** Who ran it (the console's OS account), for the audit log. */ operator?: string },
): Promise<RotationResult> {
  const file = keyFilePath(opts.dataDir);
  let ring: Keyring;
  let finish = () => {};
  if (opts.configuredKeys.length > 0) {
    ring = new Keyring(opts.configuredKeys);
  } else {
    const old = readKeyFile(file);
    const next = [generateMasterKey(), ...old];
    writeKeyFile(file, next);
    ring = new Keyring(next);
    const first = next[0] as Buffer;
    finish = () => writeKeyFile(file, [first]);
  }
  installKeyring(ring);
  const report = await resealPersonalData(db, { files: opts.files, forceFiles: true });
  finish();
  installKeyring(new Keyring(opts.configuredKeys.length > 0 ? opts.configuredKeys : readKeyFile(file)));
  const result = { ...report, fromKids: ring.kids.slice(1), toKid: ring.currentKid };
  await recordAudit(db, { kind: 'data_key_rotated', username: opts.operator ?? null, objectType: 'data_key', objectId: result.toKid, detail: { ...result } });
  return result;
}
