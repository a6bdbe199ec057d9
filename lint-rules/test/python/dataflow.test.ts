import * as fs from 'fs';
import * as path from 'path';
import { readNotebook } from '../../src/notebook';
import { analyzeNotebook } from '../../src/python';

function ipynb(sources: (string | { md: string } | { sql: string })[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 4,
    metadata: { kernelspec: { language: 'python' } },
    cells: sources.map(s =>
      typeof s === 'string'
        ? {
            cell_type: 'code',
            metadata: {},
            source: s,
            outputs: [],
            execution_count: null
          }
        : 'md' in s
          ? { cell_type: 'markdown', metadata: {}, source: s.md }
          : {
              cell_type: 'code',
              metadata: {},
              source: `%%sql\n${s.sql}`,
              outputs: [],
              execution_count: null
            }
    )
  });
}

describe('analyzeNotebook dataflow', () => {
  const nb = readNotebook(
    'flow.ipynb',
    ipynb([
      { md: '# Title' }, // 0
      'import pandas as pd\nraw = pd.read_csv(path)', // 1
      'df = raw.dropna()\ntmp = 1', // 2
      { sql: 'SELECT 1' }, // 3
      'df = df[df.x > 0]\ndel tmp', // 4
      'summary = df.describe()\nprint(tmp)', // 5
      'x = (', // 6: does not parse
      'plot(summary, df, later)', // 7
      'later = 1' // 8
    ])
  );
  const { perCell, dataflow } = analyzeNotebook(nb);

  it('analyses only Python code cells, in notebook order', () => {
    expect([...perCell.keys()]).toEqual([1, 2, 4, 5, 6, 7, 8]);
    expect(perCell.get(6)?.scope).toBeNull();
    expect(dataflow.cells.map(c => c.cell)).toEqual([1, 2, 4, 5, 6, 7, 8]);
  });

  it('resolves each read to the most recent earlier defining cell', () => {
    const reads = (cell: number) =>
      dataflow.cells.find(c => c.cell === cell)?.reads;
    expect(reads(1)).toEqual([{ name: 'path', from: null }]);
    expect(reads(2)).toEqual([{ name: 'raw', from: 1 }]);
    expect(reads(4)).toEqual([
      { name: 'df', from: 2 },
      { name: 'tmp', from: 2 }
    ]);
    // tmp was deleted by cell 4: cell 5 finds no definition
    expect(reads(5)).toEqual([
      { name: 'df', from: 4 },
      { name: 'print', from: null },
      { name: 'tmp', from: null }
    ]);
    // `later` is defined only below its use
    expect(reads(7)).toEqual([
      { name: 'plot', from: null },
      { name: 'summary', from: 5 },
      { name: 'df', from: 4 },
      { name: 'later', from: null }
    ]);
    expect(dataflow.cells.find(c => c.cell === 2)?.defines).toEqual([
      'df',
      'tmp'
    ]);
  });

  it('laterReads: what cells after a selection read from it', () => {
    expect(dataflow.laterReads([4])).toEqual(new Set(['df']));
    // cell 4 reads df and tmp from cell 2; raw is read only inside the selection
    expect(dataflow.laterReads([2])).toEqual(new Set(['df', 'tmp']));
    expect(dataflow.laterReads([1, 2])).toEqual(new Set(['df', 'tmp']));
    expect(dataflow.laterReads([1])).toEqual(new Set(['raw']));
    expect(dataflow.laterReads([5])).toEqual(new Set(['summary']));
    expect(dataflow.laterReads([4, 5])).toEqual(new Set(['summary', 'df']));
  });

  it('a name the cell binds on some path is a dependency only when an earlier cell defines it', () => {
    const flow = analyzeNotebook(
      readNotebook(
        'loop.ipynb',
        ipynb([
          'for i in range(3):\n    last = i\nprint(last)',
          'if c:\n    last = 0\nprint(last)'
        ])
      )
    ).dataflow;
    expect(flow.cells[0].reads).toEqual([
      { name: 'range', from: null },
      { name: 'print', from: null }
    ]);
    expect(flow.cells[1].reads).toEqual([
      { name: 'c', from: null },
      { name: 'print', from: null },
      { name: 'last', from: 0 }
    ]);
  });

  it('reuses cached analyses of unchanged cells', () => {
    const cache = new Map();
    const first = analyzeNotebook(nb, { cache });
    expect(cache.size).toBe(7);
    const again = analyzeNotebook(nb, { cache });
    expect(again.perCell.get(2)).toBe(first.perCell.get(2));
    expect(again.dataflow.cells).toEqual(first.dataflow.cells);
    const edited = readNotebook('flow.ipynb', ipynb(['a = 1', 'b = a']));
    const r = analyzeNotebook(edited, { cache });
    expect(cache.size).toBe(9);
    expect(r.dataflow.cells[1].reads).toEqual([{ name: 'a', from: 0 }]);
  });

  it('works on Databricks source files, skipping %sql and %md cells', () => {
    const file = path.join(
      __dirname,
      '..',
      'fixtures',
      'notebooks',
      'databricks-example.py'
    );
    const dbx = readNotebook(
      'databricks-example.py',
      fs.readFileSync(file, 'utf8')
    );
    const r = analyzeNotebook(dbx);
    expect([...r.perCell.keys()]).toEqual([1, 2, 4, 5]);
    expect(r.perCell.get(1)?.parsed.masked.magics[0]).toMatchObject({
      kind: 'line-magic',
      name: 'pip',
      args: 'install pandas==2.1.0'
    });
    expect(r.perCell.get(4)?.parsed.masked.magics[0]).toMatchObject({
      name: 'run',
      args: './helpers'
    });
    expect(r.dataflow.cells.find(c => c.cell === 5)?.reads).toEqual([
      { name: 'df', from: 2 },
      { name: 'print', from: null }
    ]);
  });
});
