/**
 * Imports the notebook no longer needs after a promotion. An import made by a cell outside the
 * selection, that the selection used and that no remaining cell reads any more, now lives in
 * the module: it is removed from its cell, so the notebook does not keep dead imports.
 * Imports nobody used before the promotion are left alone (that is a lint finding, not ours),
 * and when a remaining cell cannot be analysed (it does not parse, or uses exec/eval) every
 * import stays.
 */
import type { SyntaxNode } from '@lezer/common';
import { LineIndex } from '../notebook/lines';
import type { Notebook } from '../notebook/types';
import type { CellEdit } from './types';
import type { CellAnalysis, ImportBinding } from '../python/types';
import { renderImports, specFromBinding, type ImportSpec } from './imports';

export interface ImportUse {
  /** the name the import binds */
  name: string;
  /** the cell that binds it */
  cell: number;
}

/** Identifier-like words of a text (an over-approximation of what an IPython command reads). */
export function identifiersIn(text: string): string[] {
  return text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
}

/** Every name the cells outside `replaced` may read, or null when that cannot be known. */
function remainingReads(
  nb: Notebook,
  replaced: ReadonlySet<number>,
  analysisOf: (i: number) => CellAnalysis
): Set<string> | null {
  const reads = new Set<string>();
  for (const cell of nb.cells) {
    if (cell.kind !== 'code' || replaced.has(cell.index)) continue;
    if (!cell.source.trim()) continue;
    if (cell.language !== 'python') {
      // another language's cell (`%%sh`, SQL) may name anything in text
      for (const n of identifiersIn(cell.source)) reads.add(n);
      continue;
    }
    const a = analysisOf(cell.index);
    if (!a.scope || a.scope.usesExecEval) return null;
    for (const n of a.scope.reads) reads.add(n);
    for (const r of a.scope.refs) if (r.access === 'read') reads.add(r.name);
    for (const m of a.parsed.masked.magics)
      for (const n of identifiersIn(m.args)) reads.add(n);
  }
  return reads;
}

/**
 * The new sources of the cells that lose imports (cell index -> source). `uses` are the
 * imports from cells outside the selection that the selection read; `callText` the call
 * cell that replaces the selection (it reads the function's parameters).
 */
export function pruneUnusedImports(
  nb: Notebook,
  replacedCells: number[],
  uses: ImportUse[],
  callText: string,
  analysisOf: (i: number) => CellAnalysis
): Map<number, string> {
  const edits = new Map<number, string>();
  if (!uses.length) return edits;
  const reads = remainingReads(nb, new Set(replacedCells), analysisOf);
  if (reads === null) return edits;
  for (const n of identifiersIn(callText)) reads.add(n);
  const byCell = new Map<number, Set<string>>();
  for (const use of uses) {
    if (reads.has(use.name)) continue;
    const names = byCell.get(use.cell) ?? new Set<string>();
    names.add(use.name);
    byCell.set(use.cell, names);
  }
  for (const [cell, names] of byCell) {
    const source = removeImportBindings(
      nb.cells[cell].source,
      analysisOf(cell),
      names
    );
    if (source !== null) edits.set(cell, source);
  }
  return edits;
}

/**
 * The cell's source without the top-level, unconditional import bindings of `names`; null
 * when nothing could be removed. A statement that shares its lines with other code is left
 * as it is; one that keeps some names is rewritten with just those.
 */
export function removeImportBindings(
  source: string,
  analysis: CellAnalysis,
  names: ReadonlySet<string>
): string | null {
  const tree = analysis.parsed.tree;
  const scope = analysis.scope;
  if (!tree || !scope) return null;
  const masked = analysis.parsed.masked.text;
  const maskedLines = new LineIndex(masked);
  const starts = maskedLines.starts;
  const lines = source.split('\n');
  const replacements: { first: number; last: number; text: string[] }[] = [];
  for (
    let node: SyntaxNode | null = tree.topNode.firstChild;
    node;
    node = node.nextSibling
  ) {
    if (node.name !== 'ImportStatement') continue;
    const first = maskedLines.lineOf(node.from);
    const last = maskedLines.lineOf(Math.max(node.from, node.to - 1));
    const bindings: ImportBinding[] = scope.imports.filter(
      b => !b.conditional && b.line >= first && b.line <= last
    );
    const drop = bindings.filter(b => names.has(b.bound));
    if (!drop.length) continue;
    const around =
      masked.slice(starts[first], node.from) +
      masked.slice(node.to, starts[last + 1] ?? masked.length);
    if (around.replace(/#[^\n]*/g, '').trim()) continue; // shares its lines with other code
    const keep = bindings.filter(b => !names.has(b.bound));
    replacements.push({
      first,
      last,
      text: keep.length
        ? renderImports(keep.map(specFromBinding)).flatMap(l => l.split('\n'))
        : []
    });
  }
  if (!replacements.length) return null;
  for (const r of replacements.sort((a, b) => b.first - a.first))
    lines.splice(r.first, r.last - r.first + 1, ...r.text);
  return lines.join('\n').replace(/^\n+/, '');
}

/**
 * New sources for existing cells: the import cell gets the function's import line, and cells
 * lose the imports only the promoted code used (`pruned`).
 */
export function importCellEdits(
  nb: Notebook,
  importCell: number | null,
  importLine: string,
  pruned: Map<number, string>
): CellEdit[] {
  const edits = new Map(pruned);
  if (importCell !== null) {
    const src = edits.get(importCell) ?? nb.cells[importCell].source;
    if (!src.split('\n').some(l => l.trim() === importLine))
      edits.set(
        importCell,
        src.trim() ? `${src.trimEnd()}\n${importLine}` : importLine
      );
  }
  return [...edits]
    .filter(([cell, source]) => source !== nb.cells[cell].source)
    .sort((a, b) => a[0] - b[0])
    .map(([cell, source]) => ({ cell, source }));
}

/** Import lines for the imports the call cell keeps (later cells still read them). */
export function renderKeptImports(specs: ImportSpec[]): string[] {
  return specs.map(s =>
    s.kind === 'from'
      ? `from ${s.module} import ${s.name}${s.asName ? ` as ${s.asName}` : ''}`
      : `import ${s.module}${s.asName ? ` as ${s.asName}` : ''}`
  );
}

/**
 * The notebook's import cell: the first code cell before the selection that holds only imports
 * (and comments or magics) and displays nothing, so one more import line changes nothing else.
 */
export function findImportCell(
  nb: Notebook,
  first: number,
  analysisOf: (i: number) => CellAnalysis
): number | null {
  for (let i = 0; i < first; i++) {
    const cell = nb.cells[i];
    if (
      cell.kind !== 'code' ||
      cell.language !== 'python' ||
      !cell.source.trim()
    )
      continue;
    const a = analysisOf(i);
    if (!a.parsed.ok || !a.scope || a.scope.trailingExpression) return null;
    let onlyImports = true;
    let any = false;
    for (let n = a.parsed.tree?.topNode.firstChild; n; n = n.nextSibling) {
      if (n.name === 'Comment') continue;
      if (n.name !== 'ImportStatement') {
        // statements made only of masked magics are fine
        const text = a.parsed.masked.text.slice(n.from, n.to).trim();
        if (text) onlyImports = false;
      } else any = true;
    }
    return onlyImports && any ? i : null;
  }
  return null;
}
