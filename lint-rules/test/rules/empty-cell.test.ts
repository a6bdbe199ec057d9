import rule from '../../src/rules/empty-cell';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [{ cells: ['x = 1', { md: '# t' }, { raw: '' }] }],
  invalid: [
    {
      cells: ['x = 1', '', { md: '  \n' }],
      errors: [
        {
          message: 'Empty code cell',
          messageId: 'empty',
          cell: 2,
          line: 1,
          column: 1
        },
        { message: 'Empty Markdown cell', cell: 3, line: 1, column: 1 }
      ]
    }
  ]
});
