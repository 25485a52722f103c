import { sm2 } from 'sm-crypto-v2';

/**
 * Checking a licence signature anywhere (the browser's verification page, tests): SM2 with SM3, user id
 * 1234567812345678, DER signature, against the PEM SubjectPublicKeyInfo published for the key. Pure:
 * base64 and hex only, no Node APIs.
 */
const fromBase64 = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The uncompressed SM2 point (04‖x‖y, hex) of a PEM SubjectPublicKeyInfo: its last 65 bytes. */
export function publicKeyHexFromPem(pem: string): string {
  const der = fromBase64(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''));
  const point = der.slice(der.length - 65);
  if (point.length !== 65 || point[0] !== 0x04) throw new Error('not an SM2 public key');
  return toHex(point);
}

export function verifyLicenceSignature(canonicalBase64: string, signatureBase64: string, pem: string): boolean {
  try {
    return sm2.doVerifySignature(fromBase64(canonicalBase64), toHex(fromBase64(signatureBase64)), publicKeyHexFromPem(pem), { hash: true, der: true, userId: '1234567812345678' });
  } catch {
    return false;
  }
}

/** 电子印章 (ADR 0029): the seal's signature is SM2/SM3 over the 32 raw bytes of the file's SM3 digest. */
export function verifySealSignature(sm3Hex: string, signatureBase64: string, pem: string): boolean {
  try {
    const digest = Uint8Array.from(sm3Hex.match(/../g) ?? [], (h) => parseInt(h, 16));
    return sm2.doVerifySignature(digest, toHex(fromBase64(signatureBase64)), publicKeyHexFromPem(pem), { hash: true, der: true, userId: '1234567812345678' });
  } catch {
    return false;
  }
}
