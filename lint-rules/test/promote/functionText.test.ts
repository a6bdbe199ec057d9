/**
 * Steps 7 and 8 of planPromotion (functionText.ts): the function's name, its docstring, body
 * and return line.
 */
import type { DisplayedExpression } from '../../src/promote/display';
import {
  buildFunctionText,
  chooseFunctionName,
  headingAbove
} from '../../src/promote/functionText';
import { isRefusal } from '../../src/promote/planContext';
import { notebookOf, planContextOf, type CellSpec } from './helpers';

describe('chooseFunctionName', () => {
  it.each([
    {
      name: 'from the heading above',
      cells: [{ md: '## Load the *raw* data' }, 'a = 1'] as CellSpec[],
      select: [1],
      asked: undefined,
      expected: 'load_the_raw_data'
    },
    {
      name: 'cell_<n> without a heading',
      cells: ['a = 1', 'b = a'] as CellSpec[],
      select: [1],
      asked: undefined,
      expected: 'cell_2'
    },
    {
      name: 'made unique against the names the notebook uses',
      cells: [{ md: '# Total' }, 'total = 1', 'print(total)'] as CellSpec[],
      select: [1],
      asked: undefined,
      expected: 'total_2'
    },
    {
      name: 'the name asked for',
      cells: ['a = 1'] as CellSpec[],
      select: [0],
      asked: 'make_a',
      expected: 'make_a'
    },
    {
      name: 'asked for, but no identifier',
      cells: ['a = 1'] as CellSpec[],
      select: [0],
      asked: '2fast',
      expected: 'bad-function-name'
    },
    {
      name: 'asked for, but the notebook uses it',
      cells: ['a = 1'] as CellSpec[],
      select: [0],
      asked: 'a',
      expected: 'bad-function-name'
    }
  ])('$name', row => {
    const ctx = planContextOf(row.cells, row.select, {
      functionName: row.asked
    });
    const result = chooseFunctionName(ctx, { params: [], returns: [] });
    expect(isRefusal(result) ? result.reasons[0].code : result.name).toBe(
      row.expected
    );
  });

  it('reads a Databricks %md heading', () => {
    const nb = notebookOf([{ md: '%md\n### Clean rows' }, 'a = 1']);
    expect(headingAbove(nb, 1)).toBe('Clean rows');
  });
});

describe('buildFunctionText', () => {
  const text = (
    cells: CellSpec[],
    select: number[],
    signature: { params: string[]; returns: string[] },
    display: DisplayedExpression | null = null
  ) => {
    const ctx = planContextOf(cells, select);
    const result = buildFunctionText(
      ctx,
      { ...signature, selectionBinds: new Set(['b']) },
      display,
      { name: 'step', heading: 'Step one', notebookNames: new Set(['a', 'b']) }
    );
    if (isRefusal(result)) return result.reasons[0].code;
    return result.text('step');
  };

  it.each([
    {
      name: 'body indented, names returned',
      cells: ['a = 1', 'b = a + 1'] as CellSpec[],
      signature: { params: ['a'], returns: ['b'] },
      display: null,
      expected:
        'def step(a):\n    """Step one.\n\n    Promoted from analysis.ipynb.\n    """\n    b = a + 1\n    return b'
    },
    {
      name: 'a displayed expression is returned',
      cells: ['a = 1', 'a * 2'] as CellSpec[],
      signature: { params: ['a'], returns: [] },
      display: {
        lines: [{ text: 'a * 2', indentable: true }],
        viaDisplayCall: false
      },
      expected:
        'def step(a):\n    """Step one.\n\n    Promoted from analysis.ipynb.\n    """\n    return a * 2'
    },
    {
      name: 'a displayed expression beside returned names gets a local',
      cells: ['a = 1', 'b = a + 1'] as CellSpec[],
      signature: { params: ['a'], returns: ['b'] },
      display: {
        lines: [{ text: 'a * 2', indentable: true }],
        viaDisplayCall: false
      },
      expected:
        'def step(a):\n    """Step one.\n\n    Promoted from analysis.ipynb.\n    """\n    b = a + 1\n    displayed = a * 2\n    return b, displayed'
    },
    {
      name: 'only a comment: nothing to promote',
      cells: ['a = 1', '# just a note'] as CellSpec[],
      signature: { params: [], returns: [] },
      display: null,
      expected: 'nothing-to-promote'
    }
  ])('$name', row => {
    expect(text(row.cells, [1], row.signature, row.display)).toBe(row.expected);
  });

  it('notes in-place changes of a parameter in the docstring and warns', () => {
    const ctx = planContextOf(['rows = []', 'rows.append(1)'], [1]);
    const result = buildFunctionText(
      ctx,
      { params: ['rows'], returns: [], selectionBinds: new Set() },
      null,
      { name: 'step', heading: null, notebookNames: new Set(['rows']) }
    );
    if (isRefusal(result)) throw new Error(JSON.stringify(result.reasons));
    expect(result.mutations).toEqual(['rows']);
    expect(result.warnings.map(w => w.code)).toEqual(['mutates-param']);
    expect(result.text('step')).toContain('Mutates ``rows`` in place.');
  });
});
