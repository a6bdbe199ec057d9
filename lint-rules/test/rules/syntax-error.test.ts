import rule from '../../src/rules/syntax-error';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'x = 1',
        '%time y = x + 1',
        '!ls -la',
        '%%sql\nSELECT * FROM t WHERE a = ('
      ]
    },
    { cells: [{ md: 'not ( python' }] }
  ],
  invalid: [
    {
      cells: ['a = 1', 'def f(:\n    pass'],
      errors: [
        {
          message: 'Cell does not parse',
          messageId: 'syntaxError',
          cell: 2,
          line: 1
        }
      ]
    }
  ]
});
