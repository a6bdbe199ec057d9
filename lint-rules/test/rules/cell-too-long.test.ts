import rule from '../../src/rules/cell-too-long';
import { runRuleTests } from './ruleTester';

const lines = (n: number) =>
  Array.from({ length: n }, (_, i) => `x${i} = ${i}`).join('\n');

runRuleTests(rule, {
  valid: [
    { cells: [lines(40)] },
    {
      name: 'blank lines do not count',
      cells: [lines(3) + '\n\n\n\n'],
      options: { maxLines: 3 }
    }
  ],
  invalid: [
    {
      cells: ['a = 1', lines(5)],
      options: { maxLines: 3 },
      errors: [
        {
          message: 'Cell has 5 non-blank lines (limit 3)',
          messageId: 'tooLong',
          cell: 2,
          line: 4,
          column: 1
        }
      ]
    }
  ]
});
