import rule from '../../src/rules/notebook-too-long';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [{ cells: ['a = 1', 'b = 2'], options: { maxCodeCells: 2 } }],
  invalid: [
    {
      cells: ['a = 1', { md: '# x' }, 'b = 2', 'c = 3'],
      options: { maxCodeCells: 2 },
      errors: [
        {
          message: 'Notebook has 3 code cells (limit 2)',
          messageId: 'tooLong',
          cell: 4,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
