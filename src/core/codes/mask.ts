/**
 * Masking personal data for display (个人信息保护法 第51条: security measures such as
 * de-identification). Each function keeps a fixed head and tail for well-formed values and, for
 * anything else, keeps at most a quarter of the characters at each end, so odd input never leaks
 * its middle. Lengths are kept, counted in Unicode code points.
 */
export const MASK_CHAR = '*';

function maskKeeping(value: string, keepStart: number, keepEnd: number): string {
  const chars = Array.from(value);
  const n = chars.length;
  const start = Math.max(0, keepStart);
  const end = Math.max(0, keepEnd);
  if (start + end >= n) return MASK_CHAR.repeat(n);
  return chars.slice(0, start).join('') + MASK_CHAR.repeat(n - start - end) + chars.slice(n - end).join('');
}

/** Keeps the standard head and tail for the expected lengths; a quarter at most otherwise. */
function maskShaped(value: string, expected: readonly (readonly [number, number, number])[]): string {
  const n = Array.from(value).length;
  const shape = expected.find(([length]) => length === n);
  if (shape) return maskKeeping(value, shape[1], shape[2]);
  const quarter = Math.floor(n / 4);
  const [, maxStart, maxEnd] = expected[0] as readonly [number, number, number];
  return maskKeeping(value, Math.min(maxStart, quarter), Math.min(maxEnd, quarter));
}

/** 11010519491231002X → 110105********002X: region and sequence shown, birth date hidden. */
export function maskIdNumber(id: string): string {
  return maskShaped(id, [
    [18, 6, 4],
    [15, 6, 3],
  ]);
}

/** 13812341234 → 138****1234 */
export function maskPhone(phone: string): string {
  return maskShaped(phone, [[11, 3, 4]]);
}

/**
 * 91330523MA2B3C4D5X → 91330523*********X: the department, category and region (characters 1–8)
 * stay, the body identifier (characters 9–17) is hidden entirely. Organisations' codes are public
 * registration data; this is for individual businesses (个体工商户), whose code points to a person.
 */
export function maskCreditCode(code: string): string {
  return maskShaped(code, [[18, 8, 1]]);
}

/** 张三丰 → 张*丰, 张三 → 张*, 欧阳娜娜 → 欧**娜; a single character is fully masked. */
export function maskName(name: string): string {
  const trimmed = name.trim();
  const n = Array.from(trimmed).length;
  if (n <= 1) return MASK_CHAR.repeat(n);
  if (n === 2) return maskKeeping(trimmed, 1, 0);
  return maskKeeping(trimmed, 1, 1);
}
