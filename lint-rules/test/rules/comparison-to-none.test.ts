import rule from '../../src/rules/comparison-to-none';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [{ cells: ['if x is None or y is not None:\n    pass\nz = a == b'] }],
  invalid: [
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
