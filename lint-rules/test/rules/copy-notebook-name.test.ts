import rule from '../../src/rules/copy-notebook-name';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { path: 'copy_trading.ipynb', cells: [] },
    { path: 'train.ipynb', cells: [] }
  ],
  invalid: [
    {
      path: 'train-Copy1.ipynb',
      cells: [],
      errors: [
        {
          message: '"train-Copy1.ipynb" looks like a copy',
          messageId: 'copy',
          cell: null
        }
      ]
    },
    {
      path: 'eda (copy).ipynb',
      cells: [],
      errors: [{ message: 'looks like a copy', cell: null }]
    }
  ]
});
