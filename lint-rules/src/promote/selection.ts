/**
 * Which cells to promote: `--cells` specs as lint prints cells (1-based), and tag mode
 * (cells tagged `promote` / `promote:<module>:<function>`, or holding `# nbcraft: promote <fn>`).
 */
import type { Notebook } from '../notebook/types';

/** `3`, `3-5`, `2,4` (1-based, over all cells) -> sorted 0-based indices; throws a usage message. */
export function parseCellSpec(spec: string, cellCount: number): number[] {
  const out = new Set<number>();
  const parts = spec
    .split(',')
    .map(p => p.trim())
    .filter(Boolean);
  if (!parts.length)
    throw new Error(`--cells needs a value like 3, 3-5 or 2,4`);
  for (const part of parts) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m)
      throw new Error(
        `--cells: "${part}" is not a cell number or range (use 3, 3-5 or 2,4)`
      );
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a; // group 2 is absent for a single cell
    if (a < 1 || b < a)
      throw new Error(
        `--cells: "${part}" is not a valid range (cells count from 1)`
      );
    if (b > cellCount)
      throw new Error(
        `--cells: cell ${b} does not exist (the notebook has ${cellCount} cells)`
      );
    for (let i = a; i <= b; i++) out.add(i - 1);
  }
  return [...out].sort((x, y) => x - y);
}

export interface TaggedGroup {
  /** 0-based, contiguous code cells (Markdown between them included) */
  cells: number[];
  /** from `promote:<module>:<function>` */
  modulePath?: string;
  /** from `promote:<module>:<function>` or `# nbcraft: promote <function>` */
  functionName?: string;
  /** the tag or marker that formed the group, for messages */
  label: string;
}

const MARKER = /^\s*#\s*nbcraft:\s*promote(?:\s+([A-Za-z_]\w*))?\s*$/m;

function cellKey(
  nb: Notebook,
  i: number
): { key: string; modulePath?: string; functionName?: string } | null {
  const cell = nb.cells[i];
  if (cell.kind !== 'code') return null;
  for (const tag of cell.tags) {
    if (tag === 'promote') return { key: 'promote' };
    const m = /^promote:([^:]+):([A-Za-z_]\w*)$/.exec(tag);
    if (m) return { key: tag, modulePath: m[1], functionName: m[2] };
    const onlyModule = /^promote:([^:]+)$/.exec(tag);
    if (onlyModule) return { key: tag, modulePath: onlyModule[1] };
  }
  const marker = MARKER.exec(cell.source);
  if (marker) {
    const fn = marker[1] ? marker[1] : undefined; // absent group: a marker without a name
    return { key: `marker:${fn ?? ''}`, functionName: fn };
  }
  return null;
}

/**
 * Groups of tagged cells: a run of consecutive code cells with the same tag (Markdown cells in
 * between do not break a run). Each group becomes one function.
 */
export function findTaggedGroups(nb: Notebook): TaggedGroup[] {
  const groups: TaggedGroup[] = [];
  let current: (TaggedGroup & { key: string }) | null = null;
  for (let i = 0; i < nb.cells.length; i++) {
    const cell = nb.cells[i];
    if (cell.kind !== 'code') continue;
    const k = cellKey(nb, i);
    if (!cell.source.trim() && !k) continue;
    // a marker with no function name continues the group before it
    const continues =
      current &&
      k &&
      (k.key === current.key ||
        (k.key === 'marker:' && current.key.startsWith('marker:')));
    if (k && continues && current) {
      current.cells.push(i);
      continue;
    }
    if (current) groups.push(current);
    current = k
      ? {
          key: k.key,
          cells: [i],
          modulePath: k.modulePath,
          functionName: k.functionName,
          label: k.key.startsWith('marker:')
            ? `# nbcraft: promote ${k.functionName ?? ''}`.trim()
            : k.key
        }
      : null;
  }
  if (current) groups.push(current);
  return groups.map(({ cells, modulePath, functionName, label }) => ({
    cells,
    modulePath,
    functionName,
    label
  }));
}
