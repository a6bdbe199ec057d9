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
    },
    {
      // jakevdp/PythonDataScienceHandbook 02.06: the Markdown names the exception shown
      name: 'the Markdown above names the exception the output shows',
      cells: [
        {
          md: 'Trying to evaluate the truth or falsehood of the entire array will give the same ``ValueError`` we saw previously:'
        },
        {
          code: '(x > 4) and (x < 8)',
          count: 40,
          outputs: [
            { ...errorOutput, ename: 'ValueError', evalue: 'ambiguous' }
          ]
        }
      ]
    },
    {
      // 02.05: "as we can observe by attempting this operation:"
      name: 'the Markdown above shows the failure by attempting the operation',
      cells: [
        {
          md: 'Now we hit rule 3, so these two arrays are incompatible, as we can observe by attempting this operation:'
        },
        {
          code: 'M + a',
          count: 13,
          outputs: [{ ...errorOutput, ename: 'ValueError', evalue: 'operands' }]
        }
      ]
    },
    {
      // 01.06 Errors and Debugging: %pdb after "whenever an exception is raised"
      name: 'the Markdown above is about what happens when an exception is raised',
      cells: [
        {
          md: "If you'd like the debugger to launch automatically whenever an exception is raised, you can use the `%pdb` magic function:"
        },
        {
          code: '%xmode Plain\n%pdb on\nfunc2(1)',
          count: 9,
          outputs: [{ ...errorOutput, ename: 'ZeroDivisionError' }]
        }
      ]
    }
  ],
  invalid: [
    {
      name: 'the Markdown above names another exception than the output shows',
      cells: [
        {
          md: 'Reading a missing key gives a ``KeyError``; here we read the column:'
        },
        {
          code: 'df["a"].mean()',
          count: 2,
          outputs: [{ ...errorOutput, ename: 'TypeError', evalue: 'bad' }]
        }
      ],
      errors: [
        {
          message: 'committed error output (TypeError: bad)',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 15
        }
      ]
    },
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
