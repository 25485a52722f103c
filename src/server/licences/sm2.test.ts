import fc from 'fast-check';
import { sm2 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { generateSm2KeyPair, SM2_USER_ID, sm2Sign, sm2Verify } from './sm2.js';

/**
 * sm2Sign computes e = SM3(Z_A ‖ M) itself (Z_A cached per key) and lets the library sign the digest.
 * Its signatures must be the library's own: checked by the library's verification with `hash: true`,
 * which derives Z_A again from the public key and the standard default id.
 */
describe('SM2 signatures (GB/T 32918.2)', () => {
  const keys = [generateSm2KeyPair(), generateSm2KeyPair()];

  it('every signature verifies with the library hashing the message itself, with and without the public key given', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom(0, 1), fc.boolean(), (data, k, givePublic) => {
        const kp = keys[k]!;
        const sig = givePublic ? sm2Sign(kp.privateKey, data, kp.publicKey) : sm2Sign(kp.privateKey, data);
        expect(sm2.doVerifySignature(data, sig, kp.publicKey, { hash: true, der: true, userId: SM2_USER_ID })).toBe(true);
        expect(sm2Verify(kp.publicKey, data, sig)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('a signature does not verify for other bytes or under another key (the cached Z_A is per key)', () => {
    const data = new TextEncoder().encode('{"identifier":"x","证":"照"}');
    const [a, b] = keys as [(typeof keys)[0], (typeof keys)[0]];
    const sigA = sm2Sign(a.privateKey, data, a.publicKey);
    const sigB = sm2Sign(b.privateKey, data, b.publicKey);
    expect(sm2Verify(a.publicKey, data, sigA)).toBe(true);
    expect(sm2Verify(b.publicKey, data, sigB)).toBe(true);
    expect(sm2Verify(b.publicKey, data, sigA)).toBe(false);
    expect(sm2Verify(a.publicKey, new TextEncoder().encode('{"identifier":"y","证":"照"}'), sigA)).toBe(false);
  });

  it('a library signature verifies with ours', () => {
    const kp = keys[0]!;
    const data = new TextEncoder().encode('电子证照');
    const sig = sm2.doSignature(data, kp.privateKey, { hash: true, der: true, userId: SM2_USER_ID, publicKey: kp.publicKey });
    expect(sm2Verify(kp.publicKey, data, sig)).toBe(true);
  });
});
