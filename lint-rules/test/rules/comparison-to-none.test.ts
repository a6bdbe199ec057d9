import rule from '../../src/rules/comparison-to-none';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [{ cells: ['if x is None or y is not None:\n    pass\nz = a == b'] }],
  invalid: [
    {
      name: 'the unsafe fix uses is / is not',
      cells: ['if result == None or other != None:\n    pass'],
      errors: [
        {
          message: '"== None"',
          cell: 1,
          line: 1,
          column: 4,
          endLine: 1,
          endColumn: 18
        },
        {
          message: '"!= None"',
          cell: 1,
          line: 1,
          column: 22,
          endLine: 1,
          endColumn: 35
        }
      ],
      unsafe: true,
      output: ['if result is None or other is not None:\n    pass']
    },
    {
      cells: ['if x == None:\n    pass', 'ok = None != y'],
      errors: [
        {
          message: 'Comparison "== None"',
          messageId: 'eq',
          cell: 1,
          line: 1,
          column: 4
        },
        {
          message: 'Comparison "!= None"',
          messageId: 'ne',
          cell: 2,
          line: 1,
          column: 6
        }
      ]
    }
  ]
});
