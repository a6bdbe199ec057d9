/** Small source edits shared by the rules' fixes (each one local to the node it changes). */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell, SourceEdit } from '../../engine/types';
import { LINE_BREAK } from '../../python/literals';
import { argListOf } from './syntax';

/**
 * The line break a fix that inserts a line writes into `source`: the cell's own (its first
 * `\r\n`, `\r` or `\n`), so a CRLF cell stays CRLF; `\n` in a one-line cell.
 */
export function lineBreakOf(source: string): string {
  return LINE_BREAK.exec(source)?.[0] ?? '\n';
}

/**
 * An edit appending a keyword argument (`step=epoch`) to a call: before its closing parenthesis,
 * after a comma when the call already has arguments. Null when the call is not closed.
 */
export function appendKeywordArgument(
  call: SyntaxNode,
  cell: LintCell,
  argument: string
): SourceEdit | null {
  const list = argListOf(call);
  const close = list?.lastChild;
  if (!list || close?.name !== ')') {
    return null;
  }
  let last = close.prevSibling;
  const empty = last?.name === '(';
  const trailingComma = last?.name === ',';
  if (trailingComma && last) {
    last = last.prevSibling;
  }
  const at = empty || trailingComma ? close.from : (last?.to ?? close.from);
  const text = empty
    ? argument
    : trailingComma
      ? ` ${argument}`
      : `, ${argument}`;
  return { cell: cell.cell.index, from: at, to: at, text };
}

/**
 * The variable a plain `for` loop over `range(...)` or `enumerate(...)` counts with (`i` in
 * `for i in range(n)`, `epoch` in `for epoch, batch in enumerate(loader)`); null for a loop over
 * another iterable.
 */
export function loopCounter(loop: SyntaxNode, cell: LintCell): string | null {
  const targets: SyntaxNode[] = [];
  let child = loop.firstChild?.nextSibling ?? null; // after `for`
  while (child && child.name !== 'in') {
    targets.push(child);
    child = child.nextSibling;
  }
  const iterable = child?.nextSibling;
  if (iterable?.name !== 'CallExpression') {
    return null;
  }
  const fn = cell.textOf(iterable.firstChild ?? iterable);
  const first = targets.at(0);
  if (first?.name !== 'VariableName') {
    return null;
  }
  if (fn === 'range' && targets.length === 1) {
    return cell.textOf(first);
  }
  if (fn === 'enumerate' && targets[1]?.name === ',') {
    return cell.textOf(first);
  }
  return null;
}

/** One imported name of an import statement: its span, with its `as` alias. */
interface ImportEntry {
  from: number;
  to: number;
  bound: string;
}

function importEntries(statement: SyntaxNode, cell: LintCell): ImportEntry[] {
  // the names come after the last `import` keyword (`from m import a as b, c`)
  let child = statement.lastChild;
  while (child && child.name !== 'import') {
    child = child.prevSibling;
  }
  const isFrom = statement.firstChild?.name === 'from';
  const entries: ImportEntry[] = [];
  let current: SyntaxNode[] = [];
  const flush = () => {
    if (current.length === 0) {
      return;
    }
    const asAt = current.findIndex(n => n.name === 'as');
    const bound =
      asAt >= 0
        ? cell.textOf(current[asAt + 1] ?? current[asAt])
        : isFrom
          ? cell.textOf(current[0])
          : cell.textOf(current[0]).split('.')[0];
    entries.push({
      from: current[0].from,
      to: current[current.length - 1].to,
      bound
    });
    current = [];
  };
  for (let n = child?.nextSibling ?? null; n; n = n.nextSibling) {
    if (n.name === ',') {
      flush();
    } else if (n.name !== '(' && n.name !== ')') {
      current.push(n);
    }
  }
  flush();
  return entries;
}

/**
 * An edit removing the import of `bound` at `offset`: the whole statement (and its line) when it
 * imports nothing else and stands alone on its lines, else the one name and its comma. Null when
 * the removal is not certain (a statement sharing its line, `import *`).
 */
export function removeImportedName(
  cell: LintCell,
  offset: number,
  bound: string
): SourceEdit | null {
  const tree = cell.analysis?.parsed.tree;
  if (!tree || !cell.isPython) {
    return null;
  }
  let statement: SyntaxNode | null = tree.resolveInner(offset, 1);
  while (statement && statement.name !== 'ImportStatement') {
    statement = statement.parent;
  }
  if (!statement) {
    return null;
  }
  const entries = importEntries(statement, cell);
  const at = entries.findIndex(e => e.bound === bound);
  if (at < 0 || entries.some(e => cell.textOf(e) === '*')) {
    return null;
  }
  const source = cell.cell.source;
  const index = cell.cell.index;
  if (entries.length === 1) {
    const lineStart = source.lastIndexOf('\n', statement.from - 1) + 1;
    const nl = source.indexOf('\n', statement.to);
    const lineEnd = nl < 0 ? source.length : nl;
    if (
      source.slice(lineStart, statement.from).trim() !== '' ||
      !/^\s*(#.*)?$/.test(source.slice(statement.to, lineEnd))
    ) {
      return null;
    }
    // an import that is a block's only statement keeps the block valid with `pass`
    if (statement.parent?.name === 'Body') {
      return null;
    }
    // the last line goes with the line break before it, so no empty line is left behind
    return nl < 0 && lineStart > 0
      ? { cell: index, from: lineStart - 1, to: lineEnd, text: '' }
      : {
          cell: index,
          from: lineStart,
          to: nl < 0 ? lineEnd : nl + 1,
          text: ''
        };
  }
  const entry = entries[at];
  return at < entries.length - 1
    ? { cell: index, from: entry.from, to: entries[at + 1].from, text: '' }
    : { cell: index, from: entries[at - 1].to, to: entry.to, text: '' };
}

/**
 * The whole lines (line break included) of the top-level statement of type `nodeName` at
 * `offset`, when it stands alone on them; null otherwise.
 */
export function statementLines(
  cell: LintCell,
  offset: number,
  nodeName: string
): { from: number; to: number; text: string } | null {
  const tree = cell.analysis?.parsed.tree;
  if (!tree || !cell.isPython) {
    return null;
  }
  let node: SyntaxNode | null = tree.resolveInner(offset, 1);
  while (node && node.name !== nodeName) {
    node = node.parent;
  }
  if (!node || node.parent?.name !== 'Script') {
    return null;
  }
  const source = cell.cell.source;
  const from = source.lastIndexOf('\n', node.from - 1) + 1;
  const nl = source.indexOf('\n', node.to);
  const end = nl < 0 ? source.length : nl;
  if (
    source.slice(from, node.from).trim() !== '' ||
    !/^\s*(#.*)?$/.test(source.slice(node.to, end))
  ) {
    return null;
  }
  return {
    from: nl < 0 && from > 0 ? from - 1 : from,
    to: nl < 0 ? end : nl + 1,
    text: source.slice(node.from, node.to)
  };
}
