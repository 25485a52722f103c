import { createHash } from 'node:crypto';

/** SM3 (GB/T 32905-2016), built into Node's OpenSSL, hashes the case timeline chain. */
export const sm3Hex = (text: string): string => createHash('sm3').update(text, 'utf8').digest('hex');
