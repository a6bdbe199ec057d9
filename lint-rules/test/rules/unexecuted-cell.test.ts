import rule from '../../src/rules/unexecuted-cell';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { name: 'no cell ran (outputs stripped)', cells: ['a = 1', 'b = 2'] },
    {
      name: 'all ran',
      cells: [
        { code: 'a = 1', count: 1 },
        { code: 'b = 2', count: 2 }
      ]
    },
    {
      name: 'empty unexecuted cell',
      cells: [
        { code: 'a = 1', count: 1 },
        { code: '  ', count: null }
      ]
    }
  ],
  invalid: [
    {
      cells: [
        { code: 'a = 1', count: 1 },
        { md: '# x' },
        { code: 'b = a + 1\nprint(b)', count: null }
      ],
      errors: [
        {
          message: 'Cell was never executed',
          messageId: 'neverRun',
          cell: 3,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
