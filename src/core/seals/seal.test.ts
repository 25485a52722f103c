import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { digestBytes, isSm3Hex, normaliseDigest, sealVerdict } from './seal.js';

describe('document seal digests', () => {
  it('accepts 64 hex digits in any case and surrounding spaces, nothing else', () => {
    expect(normaliseDigest(`  ${'AB'.repeat(32)} `)).toBe('ab'.repeat(32));
    expect(normaliseDigest('ab'.repeat(31))).toBeNull();
    expect(normaliseDigest('zz'.repeat(32))).toBeNull();
    expect(isSm3Hex('0'.repeat(64))).toBe(true);
  });

  it('signs the raw 32 bytes of the digest (property: hex → bytes → hex is the identity)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const hex = Buffer.from(bytes).toString('hex');
        expect(Buffer.from(digestBytes(hex)).toString('hex')).toBe(hex);
      }),
    );
    expect(() => digestBytes('x')).toThrow();
  });

  it('answers changed for an unknown file, valid only when the recorded signature holds', () => {
    expect(sealVerdict(undefined)).toEqual({ outcome: 'changed' });
    expect(sealVerdict({ id: 's', signatureValid: true })).toEqual({ outcome: 'valid', sealId: 's' });
    expect(sealVerdict({ id: 's', signatureValid: false })).toEqual({ outcome: 'signature_invalid', sealId: 's' });
  });
});
