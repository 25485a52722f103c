import { sm2, sm3 } from 'sm-crypto-v2';

/**
 * SM2 signatures with SM3 (GB/T 32918, GM/T 0009) through `sm-crypto-v2` — Node's built-in SM2 does
 * not interoperate with other implementations. The signer's user id is the standard default
 * `1234567812345678`; signatures are DER `SEQUENCE { r, s }`. Keys are hex: the private key 32 bytes,
 * the public key the uncompressed point `04‖x‖y`.
 */
export const SM2_USER_ID = '1234567812345678';

export interface Sm2KeyPair {
  privateKey: string;
  publicKey: string;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  const kp = sm2.generateKeyPairHex();
  return { privateKey: kp.privateKey, publicKey: kp.publicKey };
}

/**
 * Z_A (GB/T 32918.2 §5.5: SM3 of the signer's id length and id, the curve's a, b, G and the public key)
 * per public key, worked out once: it never changes for a key, and the library derives it on every
 * signature from hex strings. Bounded like the prepared keys below.
 */
const zOf = new Map<string, Uint8Array>();
function signerZ(publicKey: string): Uint8Array {
  let z = zOf.get(publicKey);
  if (!z) {
    z = sm2.getZ(publicKey, SM2_USER_ID);
    if (zOf.size >= 500) zOf.clear();
    zOf.set(publicKey, z);
  }
  return z;
}

/**
 * The DER signature (hex) over the bytes: e = SM3(Z_A ‖ M) is computed here over bytes, and the library
 * signs e as the digest (`hash: false`) — the same signature the library makes with `hash: true`, without
 * its per-call Z_A and hex round trips of the whole message (about a third of a licence signature's time;
 * issue 8's benchmark). Without the public key it is derived from the private key (a point multiplication).
 */
export function sm2Sign(privateKey: string, data: Uint8Array, publicKey?: string): string {
  const z = signerZ(publicKey ?? sm2.getPublicKeyFromPrivateKey(privateKey));
  const m = new Uint8Array(z.length + data.length);
  m.set(z);
  m.set(data, z.length);
  const e = sm2.hexToArray(sm3(m));
  return sm2.doSignature(e, privateKey, { hash: false, der: true });
}

/**
 * Public keys parsed once, with sm-crypto-v2's precomputed multiples of the point (a window table):
 * verification then costs about a sixth of parsing the hex key each time (measured: ~560 against ~90
 * verifications per second on one loaded core). Keys never change under their hex, so the table can
 * be kept; the map is bounded (a department has one key in use and a few retired ones).
 */
type PreparedKey = ReturnType<typeof sm2.precomputePublicKey>;
const prepared = new Map<string, PreparedKey>();
function preparedKey(publicKey: string): PreparedKey {
  let p = prepared.get(publicKey);
  if (!p) {
    p = sm2.precomputePublicKey(publicKey);
    if (prepared.size >= 500) prepared.clear();
    prepared.set(publicKey, p);
  }
  return p;
}

export function sm2Verify(publicKey: string, data: Uint8Array, signatureDerHex: string): boolean {
  if (!/^[0-9a-f]+$/i.test(signatureDerHex) || signatureDerHex.length % 2 !== 0) return false;
  try {
    return sm2.doVerifySignature(data, signatureDerHex, preparedKey(publicKey), { hash: true, der: true, userId: SM2_USER_ID });
  } catch {
    // A malformed DER signature is a failed verification, not an error.
    return false;
  }
}

/**
 * SubjectPublicKeyInfo (RFC 5480): AlgorithmIdentifier { id-ecPublicKey 1.2.840.10045.2.1, the SM2
 * curve 1.2.156.10197.1.301 } and the uncompressed point as a BIT STRING. The DER prefix is fixed for
 * a 65-byte point.
 */
const SPKI_PREFIX = '3059301306072a8648ce3d020106082a811ccf5501822d034200';

export function publicKeyPem(publicKeyHex: string): string {
  if (!/^04[0-9a-f]{128}$/i.test(publicKeyHex)) throw new Error('not an uncompressed SM2 public key');
  const b64 = Buffer.from(SPKI_PREFIX + publicKeyHex.toLowerCase(), 'hex').toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END PUBLIC KEY-----\n`;
}
