import { defineRule } from '../engine/types';
import type { RuleContext } from '../engine/types';
import { notebookRuntime } from '../notebook/runtime';
import { BUILTINS, GLOBALS_BY_RUNTIME } from '../python';
import { isHelperNotebook } from './support/helperNotebook';
import { inStringLiteral } from './support/syntax';

/**
 * The last code cell that reads a name no cell of the notebook binds and neither Python nor the
 * runtime provides (-1: none): a name only a `%run` script can have left behind.
 */
function lastReadOfUnboundName(context: RuleContext): number {
  const { dataflow } = context.analysis;
  const bound = new Set<string>();
  for (const flow of dataflow.cells) flow.defines.forEach(n => bound.add(n));
  const runtime = GLOBALS_BY_RUNTIME[notebookRuntime(context.notebook)].names;
  let last = -1;
  for (const flow of dataflow.cells) {
    if (
      flow.reads.some(
        r =>
          r.from === null &&
          !bound.has(r.name) &&
          !BUILTINS.has(r.name) &&
          !runtime.has(r.name)
      )
    ) {
      last = flow.cell;
    }
  }
  return last;
}

/**
 * A shell or magic line that may expand a Python name (`!az ml job create --name $job`,
 * `files = !ls {folder}`, `%sql SELECT * FROM {table}`): IPython substitutes `$name` and `{expr}`
 * in them, which the scope pass does not record as reads. Tried at line starts only, so a line
 * is read once whatever it holds.
 */
const EXPANDING_MAGIC = /^[ \t]*(?:[\w.]+[ \t]*=[ \t]*)?[!%][^\n]*[${]/m;

/**
 * A read of a Databricks widget (`dbutils.widgets.get("catalog")`, `getArgument("x")`): a notebook
 * `%run` shares its caller's widgets, so the value may be one the other notebook declared
 * (genesis-workbench's `%run ./utils` "declares widgets" the next cell reads, judged true).
 */
const WIDGET_READ = /\bdbutils\.widgets\.get(?:All)?\s*\(|\bgetArgument\s*\(/;

/** the names a cell reads that it binds on some path only and no earlier cell defines */
function maybeUnboundReads(
  maybeBound: readonly string[],
  flow: { reads: readonly { name: string }[] }
): string[] {
  if (maybeBound.length === 0) return [];
  const listed = new Set(flow.reads.map(r => r.name));
  return maybeBound.filter(name => !listed.has(name));
}

/**
 * A table or view read by name from Python: `spark.table("v")`, `spark.read.table("v")`, or a
 * `FROM v` / `JOIN v` of a `spark.sql("...")` query. A one-part name is a temporary view or a
 * table of the current schema, which a set-up notebook run with `%run` typically registers.
 */
const TABLE_READ =
  /\bspark\s*\.\s*(?:read\s*\.\s*)?table\s*\(\s*[rRfF]?(['"])`?([A-Za-z_]\w*)`?\1/g;
const SQL_CALL = /\bspark\s*\.\s*sql\s*\(\s*[rRfF]?(['"])([^'"]*)/g;
const FROM_NAME = /\b(?:FROM|JOIN)\s+`?([A-Za-z_]\w*)`?(?![\w.`(])/gi;
/** what a notebook registers under a one-part name (a temp view, a table, a CTE) */
const REGISTERS = [
  /\b(?:createOrReplaceTempView|createTempView|createOrReplaceGlobalTempView|createGlobalTempView|registerTempTable|saveAsTable)\s*\(\s*[rRfF]?['"]`?([A-Za-z_]\w*)/g,
  /\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL\s+)?TEMP(?:ORARY)?\s+)?(?:VIEW|TABLE)\s+(?:IF\s+NOT\s+EXISTS\s+)?`?([A-Za-z_]\w*)`?(?![\w.`])/gi,
  /(?:\bWITH|,)\s*`?([A-Za-z_]\w*)`?\s+AS\s*\(/gi
];

/** the one-part table and view names the notebook's own cells register (lower case) */
function viewsRegistered(context: RuleContext): Set<string> {
  const names = new Set<string>();
  for (const c of context.notebook.cells) {
    if (c.kind !== 'code') continue;
    for (const re of REGISTERS) {
      for (const m of c.source.matchAll(re)) names.add(m[1].toLowerCase());
    }
  }
  return names;
}

/**
 * Whether a Python cell reads, through Spark, a one-part table or view name that no cell of the
 * notebook registers (`spark.sql("SELECT * FROM setup_view")`, `spark.table("setup_view")`): the
 * same dependency on a `%run` notebook's temp view as a `%sql` cell reading it, which is reported
 * (round 22's attack review, F3.1).
 */
function readsUnregisteredView(source: string, views: Set<string>): boolean {
  if (!source.includes('spark')) return false;
  for (const m of source.matchAll(TABLE_READ)) {
    if (!views.has(m[2].toLowerCase())) return true;
  }
  for (const q of source.matchAll(SQL_CALL)) {
    for (const m of q[2].matchAll(FROM_NAME)) {
      if (!views.has(m[1].toLowerCase())) return true;
    }
  }
  return false;
}

/**
 * The last code cell where a name a `%run` left behind may be read (-1: none): one that reads a
 * name before any cell binds it and neither Python nor the runtime provides it, or one whose reads
 * are unknown (another language, a cell that did not parse, a shell or magic line that may expand
 * a name: EXPANDING_MAGIC, a call of exec/eval/globals/locals/vars: `globals()['config']`), or
 * that reads a widget (WIDGET_READ). A `%run` before no such cell
 * provides nothing the notebook reads. In a helper notebook (`Includes/Classroom-Setup`, `utils`),
 * which others `%run`, the names flow on to the notebook that runs it (a course's set-up runs
 * `./Azure-Credentials`, whose names the lessons read, judged true): always the last cell.
 */
function lastPossibleHiddenRead(context: RuleContext): number {
  if (isHelperNotebook(context.notebook.path)) {
    return Number.POSITIVE_INFINITY;
  }
  const runtime = GLOBALS_BY_RUNTIME[notebookRuntime(context.notebook)].names;
  const flows = new Map(context.analysis.dataflow.cells.map(f => [f.cell, f]));
  const views = viewsRegistered(context);
  let last = -1;
  for (const lc of context.cells) {
    if (lc.cell.kind !== 'code') {
      continue;
    }
    const flow = flows.get(lc.cell.index);
    const opaque =
      !lc.isPython ||
      !lc.analysis?.scope ||
      !lc.analysis.parsed.ok ||
      lc.analysis.scope.usesExecEval ||
      !flow ||
      EXPANDING_MAGIC.test(lc.cell.source) ||
      WIDGET_READ.test(lc.cell.source);
    const hidden = (name: string) => !BUILTINS.has(name) && !runtime.has(name);
    if (
      opaque ||
      flow.reads.some(r => r.from === null && hidden(r.name)) ||
      // bound on one path only, and by no earlier cell (`if os.environ.get("X"): config = {}`
      // then `print(config)`): on the other path the name is the `%run`'s (round 22's attack
      // review, F3.3); the dataflow leaves these out of `reads`
      maybeUnboundReads(lc.analysis?.scope?.readsMaybeBound ?? [], flow).some(
        hidden
      ) ||
      readsUnregisteredView(lc.cell.source, views)
    ) {
      last = lc.cell.index;
    }
  }
  return last;
}

/**
 * The words of a magic's argument line as IPython reads them: `%run` parses its line with
 * `parse_options(..., mode='list')`, which splits it with `IPython.utils.process.arg_split`, a
 * shlex split (POSIX rules off Windows): quotes group words and are removed, a backslash escapes
 * the next character (IPython/core/magics/execution.py, `run`). Databricks' `%run "./a b"` quotes
 * a path with spaces the same way. `raw` is the word as written, quotes kept.
 */
function argWords(line: string): { raw: string; value: string }[] {
  const words: { raw: string; value: string }[] = [];
  const re = /(?:[^\s'"\\]+|'[^']*'?|"(?:[^"\\]|\\.)*"?|\\.?)+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const raw = m[0];
    const value = raw.replace(
      /'([^']*)'?|"((?:[^"\\]|\\.)*)"?|\\(.?)/g,
      (_w, single?: string, double?: string, escaped?: string) =>
        single ?? double?.replace(/\\(["\\$`])/g, '$1') ?? escaped ?? ''
    );
    words.push({ raw, value });
  }
  return words;
}

/** `%run ./helpers` injects names no reader, linter or test can see. */
export default defineRule<Record<string, never>, 'runMagic'>({
  meta: {
    code: 'NB604',
    id: 'databricks-run-dependency',
    category: 'databricks',
    description:
      "%run pulls another notebook's names into this one: a hidden dependency.",
    defaultSeverity: 'warning',
    recommended: true,
    // notebook-wide: whether a script run with arguments left names behind is read in later cells
    messages: {
      runMagic:
        "%run {{target}} injects that notebook's names invisibly; move the shared code to a Python module and import it."
    }
  },
  create(context) {
    let lastUnboundRead: number | undefined;
    let lastHiddenRead: number | undefined;
    return {
      cell(lc) {
        // the lines are read only in a cell that has a `%run` (most have none)
        if (lc.cell.kind !== 'code' || !lc.cell.source.includes('%run')) {
          return;
        }
        lc.lines.forEach((line, i) => {
          const m = /^(\s*)%run\s+(\S.*)$/.exec(line);
          const words = m ? argWords(m[2]) : [];
          // `%run script.py --arg x` runs a program with its arguments, as `python script.py`
          // would; IPython still loads its globals into the notebook (with or without
          // arguments), so it is a hidden dependency when this or a later cell reads a name
          // nothing else binds (`%run train_utils.py --seed 0`, then `build_model()`)
          const scriptWithArguments =
            words.length > 1 &&
            words[0].value.endsWith('.py') &&
            (lastUnboundRead ??= lastReadOfUnboundName(context)) <
              lc.cell.index;
          if (!m || words.length === 0 || scriptWithArguments) {
            return;
          }
          // a `%run` made for its effects (a classroom set-up, a version printer, a pipeline
          // stage): no cell from here on reads a name it could have left behind, so there is no
          // hidden name dependency, which is what this rule is about
          if (
            (lastHiddenRead ??= lastPossibleHiddenRead(context)) < lc.cell.index
          ) {
            return;
          }
          const from = lc.offsetAt({ line: i, column: m[1].length });
          // a `%run` line inside a triple-quoted string (a help text) is text IPython never runs
          if (!inStringLiteral(lc, from)) {
            context.report({
              messageId: 'runMagic',
              data: { target: words[0].raw },
              cell: lc.cell,
              from,
              to: from + line.trimEnd().length - m[1].length
            });
          }
        });
      }
    };
  }
});
