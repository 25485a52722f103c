import canonicalize from 'canonicalize';
import type { LicencePayload } from './types.js';

/**
 * The canonical byte form of licence data (签名原文): the JSON Canonicalization Scheme (JCS,
 * RFC 8785) of the payload, encoded as UTF-8. Keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript form — the same bytes on every machine, so a signature over them can be
 * checked by anyone who has the payload. Pure: no I/O.
 */
export function canonicalBytes(value: unknown): Uint8Array {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no JSON form');
  return new TextEncoder().encode(text);
}

export const canonicalLicenceBytes = (payload: LicencePayload): Uint8Array => canonicalBytes(payload);

/** The payload back from canonical bytes (the verification page and tests read it this way). */
export function payloadFromBytes(bytes: Uint8Array): LicencePayload {
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as LicencePayload;
}
