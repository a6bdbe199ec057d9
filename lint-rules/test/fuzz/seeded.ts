/**
 * Deterministic randomness for the fuzz and robustness tests: a fixed seed gives the same cases
 * on every machine, so a failure names a case that can be replayed.
 */

/** A random number source in [0, 1). */
export type Random = () => number;

/** mulberry32: a tiny deterministic PRNG. */
export function seeded(seed: number): Random {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, n). */
export function below(next: Random, n: number): number {
  return Math.floor(next() * n);
}

export function pick<T>(next: Random, items: readonly T[]): T {
  return items[below(next, items.length)];
}

/** Up to `n` items, chosen without repeats, in their original order. */
export function sample<T>(next: Random, items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(below(next, items.length));
  return [...chosen].sort((a, b) => a - b).map(i => items[i]);
}
