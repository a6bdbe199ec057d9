/**
 * Step 1 of planPromotion (validate.ts): which requests are refused before any planning, with
 * which located reason, and what context a valid request gives the later steps.
 */
import { isRefusal } from '../../src/promote/planContext';
import { validateRequest } from '../../src/promote/validate';
import { notebookOf, type CellSpec } from './helpers';

interface Row {
  name: string;
  cells: CellSpec[];
  select: number[];
  modulePath?: string;
  moduleName?: string;
  /** refusal code, cell and a message fragment; or undefined for a valid request */
  refused?: { code: string; cell?: number; message: string };
}

const rows: Row[] = [
  {
    name: 'no cell selected',
    cells: ['a = 1'],
    select: [],
    refused: { code: 'bad-selection', message: 'no cells selected' }
  },
  {
    name: 'a cell past the end',
    cells: ['a = 1'],
    select: [3],
    refused: { code: 'bad-selection', message: 'cell 4 does not exist' }
  },
  {
    name: 'a skipped code cell',
    cells: ['a = 1', 'b = 2', 'c = 3'],
    select: [0, 2],
    refused: { code: 'bad-selection', cell: 1, message: 'skips code cell 2' }
  },
  {
    name: 'only Markdown',
    cells: [{ md: '# Title' }, 'a = 1'],
    select: [0],
    refused: { code: 'bad-selection', message: 'no code cell' }
  },
  {
    name: 'a module path that is no module',
    cells: ['a = 1'],
    select: [0],
    modulePath: 'src/my-pkg/x.py',
    refused: { code: 'bad-module-path', message: 'cannot be imported' }
  },
  {
    name: 'a module path outside the project',
    cells: ['a = 1'],
    select: [0],
    modulePath: '../pkg/x.py',
    moduleName: 'pkg.x',
    refused: { code: 'bad-module-path', message: 'outside the project' }
  },
  {
    name: 'a cell that does not parse',
    cells: ['a = (1'],
    select: [0],
    refused: { code: 'syntax-error', cell: 0, message: 'cell 1 does not parse' }
  },
  {
    name: 'a SQL cell',
    cells: ['%%sql\nSELECT 1'],
    select: [0],
    refused: { code: 'not-python', cell: 0, message: 'not Python' }
  },
  {
    name: 'a global declaration (found while building the bodies)',
    cells: ['global a\na = 1'],
    select: [0],
    refused: { code: 'global-declaration', cell: 0, message: 'global' }
  },
  {
    name: 'an empty code cell skipped between two selected cells is fine',
    cells: ['a = 1', '', 'b = a'],
    select: [2, 0]
  }
];

describe('validateRequest', () => {
  it.each(rows)('$name', row => {
    const ctx = validateRequest({
      notebook: notebookOf(row.cells),
      cells: row.select,
      modulePath: row.modulePath ?? 'src/pkg/steps.py',
      moduleName: row.moduleName
    });
    if (!row.refused) {
      if (isRefusal(ctx)) throw new Error(JSON.stringify(ctx.reasons));
      expect(ctx.selected).toEqual([...row.select].sort());
      return;
    }
    expect(isRefusal(ctx)).toBe(true);
    if (!isRefusal(ctx)) return;
    const reason = ctx.reasons[0];
    expect(reason.code).toBe(row.refused.code);
    expect(reason.message).toContain(row.refused.message);
    expect(reason.hint).toBeTruthy();
    if (row.refused.cell !== undefined)
      expect(reason.cell).toBe(row.refused.cell);
  });

  it('gives the later steps the cells around the selection and where names were bound', () => {
    const ctx = validateRequest({
      notebook: notebookOf([
        'a = 1',
        { md: '## x' },
        'b = a',
        'a = 2',
        'c = b'
      ]),
      cells: [2],
      modulePath: 'src/pkg/steps.py'
    });
    if (isRefusal(ctx)) throw new Error(JSON.stringify(ctx.reasons));
    expect(ctx.codeCells).toEqual([2]);
    expect(ctx.cellsBefore).toEqual([0]);
    expect(ctx.cellsAfter).toEqual([3, 4]);
    expect(ctx.definedBefore('a')).toBe(0);
    expect(ctx.definedBefore('c')).toBeNull();
    expect(ctx.moduleName).toBe('pkg.steps');
    expect(ctx.bodies.map(b => b.cell)).toEqual([2]);
  });
});
