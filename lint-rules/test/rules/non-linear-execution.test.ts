import rule from '../../src/rules/non-linear-execution';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // recommenders-team/recommenders examples/03_evaluate/evaluation.ipynb: the imports and
      // versions cell re-run after everything else
      name: 'a cell of imports and version prints re-run last is no reference for the cells below',
      cells: [
        {
          code: 'import sys\nimport pandas as pd\nfrom recommenders.utils import timer\n\nprint(f"System version: {sys.version}")\nprint("Pandas version:", pd.__version__)',
          count: 36
        },
        { code: 'df = pd.read_csv("x.csv")', count: 2 },
        { code: 'df.head()', count: 3 }
      ]
    },
    {
      cells: [
        { code: 'a = 1', count: 1 },
        { code: 'b = 2', count: 2 },
        { md: '# t' },
        { code: 'c = 3', count: 5 }
      ]
    },
    {
      name: 'never-run cells are ignored',
      cells: [
        { code: 'a = 1', count: 3 },
        { code: 'b = 2', count: null },
        { code: 'c = 3', count: 4 }
      ]
    }
  ],
  invalid: [
    {
      name: 'a cell that imports and also computes is a reference',
      cells: [
        { code: 'import pandas as pd\ndf = pd.read_csv("x.csv")', count: 9 },
        { code: 'df.head()', count: 3 }
      ],
      errors: [
        {
          message: 'ran as [3] after cell 1 ran as [9]',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    },
    {
      cells: [
        { code: 'a = 1', count: 2 },
        { code: 'b = 2', count: 1 },
        { code: 'c = 3', count: 3 }
      ],
      errors: [
        {
          message: 'Cell ran as [1] after cell 1 ran as [2]',
          messageId: 'outOfOrder',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    },
    {
      cells: [
        { code: 'x = 1', count: 7 },
        { md: '# h' },
        { code: 'y = 2', count: 3 },
        { code: 'z = 3', count: 5 }
      ],
      errors: [
        {
          message: 'ran as [3] after cell 1 ran as [7]',
          cell: 3,
          line: 1,
          column: 1
        },
        {
          message: 'ran as [5] after cell 1 ran as [7]',
          cell: 4,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
