import rule from '../../src/rules/use-before-define';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['import pandas as pd\ndf = pd.DataFrame()', 'df.head()'] },
    {
      name: 'read in a function body is deferred',
      cells: ['def f():\n    return later', 'later = 1\nf()']
    },
    {
      name: 'builtins and IPython names',
      cells: ['print(len([1]))\ndisplay(1)']
    }
  ],
  invalid: [
    {
      cells: ['total = price * 2', 'price = 10'],
      errors: [
        {
          message: '"price" is read here but only defined in cell 2 below',
          messageId: 'definedBelow',
          cell: 1,
          line: 1,
          column: 9
        }
      ]
    },
    {
      cells: [{ md: '# t' }, 'x = 1\nprint(y + x)', 'y = 2'],
      errors: [{ message: '"y"', cell: 2, line: 2, column: 7 }]
    }
  ]
});
