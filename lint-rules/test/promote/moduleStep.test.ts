/**
 * Step 9 of planPromotion (moduleStep.ts): the imports the module gets, and what happens when
 * the module already exists.
 */
import { specFromBinding } from '../../src/promote/imports';
import { writeModule } from '../../src/promote/moduleStep';
import { isRefusal } from '../../src/promote/planContext';
import type { PromotionRequest } from '../../src/promote/types';
import { planContextOf, type CellSpec } from './helpers';

const fn = (name: string) => `def ${name}():\n    return np.zeros(1)`;

function moduleOf(
  cells: CellSpec[],
  select: number[],
  extra: Partial<PromotionRequest> = {},
  carried = false
) {
  const ctx = planContextOf(cells, select, extra);
  const earlier = ctx.analysisOf(0).scope?.imports ?? [];
  return writeModule(
    ctx,
    carried ? earlier.map(specFromBinding) : [],
    'step',
    fn
  );
}

describe('writeModule', () => {
  it.each([
    {
      name: "the selection's own import moves into the module",
      cells: ['import numpy as np\nx = np.zeros(1)'] as CellSpec[],
      select: [0],
      carried: false,
      extra: {},
      has: ['import numpy as np', 'def step():'],
      warnings: [] as string[]
    },
    {
      name: "an earlier cell's import the body reads is carried",
      cells: ['import numpy as np', 'x = np.zeros(1)'] as CellSpec[],
      select: [1],
      carried: true,
      extra: {},
      has: [
        '"""Functions promoted from analysis.ipynb by nbcraft."""',
        'import numpy as np'
      ],
      warnings: []
    },
    {
      name: 'a relative import warns',
      cells: ['from .util import helper\nx = helper()'] as CellSpec[],
      select: [0],
      carried: false,
      extra: {},
      has: ['from .util import helper'],
      warnings: ['relative-import']
    },
    {
      name: 'a different function of the same name, renamed on request',
      cells: ['x = 1'] as CellSpec[],
      select: [0],
      carried: false,
      extra: {
        existingModuleText: 'def step():\n    return 0\n',
        onConflict: 'rename' as const
      },
      has: ['def step():\n    return 0', 'def step_2():'],
      warnings: ['renamed']
    }
  ])('$name', row => {
    const result = moduleOf(row.cells, row.select, row.extra, row.carried);
    if (isRefusal(result)) throw new Error(JSON.stringify(result.reasons));
    for (const s of row.has) expect(result.text).toContain(s);
    expect(result.warnings.map(w => w.code)).toEqual(row.warnings);
  });

  it('refuses to overwrite a different function of the same name by default', () => {
    const result = moduleOf(['x = 1'], [0], {
      existingModuleText: 'def step():\n    return 0\n'
    });
    expect(isRefusal(result)).toBe(true);
    if (isRefusal(result))
      expect(result.reasons[0].code).toBe('module-conflict');
  });
});
