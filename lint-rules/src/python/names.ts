/** Ordered set of strings: an array (cells bind few names), indexed by a Set once it grows. */
export class OrderedNames {
  private readonly items: string[] = [];
  private index: Set<string> | null = null;
  add(name: string): void {
    if (this.has(name)) return;
    this.items.push(name);
    if (this.index) this.index.add(name);
    else if (this.items.length > 24) this.index = new Set(this.items);
  }
  has(name: string): boolean {
    return this.index ? this.index.has(name) : this.items.includes(name);
  }
  list(): string[] {
    return this.items;
  }
}

/** True when `items` are already in `compare` order (sorting is skipped then). */
export function isSorted<T>(
  items: T[],
  compare: (a: T, b: T) => number
): boolean {
  for (let i = 1; i < items.length; i++)
    if (compare(items[i - 1], items[i]) > 0) return false;
  return true;
}

/**
 * Stable sort in place, as Array.prototype.sort. A cell's short lists go by insertion: the
 * built-in sort's set-up costs more than the sorting itself at that size.
 */
export function stableSort<T>(
  items: T[],
  compare: (a: T, b: T) => number
): void {
  if (items.length > 32) {
    items.sort(compare);
    return;
  }
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i - 1;
    for (; j >= 0 && compare(items[j], item) > 0; j--) items[j + 1] = items[j];
    items[j + 1] = item;
  }
}
