import { describe, expect, it } from 'vitest';
import { publicKeyPem, generateSm2KeyPair, sm2Sign } from '../../server/licences/sm2.js';
import { publicKeyHexFromPem, verifyLicenceSignature } from './verify.js';

describe('signature check as the browser does it', () => {
  it('verifies a server signature against the published PEM and refuses changed bytes', () => {
    const kp = generateSm2KeyPair();
    const data = new TextEncoder().encode('{"identifier":"x","证":"照"}');
    const sig = Buffer.from(sm2Sign(kp.privateKey, data), 'hex').toString('base64');
    const pem = publicKeyPem(kp.publicKey);
    expect(publicKeyHexFromPem(pem)).toBe(kp.publicKey.toLowerCase());
    expect(verifyLicenceSignature(Buffer.from(data).toString('base64'), sig, pem)).toBe(true);
    expect(verifyLicenceSignature(Buffer.from('{"identifier":"y"}').toString('base64'), sig, pem)).toBe(false);
    expect(verifyLicenceSignature(Buffer.from(data).toString('base64'), 'AAAA', pem)).toBe(false);
  });
});
