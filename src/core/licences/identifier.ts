import { isValidCreditCode } from '../codes/credit-code.js';

/**
 * Electronic licence identifiers (电子证照标识) in the GB/T 36904 shape:
 * `1.2.156.3005.2.{type code}.{issuer's unified social credit code}.{serial}.{version}.{check}`.
 * The check character is ISO/IEC 7064 MOD 37,36 (a hybrid system over the 36 characters 0-9A-Z)
 * computed over every preceding character with the dots removed (docs/licences.md states the rule).
 * Pure: no I/O.
 */
export const LICENCE_ID_PREFIX = '1.2.156.3005.2';

export const CHECK_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const M = 36;

/** The value of one character in the alphabet, or -1. */
const valueOf = (c: string): number => CHECK_ALPHABET.indexOf(c);

/**
 * The running state of the hybrid system after `chars`: P starts at M; for each character a,
 * S = (P + a) mod M with 0 read as M, then P = 2·S mod (M + 1). Returns the last S and P.
 */
function run(chars: string): { s: number; p: number } | null {
  let p = M;
  let s = M;
  for (const c of chars) {
    const a = valueOf(c);
    if (a < 0) return null;
    s = (p + a) % M || M;
    p = (2 * s) % (M + 1);
  }
  return { s, p };
}

/** The check character for a string of 0-9A-Z: the a that makes the final S equal 1. */
export function mod3736CheckChar(chars: string): string {
  const r = run(chars);
  if (!r) throw new Error('characters outside 0-9A-Z');
  return CHECK_ALPHABET[(M + 1 - r.p) % M] as string;
}

/** True when the last character is the MOD 37,36 check character of the ones before it. */
export function hasValidMod3736Check(charsWithCheck: string): boolean {
  if (charsWithCheck.length < 2) return false;
  const r = run(charsWithCheck);
  return r !== null && r.s === 1;
}

export interface LicenceIdParts {
  /** 证照类型代码: 1-32 characters of 0-9A-Z. */
  typeCode: string;
  /** 发证机构统一社会信用代码 (GB 32100, 18 characters with its own check character). */
  issuerCreditCode: string;
  /** 顺序号 within the type and issuer: decimal, no leading zero. */
  serial: number;
  /** 版本号: 1 for the first issue, +1 for each change or renewal. */
  version: number;
}

const TYPE_CODE = /^[0-9A-Z]{1,32}$/;
const DECIMAL = /^[1-9][0-9]{0,14}$/;

function partsProblem(p: LicenceIdParts): string | null {
  if (!TYPE_CODE.test(p.typeCode)) return 'type code';
  if (!isValidCreditCode(p.issuerCreditCode)) return 'issuer credit code';
  if (!Number.isSafeInteger(p.serial) || p.serial < 1) return 'serial';
  if (!Number.isSafeInteger(p.version) || p.version < 1 || p.version > 999_999) return 'version';
  return null;
}

/** Builds the identifier with its check character; throws on malformed parts (a programming error). */
export function buildLicenceId(p: LicenceIdParts): string {
  const problem = partsProblem(p);
  if (problem) throw new Error(`malformed licence identifier part: ${problem}`);
  const body = `${LICENCE_ID_PREFIX}.${p.typeCode}.${p.issuerCreditCode}.${p.serial}.${p.version}`;
  return `${body}.${mod3736CheckChar(body.replaceAll('.', ''))}`;
}

export type LicenceIdVerdict = { ok: true; parts: LicenceIdParts } | { ok: false; reason: 'shape' | 'issuer' | 'check' };

/** Validates an identifier: shape, the issuer's credit code, and the check character. */
export function parseLicenceId(id: string): LicenceIdVerdict {
  if (id.length > 120 || !id.startsWith(`${LICENCE_ID_PREFIX}.`)) return { ok: false, reason: 'shape' };
  const rest = id.slice(LICENCE_ID_PREFIX.length + 1).split('.');
  if (rest.length !== 5) return { ok: false, reason: 'shape' };
  const [typeCode, issuer, serial, version, check] = rest as [string, string, string, string, string];
  if (!TYPE_CODE.test(typeCode) || !DECIMAL.test(serial) || !DECIMAL.test(version) || !/^[0-9A-Z]$/.test(check) || issuer.length !== 18) return { ok: false, reason: 'shape' };
  if (!hasValidMod3736Check(id.replaceAll('.', ''))) return { ok: false, reason: 'check' };
  if (!isValidCreditCode(issuer)) return { ok: false, reason: 'issuer' };
  const parts = { typeCode, issuerCreditCode: issuer, serial: Number(serial), version: Number(version) };
  if (partsProblem(parts)) return { ok: false, reason: 'shape' };
  return { ok: true, parts };
}

export const isValidLicenceId = (id: string): boolean => parseLicenceId(id).ok;

/** The identifier of the same licence at another version (a renewal or change). */
export function licenceIdAtVersion(id: string, version: number): string {
  const v = parseLicenceId(id);
  if (!v.ok) throw new Error('malformed licence identifier');
  return buildLicenceId({ ...v.parts, version });
}

/** The identifier without version and check: the licence across its versions (its lineage). */
export function licenceLineage(p: Pick<LicenceIdParts, 'typeCode' | 'issuerCreditCode' | 'serial'>): string {
  return `${LICENCE_ID_PREFIX}.${p.typeCode}.${p.issuerCreditCode}.${p.serial}`;
}
