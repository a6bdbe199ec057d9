/**
 * Whether an unknown name looks like a typo of a known one: within a small edit distance
 * (insertions, deletions, substitutions, and transpositions of neighbours: `pth` for `path`,
 * `lenght` for `length`). How small depends on the name's length, since short names are close
 * to too many others to tell: none for one or two characters, 1 for three to five, 2 from six on.
 */

/** the largest edit distance at which `name` still reads as a typo of another name */
export function typoDistance(name: string): number {
  return name.length <= 2 ? 0 : name.length <= 5 ? 1 : 2;
}

/**
 * Optimal-string-alignment distance of `a` and `b` when it is at most `max`, or `max + 1`.
 * O(len(a) * len(b)) with an early exit once a whole row exceeds `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return Math.min(prev[b.length], max + 1);
}

/** The first of `known` that `name` looks like a typo of (not `name` itself), or undefined. */
export function typoOf(
  name: string,
  known: Iterable<string>
): string | undefined {
  const max = typoDistance(name);
  if (max === 0) return undefined;
  for (const k of known) {
    if (k !== name && editDistance(name, k, max) <= max) return k;
  }
  return undefined;
}
