import rule from '../../src/rules/large-output';
import { runRuleTests } from './ruleTester';

const big = { output_type: 'stream', name: 'stdout', text: ['x'.repeat(3000)] };

runRuleTests(rule, {
  valid: [
    {
      cells: [
        {
          code: 'print(1)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        }
      ]
    }
  ],
  invalid: [
    {
      cells: ['x = 1', { code: 'print(s)', count: 1, outputs: [big] }],
      options: { maxKilobytes: 2 },
      errors: [
        {
          message: 'Cell outputs take 3 KB in the file (limit 2 KB)',
          messageId: 'large',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
