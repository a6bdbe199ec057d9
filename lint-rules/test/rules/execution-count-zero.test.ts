/**
 * An execution count of 0 is no run (issue #15, round 14). nbformat's schema allows 0 for
 * `execution_count` (an integer, minimum 0, or null when the cell has not been run), but IPython's
 * counts start at 1 (InteractiveShell.execution_count), so 0 is a placeholder some tools write:
 * the reader reads it as not run, for every rule. The shape is d2l-pytorch's
 * Neural_Style_Transfer.ipynb (cells of count 0 without outputs below cells that ran as [209]),
 * where main reported NB101 "Cell ran as [0] after cell 4 ran as [209]".
 */
import { resolveConfig } from '../../src/config';
import { lintNotebook } from '../../src/engine';
import { readIpynb } from '../../src/notebook/ipynb';
import { notebookText } from './ruleTester';

const strict = resolveConfig({ extends: 'strict' }).rules;

const cells = (last: number) => [
  { code: 'import torch', count: 207 },
  { code: 'X = torch.ones(3)', count: 209 },
  {
    // it reads X, which the cell above bound as [209]: a dependency NB101 reports out of order
    code: 'def content_loss(Y_hat, Y):\n    return (Y_hat - Y).square().mean()\nsize = X.numel()',
    count: last
  },
  { code: 'content_loss(X, X)', count: 210 }
];

function findings(last: number): string[] {
  return lintNotebook(readIpynb('nst.ipynb', notebookText(cells(last))), strict)
    .filter(f => f.ruleCode === 'NB101')
    .map(f => `${f.ruleCode}@${(f.cell ?? 0) + 1}: ${f.message}`);
}

describe('an execution count of 0', () => {
  it('is read as not run', () => {
    const nb = readIpynb('nst.ipynb', notebookText(cells(0)));
    expect(nb.cells.map(c => c.executionCount)).toEqual([207, 209, null, 210]);
  });

  it('is no out-of-order run for NB101', () => {
    expect(findings(0)).toEqual([]);
  });

  it('while a count of 1 below [209] still is', () => {
    expect(findings(1)).toEqual([
      expect.stringMatching(
        /^NB101@3: Cell ran as \[1\] after cell 2 ran as \[209\]/
      )
    ]);
  });

  it('is still no NB101 run where cells of count 0 kept outputs', () => {
    expect(zeroRun('NB101')).toEqual([]);
  });
});

/**
 * The attack review of s17's merges (zero_nr.ipynb): every cell that ran saved count 0 with its
 * outputs, and one cell between them saved null and no output. Reading every 0 as not run made
 * "no code cell has a count" true and silenced NB102; the outputs beside the 0 show the tool ran
 * those cells (the reader's zeroCountRan), so the notebook claims a run and the null cell with
 * no room in the counts around it is reported. A 0 without outputs is still a placeholder.
 */
const out = [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }];
const zeroCells = (middle: number | null, outputs: unknown[] = out) => [
  {
    code: "import pandas as pd\ndf = pd.read_csv('a.csv')",
    count: 0,
    outputs
  },
  { code: 'df = df.dropna()', count: middle },
  { code: 'print(df.shape)', count: 0, outputs },
  { code: 'print(df.mean())', count: 0, outputs }
];

function zeroRun(
  code: string,
  middle: number | null = null,
  outputs: unknown[] = out
): string[] {
  return lintNotebook(
    readIpynb('z.ipynb', notebookText(zeroCells(middle, outputs))),
    strict
  )
    .filter(f => f.ruleCode === code)
    .map(f => `${f.ruleCode}@${(f.cell ?? 0) + 1}: ${f.message}`);
}

describe('cells saved with count 0 and outputs', () => {
  it('claim a run: a cell saved with no count between them is NB102', () => {
    expect(zeroRun('NB102')).toEqual([
      expect.stringMatching(/^NB102@2: Cell was never executed/)
    ]);
  });

  it('while one saved with count 0 and no output between them ran silently as they did', () => {
    expect(zeroRun('NB102', 0)).toEqual([]);
  });

  it('and counts of 0 without outputs claim nothing', () => {
    expect(zeroRun('NB102', null, [])).toEqual([]);
  });
});
