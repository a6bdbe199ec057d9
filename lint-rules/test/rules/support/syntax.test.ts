/**
 * dottedName reads a plainly written chain (`np.random.rand`) from its text and any other one
 * link by link: both ways must give the same name, or null for what is not a dotted name.
 */
import { LintCell } from '../../../src/engine/types';
import { readNotebook } from '../../../src/notebook';
import { analyzeNotebook } from '../../../src/python';
import { dottedName } from '../../../src/rules/support/syntax';
import { notebookText } from '../ruleTester';

/** the dotted name of each call's callee in a one-cell notebook, in source order */
function calleesOf(source: string): (string | null)[] {
  const nb = readNotebook('s.ipynb', notebookText([source]));
  const tree = analyzeNotebook(nb).perCell.get(0)?.parsed.tree;
  if (!tree) {
    throw new Error('no tree');
  }
  const lc = {
    textOf: (n: { from: number; to: number }) => source.slice(n.from, n.to)
  } as LintCell;
  const out: (string | null)[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.name === 'CallExpression') {
      out.push(dottedName(cursor.node.firstChild, lc));
    }
  } while (cursor.next());
  return out;
}

describe('dottedName', () => {
  it('reads plain chains from their text', () => {
    expect(calleesOf('np.random.rand(3)\nprint(1)\na_1.B2._c()')).toEqual([
      'np.random.rand',
      'print',
      'a_1.B2._c'
    ]);
  });

  it('joins the links of chains written with spaces, comments or line breaks', () => {
    expect(
      calleesOf('x = (np .random\n  .rand(3))\ny = (a.  # why\n b.c())')
    ).toEqual(['np.random.rand', 'a.b.c']);
  });

  it('gives null for chains over literals, calls and subscripts', () => {
    expect(
      calleesOf(
        'None.__str__()\nTrue.real.hex()\nf().g()\na[0].b()\n"s".join(x)'
      )
    ).toEqual([null, null, null, 'f', null, null]);
  });

  it('reads names that are not ASCII link by link', () => {
    expect(calleesOf('données.charger()\nπ.x.y()')).toEqual([
      'données.charger',
      'π.x.y'
    ]);
  });
});
