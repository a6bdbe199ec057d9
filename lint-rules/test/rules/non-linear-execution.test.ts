import rule from '../../src/rules/non-linear-execution';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
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
