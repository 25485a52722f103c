/**
 * 电子印章 on documents (ADR 0029): a document (a licence PDF, a case notice) is sealed by its issuing
 * department's SM2 key signing the SM3 digest of the file's bytes. Pure rules shared by server and web.
 */

/** An SM3 digest as lower-case hex (64 digits). */
export const SM3_HEX = /^[0-9a-f]{64}$/;

export function isSm3Hex(value: string): boolean {
  return SM3_HEX.test(value);
}

/** The digest a caller typed (upper or lower case, spaces around) in the stored form, or null. */
export function normaliseDigest(value: string): string | null {
  const v = value.trim().toLowerCase();
  return isSm3Hex(v) ? v : null;
}

/** The bytes the seal's signature covers: the 32 raw bytes of the SM3 digest of the file. */
export function digestBytes(sm3Hex: string): Uint8Array {
  if (!isSm3Hex(sm3Hex)) throw new Error('not an SM3 digest');
  return Uint8Array.from(sm3Hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

export const SEAL_KINDS = ['licence', 'notice'] as const;
export type SealKind = (typeof SEAL_KINDS)[number];

/** What a verification of a file answers: sealed and unchanged, or not (changed, or never sealed here). */
export type SealVerdict = { outcome: 'valid'; sealId: string } | { outcome: 'changed' } | { outcome: 'signature_invalid'; sealId: string };

export function sealVerdict(found: { id: string; signatureValid: boolean } | undefined): SealVerdict {
  if (!found) return { outcome: 'changed' };
  return found.signatureValid ? { outcome: 'valid', sealId: found.id } : { outcome: 'signature_invalid', sealId: found.id };
}
