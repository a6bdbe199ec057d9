/**
 * Text that documents rather than runs: where a cell's comments are, a docstring, a position
 * inside a string literal, a cell's comments as text, and whether prose says something without
 * negating it. Rules that match a cell's raw text ask these before reporting what code never uses.
 */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';
import { databricksLanguageMagic } from '../../notebook/languages';
import type { NotebookRuntime } from '../../notebook/runtime';

/**
 * Where a code cell's comments are, in order: the Comment nodes of its tree, the error-recovered
 * one too where the cell does not parse (lezer reads a comment as a token, inside or after broken
 * code, and never inside a string); for a cell without a tree, its lines that start with `#`.
 */
export function commentSpans(lc: LintCell): { from: number; to: number }[] {
  const source = lc.cell.source;
  if (!source.includes('#')) {
    return [];
  }
  const spans: { from: number; to: number }[] = [];
  const tree = lc.analysis?.parsed.tree;
  if (tree) {
    tree.iterate({
      enter(node) {
        if (node.name === 'Comment') {
          spans.push({ from: node.from, to: node.to });
        }
      }
    });
    return spans;
  }
  for (const m of source.matchAll(/^[ \t]*(#[^\n]*)/gm)) {
    const from = m.index + m[0].length - m[1].length;
    spans.push({ from, to: from + m[1].length });
  }
  return spans;
}

/**
 * a docstring: a string that is the first statement of a class or function body. A cell's first
 * string is no module docstring: the notebook shows its value and binds it to `_`.
 */
function isDocstring(node: SyntaxNode): boolean {
  const statement = node.parent;
  if (
    statement?.name !== 'ExpressionStatement' ||
    statement.firstChild?.from !== node.from
  ) {
    return false;
  }
  const body = statement.parent;
  let first = body?.firstChild ?? null;
  while (first && (first.name === ':' || first.name === 'Comment')) {
    first = first.nextSibling;
  }
  return (
    first?.from === statement.from &&
    body?.name === 'Body' &&
    /^(FunctionDefinition|ClassDefinition)$/.test(body.parent?.name ?? '')
  );
}

/**
 * `at` is inside a string literal of the cell's parsed source (false where the cell was not
 * parsed). The masker leaves a line that looks like a magic or shell command inside a
 * triple-quoted string alone, as IPython does: it is text, not a command.
 */
export function inStringLiteral(lc: LintCell, at: number): boolean {
  const tree = lc.analysis?.parsed.tree;
  if (!tree) {
    return false;
  }
  for (
    let node: SyntaxNode | null = tree.resolveInner(at, 1);
    node;
    node = node.parent
  ) {
    if (node.name === 'String' || node.name === 'FormatString') {
      return true;
    }
  }
  return false;
}

/**
 * A cell of a Databricks notebook whose first line is one of Databricks' language magics other
 * than Python's or markdown's (`%sh`, `%sql`, `%scala`, `%r`, `%fs`): Databricks runs the whole
 * cell in that language, even in an .ipynb whose metadata does not say it came from Databricks
 * (then it was read as Python), so a `#` in it (`wget https://x.org/f.csv#v2`) opens no Python
 * comment. Elsewhere `%R x <- 1` or `%sx ls` is an IPython line magic and the next line is Python.
 */
function inDatabricksLanguageCell(lc: LintCell): boolean {
  const m = /^\s*%([A-Za-z][\w-]*)(?![\w%])/.exec(lc.cell.source);
  const lang = m ? databricksLanguageMagic(m[1]) : undefined;
  return lang !== undefined && lang !== 'python' && lang !== 'markdown';
}

/**
 * Text that documents rather than runs: a comment or a docstring at `at` in the cell's parsed
 * source (false where the cell was not parsed; `runtime` is the notebook's). Rules that match a cell's raw text with a regex ask
 * it before reporting a path or URI the code never uses.
 */
export function inProse(
  lc: LintCell,
  at: number,
  runtime: NotebookRuntime
): boolean {
  const tree = lc.analysis?.parsed.tree;
  if (!tree || (runtime === 'databricks' && inDatabricksLanguageCell(lc))) {
    return false;
  }
  const node = tree.resolveInner(at, 1);
  return (
    node.name === 'Comment' || (node.name === 'String' && isDocstring(node))
  );
}

/**
 * The cell's comments: Comment nodes of its parse tree (never text inside a string), or, for a
 * cell that is not parsed Python, its lines that start with `#`.
 */
export function commentsOf(lc: LintCell): string[] {
  const tree = lc.isPython ? lc.analysis?.parsed.tree : null;
  if (!tree) {
    return lc.lines.filter(line => /^[ \t]*#/.test(line));
  }
  const comments: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.name === 'Comment') {
        comments.push(lc.textOf(node));
      }
    }
  });
  return comments;
}

/** a negation before the words turns them around: "do not skip this cell", "no need to restart" */
const NEGATION = /\b(not|never|no)\b|n't\b/i;

/** the text says `words` (a pattern without the g flag), and nothing before them negates it */
export function saysUnnegated(text: string, words: RegExp): boolean {
  const m = words.exec(text);
  return m !== null && !NEGATION.test(text.slice(0, m.index));
}
