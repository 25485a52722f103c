import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Field and file encryption with the national algorithms (GB/T 39786 level 3): SM4-CBC with a random
 * IV, authenticated encrypt-then-MAC with HMAC-SM3 over the version, key id, purpose, IV and ciphertext
 * (Node 20's OpenSSL has sm4-cbc but no SM4-GCM; ADR 0011). Every envelope names its key id, so keys
 * rotate: a keyring holds the current key (used to seal) and older keys (still opened until rotation is done).
 *
 * A master key is 32 random bytes; the SM4 key, the MAC key and the blind-index key are derived from it
 * with HMAC-SM3 under distinct labels, so none of them is ever used for two purposes.
 */
export const MASTER_KEY_BYTES = 32;
const IV_BYTES = 16;
const TAG_BYTES = 32;
const KID_BYTES = 4;

/** Text envelope: `tb1.<key id hex>.<base64url(iv ‖ ciphertext ‖ tag)>`. */
const TEXT_PREFIX = 'tb1.';
/** File envelope: `TBF1` ‖ key id ‖ iv ‖ ciphertext ‖ tag. */
const FILE_MAGIC = Buffer.from('TBF1', 'ascii');

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

const derive = (master: Buffer, label: string) => createHmac('sm3', master).update(`tongban/${label}`).digest();

interface DataKey {
  kid: string;
  kidBytes: Buffer;
  enc: Buffer;
  mac: Buffer;
  index: Buffer;
}

function dataKeyFrom(master: Buffer): DataKey {
  if (master.length !== MASTER_KEY_BYTES) throw new Error(`a data key is ${MASTER_KEY_BYTES} bytes, got ${master.length}`);
  const kidBytes = derive(master, 'key-id').subarray(0, KID_BYTES);
  return { kid: kidBytes.toString('hex'), kidBytes, enc: derive(master, 'sm4').subarray(0, 16), mac: derive(master, 'mac'), index: derive(master, 'blind-index') };
}

function mac(key: DataKey, version: Buffer, purpose: string, iv: Buffer, ct: Buffer): Buffer {
  // The purpose is length-prefixed so no two (purpose, iv, ct) triples share a MAC input.
  const p = Buffer.from(purpose, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(p.length);
  return createHmac('sm3', key.mac).update(version).update(key.kidBytes).update(len).update(p).update(iv).update(ct).digest();
}

function sm4Encrypt(key: DataKey, plain: Buffer): { iv: Buffer; ct: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('sm4-cbc', key.enc, iv);
  return { iv, ct: Buffer.concat([c.update(plain), c.final()]) };
}

function sm4Decrypt(key: DataKey, iv: Buffer, ct: Buffer): Buffer {
  const d = createDecipheriv('sm4-cbc', key.enc, iv);
  return Buffer.concat([d.update(ct), d.final()]);
}

export class Keyring {
  private readonly keys: DataKey[];

  /** `masters[0]` seals; all of them open. */
  constructor(masters: readonly Buffer[]) {
    if (masters.length === 0) throw new Error('a keyring needs at least one key');
    this.keys = masters.map(dataKeyFrom);
  }

  /** The id of the key that seals new data. */
  get currentKid(): string {
    return this.current.kid;
  }

  get kids(): string[] {
    return this.keys.map((k) => k.kid);
  }

  private get current(): DataKey {
    return this.keys[0] as DataKey;
  }

  private keyFor(kid: string): DataKey {
    const k = this.keys.find((x) => x.kid === kid);
    if (!k) throw new DecryptionError(`no data key with id ${kid} (was the key rotated away or DATA_KEY changed?)`);
    return k;
  }

  /** Seals a text value for one purpose (e.g. `users.id_number`); a value sealed for one purpose does not open as another. */
  seal(plain: string, purpose: string): string {
    const key = this.current;
    const { iv, ct } = sm4Encrypt(key, Buffer.from(plain, 'utf8'));
    const tag = mac(key, Buffer.from(TEXT_PREFIX), purpose, iv, ct);
    return `${TEXT_PREFIX}${key.kid}.${Buffer.concat([iv, ct, tag]).toString('base64url')}`;
  }

  open(sealed: string, purpose: string): string {
    const m = /^tb1\.([0-9a-f]{8})\.([A-Za-z0-9_-]+)$/.exec(sealed);
    if (!m) throw new DecryptionError('not a sealed value');
    const key = this.keyFor(m[1] as string);
    const body = Buffer.from(m[2] as string, 'base64url');
    if (body.length < IV_BYTES + 16 + TAG_BYTES) throw new DecryptionError('sealed value too short');
    const iv = body.subarray(0, IV_BYTES);
    const ct = body.subarray(IV_BYTES, body.length - TAG_BYTES);
    const tag = body.subarray(body.length - TAG_BYTES);
    if (!timingSafeEqual(tag, mac(key, Buffer.from(TEXT_PREFIX), purpose, iv, ct))) throw new DecryptionError('sealed value failed authentication');
    return sm4Decrypt(key, iv, ct).toString('utf8');
  }

  /** Seals file bytes; `purpose` binds them to their file id, so a file moved under another id does not open. */
  sealBytes(plain: Buffer, purpose: string): Buffer {
    const key = this.current;
    const { iv, ct } = sm4Encrypt(key, plain);
    const tag = mac(key, FILE_MAGIC, purpose, iv, ct);
    return Buffer.concat([FILE_MAGIC, key.kidBytes, iv, ct, tag]);
  }

  openBytes(sealed: Buffer, purpose: string): Buffer {
    const kid = Keyring.kidOfBytes(sealed);
    if (!kid) throw new DecryptionError('not a sealed file');
    const key = this.keyFor(kid);
    const head = FILE_MAGIC.length + KID_BYTES;
    if (sealed.length < head + IV_BYTES + 16 + TAG_BYTES) throw new DecryptionError('sealed file too short');
    const iv = sealed.subarray(head, head + IV_BYTES);
    const ct = sealed.subarray(head + IV_BYTES, sealed.length - TAG_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    if (!timingSafeEqual(tag, mac(key, FILE_MAGIC, purpose, iv, ct))) throw new DecryptionError('sealed file failed authentication');
    return sm4Decrypt(key, iv, ct);
  }

  /**
   * Blind index (盲索引) of a value under the current key: HMAC-SM3 with a key used for nothing else, so
   * equal values can be found by equality without decrypting, and nobody without the key can test a guess.
   */
  blindIndex(value: string, purpose: string): string {
    return Keyring.indexUnder(this.current, value, purpose);
  }

  /** The blind index under every key in the ring: look-ups match rows not yet rotated too. */
  blindIndexes(value: string, purpose: string): string[] {
    return this.keys.map((k) => Keyring.indexUnder(k, value, purpose));
  }

  private static indexUnder(key: DataKey, value: string, purpose: string): string {
    return createHmac('sm3', key.index).update(`${purpose}\u0000${value}`).digest().subarray(0, 16).toString('hex');
  }

  /** The key id a text envelope names, or undefined for a value that is not sealed (plaintext from before encryption). */
  static kidOf(value: string): string | undefined {
    return value.startsWith(TEXT_PREFIX) ? value.slice(TEXT_PREFIX.length, TEXT_PREFIX.length + KID_BYTES * 2) : undefined;
  }

  static kidOfBytes(bytes: Buffer): string | undefined {
    if (bytes.length < FILE_MAGIC.length + KID_BYTES || !bytes.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)) return undefined;
    return bytes.subarray(FILE_MAGIC.length, FILE_MAGIC.length + KID_BYTES).toString('hex');
  }

  static isSealed(value: string): boolean {
    return Keyring.kidOf(value) !== undefined;
  }
}

export function generateMasterKey(): Buffer {
  return randomBytes(MASTER_KEY_BYTES);
}

/** Parses one key written as 64 hex digits or as base64 of 32 bytes. */
export function parseMasterKey(text: string): Buffer {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t, 'base64');
    if (b.length === MASTER_KEY_BYTES) return b;
  }
  throw new Error(`a data key is ${MASTER_KEY_BYTES} bytes written as 64 hex digits or base64`);
}
