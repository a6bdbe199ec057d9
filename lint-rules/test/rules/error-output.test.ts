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
    }
  ],
  invalid: [
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
