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
    },
    {
      // more lines than the limit, not more non-blank ones: the count of line ends is only a
      // first test; whitespace that trim() removes (tab, form feed, no-break space, U+2028) is blank
      name: 'lines of whitespace only, any kind, with \\r\\n and \\r breaks',
      cells: ['a = 1\r\n\t \r\n\u00a0\f\rb = 2\n\u2028\n\ufeff\nc = 3'],
      options: { maxLines: 3 }
    },
    {
      // the line-end count is exact at the limit: 3 lines, 2 line ends, and a trailing one
      name: 'exactly the limit, with and without a final line break',
      cells: [lines(3), lines(3) + '\n'],
      options: { maxLines: 3 }
    }
  ],
  invalid: [
    {
      // one line over: 3 line ends for a limit of 3 (the first test must not stop there)
      name: 'one line over the limit',
      cells: [lines(4)],
      options: { maxLines: 3 },
      errors: [
        {
          message: 'Cell has 4 non-blank lines (limit 3)',
          cell: 1,
          line: 4,
          column: 1
        }
      ]
    },
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
    },
    {
      name: 'the fourth non-blank line is reported whole, after \\r\\n, \\r and blank lines',
      cells: ['a = 1\r\n\r\n  \rb = 2\rc = 3\r\n\u00a0\n\u00e9 = 4  \nd = 5'],
      options: { maxLines: 3 },
      errors: [
        {
          message: 'Cell has 5 non-blank lines (limit 3)',
          cell: 1,
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 8
        }
      ]
    }
  ]
});
