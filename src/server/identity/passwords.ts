import { dictionary as zxcvbnCommon } from '@zxcvbn-ts/language-common';
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are hashed with scrypt, a memory-hard KDF built into Node (no native add-on to install).
 * N=2^15, r=8, p=1 uses 32 MiB per hash, per OWASP's password storage guidance for scrypt.
 * Stored as `scrypt$N$r$p$salt$hash` (base64) so parameters can be raised later and old hashes still verify.
 */
const N = 1 << 15;
const R = 8;
const P = 1;
const KEY_LEN = 32;
const MAXMEM = 64 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LEN, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password, used to spend the same time on unknown accounts (no user enumeration). */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(12).toString('hex'));
  return dummyHash;
}

/**
 * Password policy after OWASP ASVS 5.0 V6.2 and NIST SP 800-63B §3.1.1.2: at least 12 characters (up to
 * 128, any characters, no composition rules), not a common or breached password — the 49k most common
 * passwords of zxcvbn-ts's list plus ones common in China — also when dressed up (`Password1`,
 * `P@ssw0rd2024!`), not the account name, and not one character repeated.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export function passwordProblems(password: string, context: { username?: string | undefined } = {}): { zh: string; en: string } | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    return { zh: `密码长度应为${PASSWORD_MIN_LENGTH}至${PASSWORD_MAX_LENGTH}位`, en: `The password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long` };
  }
  const lower = password.toLowerCase();
  const username = context.username?.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) {
    return { zh: '密码不能包含用户名', en: 'The password must not contain the username' };
  }
  if (new Set(lower).size < 4) {
    return { zh: '密码过于简单（重复字符过多）', en: 'The password is too simple (too many repeated characters)' };
  }
  if (isCommonPassword(lower)) {
    return { zh: '该密码过于常见或已在泄露密码库中出现，请换一个', en: 'This password is too common or has appeared in a breach; choose another' };
  }
  return undefined;
}

/** A password is common when it, or its core without digits and symbols around it, is on the list (also after undoing 1337-speak). */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  const candidates = new Set<string>();
  for (const form of [lower, undoLeet(lower)]) {
    candidates.add(form);
    // A repeated common password (`1qaz2wsx1qaz2wsx`) is as weak as the one repeated.
    const unit = /^(.+?)\1+$/.exec(form)?.[1];
    if (unit) candidates.add(unit);
    candidates.add(form.replace(/^[^a-z]+|[^a-z]+$/g, ''));
    candidates.add(form.replace(/[^a-z0-9]/g, ''));
  }
  const list = commonPasswords();
  return [...candidates].some((c) => c.length > 0 && list.has(c));
}

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '!': 'i', '3': 'e', '$': 's', '5': 's', '7': 't' };
const undoLeet = (s: string) => s.replace(/[@40!13$57]/g, (c) => LEET[c] ?? c);

/** Passwords common in China (from published analyses of Chinese leaks) and role words of this system. */
const COMMON_IN_CHINA = [
  'woaini', 'woaini1314', 'woaini520', '5201314', '1314520', 'aini1314', 'woaiwojia', 'zhongguo', 'zhangwei', 'wangwei',
  'qq123456', 'a123456', 'a123456789', '123456a', '123456789a', 'aa123456', 'abc123456', 'qwe123', '123qwe', 'asd123',
  '1qaz2wsx', '1q2w3e4r', 'zxcvbnm', 'qwertyuiop', 'asdfghjkl', 'password', 'admin', 'administrator', 'zhengfu', 'zhengwu',
];

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set([...zxcvbnCommon['passwords-common'], ...COMMON_IN_CHINA]);
  return common;
}
