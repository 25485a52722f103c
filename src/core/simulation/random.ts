/**
 * A small seeded PRNG and the draws made with it: the demo cases and the county-year simulation must
 * come out the same for the same seed (reproducible figures, ADR 0017 and ADR 0034).
 */

/** mulberry32: a small, fast seeded PRNG with a 2^32 period, ample for a year of cases. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Dice {
  constructor(private readonly next: () => number) {}
  float = () => this.next();
  /** An integer in [lo, hi], both included. */
  int = (lo: number, hi: number) => lo + Math.floor(this.next() * (hi - lo + 1));
  chance = (p: number) => this.next() < p;
  pick = <T>(xs: readonly T[]): T => {
    if (xs.length === 0) throw new Error('pick from nothing');
    return xs[Math.floor(this.next() * xs.length)] as T;
  };
  weighted = <K extends string>(w: Record<K, number>): K => {
    const entries = Object.entries(w) as [K, number][];
    let r = this.next() * entries.reduce((s, [, n]) => s + n, 0);
    for (const [k, n] of entries) if ((r -= n) < 0) return k;
    return (entries[entries.length - 1] as [K, number])[0];
  };
  /** An index drawn with the given (non-negative) weights. */
  index = (weights: readonly number[]): number => {
    let r = this.next() * weights.reduce((s, n) => s + n, 0);
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i] as number) < 0) return i;
    return weights.length - 1;
  };
}
