/**
 * Which notebook runtime a notebook was written for, decided from what the file itself says
 * (format, kernelspec, metadata): rules that depend on the platform (its predefined globals,
 * its paths, how `%pip` behaves) ask this one place.
 */
import { codeText, type CodeText } from '../python/literals';
import {
  hasSynapseKernel,
  isDatabricksExport,
  isObject,
  isSynapseSparkNotebook
} from './platform';
import { ranShellSession } from './pysparkShell';
import type { RuntimeEvidence } from './runtimeEvidence';
import { makesSession } from './sparkSession';
import type { Notebook } from './types';

export type { RuntimeEvidence } from './runtimeEvidence';

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
 * Databricks' `%restart_python` (Databricks' docs, "Restart the Python process on Databricks":
 * the magic restarts the notebook's Python process, as `dbutils.library.restartPython()` does),
 * at the start of a line of code: IPython has no such magic ("UsageError: Line magic function
 * `%restart_python` not found"), so a notebook that runs it was written for Databricks and stops
 * there on any other runtime, before a later cell could raise a NameError (round 26:
 * databricks-genai-examples' get_financial_data.ipynb, `%pip install yfinance` then
 * `%restart_python`, then `spark.createDataFrame(...)`).
 */
const RESTART_PYTHON = /^[ \t]*%restart_python\b/m;

/** a code cell that runs `%restart_python` (not in a string or comment) */
function runsDatabricksRestart(nb: RuntimeEvidence): boolean {
  return nb.cells.some(
    c =>
      c.kind === 'code' &&
      c.source.includes('%restart_python') &&
      RESTART_PYTHON.test(codeText(c.source).code)
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
  if (callsDatabricksUtilities(nb) || runsDatabricksRestart(nb)) {
    return 'databricks';
  }
  if (readsPlatformSpark(nb)) {
    return 'spark-platform';
  }
  return ranShellSession(nb) ? 'pyspark-shell' : 'ipython';
}
