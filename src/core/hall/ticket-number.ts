/**
 * Queue ticket numbers (取号): one letter per window category of a hall and a sequence per category
 * per day, printed with at least three digits — A001, A002 … B001. The sequence is gap-free: the
 * n-th ticket of a category on a day is number n.
 */

/** Letters a hall may give its categories (I and O are left out: they read as 1 and 0 on a screen). */
export const TICKET_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

export function isTicketLetter(letter: string): boolean {
  return letter.length === 1 && TICKET_LETTERS.includes(letter);
}

/** 'A', 12 → 'A012'; sequences past 999 keep counting ('A1000'). */
export function formatTicketNumber(letter: string, seq: number): string {
  if (!isTicketLetter(letter)) throw new RangeError(`not a ticket letter: ${letter}`);
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`not a ticket sequence: ${seq}`);
  return `${letter}${String(seq).padStart(3, '0')}`;
}

export function parseTicketNumber(number: string): { letter: string; seq: number } | undefined {
  const m = /^([A-Z])(\d{3,})$/.exec(number);
  if (!m || !isTicketLetter(m[1] ?? '')) return undefined;
  const seq = Number(m[2]);
  return seq >= 1 && String(seq).padStart(3, '0') === m[2] ? { letter: m[1] as string, seq } : undefined;
}

/** Letters for a hall's categories in order (A, B, C …), skipping letters already taken. */
export function assignLetters(categories: readonly string[], taken: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const out = new Map<string, string>(taken);
  const used = new Set(out.values());
  for (const c of categories) {
    if (out.has(c)) continue;
    const free = [...TICKET_LETTERS].find((l) => !used.has(l));
    if (!free) throw new RangeError('a hall has at most 24 ticket categories');
    out.set(c, free);
    used.add(free);
  }
  return out;
}

/** The spoken call (叫号播报), as the call screen says it: "请 A012 号到 5 号窗口办理". */
export function callAnnouncement(number: string, windowNumber: string): string {
  return `请 ${number} 号到 ${windowNumber} 号窗口办理`;
}
