/** Odd cell sources and script notebooks with broken markers, as fuzz cases. */
import { type FuzzCase, notebookText } from './notebookCases';

/** Cell sources that stress the IPython masking and the parser. */
export const ODD_SOURCES: [string, string][] = [
  [
    'only line magics',
    '%matplotlib inline\n%load_ext autoreload\n%autoreload 2'
  ],
  ['a bare "%%"', '%%'],
  ['"%%" and a newline', '%%\n'],
  ['"%%time" and nothing', '%%time'],
  ['"%%timeit -n1" with an empty body', '%%timeit -n1\n'],
  ['"%%capture" with a name and code', '%%capture out\nx = 1'],
  [
    '"%%bash" with unbalanced quotes',
    '%%bash\necho "unterminated\nfor i in; do'
  ],
  ['"%%writefile" with no name', '%%writefile\nprint(1)'],
  [
    '"%%sql" with Python-looking text',
    '%%sql\nSELECT * FROM t WHERE x = "(" -- )'
  ],
  ['"%% python" with a space', '%% python\nx = 1'],
  ['"%%%" three percents', '%%%\nx'],
  ['"%%time" with code on its line', '%%time x = 1\ny = x'],
  ['"%%python3" then a syntax error', '%%python3\ndef ('],
  ['a cell magic on the second line', 'x = 1\n%%time\ny = 2'],
  ['"!" and "?" everywhere', '!\n?\n??\nx = !\ny = %\n!!ls\n%%'],
  [
    'magics inside strings and comments',
    's = "%time !ls"\n# %%bash\nt = """\n%%sql\n"""'
  ],
  ['a help query on an expression', 'df.head()??\nlen?'],
  ['a NUL in the source', 'x = 1\u0000\ny = x'],
  ['lone surrogates in code', 'x = "\ud800"\n\udc00 = 1\ny = x'],
  ['CRLF inside the source', 'x = 1\r\ny = 2\r\nprint(x + y)\r\n'],
  ['CR only line ends', 'x = 1\ry = 2\rprint(y)'],
  ['line and paragraph separators', 'x = 1\u2028y = 2\u2029print(x)'],
  ['a BOM inside the source', '\ufeffx = 1\ny = x'],
  [
    '2,000 nested parentheses',
    'x = ' + '('.repeat(2000) + '1' + ')'.repeat(2000)
  ],
  ['3,000 unclosed brackets', 'x = ' + '['.repeat(3000)],
  [
    'a 200-deep if chain',
    Array.from({ length: 200 }, (_, i) => ' '.repeat(i) + 'if x:').join('\n') +
      '\n' +
      ' '.repeat(200) +
      'y = 1'
  ],
  ['a 1,000-deep attribute chain', 'y = x' + '.a'.repeat(1000)],
  [
    '2,000 chained + operators',
    'y = ' + Array.from({ length: 2000 }, (_, i) => `a${i % 7}`).join(' + ')
  ],
  ['a 500 kB line', 'x = "' + 'a'.repeat(500_000) + '"'],
  [
    '2,000 short lines',
    Array.from({ length: 2000 }, (_, i) => `v${i % 50} = ${i}`).join('\n')
  ],
  ['tabs and spaces mixed', 'if x:\n\ty = 1\n        z = 2'],
  ['a lone backslash at the end', 'x = 1 \\'],
  ['an unterminated triple quote', 'x = """\nabc'],
  ['an f-string with nested braces', 'f"{x:{y}{z!r:>{w}}}" + f"{"']
];

/** Databricks source files and percent scripts with broken or odd markers. */
export const ODD_SCRIPTS: [string, string, string][] = [
  ['databricks header only', 'nb.py', '# Databricks notebook source'],
  [
    'databricks header and a newline',
    'nb.py',
    '# Databricks notebook source\n'
  ],
  [
    'databricks with a BOM',
    'nb.py',
    '\ufeff# Databricks notebook source\nx = 1\n'
  ],
  [
    'databricks with CRLF',
    'nb.py',
    '# Databricks notebook source\r\nx = 1\r\n\r\n# COMMAND ----------\r\n\r\n# MAGIC %md # T\r\n'
  ],
  [
    'databricks with CR only',
    'nb.py',
    '# Databricks notebook source\rx = 1\r# COMMAND ----------\ry = 2'
  ],
  [
    'a short COMMAND marker',
    'nb.py',
    '# Databricks notebook source\nx = 1\n# COMMAND --\ny = 2\n'
  ],
  [
    'COMMAND markers only',
    'nb.py',
    '# Databricks notebook source\n# COMMAND ----------\n# COMMAND ----------\n# COMMAND ----------'
  ],
  [
    'a MAGIC line without a magic',
    'nb.py',
    '# Databricks notebook source\n# MAGIC\n# MAGIC \n'
  ],
  [
    'MAGIC %md with nothing after',
    'nb.py',
    '# Databricks notebook source\n# MAGIC %md'
  ],
  [
    'MAGIC lines mixed with code',
    'nb.py',
    '# Databricks notebook source\n# MAGIC %sql\nSELECT 1\n# MAGIC %python\nx = 1\n'
  ],
  [
    'MAGIC %%',
    'nb.py',
    '# Databricks notebook source\n# MAGIC %%\n# MAGIC %%%'
  ],
  [
    'MAGIC %run with no path',
    'nb.py',
    '# Databricks notebook source\n# MAGIC %run\n'
  ],
  [
    'DBTITLE with no title',
    'nb.py',
    '# Databricks notebook source\n# DBTITLE 1,\nx = 1\n# DBTITLE\n'
  ],
  [
    'a sql header',
    'nb.sql',
    '-- Databricks notebook source\nSELECT 1;\n-- COMMAND ----------\n-- MAGIC %python\n-- MAGIC x = 1'
  ],
  [
    'a scala header',
    'nb.scala',
    '// Databricks notebook source\nval x = 1\n// COMMAND ----------\n// MAGIC %md hi'
  ],
  [
    'a header not on line 1',
    'nb.py',
    '\n# Databricks notebook source\nx = 1\n# %%\ny = 2'
  ],
  ['percent marker only', 'nb.py', '# %%'],
  ['percent markers only', 'nb.py', '# %%\n# %%\n#%%\n# %% '],
  ['percent markdown with nothing', 'nb.py', '# %% [markdown]'],
  [
    'percent broken cell type',
    'nb.py',
    '# %% [markdown\nx = 1\n# %% []\n# %% [raw]\n'
  ],
  [
    'percent broken tags',
    'nb.py',
    '# %% tags=["a"\nx = 1\n# %% tags=[1, null]\ny = 2\n# %% {"tags": [\nz = 3'
  ],
  [
    'percent title with odd characters',
    'nb.py',
    '# %% Title "quoted" \\ ünï 😀 tags=\nx = 1'
  ],
  [
    'percent markdown lines without "# "',
    'nb.py',
    '# %% [markdown]\nplain line\n#no space\n#\n# %%\nx = 1'
  ],
  [
    'percent with a NUL-free binary-ish line',
    'nb.py',
    '# %%\nx = "\u0001\u0002\u001b[31m"\n'
  ],
  [
    'percent with CRLF and a cell magic',
    'nb.py',
    '# %%\r\n%%time\r\nx = 1\r\n# %% [markdown]\r\n# hi\r\n'
  ],
  [
    'percent with a lone surrogate',
    'nb.py',
    '# %%\nx = "\ud800"\n# %% [markdown]\n# \udc00\n'
  ],
  [
    'percent with an unterminated string across cells',
    'nb.py',
    '# %%\nx = """\n# %%\ny = 1\n"""'
  ],
  [
    'a mix of both formats',
    'nb.py',
    '# Databricks notebook source\n# %%\nx = 1\n# COMMAND ----------\n# %% [markdown]\n# MAGIC %md hi'
  ]
];

/** Notebooks built around odd cell sources (each source once, plus one cell before and after). */
export function oddSourceCases(): FuzzCase[] {
  return ODD_SOURCES.map(([what, source]) => ({
    name: `a cell with ${what}`,
    file: 'odd.ipynb',
    text: notebookText(['import os\nbase = os.getcwd()', source, 'print(base)'])
  }));
}

export function oddScriptCases(): FuzzCase[] {
  return ODD_SCRIPTS.map(([what, file, text]) => ({
    name: `script: ${what}`,
    file,
    text
  }));
}
