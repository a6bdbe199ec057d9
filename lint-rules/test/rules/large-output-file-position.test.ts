/**
 * Where NB307's finding sits in the file: on the cell's "outputs" member, however the notebook
 * was written. Round 20 (PacktPublishing's Azure-Databricks-Cookbook, 3-7.OutputPartition.ipynb)
 * is one 612 KB line with no space after the colons: the finding's file position fell back to
 * the start of the cell's "source" array, 225 columns before its "outputs".
 */
import { resolveConfig } from '../../src/config';
import { lintNotebook } from '../../src/engine';
import { readNotebook } from '../../src/notebook/read';

const big = { output_type: 'stream', name: 'stdout', text: ['x'.repeat(3000)] };
const notebook = {
  cells: [
    { cell_type: 'markdown', metadata: {}, source: ['# Partitions'] },
    {
      cell_type: 'code',
      execution_count: 1,
      metadata: {},
      // a source that names the key itself: escaped in the file, never the member
      source: ['print("\\"outputs\\": [")'],
      outputs: [big]
    }
  ],
  metadata: { kernelspec: { name: 'python3', language: 'python' } },
  nbformat: 4,
  nbformat_minor: 5
};
const config = resolveConfig({
  extends: 'recommended',
  rules: { 'large-output': ['warn', { maxKilobytes: 2 }] }
}).rules;

function nb307(text: string) {
  const found = lintNotebook(readNotebook('out.ipynb', text), config).filter(
    f => f.ruleCode === 'NB307'
  );
  expect(found).toHaveLength(1);
  return found[0].file;
}

describe('NB307 file position', () => {
  it('is the "outputs" member in a notebook saved as one line', () => {
    const text = JSON.stringify(notebook);
    const file = nb307(text);
    const at = text.indexOf('"outputs":[');
    expect(file).toEqual({
      line: 1,
      column: at + 1,
      endLine: 1,
      endColumn: at + '"outputs":['.length + 1
    });
  });

  it('and in one written by nbformat (indented, a space after the colon)', () => {
    const text = JSON.stringify(notebook, null, 1);
    const file = nb307(text);
    const lines = text.split('\n');
    expect(lines[file.line - 1].slice(file.column - 1)).toBe('"outputs": [');
  });
});
