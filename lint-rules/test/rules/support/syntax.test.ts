/**
 * dottedName reads a plainly written chain (`np.random.rand`) from its text and any other one
 * link by link: both ways must give the same name, or null for what is not a dotted name.
 */
import { lintNotebook } from '../../../src/engine/engine';
import { defineRule, LintCell, RuleContext } from '../../../src/engine/types';
import { readNotebook } from '../../../src/notebook';
import { analyzeNotebook } from '../../../src/python';
import {
  callArgs,
  dottedName,
  notebookMentions
} from '../../../src/rules/support/syntax';
import { CellSpec, notebookText } from '../ruleTester';

/** The tree of a one-cell notebook holding `source`, and a LintCell that reads its text. */
function oneCell(source: string) {
  const nb = readNotebook('s.ipynb', notebookText([source]));
  const tree = analyzeNotebook(nb).perCell.get(0)?.parsed.tree;
  if (!tree) {
    throw new Error('no tree');
  }
  const lc = {
    textOf: (n: { from: number; to: number }) => source.slice(n.from, n.to)
  } as LintCell;
  return { tree, lc };
}

/** the dotted name of each call's callee in a one-cell notebook, in source order */
function calleesOf(source: string): (string | null)[] {
  const { tree, lc } = oneCell(source);
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

describe('notebookMentions', () => {
  /** lints a notebook of these cells with a rule that only calls `ask` with its context */
  function probe(cells: CellSpec[], ask: (context: RuleContext) => void) {
    const rule = defineRule({
      meta: {
        code: 'NB999',
        id: 'probe',
        category: 'code-quality',
        description: 'test probe',
        defaultSeverity: 'warning',
        recommended: false,
        messages: {}
      },
      create(context) {
        ask(context);
        return {};
      }
    });
    lintNotebook(readNotebook('m.ipynb', notebookText(cells)), [
      { rule, severity: 'warning', options: {} }
    ]);
  }

  /** what notebookMentions says for `word` in a notebook of these cells */
  function mentions(cells: CellSpec[], word: string): boolean {
    let said: boolean | undefined;
    probe(cells, context => {
      said = notebookMentions(context, word);
    });
    if (said === undefined) {
      throw new Error('the probe did not run');
    }
    return said;
  }

  it('finds the word in a code cell whose tree the engine walks', () => {
    expect(mentions([{ md: '# t' }, 'x = 1', 'os.chdir("/x")'], 'chdir')).toBe(
      true
    );
    // in a comment or a string too: it is text of the cell
    expect(mentions(['x = 1  # chdir'], 'chdir')).toBe(true);
  });

  it('finds the word in a cell that imports it under an alias', () => {
    // the target is the module path the alias stands for, whatever the cells spell
    expect(mentions(['import mlflow as m\nm.start_run()'], 'mlflow')).toBe(
      true
    );
  });

  it('does not read cells whose tree is not walked (no node hook runs there)', () => {
    expect(mentions([{ md: 'call os.chdir' }, 'x = 1'], 'chdir')).toBe(false);
    expect(mentions([{ raw: 'os.chdir(p)' }, 'x = 1'], 'chdir')).toBe(false);
    // a Python cell that does not parse, and a cell in another language
    expect(mentions(['os.chdir(p', 'x = 1'], 'chdir')).toBe(false);
    expect(mentions(['%%bash\ncd chdir', 'x = 1'], 'chdir')).toBe(false);
  });

  /**
   * What notebookMentions says for each of `words`, asked in order by one rule per notebook, for
   * each notebook in turn: from the second notebook on, the first question answers every word
   * asked before in one pass over the cells (the path a CLI run takes for all but its first file).
   */
  function mentionsAll(notebooks: CellSpec[][], words: string[]): boolean[][] {
    const said: boolean[][] = [];
    for (const cells of notebooks) {
      probe(cells, context => {
        said.push(words.map(w => notebookMentions(context, w)));
      });
    }
    return said;
  }

  /** the definition: a substring of a walked cell's source or of an import alias's target */
  function naive(cells: CellSpec[], word: string): boolean {
    const nb = readNotebook('m.ipynb', notebookText(cells));
    const analysis = analyzeNotebook(nb);
    return nb.cells.some(cell => {
      const a = analysis.perCell.get(cell.index);
      return (
        cell.kind === 'code' &&
        cell.language === 'python' &&
        !!a?.parsed.ok &&
        !a.parsed.masked.cellLanguage &&
        (cell.source.includes(word) ||
          (a.scope?.imports ?? []).some(imp =>
            (imp.name === undefined
              ? imp.module
              : imp.name === '*'
                ? imp.module
                : `${imp.module}.${imp.name}`
            ).includes(word)
          ))
      );
    });
  }

  it('answers every gate word in one pass as each word alone would', () => {
    // words that begin one another at one place, overlap, hold regex syntax, or occur only
    // in markdown, in a cell that does not parse, or in an alias's target
    const words = [
      'MLFLOW_',
      'MLFLOW_TRACKING',
      'abcab',
      'cab',
      'models:/',
      'a.b',
      '(x)',
      'chdir',
      'only_md',
      'unparsed',
      'sklearn.model_selection'
    ];
    const notebooks: CellSpec[][] = [
      ['x = 1'],
      [
        { md: 'only_md and chdir' },
        'os.environ["MLFLOW_TRACKING_URI"] = u',
        's = "abcab"',
        'u = "models:/m/1"\nf(x) # (x)',
        'unparsed(',
        'from sklearn.model_selection import train_test_split as tts'
      ],
      ['s = "xabcabx"', 'axb = 1', 'MLFLOW_ = 2'],
      ['import os\nos.chdir("/tmp")', 'y = "zcabz"']
    ];
    const said = mentionsAll(notebooks, words);
    const expected = notebooks.map(cells => words.map(w => naive(cells, w)));
    expect(said).toEqual(expected);
    // the cases the table is there for
    expect(expected[1]).toEqual([
      true, // MLFLOW_ at the same place as the longer word
      true,
      true,
      true, // `cab` inside `abcab`, where the scan found `abcab` first
      true,
      false, // `a.b` is not a pattern: `axb` in the next notebook is no match either
      true,
      false, // chdir only in markdown
      false,
      false, // only in a cell that does not parse
      true
    ]);
    expect(expected[2][5]).toBe(false);
  });
});

describe('callArgs', () => {
  /** the first call's positional arguments and keywords (name -> value text) */
  function argsOf(source: string): {
    positional: string[];
    keywords: string[][];
    splat: boolean;
  } {
    const { tree, lc } = oneCell(source);
    const cursor = tree.cursor();
    while (cursor.name !== 'CallExpression' && cursor.next()) {
      // to the first call
    }
    const args = callArgs(cursor.node, lc);
    return {
      positional: args.positional.map(n => lc.textOf(n)),
      keywords: [...args.keywords].map(([k, v]) => [k, lc.textOf(v)]),
      splat: args.hasSplat
    };
  }

  it('reads positional and keyword arguments', () => {
    expect(argsOf('f(a, b, step=3, *rest)')).toEqual({
      positional: ['a', 'b'],
      keywords: [['step', '3']],
      splat: true
    });
  });

  it('takes comments inside the parentheses for what they are: no arguments', () => {
    expect(
      argsOf(
        'log_metric(  # the metric\n    "loss",  # its name\n    value,\n    step  # the epoch\n    =  # still the keyword\n    epoch,\n    # nothing after\n)'
      )
    ).toEqual({
      positional: ['"loss"', 'value'],
      keywords: [['step', 'epoch']],
      splat: false
    });
    expect(argsOf('f(**  # all of them\n kw, x=1)')).toEqual({
      positional: [],
      keywords: [['x', '1']],
      splat: true
    });
  });
});
