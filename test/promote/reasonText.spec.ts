import { nullTranslator } from '@jupyterlab/translation';
import { planPromotion, readNotebook } from '@nbcraft/lint-rules';

import {
  describeHint,
  describeReason,
  describeWarning
} from '../../src/promote/reasonText';
import { marked } from '../core/markedTranslator';

/** The plan for `select` of a notebook of these code cells, read by the library's reader. */
function planOf(sources: string[], select: number[]) {
  const notebook = readNotebook(
    'a.ipynb',
    JSON.stringify({
      cells: sources.map((source, i) => ({
        cell_type: 'code',
        id: `c${i}`,
        metadata: {},
        outputs: [],
        execution_count: null,
        source
      })),
      metadata: { kernelspec: { name: 'python3', language: 'python' } },
      nbformat: 4,
      nbformat_minor: 5
    })
  );
  return planPromotion({
    notebook,
    cells: select,
    modulePath: 'src/pkg/m.py',
    testsDir: 'tests'
  });
}

function refusalOf(source: string) {
  const result = planOf([source], [0]);
  if (result.ok) {
    throw new Error('expected a refusal');
  }
  return result.reasons[0];
}

describe('the promote dialog’s refusal lines', () => {
  const trans = { ...nullTranslator.load('nbcraft'), ...marked };

  it('translate the library’s template, then fill in the names', () => {
    const reason = refusalOf('from pandas import *\ndf = DataFrame()');
    // the template went through the translator; the module name was filled in afterwards
    expect(describeReason(reason, trans)).toBe(
      '«cell %1, line %2: %3»[1|1|«`from pandas import *`: the names it binds cannot be known»[]]'
    );
    expect(describeHint(reason, trans)).toBe(
      '«import the names you use explicitly (`from pandas import a, b`)»[]'
    );
  });

  it('say the English the CLI prints when nothing translates them', () => {
    const reason = refusalOf('x = (1,');
    const english = nullTranslator.load('nbcraft');
    expect(describeHint(reason, english)).toBe(reason.hint);
    expect(describeReason(reason, english)).toBe(
      `cell 1, line 1: ${reason.message}`
    );
  });
});

describe('the promote preview’s warning lines', () => {
  it('translate the library’s template, then fill in the names', () => {
    const trans = { ...nullTranslator.load('nbcraft'), ...marked };
    const result = planOf(['xs = [3, 1]', 'xs.sort()', 'print(xs)'], [1]);
    if (!result.ok) {
      throw new Error('expected a plan');
    }
    const [warning] = result.warnings.filter(w => w.code === 'mutates-param');
    // it was English written in place: «...» shows the translator saw the template
    expect(describeWarning(warning, trans)).toBe(
      '«the function changes its argument `xs` in place, as the cells did»[]'
    );
    expect(describeWarning(warning, nullTranslator.load('nbcraft'))).toBe(
      warning.message
    );
  });
});
