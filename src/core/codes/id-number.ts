/**
 * GB 11643-1999 citizen identity number (公民身份号码): 6-digit region + 8-digit birth date +
 * 3-digit sequence (odd = male) + check; weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2;
 * check = "10X98765432"[Σ mod 11].
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idNumberCheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK[sum % 11];
}

function isValidBirthDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!/^[1-8]\d{5}$/.test(id.slice(0, 6))) return false;
  if (!isValidBirthDate(id.slice(6, 14))) return false;
  return idNumberCheckChar(id.slice(0, 17)) === id[17];
}

/** Completes 17 digits into a valid ID number (for demo data and tests). */
export function completeIdNumber(first17: string): string {
  const check = idNumberCheckChar(first17);
  if (check === undefined) throw new Error(`Not an ID number prefix: ${first17}`);
  return first17 + check;
}

export function birthDateOfIdNumber(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

export function genderOfIdNumber(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}
