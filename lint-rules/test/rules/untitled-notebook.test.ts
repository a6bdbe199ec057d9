import rule from '../../src/rules/untitled-notebook';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [{ path: 'analysis/churn-model.ipynb', cells: ['x = 1'] }],
  invalid: [
    {
      path: 'work/Untitled3.ipynb',
      cells: ['x = 1'],
      errors: [
        {
          message: 'still named "Untitled3.ipynb"',
          messageId: 'untitled',
          cell: null
        }
      ]
    },
    {
      path: 'Untitled.ipynb',
      cells: [],
      errors: [{ message: '"Untitled.ipynb"', cell: null }]
    }
  ]
});
