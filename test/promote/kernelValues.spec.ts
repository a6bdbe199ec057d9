/**
 * Kernel values for the characterization test: which names may be asked for, and the
 * expression the kernel evaluates, run here by the real CPython of the project's venv and
 * parsed back exactly as the dialog does it.
 */
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';
import { TextDecoder as NodeTextDecoder } from 'util';

import { planPromotion } from '@nbcraft/lint-rules';

import {
  parseValuesReply,
  valueQuery,
  valuesExpression
} from '../../src/promote/kernelValues';
import type { PromotionPlan } from '@nbcraft/lint-rules';
import { notebookFromModel } from '../../src/promote/session';

// jsdom has no TextDecoder; the browser has.
(globalThis as { TextDecoder?: unknown }).TextDecoder ??= NodeTextDecoder;

function code(id: string, source: string, count: number | null) {
  return {
    cell_type: 'code',
    id,
    metadata: {},
    execution_count: count,
    outputs: [],
    source
  };
}

function notebook(cells: object[]) {
  return notebookFromModel('demo.ipynb', {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        language: 'python',
        display_name: 'Python 3'
      }
    },
    cells
  });
}

function plan(nb: ReturnType<typeof notebook>, cells: number[]): PromotionPlan {
  const result = planPromotion({
    notebook: nb,
    cells,
    modulePath: 'pkg/demo.py'
  });
  if (!result.ok) {
    throw new Error(result.reasons.map(r => r.message).join('; '));
  }
  return result;
}

describe('valueQuery', () => {
  it('asks for inputs and outputs the kernel still holds as the selection saw them', () => {
    const nb = notebook([
      code('a', 'xs = [1, 2]\nk = 3\ntotal = 0', 1),
      code('b', 'total += sum(xs) * k\nlabel = "t"', 2),
      code('c', 'label = label.upper()\nprint(total, label)', 3)
    ]);
    const p = plan(nb, [1]);
    expect(p.params).toEqual(expect.arrayContaining(['total', 'xs', 'k']));
    const query = valueQuery(nb, p);
    // `total` is rebound by the selection: its value now is the output, not the input.
    expect(query?.inputs.sort()).toEqual(['k', 'xs']);
    // `label` is rebound by a later cell: the kernel no longer holds the selection's value.
    expect(query?.outputs).toEqual(['total']);
  });
  it('asks nothing when a selected cell never ran', () => {
    const nb = notebook([
      code('a', 'x = 1', 1),
      code('b', 'y = x + 1', null),
      code('c', 'print(y)', null)
    ]);
    expect(valueQuery(nb, plan(nb, [1]))).toBeNull();
  });
});

const python = path.resolve(__dirname, '../../.venv/bin/python');
const withPython = existsSync(python) ? it : it.skip;

describe('valuesExpression in CPython', () => {
  withPython(
    'round-trips small values, skips huge ones and reads Out[n] for the displayed value',
    () => {
      const query = {
        inputs: ['xs', 'k', 'missing'],
        outputs: ['total', 'big'],
        displayedCount: 7
      };
      const expression = valuesExpression(query);
      const script = [
        'xs = [1, 4, 9]',
        "k = {'a': 'é\\'\"'}",
        'total = 28.5',
        "big = 'x' * 5000",
        "Out = {7: (1, 'two')}",
        `print(repr(eval(${JSON.stringify(expression)})))`
      ].join('\n');
      const printed = execFileSync(python, ['-c', script], {
        encoding: 'utf8'
      });
      const values = parseValuesReply(printed, query);
      expect(values).toEqual({
        inputs: { xs: '[1, 4, 9]', k: `{'a': 'é\\'"'}` },
        outputs: { total: '28.5' },
        displayed: "(1, 'two')"
      });
    }
  );
  it('rejects a reply that is not the base64 string it asked for', () => {
    const query = { inputs: ['x'], outputs: [], displayedCount: null };
    expect(parseValuesReply("'not base64!'", query)).toBeNull();
    expect(parseValuesReply('42', query)).toBeNull();
  });
});
