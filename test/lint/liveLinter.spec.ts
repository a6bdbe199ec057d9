import { readIpynb, resolveConfig } from '@nbcraft/lint-rules';
import * as path from 'path';

import { LiveNotebookLinter } from '../../src/lint/liveLinter';
import { NotebookSnapshotBuilder } from '../../src/lint/notebookSnapshot';
import {
  chainNotebook,
  editCell,
  FIXTURES,
  notebookInputFromJson,
  readNotebookInput
} from './helpers';

// the lab's default preset with NB101 on: it left `recommended` in session 22, and the fixture's
// out-of-order cell 4 is what these tests check
const rules = resolveConfig({ rules: { NB101: 'warn' } }).rules;

describe('LiveNotebookLinter', () => {
  it('reports the fixture findings located in their cells', () => {
    const linter = new LiveNotebookLinter();
    const report = linter.lint(
      readNotebookInput(
        path.join(FIXTURES, 'lint-demo.ipynb'),
        'lint-demo.ipynb'
      ),
      rules
    );
    const codes = report.findings.map(f => `${f.ruleCode}@${f.cell}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'NB205@1',
        'NB111@2',
        'NB207@3',
        'NB101@4',
        'NB104@4'
      ])
    );
    const undefinedName = report.findings.find(f => f.ruleCode === 'NB104')!;
    expect(undefinedName.start).toEqual({ line: 0, column: 20 });
    expect(undefinedName.end).toEqual({ line: 0, column: 26 });
    expect(
      report.byCell
        .get('cell-4')!
        .map(f => f.ruleCode)
        .sort()
    ).toEqual(['NB101', 'NB104']);
    expect(report.counts.error).toBe(1);
    expect(report.notices).toEqual([]);
  });

  it("checks sparkmagic's %%spark cell as Python when its session is, as nbcraft lint does", () => {
    const code = (id: string, source: string) => ({
      id,
      cell_type: 'code',
      source,
      execution_count: null,
      outputs: [],
      metadata: {}
    });
    const input = (language: string) =>
      notebookInputFromJson('spark.ipynb', {
        metadata: { kernelspec: { name: 'python3', language: 'python' } },
        cells: [
          code(
            'a',
            `%load_ext sparkmagic.magics\n%spark add -s s -l ${language} -u http://livy:8998`
          ),
          code('b', '%%spark\ndef f(:\n  pass')
        ]
      });
    const linter = new LiveNotebookLinter();
    const python = linter.lint(input('python'), rules);
    expect(
      python.findings
        .filter(f => f.ruleCode === 'NB201')
        .map(f => [f.cell, f.start?.line])
    ).toEqual([[1, 1]]);
    const scala = linter.lint(input('scala'), rules);
    expect(scala.findings.filter(f => f.ruleCode === 'NB201')).toEqual([]);
  });

  it('re-analyses only the edited cell, then updates the dataflow of later cells', () => {
    const linter = new LiveNotebookLinter();
    let nb = chainNotebook(50);
    const first = linter.lint(nb, rules);
    expect(first.timing.reanalysedCells).toBe(50);
    expect(first.findings.filter(f => f.ruleCode === 'NB104')).toEqual([]);

    // rename the variable cell 10 defines: cell 11 now reads a name nobody defines
    nb = editCell(nb, 10, 'w10 = v9 * 2\nprint(w10)');
    const second = linter.lint(nb, rules);
    expect(second.timing.reanalysedCells).toBe(1);
    const undefinedNames = second.findings.filter(f => f.ruleCode === 'NB104');
    expect(undefinedNames.map(f => [f.cell, f.message.split('"')[1]])).toEqual([
      [11, 'v10']
    ]);

    // nothing changed: nothing re-analysed, same findings
    const third = linter.lint(nb, rules);
    expect(third.timing.reanalysedCells).toBe(0);
    expect(third.findings).toEqual(second.findings);
  });

  it('follows cells that move, are inserted or deleted (cache keyed by cell id)', () => {
    const linter = new LiveNotebookLinter();
    const nb = chainNotebook(5);
    linter.lint(nb, rules);
    // move the first cell (which defines v0) to the end: cell 0 (was c1) now reads v0 too early
    const moved = { ...nb, cells: [...nb.cells.slice(1), nb.cells[0]] };
    const report = linter.lint(moved, rules);
    expect(report.timing.reanalysedCells).toBe(0);
    const early = report.findings.find(f => f.ruleCode === 'NB103');
    expect(early?.cell).toBe(0);
    expect(report.cells[0].id).toBe('c1');
    // delete a cell
    const deleted = { ...nb, cells: nb.cells.filter(c => c.id !== 'c2') };
    const after = linter.lint(deleted, rules);
    expect(
      after.findings.some(f => f.ruleCode === 'NB104' && f.cell === 2)
    ).toBe(true);
  });

  it('re-lints on execution: a new execution count changes the execution-order findings', () => {
    const linter = new LiveNotebookLinter();
    const nb = chainNotebook(3);
    expect(
      linter.lint(nb, rules).findings.filter(f => f.ruleCode === 'NB101')
    ).toEqual([]);
    const cells = nb.cells.slice();
    cells[0] = { ...cells[0], executionCount: 9 };
    const report = linter.lint({ ...nb, cells }, rules);
    expect(report.timing.reanalysedCells).toBe(0);
    // cell 1 reads v0, which cell 0 re-bound after it ran; cell 2 reads only v1, so its run
    // after cell 1 stands (NB101 reports cells that share data with the later re-run)
    expect(
      report.findings.filter(f => f.ruleCode === 'NB101').map(f => f.cell)
    ).toEqual([1]);
  });

  it('lints with the rules of the config (severity changes and rules switched off)', () => {
    const linter = new LiveNotebookLinter();
    const input = readNotebookInput(
      path.join(FIXTURES, 'lint-demo.ipynb'),
      'lint-demo.ipynb'
    );
    const config = resolveConfig({
      rules: { NB205: 'off', 'undefined-name': 'warn' }
    });
    const report = linter.lint(input, config.rules);
    expect(report.findings.some(f => f.ruleCode === 'NB205')).toBe(false);
    expect(report.findings.find(f => f.ruleCode === 'NB104')?.severity).toBe(
      'warning'
    );
  });

  it('says once that a cell does not parse, and keeps linting the rest', () => {
    const linter = new LiveNotebookLinter();
    const report = linter.lint(
      readNotebookInput(
        path.join(FIXTURES, 'lint-syntax-error.ipynb'),
        'broken.ipynb'
      ),
      rules
    );
    expect(report.notices).toHaveLength(1);
    expect(report.notices[0].kind).toBe('syntax');
    expect(report.notices[0].message).toContain('Cell 3 does not parse');
    expect(report.findings.map(f => f.ruleCode)).toEqual(['NB201']);
  });

  it('says that a non-Python kernel is not checked as Python', () => {
    const linter = new LiveNotebookLinter();
    const report = linter.lint(
      readNotebookInput(path.join(FIXTURES, 'lint-r-kernel.ipynb'), 'r.ipynb'),
      rules
    );
    expect(report.notices.map(n => n.kind)).toEqual(['kernel']);
    expect(report.notices[0].message).toContain('"r"');
    expect(report.findings).toEqual([]);
  });
});

describe('NotebookSnapshotBuilder', () => {
  it('re-reads only changed cells and keeps cell languages from the reader', () => {
    const builder = new NotebookSnapshotBuilder();
    const nb = chainNotebook(4);
    nb.cells[3].source = '%%bash\necho hi';
    let snapshot = builder.build(nb);
    expect(builder.lastRebuiltCells).toBe(4);
    expect(snapshot.cells.map(c => c.language)).toEqual([
      'python',
      'python',
      'python',
      'sh'
    ]);
    snapshot = builder.build(editCell(nb, 1, 'v1 = 2'));
    expect(builder.lastRebuiltCells).toBe(1);
    expect(snapshot.cells[1].source).toBe('v1 = 2');
    expect(snapshot.cells.map(c => c.index)).toEqual([0, 1, 2, 3]);
    expect(snapshot.cells.map(c => c.id)).toEqual(['c0', 'c1', 'c2', 'c3']);
  });

  it('gives the notebook text as the saved file, its cells where the snapshot says', () => {
    const builder = new NotebookSnapshotBuilder();
    const snapshot = builder.build(chainNotebook(3));
    const read = readIpynb('chain.ipynb', snapshot.text);
    expect(read.cells.map(c => [c.id, c.source])).toEqual(
      snapshot.cells.map(c => [c.id, c.source])
    );
    // the same ranges in the file as reading the whole file gives
    expect(snapshot.cells.map(c => c.cellRange)).toEqual(
      read.cells.map(c => c.cellRange)
    );
    expect(snapshot.cells.map(c => c.sourceRange)).toEqual(
      read.cells.map(c => c.sourceRange)
    );
    const end = { line: 1, column: 3 };
    expect(snapshot.cells.map(c => c.toFilePosition(end))).toEqual(
      read.cells.map(c => c.toFilePosition(end))
    );
  });
});
