/**
 * 办件编号: implementation code (31) + yyyyMMdd + 6-digit daily sequence = 45 characters, as common
 * practice writes it; unique because the sequence is per implementation and day.
 * 查询码: 6 digits printed on the acceptance notice; with the case number it opens the public progress page.
 */
export function formatCaseNumber(implCode: string, day: string, seq: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`bad day ${day}`);
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new Error(`sequence out of range: ${seq}`);
  return `${implCode}${day.replaceAll('-', '')}${String(seq).padStart(6, '0')}`;
}

export function parseCaseNumber(caseNo: string): { implCode: string; day: string; seq: number } | undefined {
  const m = /^([0-9A-Z]{31})(\d{4})(\d{2})(\d{2})(\d{6})$/.exec(caseNo);
  if (!m) return undefined;
  const [, implCode, y, mo, d, seq] = m as unknown as [string, string, string, string, string, string];
  return { implCode, day: `${y}-${mo}-${d}`, seq: Number(seq) };
}

/**
 * Query codes (查询码) are 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L): 31^8 ≈
 * 8.5·10^11 codes (about 40 bits) instead of 10^6, easy to read off a notice and type. Codes issued
 * before (6 digits) keep working: the look-up accepts both shapes (issue 8 finding 11).
 */
export const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const QUERY_CODE_LENGTH = 8;
/** What the look-up accepts: a new code (any letter case) or a 6-digit code of an older case. */
export const QUERY_CODE_PATTERN = '^(?:\\d{6}|[2-9A-HJKMNP-Za-hjkmnp-z]{8})$';

/**
 * A query code from 16 random bytes (the caller supplies them: the core does no I/O); two bytes per
 * character, so the modulo bias is below 1/30000.
 */
export function queryCodeFrom(randomBytes: Uint8Array): string {
  if (randomBytes.length < 2 * QUERY_CODE_LENGTH) throw new Error(`need ${2 * QUERY_CODE_LENGTH} random bytes`);
  let out = '';
  for (let i = 0; i < QUERY_CODE_LENGTH; i++) out += QUERY_CODE_ALPHABET[(((randomBytes[2 * i] ?? 0) << 8) | (randomBytes[2 * i + 1] ?? 0)) % QUERY_CODE_ALPHABET.length];
  return out;
}

/** A typed query code as stored: new codes are upper case. */
export const normalizeQueryCode = (code: string) => code.trim().toUpperCase();
