import rule from '../../src/rules/trailing-whitespace';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [{ cells: ['x = 1\ny = 2', { md: 'line break  \nin markdown' }] }],
  invalid: [
    {
      cells: ['x = 1   \ny = 2\t'],
      errors: [
        {
          message: 'Trailing whitespace',
          messageId: 'trailing',
          cell: 1,
          line: 1,
          column: 6
        },
        { message: 'Trailing whitespace', cell: 1, line: 2, column: 6 }
      ],
      output: ['x = 1\ny = 2']
    }
  ]
});
