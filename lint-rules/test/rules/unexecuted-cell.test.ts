import rule from '../../src/rules/unexecuted-cell';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      name: 'outputs stripped, one stray execution count',
      cells: [
        { code: 'import pandas as pd', count: 3 },
        'df = pd.DataFrame()',
        'df.head()'
      ]
    },
    { name: 'no cell ran (outputs stripped)', cells: ['a = 1', 'b = 2'] },
    {
      name: 'all ran',
      cells: [
        { code: 'a = 1', count: 1 },
        { code: 'b = 2', count: 2 }
      ]
    },
    {
      name: 'empty unexecuted cell',
      cells: [
        { code: 'a = 1', count: 1 },
        { code: '  ', count: null }
      ]
    }
  ],
  invalid: [
    {
      cells: [
        {
          code: 'a = 1\nprint(a)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        },
        { md: '# x' },
        { code: 'b = a + 1\nprint(b)', count: null }
      ],
      errors: [
        {
          message: 'Cell was never executed',
          messageId: 'neverRun',
          cell: 3,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
