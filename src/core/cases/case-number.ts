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

/** A 6-digit query code from random bytes (the caller supplies them: the core does no I/O). */
export function queryCodeFrom(randomBytes: Uint8Array): string {
  if (randomBytes.length < 4) throw new Error('need 4 random bytes');
  const n = (((randomBytes[0] ?? 0) << 24) | ((randomBytes[1] ?? 0) << 16) | ((randomBytes[2] ?? 0) << 8) | (randomBytes[3] ?? 0)) >>> 0;
  return String(n % 1_000_000).padStart(6, '0');
}
