/**
 * The Spark-platform guess (`notebookRuntime`'s last step) and its cost: a notebook is read apart
 * from its comments and strings (`codeText`, one pass per code cell) only when its raw text holds
 * both `spark` and a platform storage URI, which what the code tokens say needs.
 */
import * as literals from '../../src/python/literals';
import { notebookRuntime, readNotebook } from '../../src/notebook';
import { readIpynb } from '../../src/notebook/ipynb';
import { notebookText } from '../rules/ruleTester';

const notebook = (...sources: string[]) =>
  readNotebook('n.ipynb', notebookText(sources));

const READ = 'df = spark.read.load("abfss://data@acct.dfs.core.windows.net/x")';

describe('notebookRuntime: the Spark-platform guess', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['reads spark and platform storage through it', [READ], 'spark-platform'],
    [
      'reads spark and the storage in two cells',
      ['x = 1', READ],
      'spark-platform'
    ],
    [
      'makes its own session',
      ['spark = SparkSession.builder.getOrCreate()', READ],
      'ipython'
    ],
    [
      'names the storage only in a comment',
      ['df = spark.read.load(p)  # abfss://data@acct.dfs.x'],
      'ipython'
    ],
    [
      'mentions spark only in a string',
      ['print("spark.read")', 'p = "abfss://data@acct.dfs.x"'],
      'ipython'
    ],
    [
      'shows no platform storage',
      ['df = spark.read.load("/tmp/x")'],
      'ipython'
    ],
    [
      'has no spark at all',
      ['p = "abfss://data@acct.dfs.core.windows.net/x"'],
      'ipython'
    ]
  ])('a plain-kernel notebook that %s', (_, sources, runtime) => {
    expect(notebookRuntime(notebook(...sources))).toBe(runtime);
  });

  it('reads no cell apart from its comments and strings without spark and a platform URI in its text', () => {
    const codeText = jest.spyOn(literals, 'codeText');
    expect(
      notebookRuntime(
        notebook(
          'import pandas as pd',
          'df = spark.read.load("/tmp/x")',
          'print(1)'
        )
      )
    ).toBe('ipython');
    expect(
      notebookRuntime(
        notebook('p = "abfss://data@acct.dfs.core.windows.net/x"', 'print(p)')
      )
    ).toBe('ipython');
    expect(codeText).not.toHaveBeenCalled();
    // where both are in the text, each code cell is read once
    expect(notebookRuntime(notebook('x = 1', READ))).toBe('spark-platform');
    expect(codeText).toHaveBeenCalledTimes(2);
  });
});

/** a one-cell notebook with this metadata, read as a file */
function runtimeOf(metadata: Record<string, unknown>): string {
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata,
    cells: [
      {
        cell_type: 'code',
        id: 'a',
        metadata: {},
        outputs: [],
        execution_count: null,
        source: 'x = 1'
      }
    ]
  };
  return notebookRuntime(readIpynb('n.ipynb', JSON.stringify(nb)));
}

describe('notebookRuntime: Synapse and Fabric (one owner: isSynapseSparkNotebook)', () => {
  it.each([
    [{ kernelspec: { name: 'synapse_pyspark' } }, 'synapse'],
    [{ kernelspec: { name: 'Synapse_PySpark' } }, 'synapse'],
    [{ kernel_info: { name: 'Synapse_PySpark' } }, 'synapse'],
    [{ kernelspec: { name: 'python3' }, saveOutput: true }, 'synapse'],
    [{ kernelspec: { name: 'Synapse_PySpark' }, microsoft: {} }, 'fabric'],
    [{ kernelspec: { name: 'python3' }, trident: {} }, 'fabric'],
    [
      {
        kernelspec: { name: 'synapse_pyspark' },
        microsoft: { language_group: 'jupyter_python' }
      },
      'fabric-python'
    ],
    [{ kernelspec: { name: 'python3' } }, 'ipython']
  ])('%j is %s', (metadata, runtime) => {
    expect(runtimeOf(metadata)).toBe(runtime);
  });
});

describe('the reader and the rules see one runtime decision', () => {
  // round 10, rows 53-58: a Databricks notebook saved with a plain python3 kernelspec is
  // Databricks by its dbutils.widgets calls; the reader read its %sql cells as Python
  it("reads a plain-kernelspec notebook's %sql and %md cells in Databricks' languages when its code calls dbutils", () => {
    const nb = notebook(
      'CATALOG = dbutils.widgets.get("CATALOG")',
      '%sql\nCREATE SCHEMA IF NOT EXISTS ${CATALOG}.ai;',
      '%md\nprose',
      '%pip install x==1'
    );
    expect(notebookRuntime(nb)).toBe('databricks');
    expect(nb.cells.map(c => c.language)).toEqual([
      'python',
      'sql',
      'markdown',
      'python'
    ]);
  });

  it('keeps a %sql cell Python (a line magic) in a notebook that defines its own dbutils', () => {
    const nb = notebook(
      'from databricks.sdk.runtime import dbutils',
      'CATALOG = dbutils.widgets.get("CATALOG")',
      '%sql\nSELECT 1'
    );
    expect(notebookRuntime(nb)).toBe('ipython');
    expect(nb.cells[2].language).toBe('python');
  });
});
