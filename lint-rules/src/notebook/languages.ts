/**
 * Languages of cells, as IPython and Databricks decide them from a cell's first-line magic.
 */
import type { Notebook } from './types';

/** Cell magics whose body is Python and which IPython runs as Python (the magic only wraps it). */
export const PYTHON_BODY_CELL_MAGICS: ReadonlySet<string> = new Set([
  'time',
  'timeit',
  'capture',
  'prun',
  'debug',
  'python',
  'python3',
  'ipython',
  'memit',
  'mprun',
  'pypy',
  'tensorflow_version',
  'pyspark',
  'local'
]);

/** Cell magics (IPython `%%x`, Databricks `%x`) whose body is another language. */
const CELL_MAGIC_LANGUAGES: Record<string, string> = {
  sql: 'sql',
  sparksql: 'sql',
  bigquery: 'sql',
  bash: 'sh',
  sh: 'sh',
  script: 'sh',
  system: 'sh',
  sx: 'sh',
  shell: 'sh',
  html: 'html',
  HTML: 'html',
  svg: 'svg',
  SVG: 'svg',
  markdown: 'markdown',
  md: 'markdown',
  latex: 'latex',
  javascript: 'javascript',
  js: 'javascript',
  perl: 'perl',
  ruby: 'ruby',
  writefile: 'text',
  file: 'text',
  cmd: 'bat',
  powershell: 'powershell',
  R: 'r',
  r: 'r',
  scala: 'scala',
  fs: 'sh',
  configure: 'json',
  julia: 'julia',
  cython: 'cython',
  cuda: 'cuda',
  mermaid: 'mermaid',
  dot: 'dot',
  graphviz: 'dot'
};

/**
 * The language a cell magic says its body is in: 'python' for %%time and friends,
 * another language for %%sql/%%bash/..., undefined when the magic is unknown
 * (an unknown cell magic is not Python either, but we cannot name its language).
 */
export function cellMagicLanguage(name: string): string | undefined {
  if (PYTHON_BODY_CELL_MAGICS.has(name)) return 'python';
  return Object.prototype.hasOwnProperty.call(CELL_MAGIC_LANGUAGES, name)
    ? CELL_MAGIC_LANGUAGES[name]
    : undefined;
}

/**
 * Azure Synapse's and Microsoft Fabric's language magics: `%%spark` on a cell's first line runs
 * it as Scala, `%%pyspark` as Python, `%%sql` as Spark SQL, `%%csharp` as .NET for Spark, `%%sparkr`
 * as R. (Elsewhere `%%spark` is sparkmagic's, whose body goes to a remote Livy session in that
 * session's language: not Python to check here, so not in PYTHON_BODY_CELL_MAGICS.)
 */
const SYNAPSE_LANG_MAGICS: Record<string, string> = {
  spark: 'scala',
  pyspark: 'python',
  sql: 'sql',
  csharp: 'csharp',
  sparkr: 'r'
};

/** The language one of Synapse's/Fabric's language magics (`spark`, `pyspark`...) sets, or undefined. */
export function synapseLanguageMagic(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(SYNAPSE_LANG_MAGICS, name)
    ? SYNAPSE_LANG_MAGICS[name]
    : undefined;
}

/** the languages a sparkmagic session may have (`%spark add -l python|scala|r`) */
const SPARKMAGIC_LANGUAGES = new Set(['python', 'scala', 'r']);

/**
 * The language of the notebook's sparkmagic session, which its `%%spark` cells run in: the
 * `-l`/`--language` of its `%spark add -s NAME -l python -u URL` lines when they all agree on
 * python, scala or r; undefined without such a line, with another language, or with two.
 */
export function sparkmagicSessionLanguage(
  sources: readonly string[]
): string | undefined {
  const found = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(/^[ \t]*%spark[ \t]+add\b(.*)$/gm)) {
      const lang = /(?:^|\s)(?:-l|--language)[ \t]+(\S+)/.exec(m[1])?.[1];
      found.add(lang?.toLowerCase() ?? '');
    }
  }
  const [only] = found;
  return found.size === 1 && SPARKMAGIC_LANGUAGES.has(only) ? only : undefined;
}

/** Databricks' first-line language magics (`%sql`, `%md`...) and the language they set. */
const DATABRICKS_LANG_MAGICS: Record<string, string> = {
  python: 'python',
  py: 'python',
  sql: 'sql',
  scala: 'scala',
  r: 'r',
  sh: 'sh',
  fs: 'sh',
  md: 'markdown',
  'md-sandbox': 'markdown',
  pip: 'python',
  run: 'python',
  conda: 'python'
};

/** The language one of Databricks' own language magics (`%sh`, `%sql`, `%r`...) sets, or undefined. */
export function databricksLanguageMagic(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(DATABRICKS_LANG_MAGICS, name)
    ? DATABRICKS_LANG_MAGICS[name]
    : undefined;
}

/** The language a Databricks cell's first-line magic gives its cell (undefined when unknown). */
export function databricksMagicLanguage(name: string): string | undefined {
  return databricksLanguageMagic(name) ?? cellMagicLanguage(name);
}

/**
 * The line magics an IPython kernel has without any `%load_ext`, which its automagic runs without
 * `%`: the core magics (`%lsmagic` of IPython 9's InteractiveShell), `store` (storemagic, which
 * IPython loads by default: InteractiveShellApp.default_extensions), ipykernel's KernelMagics
 * (clear, less, man, more, ...) and the shell aliases IPython/core/alias.py `default_aliases()`
 * defines on POSIX (ls ll lf lk ldir lx, mkdir rmdir mv rm cp cat); not Windows' aliases (echo,
 * ren, copy, ddir). None is a Python keyword or builtin (which would shadow it).
 */
export const IPYTHON_LINE_MAGICS: ReadonlySet<string> = new Set(
  (
    'alias alias_magic autoawait autocall automagic bookmark cat cd code_wrap colors conda ' +
    'config cp debug dhist dirs doctest_mode ed edit env gui hist history killbgscripts ldir lf ' +
    'lk ll load load_ext loadpy logoff logon logstart logstate logstop ls lsmagic lx macro magic ' +
    'mamba matplotlib micromamba mkdir mv notebook page pastebin pdb pdef pdoc pfile pinfo ' +
    'pinfo2 pip popd pprint precision prun psearch psource pushd pwd pycat pylab quickref recall ' +
    'rehashx reload_ext rep rerun reset reset_selective rm rmdir run save sc set_env store sx ' +
    'system tb time timeit unalias unload_ext uv who who_ls whos xdel xmode ' +
    'autosave clear connect_info less man more qtconsole subshell'
  ).split(' ')
);

/**
 * IPython's line magics and the common extensions' (autoreload, jupysql, rpy2, memory_profiler,
 * line_profiler, Colab's tensorflow_version), which need a `%load_ext` first.
 */
const LINE_MAGICS: ReadonlySet<string> = new Set([
  ...IPYTHON_LINE_MAGICS,
  ...'aimport autoreload sql R Rpush Rpull memit mprun lprun tensorflow_version'.split(
    ' '
  )
]);

/**
 * Whether `name` is a magic IPython or Databricks knows (`%pip`, `%%bash`, `%sh`): a commented
 * `# %d items` or `# %time is ...` in a script is prose, not a magic jupytext commented out.
 */
export function isKnownMagic(name: string): boolean {
  return (
    LINE_MAGICS.has(name) ||
    cellMagicLanguage(name) !== undefined ||
    databricksLanguageMagic(name) !== undefined
  );
}

/** Normalises a kernel / metadata language name: 'Python 3' -> 'python', 'R' -> 'r'. */
export function normaliseLanguage(name: unknown): string | undefined {
  if (typeof name !== 'string' || !name.trim()) return undefined;
  const n = name.trim().toLowerCase();
  if (
    n.startsWith('python') ||
    n === 'ipython' ||
    n === 'ipython3' ||
    n === 'pyspark'
  )
    return 'python';
  if (n === 'shellscript' || n === 'bash' || n === 'shell') return 'sh';
  // .NET Interactive's PowerShell kernel, named as IPython's %%powershell names its body
  if (n === 'pwsh') return 'powershell';
  if (n === 'sparksql') return 'sql';
  return n;
}

/**
 * Whether a kernelspec is SageMath's. Sage's installer registers its kernel as `sagemath`
 * (SageKernelSpec.identifier: "OUTPUT: the string 'sagemath'") with the display name
 * `'SageMath {0}'.format(SAGE_VERSION)` and the language `sage` (sage/repl/ipython_kernel/
 * install.py, SageKernelSpec.__init__ and kernel_spec); Sage 8.x wrote the language empty, so
 * the notebook reads as Python by its `language_info` (the Sage kernel is IPython's with Sage's
 * preparser), and distributions install it as `sagemath-<version>` or `sage-<version>`. Only
 * those names count, and a display name "SageMath" followed by a version: a Python environment
 * named after a project (`sage_env`, `sage-gnn` for GraphSAGE, "SageMath-free Python 3") is
 * Python, as are SageMaker's kernels (`python3__SAGEMAKER_INTERNAL__...`).
 */
const SAGE_KERNEL_NAME = /^(?:sagemath(?:-\d[\w.]*)?|sage-\d[\w.]*)$/i;
const SAGE_DISPLAY_NAME = /^\s*SageMath \d/i;

export function isSageKernelspec(kernelspec: unknown): boolean {
  if (typeof kernelspec !== 'object' || kernelspec === null) return false;
  const {
    name,
    display_name: display,
    language
  } = kernelspec as Record<string, unknown>;
  return (
    (typeof language === 'string' &&
      language.trim().toLowerCase() === 'sage') ||
    (typeof name === 'string' && SAGE_KERNEL_NAME.test(name.trim())) ||
    (typeof display === 'string' && SAGE_DISPLAY_NAME.test(display))
  );
}

/**
 * Whether a notebook read as Python runs on a SageMath kernel (isSageKernelspec). Its cells are
 * Python as Sage's preparser leaves them, so the checks of Python's own forms still hold (`x ==
 * None`, a star import, a name read before the cell that binds it), but two do not: the preparser
 * accepts more than Python's grammar (`2^10` is a power, `[1..n]` a range, `R.<x> = QQ[]`), so a
 * cell that does not parse is no syntax error (NB201), and `from sage.all import *` gives the
 * kernel hundreds of globals (`points`, `randint`, `RR`, `var`), so a name no cell defines is no
 * hidden state (NB104).
 */
export function isSageNotebook(nb: Pick<Notebook, 'metadata'>): boolean {
  return isSageKernelspec(nb.metadata.kernelspec);
}

/**
 * Whether a Python notebook's metadata says it runs on Python 2: `language_info.version` (the
 * Python it last ran on) starting with `2.`; without a version, a kernelspec named `python2` or
 * shown as "Python 2", or `language_info.pygments_lexer` `ipython2` (or `python2`: sparkmagic's
 * PySpark kernel of Spark 1.6, whose language_info names no version, round 27). What ran wins: version
 * "3.x" with a stale `python2` kernelspec is Python 3. `codemirror_mode.version` is IPython's
 * editor mode, not a Python version, and is not read.
 */
export function isPython2Metadata(
  kernelspec: unknown,
  languageInfo: unknown
): boolean {
  const field = (o: unknown, key: string): string | undefined => {
    const v =
      typeof o === 'object' && o !== null
        ? (o as Record<string, unknown>)[key]
        : undefined;
    return typeof v === 'string' ? v.trim() : undefined;
  };
  const version = field(languageInfo, 'version');
  if (version && /^\d/.test(version)) {
    return version.startsWith('2.');
  }
  return (
    /^python2(\.?\d+)?$/i.test(field(kernelspec, 'name') ?? '') ||
    /^python\s*2(\.\d+)?\b/i.test(field(kernelspec, 'display_name') ?? '') ||
    /^i?python2$/.test(
      field(languageInfo, 'pygments_lexer')?.toLowerCase() ?? ''
    )
  );
}

/**
 * The header of Databricks' source export as it was until 2016, with the export time (`# Databricks
 * notebook source exported at Sun, 26 Jun 2016 01:47:13 UTC`): those notebooks were written for the
 * clusters of that time, whose Python was 2.7 unless a cluster was made for Python 3 (Databricks
 * Runtime 6.0, in 2019, was the first with Python 3 only), and their code says so (`print x`,
 * `lambda (k, v): ...`).
 */
const DATABRICKS_TIMED_EXPORT =
  /^\uFEFF?(?:#|--|\/\/) Databricks notebook source exported at \S/;

/**
 * Whether a Python notebook says it runs on Python 2: isPython2Metadata of its metadata, or a
 * Databricks source export with the 2016 header (DATABRICKS_TIMED_EXPORT). Its cells are still
 * Python, parsed and checked by every rule: NB201 does not report Python 2's own syntax there (the
 * Python 3 grammar is not the notebook's) and NB104 knows Python 2's builtins.
 */
export function isPython2Notebook(
  nb: Pick<Notebook, 'kernelLanguage' | 'metadata' | 'format' | 'text'>
): boolean {
  return (
    nb.kernelLanguage === 'python' &&
    (isPython2Metadata(nb.metadata.kernelspec, nb.metadata.language_info) ||
      (nb.format === 'databricks' && DATABRICKS_TIMED_EXPORT.test(nb.text)))
  );
}

/**
 * How a Python notebook's cells are parsed, from its metadata: Python 2's syntax read as such
 * (isPython2Notebook), and `except A, B:` read as a tuple of exception types when the Python it
 * last ran on (`language_info.version`) is 3.14 or later (PEP 758).
 */
export function pythonParseOptions(
  nb: Pick<Notebook, 'kernelLanguage' | 'metadata' | 'format' | 'text'>
): { python2: boolean; exceptTuples: boolean } {
  const info = nb.metadata.language_info;
  const version =
    typeof info === 'object' && info !== null
      ? (info as Record<string, unknown>).version
      : undefined;
  const m =
    typeof version === 'string' ? /^\s*(\d+)\.(\d+)/.exec(version) : null;
  return {
    python2: isPython2Notebook(nb),
    exceptTuples:
      m !== null && (Number(m[1]) > 3 || (m[1] === '3' && Number(m[2]) >= 14))
  };
}
