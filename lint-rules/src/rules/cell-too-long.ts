import type { SyntaxNode } from '@lezer/common';
import { z } from 'zod';
import { defineRule, LintCell } from '../engine/types';
import { forEachLine } from '../notebook/lines';
import { sqlBody, sqlStatements } from './support/sql';

/** `text.slice(start, end).trim() === ''`, without the copy (most lines start with a visible character) */
function isBlankLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) {
      // printable ASCII is not blank; anything else is judged by the regex's \s, trim()'s set
      return c > 32 && c < 127 ? false : !/\S/.test(text.slice(i, end));
    }
  }
  return true;
}

/** Whether a line's first visible character is `#` (a Python comment line), the line known not blank */
function isCommentLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) {
      return c === 35; // '#'
    }
  }
  return false;
}

const DEFINITIONS = new Set([
  'FunctionDefinition',
  'ClassDefinition',
  'DecoratedStatement'
]);
const STRINGS = new Set(['String', 'FormatString']);

/** statements that can be one query or script string: `q = """..."""`, `spark.sql("""...""")` */
const STRING_STATEMENTS = new Set(['AssignStatement', 'ExpressionStatement']);
/**
 * callees that run their string as code: the string is code, not a query or a file's text
 * (`exec`, `builtins.exec`, `get_ipython().run_cell`), matched on the callee's text
 */
const RUNS_STRING_AS_CODE = /(?:^|\.)(?:exec|eval|compile|run_cell)$/;

/**
 * Whether the string `node` is an argument, at any depth inside `statement`, of a call that runs
 * it as code: `_ = exec("""...""")`, `exec(dedent("""..."""))`, `get_ipython().run_cell("""...""")`.
 */
function runAsCode(
  node: SyntaxNode,
  statement: SyntaxNode,
  lc: LintCell
): boolean {
  for (let up = node.parent; up && up.from >= statement.from; up = up.parent) {
    if (
      up.name === 'CallExpression' &&
      up.firstChild &&
      up.firstChild.to <= node.from &&
      RUNS_STRING_AS_CODE.test(lc.textOf(up.firstChild).replace(/\s+/g, ''))
    ) {
      return true;
    }
    if (up === statement) {
      break;
    }
  }
  return false;
}

/**
 * The lines of a top-level statement a cell boundary cannot go through: all of them for a
 * function or class definition; for an assignment or expression statement whose lines are mostly
 * inside string literals (a SQL query, a scoring script written to a file), those inside the
 * strings (the others count as code around it). Null for any other statement: a loop or an `if`
 * holds code a boundary can go between, and a string a call runs as code (`exec("""...""")`,
 * `_ = exec(...)`, `get_ipython().run_cell(...)`: runAsCode) is code.
 */
function onePieceLines(
  node: SyntaxNode,
  lc: LintCell,
  lineOf: (offset: number) => number
): Set<number> | null {
  const first = lineOf(node.from);
  const last = lineOf(Math.max(node.from, node.to - 1));
  if (DEFINITIONS.has(node.name)) {
    const all = new Set<number>();
    for (let l = first; l <= last; l++) {
      all.add(l);
    }
    return all;
  }
  if (!STRING_STATEMENTS.has(node.name)) {
    return null;
  }
  const inString = new Set<number>();
  const cursor = node.cursor();
  do {
    if (STRINGS.has(cursor.name)) {
      // a string over several lines (a query, a script): a line holding a short string (a
      // dict's key, an argument) is code
      const from = lineOf(cursor.from);
      const to = lineOf(cursor.to - 1);
      if (to > from && runAsCode(cursor.node, node, lc)) {
        return null;
      }
      for (let l = from; to > from && l <= to; l++) {
        inString.add(l);
      }
    }
  } while (cursor.next() && cursor.from < node.to);
  return inString.size * 2 > last - first + 1 ? inString : null;
}

/**
 * A cell that is one long statement which cannot be split (see onePieceLines), with at most
 * `rest` lines of code outside it, or outside its strings (its imports, the call of the function
 * it defines, the write of the query it runs): the limit's advice, "split it into steps", has
 * nothing to split.
 */
function isOneLongStatement(lc: LintCell, rest: number): boolean {
  const top = lc.isPython ? lc.analysis?.parsed.tree?.topNode : undefined;
  if (!top) {
    return false;
  }
  const lineOf = (offset: number) => lc.positionAt(offset).line;
  const code = (line: number) => {
    const t = (lc.lines[line] ?? '').trim();
    return t !== '' && !t.startsWith('#');
  };
  for (let node = top.firstChild; node; node = node.nextSibling) {
    const piece = onePieceLines(node, lc, lineOf);
    if (!piece) {
      continue;
    }
    let outside = 0;
    for (let l = 0; l < lc.lines.length && outside <= rest; l++) {
      if (!piece.has(l) && code(l)) {
        outside++;
      }
    }
    if (outside <= rest) {
      return true;
    }
  }
  return false;
}

/**
 * A SQL cell (`%sql` in Databricks, `%%sql`, a `.sql` notebook's cell) that is one statement
 * (`CREATE OR REPLACE TABLE ... AS SELECT` with one column per line): the SQL counterpart of a
 * `spark.sql("""...""")` string that isOneLongStatement lets be. SQL ends a statement at `;`,
 * and SQL cells run theirs one by one (Databricks' notebook splits a `%sql` cell at `;` and issues
 * each statement: mtxr/vscode-sqltools#1278; `%%sql` magics use `;` as their delimiter): one
 * statement has no point a cell boundary can go through and no function to promote.
 */
function isOneSqlStatement(lc: LintCell): boolean {
  return (
    lc.cell.language === 'sql' &&
    sqlStatements(sqlBody(lc.cell.source).body).length === 1
  );
}

/**
 * A `%%writefile` cell is a file's contents (a training script, a pipeline module): it already is
 * the module the advice asks for, and files are longer than steps (half of 315 such cells in seven
 * corpora have over 31 non-blank lines, 5% over 116). Past four times the limit (160 lines by
 * default, 8 of those 315) it is a program kept only inside a notebook, edited without an editor's
 * tools, reviewed as a JSON string and run untested: it belongs in the repository as a file.
 */
const WRITTEN_FILE_FACTOR = 4;

const options = z.object({
  maxLines: z
    .number()
    .int()
    .min(1)
    .default(40)
    .meta({
      title: 'Maximum lines',
      description: `Most non-blank lines a code cell may have; a %%writefile cell (a file's contents) may have ${WRITTEN_FILE_FACTOR} times as many.`
    })
});

/** Long cells hide several steps in one; they are hard to re-run, test and promote. */
export default defineRule<z.output<typeof options>, 'tooLong' | 'fileTooLong'>({
  meta: {
    code: 'NB203',
    id: 'cell-too-long',
    category: 'code-quality',
    description: 'A code cell has more non-blank lines than the limit.',
    defaultSeverity: 'warning',
    recommended: false,
    scope: 'cell',
    messages: {
      tooLong:
        'Cell has {{lines}} non-blank lines (limit {{max}}); split it into steps, or promote it to a function in a module.',
      fileTooLong:
        'Cell that writes a file has {{lines}} non-blank lines (limit {{max}} for such a cell); keep the file in the repository and edit it there.'
    },
    options
  },
  create(context) {
    return {
      cell(lc) {
        if (lc.cell.kind !== 'code') {
          return;
        }
        // a `%%writefile` cell is a file: its own bound (see WRITTEN_FILE_FACTOR)
        const writesFile = lc.cell.language === 'text';
        const max = writesFile
          ? WRITTEN_FILE_FACTOR * context.options.maxLines
          : context.options.maxLines;
        const source = lc.cell.source;
        // a cell of at most `max` lines has at most `max` non-blank ones: count line ends first
        // (`\n` only when there is no `\r`, as forEachLine reads the lines; no call per line)
        if (!source.includes('\r')) {
          let breaks = 0;
          for (
            let i = source.indexOf('\n');
            i !== -1 && breaks < max;
            i = source.indexOf('\n', i + 1)
          ) {
            breaks++;
          }
          if (breaks < max) {
            return; // at most `max` lines
          }
        }
        let lines = 0;
        forEachLine(source, () => ++lines > max);
        if (lines <= max) {
          return;
        }
        let count = 0;
        let overFrom = -1;
        let overTo = -1;
        // a Python cell whose every line is a comment runs nothing: a block switched off, which
        // "split it into steps" does not fit (deleting it is another advice)
        let code = lc.cell.language !== 'python';
        forEachLine(source, (start, end) => {
          if (!isBlankLine(source, start, end)) {
            code ||= !isCommentLine(source, start, end);
            count++;
            if (count === max + 1) {
              overFrom = start;
              overTo = end;
            }
          }
        });
        // one statement up to twice the limit is let be (see isOneLongStatement, and
        // isOneSqlStatement for a SQL cell); longer, the
        // advice stands: a function that long belongs in a module
        if (
          count > max &&
          code &&
          (writesFile ||
            !(
              count <= 2 * max &&
              (isOneSqlStatement(lc) ||
                isOneLongStatement(lc, Math.floor(max / 4)))
            ))
        ) {
          context.report({
            messageId: writesFile ? 'fileTooLong' : 'tooLong',
            data: { lines: count, max },
            cell: lc.cell,
            from: overFrom,
            to: overTo
          });
        }
      }
    };
  }
});
