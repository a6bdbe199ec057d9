/**
 * Which notebook runtime a notebook was written for, decided from what the file itself says
 * (format, kernelspec, metadata): rules that depend on the platform (its predefined globals,
 * its paths, how `%pip` behaves) ask this one place.
 */
import type { SyntaxNode } from '@lezer/common';
import { codeText, type CodeText } from '../python/literals';
import { parseCell } from '../python/parse';
import {
  hasSynapseKernel,
  isDatabricksExport,
  isObject,
  isSynapseSparkNotebook
} from './platform';
import type { Notebook, NotebookCell } from './types';

/**
 * - `databricks`: a Databricks source file, or an .ipynb exported from Databricks
 * - `fabric`: a Microsoft Fabric notebook (its metadata has `trident`, or a `synapse_pyspark`
 *   kernel with Fabric's `microsoft` block, its `/trident/` Spark compute or a lakehouse dependency)
 * - `fabric-python`: a Microsoft Fabric Python notebook, the runtime without Spark (Fabric's
 *   `microsoft.language_group` is `jupyter_python`; its kernel is called `jupyter`)
 * - `synapse`: an Azure Synapse Analytics Spark notebook (kernelspec `synapse_*`, or the keys only
 *   Synapse Studio writes: `saveOutput`, `save_output`, `synapse_widget`,
 *   `sessionKeepAliveTimeout`; its exports of older notebooks have no kernelspec at all, and a
 *   notebook opened in VS Code since may carry a local one beside them)
 * - `pyspark`: another Spark kernel that starts a session for the user (sparkmagic's
 *   `pysparkkernel` on Livy, HDInsight, EMR: a kernelspec name with `spark` in it)
 * - `pyspark-shell`: a plain Jupyter kernel (`python2`, `python3`) started by the `pyspark` launcher
 *   (`PYSPARK_DRIVER_PYTHON=jupyter`), told by what the notebook saved: a cell that reads the
 *   shell's session ran without a NameError and no cell makes a session (`ranShellSession`)
 * - `nbcraft-compute`: a kernel of one of nbcraft's compute targets (kernelspec
 *   `nbcraft-<target>`), whose start-up code defines `spark` for Spark Connect and Databricks
 *   Connect targets
 * - `spark-platform`: a notebook for a Spark platform (Synapse, Fabric, Databricks, Azure ML's
 *   serverless Spark) saved with a generic kernelspec (SynapseML's docs, `python3`): its code reads `spark` without ever creating
 *   a session, and reads Azure storage through the platform's own connector (`wasbs://` or
 *   `abfss://` with a container and an account), which a local session does not have
 * - `ipython`: anything else, a Jupyter/IPython kernel
 *
 * An .ipynb with a plain kernelspec that calls Databricks' own utilities (`dbutils.widgets`,
 * `dbutils.fs`, ...) without defining `dbutils` is a Databricks notebook saved elsewhere (from VS
 * Code, written by a tool, imported into a workspace as is): it runs nowhere else.
 */
export type NotebookRuntime =
  | 'databricks'
  | 'synapse'
  | 'fabric'
  | 'fabric-python'
  | 'pyspark'
  | 'pyspark-shell'
  | 'nbcraft-compute'
  | 'spark-platform'
  | 'ipython';

function kernelName(metadata: Record<string, unknown>): string {
  const spec = metadata.kernelspec;
  const info = metadata.kernel_info;
  const name =
    (isObject(spec) && typeof spec.name === 'string' && spec.name) ||
    (isObject(info) && typeof info.name === 'string' && info.name) ||
    '';
  return name.toLowerCase();
}

/** Fabric's Spark pool (`spark_compute.compute_id: "/trident/default"`) or a lakehouse dependency */
function onFabricCompute(md: Record<string, unknown>): boolean {
  const compute = md.spark_compute;
  const deps = md.dependencies;
  return (
    (isObject(compute) &&
      typeof compute.compute_id === 'string' &&
      compute.compute_id.startsWith('/trident/')) ||
    (isObject(deps) && isObject(deps.lakehouse))
  );
}

/**
 * a call of Databricks' utilities (the global `dbutils`, not an attribute such as the
 * databricks-sdk's `w.dbutils.fs`), and what would define `dbutils` outside Databricks
 */
const DBUTILS_CALL =
  /(?<![.\w])dbutils\s*\.\s*(widgets|fs|notebook|secrets|library|jobs|credentials|data)\s*\./;
const DBUTILS_DEFINED =
  /\bdbutils\s*=[^=]|\bimport\b[^\n]*\bdbutils\b|databricks\.sdk\.runtime/;

/** a call in code: a comment or a string that names `dbutils.widgets` is no evidence */
function callsDatabricksUtilities(nb: RuntimeEvidence): boolean {
  const code = nb.cells.filter(c => c.kind === 'code');
  return (
    code.some(
      c =>
        c.source.includes('dbutils') &&
        DBUTILS_CALL.test(codeText(c.source).code)
    ) && !code.some(c => DBUTILS_DEFINED.test(c.source))
  );
}

/**
 * `wasbs://container@account...`, `abfss://container@account...`: Azure storage through a
 * platform's connector (fsspec's and pandas' `abfs://` is no platform's)
 */
const PLATFORM_STORAGE = /\b(?:wasbs|abfss):\/\/[\w.-]+@[\w-]+\./;
const READS_SPARK = /\bspark\s*\.\s*\w/;
/** a read through the session, whose statement may name the storage */
const SPARK_READ_CALL = /\bspark\s*\.\s*(?:read|readStream|table|sql)\b/g;
/** anything that makes or binds a session itself (then `spark` is the notebook's own) */
const MAKES_SESSION =
  /\bSparkSession\b|\bSparkContext\b|\bDatabricksSession\b|getOrCreate\s*\(|\bspark\s*=(?!=)|\bas\s+spark\b/;
/** `spark: SparkSession = ...` at a line's start (anchored: each line is read once) */
const ANNOTATES_SESSION = /^[ \t]*spark[ \t]*:[^=\n]*=(?!=)/m;
const IMPORT = /\bimport\b/;
const SPARK_WORD = /\bspark\b/;

/** `from x import spark`, `import spark`: the import and `spark` on one line of code */
function importsSpark(code: string): boolean {
  for (const line of code.split('\n')) {
    const at = line.search(IMPORT);
    if (at >= 0 && SPARK_WORD.test(line.slice(at))) return true;
  }
  return false;
}

/** where each statement of the code ends: a line break outside brackets, not after a `\` */
function statementEnds(code: string): number[] {
  const ends: number[] = [];
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}')
      depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0 && code[i - 1] !== '\\') ends.push(i);
  }
  ends.push(code.length);
  return ends;
}

/** a statement that reads through the session (`spark.read...load("abfss://...")`) names platform storage */
function readsPlatformStorage(
  source: string,
  { code, strings }: CodeText
): boolean {
  if (strings.length === 0) return false;
  const ends = statementEnds(code);
  let statement = 0;
  let checked = -1;
  let next = 0;
  for (const m of code.matchAll(SPARK_READ_CALL)) {
    while (ends[statement] < m.index) statement++;
    if (statement === checked) continue;
    checked = statement;
    const start = statement === 0 ? 0 : ends[statement - 1];
    while (next < strings.length && strings[next].from < start) next++;
    for (
      let k = next;
      k < strings.length && strings[k].from < ends[statement];
      k++
    ) {
      const { from, to } = strings[k];
      if (PLATFORM_STORAGE.test(source.slice(from, to))) return true;
    }
  }
  return false;
}

/**
 * Strong evidence only, from code (not comments or strings): it reads `spark.`, reads Azure
 * storage by a platform URI in a statement that reads through `spark`, and nothing in it makes or
 * binds a session. A plain notebook that reads `spark` and shows no platform stays `ipython` (its
 * `spark` is hidden state).
 */
function readsPlatformSpark(nb: RuntimeEvidence): boolean {
  const code = nb.cells.filter(c => c.kind === 'code');
  // what the code tokens say is in the raw text too: without `spark` and a platform URI in it,
  // no cell needs reading apart from its comments and strings (most notebooks)
  if (
    !code.some(c => c.source.includes('spark')) ||
    !code.some(c => PLATFORM_STORAGE.test(c.source))
  ) {
    return false;
  }
  const cells = code.map(c => ({
    source: c.source,
    text: codeText(c.source)
  }));
  return (
    cells.some(c => READS_SPARK.test(c.text.code)) &&
    cells.some(c => readsPlatformStorage(c.source, c.text)) &&
    !cells.some(({ text: { code } }) => makesSession(code))
  );
}

/** a SparkContext built by the constructor (not `SparkContext.getOrCreate()`) */
const CONSTRUCTS_SPARK_CONTEXT = /\bSparkContext[ \t]*\(/;
/** a block header that runs its body only sometimes */
const GUARD = /^[ \t]*(?:if|elif|else|try|except|finally)\b/;
const INDENT = /^[ \t]*/;

/**
 * Whether `code` (strings and comments blanked) builds a SparkContext by the constructor outside
 * any `if`/`try`/`except` block: at the top level or in a function (`def create_sc(): ... return
 * SparkContext(conf=conf)`). One under `try:` (with `getOrCreate()` in `except`) or `if 'sc' not
 * in globals():` is written to run where a context exists too, Databricks included.
 * One pass down the lines, keeping the enclosing headers (each non-blank line above indented
 * less than the last one kept) and how many of them guard: a walk up from each constructor was
 * quadratic (a `try:` over 3,500 constructors took 7 s on every read, with every rule off).
 */
function constructsSparkContextUnguarded(code: string): boolean {
  const depths: number[] = [];
  const guards: boolean[] = [];
  let guarded = 0;
  for (let from = 0; from <= code.length;) {
    const nl = code.indexOf('\n', from);
    const end = nl < 0 ? code.length : nl;
    const line = code.slice(from, end);
    from = end + 1;
    if (line.trim() === '') continue;
    const depth = INDENT.exec(line)?.[0].length ?? 0;
    while (depths.length > 0 && depths[depths.length - 1] >= depth) {
      depths.pop();
      if (guards.pop()) guarded--;
    }
    if (guarded === 0 && CONSTRUCTS_SPARK_CONTEXT.test(line)) return true;
    const guard = GUARD.test(line);
    depths.push(depth);
    guards.push(guard);
    if (guard) guarded++;
  }
  return false;
}

/**
 * An .ipynb with the older Databricks export's metadata (`name` and `notebookId`, which that export
 * writes alone) that Jupyter saved again (it added a `kernelspec`) and whose code builds its own
 * `SparkContext(...)` unguarded (constructsSparkContextUnguarded): on Databricks a SparkContext always exists, and pyspark's constructor
 * raises "Cannot run multiple SparkContexts at once" there (`SparkContext._ensure_initialized`),
 * so the notebook runs elsewhere (a course's notebook moved to AWS EMR). The export keys say
 * where it came from, not where it runs.
 */
function movedOffDatabricks(nb: RuntimeEvidence): boolean {
  const md = nb.metadata;
  return (
    !isObject(md['application/vnd.databricks.v1+notebook']) &&
    isObject(md.kernelspec) &&
    nb.cells.some(
      c =>
        c.kind === 'code' &&
        c.source.includes('SparkContext') &&
        constructsSparkContextUnguarded(codeText(c.source).code)
    )
  );
}

/** code that makes or binds a session itself (then `spark` is the notebook's own) */
function makesSession(code: string): boolean {
  return (
    MAKES_SESSION.test(code) ||
    ANNOTATES_SESSION.test(code) ||
    importsSpark(code)
  );
}

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
function ranShellSession(nb: RuntimeEvidence): boolean {
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

/**
 * what the decision reads: the format, the metadata and each cell's kind and source, and for an
 * .ipynb its execution count and outputs
 */
export interface RuntimeEvidence {
  format: Notebook['format'];
  metadata: Record<string, unknown>;
  cells: readonly (Pick<NotebookCell, 'kind' | 'source'> &
    Partial<Pick<NotebookCell, 'executionCount' | 'outputs'>>)[];
}

const cache = new WeakMap<Notebook, NotebookRuntime>();

export function notebookRuntime(nb: Notebook): NotebookRuntime {
  let runtime = cache.get(nb);
  if (runtime === undefined) {
    runtime = decideRuntime(nb);
    cache.set(nb, runtime);
  }
  return runtime;
}

/**
 * Remembers the decision the .ipynb reader made for the notebook it built from the same format,
 * metadata and cells, so that it is made once per notebook.
 */
export function rememberRuntime(nb: Notebook, runtime: NotebookRuntime): void {
  cache.set(nb, runtime);
}

/**
 * The decision itself, from the notebook's parts: the .ipynb reader asks it before the cells'
 * languages are known (a Databricks notebook's `%sql` cell is SQL, whatever its kernelspec says),
 * so that the reader and every rule see one answer.
 */
export function decideRuntime(nb: RuntimeEvidence): NotebookRuntime {
  const md = nb.metadata;
  if (
    nb.format === 'databricks' ||
    (isDatabricksExport(md) && !movedOffDatabricks(nb))
  ) {
    return 'databricks';
  }
  if (nb.format !== 'ipynb') {
    return 'ipython';
  }
  // Fabric's Python experience says so in its own metadata, whatever the kernelspec
  if (
    isObject(md.microsoft) &&
    md.microsoft.language_group === 'jupyter_python'
  ) {
    return 'fabric-python';
  }
  const kernel = kernelName(md);
  // Synapse Studio's own keys stay when VS Code later adds a local kernelspec
  if (isSynapseSparkNotebook(md)) {
    return isObject(md.trident) ||
      (hasSynapseKernel(md) && (isObject(md.microsoft) || onFabricCompute(md)))
      ? 'fabric'
      : 'synapse';
  }
  if (kernel.startsWith('nbcraft-')) {
    return 'nbcraft-compute';
  }
  if (kernel.includes('spark')) {
    return 'pyspark';
  }
  if (callsDatabricksUtilities(nb)) {
    return 'databricks';
  }
  if (readsPlatformSpark(nb)) {
    return 'spark-platform';
  }
  return ranShellSession(nb) ? 'pyspark-shell' : 'ipython';
}
