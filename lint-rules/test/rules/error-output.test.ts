import rule from '../../src/rules/error-output';
import { runRuleTests } from './ruleTester';

const errorOutput = {
  output_type: 'error',
  ename: 'NameError',
  evalue: "name 'x' is not defined",
  traceback: ['Traceback...']
};

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
    },
    {
      // databricks/tech-talks' Delta Lake talk: the failure is the lesson
      name: 'a comment says the cell attempts something that fails',
      cells: [
        { md: '# Vacuum' },
        {
          code: '# Attempt to vacuum table with default settings\n\nspark.sql("vacuum t retain 0 hours dry run").show()',
          count: 3,
          outputs: [{ ...errorOutput, ename: 'IllegalArgumentException' }]
        }
      ]
    },
    {
      name: 'the Markdown cell above says the next cell raises an error',
      cells: [
        { md: 'Reading a dropped column raises an error:' },
        { code: 'df.select("gone")', count: 4, outputs: [errorOutput] }
      ]
    }
  ],
  invalid: [
    {
      name: 'located inside its own cell even when a large image output sits between (cell span, not distance)',
      cells: [
        { md: '# t' },
        {
          code: 'plot(x)',
          count: 1,
          outputs: [
            errorOutput,
            {
              output_type: 'display_data',
              data: { 'image/png': 'iVBORw0KGgo'.repeat(4000) },
              metadata: {}
            }
          ]
        },
        { code: 'print(x)', count: 2, outputs: [errorOutput] }
      ],
      errors: [
        { message: 'NameError', cell: 2, line: 1, column: 1, fileLine: 19 },
        { message: 'NameError', cell: 3, line: 1, column: 1 }
      ]
    },
    {
      cells: [
        { md: '# t' },
        { code: 'print(x)', count: 1, outputs: [errorOutput] }
      ],
      errors: [
        {
          message:
            "committed error output (NameError: name 'x' is not defined)",
          messageId: 'errorOutput',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
