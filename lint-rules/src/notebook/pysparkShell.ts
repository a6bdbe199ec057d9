/**
 * The `pyspark-shell` runtime's evidence: a plain Jupyter kernel the `pyspark` launcher started,
 * told by what the notebook saved (ranShellSession). Its own file: the shell's names and the
 * walks that find them are this decision's alone.
 */
import type { SyntaxNode } from '@lezer/common';
import { codeText } from '../python/literals';
import { parseCell } from '../python/parse';
import type { RuntimeEvidence } from './runtimeEvidence';
import { makesSession } from './sparkSession';

/**
 * The session objects `pyspark/shell.py` makes (its other names, `sql` and `sqlCtx`, are
 * aliases of them), read in code: not an attribute (`x.sc`), a magic (`%%spark`), a keyword
 * argument or an assignment
 */
const READS_SHELL_SESSION =
  /(?<![\w.%$])(?:spark|sc|sqlContext)\b(?![ \t]*=(?!=))/;
const SHELL_NAME = /(?<![\w.])(?:spark|sc|sql|sqlContext|sqlCtx)\b/g;
const FOR_WORD = /\bfor\b/;
/** a `from x import ...` line: what it imports (one regex over the line, anchored at its start) */
const FROM_IMPORT = /^[ \t]*from[ \t]+[\w.]+[ \t]+import\b(.*)$/;
const IN_WORD = /\bin\b/g;
/** a character of an assignment's target list: words, commas, stars and blanks */
const TARGET_CHAR = /[\w\s,*]/;
const PARAMETERS_OPEN = /\b(?:def[ \t]+\w+[ \t]*\(|lambda\b)/;

/** the end of the first shell name in `text` at or after `from` (-1: none) */
function shellNameEnd(text: string, from: number): number {
  SHELL_NAME.lastIndex = from;
  const m = SHELL_NAME.exec(text);
  return m ? m.index + m[0].length : -1;
}

/**
 * Whether a shell name at or after `from` (just after `def f(` or `lambda`) is a parameter's own
 * name: first, or after a `,` or a `*` (spaces between), never after a default's `=`.
 */
function namesParameter(part: string, from: number): boolean {
  for (
    let end = shellNameEnd(part, from);
    end >= 0;
    end = shellNameEnd(part, end)
  ) {
    let at = end - 1;
    while (at >= from && /\w/.test(part[at])) at--;
    while (at >= from && (part[at] === ' ' || part[at] === '\t')) at--;
    if (at < from || part[at] === ',' || part[at] === '*') return true;
  }
  return false;
}

/**
 * A binding of one of the shell's names the notebook makes itself: an assignment (`sc = ...`,
 * `sc, x = ...`), `as sc`, a `for` target, a parameter (`def f(sc)`, `lambda sc:`). Walked line by
 * line and, for a `for` target or a parameter, within the text between colons, each part read
 * once: one regex with a lazy `[^\n:]*?` around the name and `,[^=\n]*` after it backtracked
 * over every split of a long line (`'for sc ' * 2000` on one line: 18 s; twice the line, seven
 * times the time).
 */
function bindsShellName(code: string): boolean {
  // inside the parentheses of a `from x import (` over several lines
  let importing = false;
  for (const line of code.split('\n')) {
    // `from x import sc`, `from x import (a,\n    sc)`: binds the name it imports (not after `as`,
    // which the `as` test below reads)
    const imported: string | undefined = importing
      ? line
      : FROM_IMPORT.exec(line)?.[1];
    if (imported !== undefined) {
      importing = importing
        ? !imported.includes(')')
        : imported.includes('(') && !imported.includes(')');
      if (shellNameEnd(imported, 0) >= 0) return true;
      continue;
    }
    if (shellNameEnd(line, 0) < 0) continue;
    if (/\bas[ \t]+(?:spark|sc|sql|sqlContext|sqlCtx)\b/.test(line))
      return true;
    // `sc = `, or `sc, x = ` up to the line's first `=` after the comma (the first `=` after an
    // earlier comma is still the first after a later comma before it: each `=` found once)
    let eq: number | undefined;
    // a target list is what opens a statement (the line, or after a `;`): `sc, x = ...`; a name
    // after a bracket or an `=` is an argument or a value (`f(sc, n=4)`, `def g(ctx=sc, n=4)`).
    // The line is read once up to each name: where the last `;` and the last other character
    // that is no target's were
    let scanned = 0;
    let lastSemicolon = -1;
    let lastOther = -1;
    for (
      let end = shellNameEnd(line, 0);
      end >= 0;
      end = shellNameEnd(line, end)
    ) {
      for (; scanned < end; scanned++) {
        const c = line[scanned];
        if (c === ';') lastSemicolon = scanned;
        else if (!TARGET_CHAR.test(c)) lastOther = scanned;
      }
      let at = end;
      while (line[at] === ' ' || line[at] === '\t') at++;
      if (line[at] === ',' && lastOther < lastSemicolon + 1) {
        if (eq === undefined || (eq >= 0 && eq <= at)) {
          eq = line.indexOf('=', at + 1);
        }
        at = eq;
      }
      if (at >= 0 && line[at] === '=' && line[at + 1] !== '=') return true;
    }
    for (const part of line.split(':')) {
      // a name after the part's first `for` with an `in` after it
      const forAt = FOR_WORD.exec(part);
      const nameEnd = forAt ? shellNameEnd(part, forAt.index + 3) : -1;
      if (nameEnd >= 0) {
        IN_WORD.lastIndex = nameEnd;
        if (IN_WORD.test(part)) return true;
      }
      // a name after the part's first `def f(` or `lambda` that names a parameter (not a
      // default's value: `def f(ctx=sc)` reads sc)
      const open = PARAMETERS_OPEN.exec(part);
      if (open && namesParameter(part, open.index + open[0].length)) {
        return true;
      }
    }
  }
  return false;
}

/** IPython's NameError for one of the shell's names (`name 'spark' is not defined`) */
const SHELL_NAME_ERROR =
  /name '(?:spark|sc|sql|sqlContext|sqlCtx)' is not defined/;

/** blocks a statement may skip, or run without saving the error a failed read raises */
const SKIPPED_BODY =
  /^(IfStatement|ForStatement|WhileStatement|MatchStatement)$/;
const SESSION_READ = /^(?:spark|sc|sqlContext)$/;
/** what follows a name that binds it or names a parameter: `sc = `, `f(sc=1)`, `spark: T = ` */
const BINDS_BEFORE = /^(?:AssignOp|TypeDef)$/;

/**
 * Whether the subtree at `node` reads a shell session name where the read runs whenever the
 * statement runs, and a NameError there would be saved. A `def` or `lambda` runs its body when
 * called (perhaps never), but its parameters' defaults when it is defined (`def f(ctx=sc)`); a
 * `try` may swallow a NameError of its body, handlers and `else`, never of its `finally`; the body
 * of an `if`, loop or `match` may be skipped (its condition or iterable runs and counts). A
 * parameter's or a keyword argument's name (`def f(sc)`, `f(sc=1)`) reads nothing.
 */
function readsSessionWhenRun(node: SyntaxNode, text: string): boolean {
  // a cursor walk (no recursion per level of brackets); only the parts that run now of a def, a
  // lambda and a `try` recurse, as deep as such statements nest
  const cursor = node.cursor();
  let depth = 0;
  for (;;) {
    let descend = true;
    switch (cursor.name) {
      case 'VariableName':
        if (
          SESSION_READ.test(text.slice(cursor.from, cursor.to)) &&
          !BINDS_BEFORE.test(cursor.node.nextSibling?.name ?? '')
        ) {
          return true;
        }
        break;
      case 'FunctionDefinition':
      case 'LambdaExpression': {
        descend = false;
        const params = cursor.node.getChild('ParamList');
        for (let c = params?.firstChild ?? null; c; c = c.nextSibling) {
          if (
            c.prevSibling?.name === 'AssignOp' &&
            readsSessionWhenRun(c, text)
          ) {
            return true;
          }
        }
        break;
      }
      case 'TryStatement':
        descend = false;
        for (let c = cursor.node.firstChild; c; c = c.nextSibling) {
          if (
            c.name === 'Body' &&
            c.prevSibling?.name === 'finally' &&
            readsSessionWhenRun(c, text)
          ) {
            return true;
          }
        }
        break;
      case 'Body':
        descend = !SKIPPED_BODY.test(cursor.node.parent?.name ?? '');
        break;
    }
    if (descend && cursor.firstChild()) {
      depth++;
      continue;
    }
    while (depth === 0 || !cursor.nextSibling()) {
      if (depth === 0) return false;
      cursor.parent();
      depth--;
    }
  }
}

/**
 * Whether the cell's Python reads the shell's session where the read runs whenever the cell runs
 * (readsSessionWhenRun): parsed, not read from the text, with its IPython syntax masked first
 * (`maskIPythonSyntax` in parseCell: a `%%bash`, `%%sql`, `%%writefile` or `%%html` cell is all
 * blanks, a `!spark-submit ...` or `%pip install spark-nlp` line too: IPython's input transformers
 * (IPython/core/inputtransformer2.py) turn `!cmd` into `get_ipython().system('cmd')` and a cell
 * magic into `get_ipython().run_cell_magic(name, line, body)`, the text a string to the magic,
 * never Python names); comments and strings are no names in the tree. A cell that does not parse
 * is no evidence. `seen` holds the answers for cell texts already read in this decision (a
 * notebook of many copies of one cell parses it once).
 */
function readsSessionWhereItRuns(
  source: string,
  seen: Map<string, boolean>
): boolean {
  let reads = seen.get(source);
  if (reads === undefined) {
    const parsed = parseCell(source);
    reads =
      parsed.ok &&
      parsed.tree !== null &&
      readsSessionWhenRun(parsed.tree.topNode, parsed.masked.text);
    seen.set(source, reads);
  }
  return reads;
}

/**
 * A kernel the `pyspark` launcher started (`PYSPARK_DRIVER_PYTHON=jupyter`): `bin/pyspark` sets
 * `PYTHONSTARTUP` to `python/pyspark/shell.py`, which makes `spark`, `sc`, `sql`, `sqlContext`
 * and `sqlCtx` ("This file is designed to be launched as a PYTHONSTARTUP script",
 * https://github.com/apache/spark/blob/master/python/pyspark/shell.py), and IPython runs
 * `PYTHONSTARTUP` in the user namespace when its kernel starts (`exec_PYTHONSTARTUP`,
 * IPython/core/shellapp.py `_run_startup_files`). The kernelspec stays the generic one, so the
 * evidence is what the notebook saved: a code cell whose Python reads the session ran
 * (execution count k) and saved no error at all, no cell saved a NameError for a shell name, and
 * every execution before it (1..k-1) is a cell of the notebook
 * (`[1]`: the kernel's first), and no cell makes or binds a session. A reading cell never run,
 * whose output is a NameError, or after executions the notebook no longer holds (a deleted cell
 * may have made the session: hidden state) is no evidence.
 */
export function ranShellSession(nb: RuntimeEvidence): boolean {
  const code = nb.cells.filter(c => c.kind === 'code');
  const counts = new Set(code.map(c => c.executionCount));
  // every execution of the kernel before it is a cell of this notebook (counts 1..k-1 all saved):
  // none was a cell since deleted or re-run that could have made the session itself. The saved
  // counts 1..complete-1 run without a gap, found once (looping 1..k-1 per cell was quadratic:
  // 40,000 cells 29.7 s)
  let complete = 1;
  while (counts.has(complete)) complete++;
  // a run that saved any error is no proof the read ran (`FileNotFoundError` on the line above
  // it), and a NameError naming a shell name, in any cell, says the kernel had no session
  const errors = code.flatMap(c =>
    (c.outputs ?? []).filter(o => o.outputType === 'error')
  );
  if (
    errors.some(
      o =>
        o.ename === 'NameError' &&
        SHELL_NAME_ERROR.test(`${o.evalue ?? ''}\n${o.text}`)
    )
  ) {
    return false;
  }
  const seen = new Map<string, boolean>();
  const ran = code.some(
    c =>
      READS_SHELL_SESSION.test(c.source) &&
      typeof c.executionCount === 'number' &&
      c.executionCount > 0 &&
      c.executionCount <= complete &&
      !(c.outputs ?? []).some(o => o.outputType === 'error') &&
      readsSessionWhereItRuns(c.source, seen)
  );
  if (!ran) {
    return false;
  }
  return !code.some(c => {
    const text = codeText(c.source).code;
    return makesSession(text) || bindsShellName(text);
  });
}
