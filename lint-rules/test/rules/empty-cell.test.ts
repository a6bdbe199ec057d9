import rule from '../../src/rules/empty-cell';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['x = 1', { md: '# t' }, { raw: '' }] },
    {
      // not whitespace for trim(): a zero-width space and a control character are content
      name: 'invisible characters that are not whitespace',
      cells: ['\u200b', { md: '\u0000' }]
    }
  ],
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
      ],
      output: ['x = 1']
    },
    {
      // azureml-examples' batch-endpoint notebooks end with a blank cell
      name: 'a blank last cell after outputs; the tagged one stays',
      cells: [
        { code: 'print(1)', count: 1, outputs: [] },
        { code: '', metadata: { tags: ['parameters'] } },
        { code: '\n', count: null }
      ],
      errors: [
        {
          message: 'Empty code cell; delete it.',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1
        },
        {
          message: 'Empty code cell',
          cell: 3,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1
        }
      ],
      output: ['print(1)', '']
    },
    {
      name: 'whitespace of any kind trim() removes',
      cells: ['\u00a0\t\u2028\ufeff\r\n', { md: '\u3000\f\v' }],
      errors: [
        { message: 'Empty code cell', cell: 1, line: 1, column: 1 },
        { message: 'Empty Markdown cell', cell: 2, line: 1, column: 1 }
      ]
    }
  ]
});
