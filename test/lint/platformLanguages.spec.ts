/**
 * The lab's snapshot and the CLI's reader give every cell the same language: the snapshot reads
 * each cell from a one-cell document, which sees neither the notebook's metadata (a Databricks
 * export) nor its other cells (a `dbutils` call that makes a plain-kernelspec notebook
 * Databricks'), so the languages come from the library's one owner, withPlatformLanguages
 * (round 10's attack review, D5).
 */
import { readIpynb } from '@nbcraft/lint-rules';

import { NotebookSnapshotBuilder } from '../../src/lint/notebookSnapshot';
import { notebookInputFromJson } from './helpers';

const code = (source: string) => ({
  cell_type: 'code',
  metadata: {},
  source,
  outputs: [],
  execution_count: null
});
const kernelspec = {
  name: 'python3',
  display_name: 'Python 3',
  language: 'python'
};

function languages(json: Record<string, unknown>) {
  const cli = readIpynb('n.ipynb', JSON.stringify(json)).cells.map(
    c => c.language
  );
  const lab = new NotebookSnapshotBuilder()
    .build(notebookInputFromJson('n.ipynb', json))
    .cells.map(c => c.language);
  return { cli, lab };
}

describe('snapshot and reader languages', () => {
  it.each([
    [
      'a plain-kernelspec notebook that calls dbutils',
      { kernelspec },
      "x = dbutils.widgets.get('x')",
      ['python', 'sql', 'markdown']
    ],
    [
      'a Databricks export (its metadata says so)',
      {
        'application/vnd.databricks.v1+notebook': { notebookName: 'x' },
        kernelspec
      },
      'x = 1',
      ['python', 'sql', 'markdown']
    ],
    [
      "a notebook that loads IPython's SQL magics",
      { kernelspec },
      "%load_ext sql\nx = dbutils.widgets.get('x')",
      ['python', 'python', 'python']
    ]
  ])('%s', (_what, metadata, first, expected) => {
    const { cli, lab } = languages({
      nbformat: 4,
      nbformat_minor: 5,
      metadata,
      cells: [
        { ...code(first), id: 'a' },
        { ...code("%sql\nSELECT * FROM t WHERE a = '${x}'"), id: 'b' },
        { ...code('%md\n# Notes\nsome prose here.'), id: 'c' }
      ]
    });
    expect(cli).toEqual(expected);
    expect(lab).toEqual(cli);
  });
});
