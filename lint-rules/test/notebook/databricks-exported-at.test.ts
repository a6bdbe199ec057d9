/**
 * Databricks' source export as it was until 2016 (issue #15, round 14): the header line carries the
 * export time, `# Databricks notebook source exported at Sun, 26 Jun 2016 01:47:13 UTC`, and the
 * rest is today's format (`COMMAND ----------` separators, `MAGIC` lines). The shapes are
 * lamastex/scalable-data-science's 2016 course exports (Python and Scala), which main did not read
 * as notebooks at all.
 */
import { resolveConfig } from '../../src/config';
import { lintNotebook } from '../../src/engine';
import { isPython2Notebook } from '../../src/notebook/languages';
import { isNotebookPath, readNotebook } from '../../src/notebook/read';

const PYTHON_2016 = [
  '# Databricks notebook source exported at Sun, 26 Jun 2016 01:47:13 UTC',
  '# MAGIC %md',
  '# MAGIC ### Course Project',
  '',
  '# COMMAND ----------',
  '',
  'from pyspark.ml import Pipeline',
  "tweets = sqlContext.read.parquet('/mnt/tweets')",
  ''
].join('\n');

const SCALA_2016 = [
  '// Databricks notebook source exported at Sat, 18 Jun 2016 06:00:19 UTC',
  '// MAGIC %md ',
  '// MAGIC Testing Scala Notebook integration with github',
  '',
  '// COMMAND ----------',
  '',
  'val df = sqlContext.read.json("/mnt/iot")',
  ''
].join('\n');

describe("a Databricks source file with the 2016 'exported at' header", () => {
  it('is read as a Databricks notebook, its cells split as today', () => {
    expect(isNotebookPath('047_TA03.py', PYTHON_2016)).toBe(true);
    const nb = readNotebook('047_TA03.py', PYTHON_2016);
    expect(nb.format).toBe('databricks');
    expect(nb.cells.map(c => [c.kind, c.language])).toEqual([
      ['markdown', 'markdown'],
      ['code', 'python']
    ]);
    expect(nb.cells[1].source).toBe(
      "from pyspark.ml import Pipeline\ntweets = sqlContext.read.parquet('/mnt/tweets')"
    );
    // the same cells as the file with today's header
    const today = readNotebook(
      'today.py',
      PYTHON_2016.replace(/ exported at [^\n]*/, '')
    );
    expect(nb.cells.map(c => c.source)).toEqual(today.cells.map(c => c.source));
  });

  it('in Scala too', () => {
    const nb = readNotebook('iot.scala', SCALA_2016);
    expect(nb.format).toBe('databricks');
    expect(nb.cells.map(c => c.language)).toEqual(['markdown', 'scala']);
  });

  it('another word after "source" is no header: a plain script stays no notebook', () => {
    const text = '# Databricks notebook source code, copied by hand\nx = 1\n';
    expect(isNotebookPath('copy.py', text)).toBe(false);
    expect(() => readNotebook('copy.py', text)).toThrow(/not a notebook/);
    expect(
      isNotebookPath(
        'e.py',
        '# Databricks notebook source exported at\nx = 1\n'
      )
    ).toBe(false);
  });

  it("is read as Python 2, the clusters' Python then: `print x` is no NB201 there, as it is today", () => {
    const cell = [
      '# COMMAND ----------',
      '',
      'counts = rdd.map(lambda kv: (kv[0], len(kv[1])))',
      'print counts.take(3)',
      ''
    ].join('\n');
    const strict = resolveConfig({ extends: 'strict' }).rules;
    const syntaxErrors = (text: string) =>
      lintNotebook(readNotebook('wc.py', text), strict).filter(
        f => f.ruleCode === 'NB201'
      ).length;
    const old = `${PYTHON_2016}${cell}`;
    expect(isPython2Notebook(readNotebook('wc.py', old))).toBe(true);
    expect(syntaxErrors(old)).toBe(0);
    const today = old.replace(/ exported at [^\n]*/, '');
    expect(isPython2Notebook(readNotebook('wc.py', today))).toBe(false);
    expect(syntaxErrors(today)).toBe(1);
  });
});
