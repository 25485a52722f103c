import type { Material } from '../catalogue/types.js';

/**
 * 我的材料 (material library, issue 10): a material the applicant handed in on a case that was accepted
 * is kept with its material code, and a later application that needs a material of the same code may
 * use it instead of a new upload while it is valid.
 */

/** How long a kept material stays usable when the catalogue does not say (证明类材料 are commonly accepted for six months). */
export const DEFAULT_VALIDITY_MONTHS = 6;

/** The key under which a material is kept and found again: its code, else its e-licence type, else local to its item. */
export function libraryCodeOf(implId: string, m: Pick<Material, 'id' | 'code' | 'licenceType'>): string {
  if (m.code) return m.code;
  if (m.licenceType) return `licence:${m.licenceType}`;
  return `${implId}:${m.id}`;
}

/** The last day an entry accepted on `acceptedOn` may be used (inclusive), `validityMonths` after it (end-of-month clamped). */
export function validUntil(acceptedOn: string, validityMonths: number = DEFAULT_VALIDITY_MONTHS): string {
  const [y, m, d] = acceptedOn.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + validityMonths;
  const year = y + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, last);
  // The day before the same date N months on: valid for exactly N months.
  const end = new Date(Date.UTC(year, month, day) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

export interface LibraryEntryFacts {
  id: string;
  code: string;
  validUntil: string | null;
}

/** Usable on `today`: not past its last valid day (ISO dates compare as text). */
export const isUsable = (e: Pick<LibraryEntryFacts, 'validUntil'>, today: string): boolean => e.validUntil === null || e.validUntil >= today;

export type LibraryRefusal = 'LIBRARY_ENTRY_EXPIRED' | 'LIBRARY_WRONG_MATERIAL';

/** Why an entry cannot stand for a material of an item (undefined: it can). */
export function refusalFor(entry: LibraryEntryFacts, implId: string, m: Pick<Material, 'id' | 'code' | 'licenceType'>, today: string): LibraryRefusal | undefined {
  if (entry.code !== libraryCodeOf(implId, m)) return 'LIBRARY_WRONG_MATERIAL';
  if (!isUsable(entry, today)) return 'LIBRARY_ENTRY_EXPIRED';
  return undefined;
}

/**
 * The library codes a 一件事 merged material accepts: its merged code (a material code or an e-licence
 * type is the same key as in the library) and, for each member item it serves, that item's own key
 * (`<implId>:<materialId>`, under which a material without a code was kept).
 */
export function bundleMaterialCodes(code: string, serves: readonly { memberKey: string; materialId: string }[], itemIdOf: (memberKey: string) => string | undefined): string[] {
  const codes = new Set([code]);
  for (const s of serves) {
    const itemId = itemIdOf(s.memberKey);
    if (itemId) codes.add(`${itemId}:${s.materialId}`);
  }
  return [...codes];
}

/** For each material of an item, the applicant's usable entries of the same code, newest first (what the apply page offers). */
export function offersFor<E extends LibraryEntryFacts & { acceptedOn: string }>(implId: string, materials: readonly Pick<Material, 'id' | 'code' | 'licenceType'>[], entries: readonly E[], today: string): Record<string, E[]> {
  const out: Record<string, E[]> = {};
  for (const m of materials) {
    const code = libraryCodeOf(implId, m);
    const hits = entries.filter((e) => e.code === code && isUsable(e, today)).sort((a, b) => b.acceptedOn.localeCompare(a.acceptedOn));
    if (hits.length) out[m.id] = hits;
  }
  return out;
}
