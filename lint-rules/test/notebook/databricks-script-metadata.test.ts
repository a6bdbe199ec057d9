/**
 * A Databricks source file with the notebook's environment as PEP 723 inline metadata (round 19:
 * shannon-barrow/databricks-tpc-di's "TPC-DI Driver.py"): Databricks writes `# /// script`,
 * `# [tool.databricks.environment]`, its keys and `# ///` right after the header line, above the
 * first cell. The block is the file's, not the first cell's: the `# MAGIC %md` title under it
 * is a Markdown cell, as Databricks shows it.
 */
import { resolveConfig } from '../../src/config';
import { lintNotebook } from '../../src/engine';
import { isNotebookPath, readNotebook } from '../../src/notebook/read';

const ENVIRONMENT = [
  '# /// script',
  '# [tool.databricks.environment]',
  '# environment_version = "5"',
  '# dependencies = [',
  '#   "-r /Volumes/main/reqs/requirements.txt",',
  '# ]',
  '# ///'
];
const BODY = [
  '# MAGIC %md',
  '# MAGIC # Welcome to the TPC-DI Spec Implementation',
  '# MAGIC Run the cells below.',
  '',
  '# COMMAND ----------',
  '',
  'import os',
  'print(os.getcwd())',
  '',
  '# COMMAND ----------',
  '',
  'dbutils.widgets.text("scale_factor", "10")',
  '',
  '# COMMAND ----------',
  '',
  'sf = int(dbutils.widgets.get("scale_factor"))',
  'display(spark.table("tpcdi.dim_customer").limit(sf))',
  ''
];
const AFTER_HEADER = [
  '# Databricks notebook source',
  ...ENVIRONMENT,
  ...BODY
].join('\n');
const strict = resolveConfig({ extends: 'strict' }).rules;

describe('a Databricks source file with a PEP 723 environment block', () => {
  it('reads the block as the file\'s: the "# MAGIC %md" under it is the first cell, Markdown', () => {
    const nb = readNotebook('TPC-DI Driver.py', AFTER_HEADER);
    expect(nb.format).toBe('databricks');
    expect(nb.cells.map(c => [c.kind, c.language])).toEqual([
      ['markdown', 'markdown'],
      ['code', 'python'],
      ['code', 'python'],
      ['code', 'python']
    ]);
    expect(nb.cells[0].source).toBe(
      '%md\n# Welcome to the TPC-DI Spec Implementation\nRun the cells below.'
    );
    // the cell's positions map to its own lines of the file (line 9 is "# MAGIC # Welcome ...")
    expect(nb.cells[0].toFilePosition({ line: 1, column: 0 })).toEqual(
      expect.objectContaining({ line: 10, column: 9 })
    );
  });

  it('so NB305 finds the title under it', () => {
    const titles = (text: string) =>
      lintNotebook(readNotebook('driver.py', text), strict).filter(
        f => f.ruleCode === 'NB305'
      );
    expect(titles(AFTER_HEADER)).toEqual([]);
    // near miss: the same file with a code cell first still has no title
    const untitled = AFTER_HEADER.replace(
      /# MAGIC %md\n# MAGIC # Welcome[^\n]*\n/,
      'x = 1\n'
    );
    expect(titles(untitled).length).toBe(1);
  });

  it('above the header line too', () => {
    const before = [
      ...ENVIRONMENT,
      '# Databricks notebook source',
      ...BODY
    ].join('\n');
    expect(isNotebookPath('driver.py', before)).toBe(true);
    const nb = readNotebook('driver.py', before);
    expect(nb.format).toBe('databricks');
    expect(nb.cells.map(c => c.kind)).toEqual([
      'markdown',
      'code',
      'code',
      'code'
    ]);
  });

  it('a block that is never closed, or another comment, stays the first cell', () => {
    const unclosed = [
      '# Databricks notebook source',
      '# /// script',
      '# [tool.databricks.environment]',
      'x = 1'
    ].join('\n');
    expect(readNotebook('u.py', unclosed).cells.map(c => c.source)).toEqual([
      '# /// script\n# [tool.databricks.environment]\nx = 1'
    ]);
    // without a header after it, a leading block makes no Databricks notebook
    expect(
      isNotebookPath('plain.py', [...ENVIRONMENT, 'x = 1'].join('\n'))
    ).toBe(false);
  });
});
