import rule from '../../src/rules/unused-import';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['import numpy as np', 'x = np.zeros(2)'] },
    {
      name: 'used in a magic argument',
      cells: ['import numpy as np', '%timeit np.zeros(10)']
    },
    { name: '__future__', cells: ['from __future__ import annotations'] }
  ],
  invalid: [
    {
      cells: ['import os, sys\nimport pandas as pd', 'print(sys.argv)'],
      errors: [
        {
          message: '"os" is imported but no cell uses it',
          messageId: 'unused',
          cell: 1,
          line: 1,
          column: 8
        },
        { message: '"pd" is imported', cell: 1, line: 2, column: 18 }
      ]
    },
    {
      name: 'a name of a parenthesized import is reported on its own line',
      cells: [
        'from azure.ai.ml.entities import (\n    Environment,\n    CodeConfiguration as CC,\n)\nimport a.b',
        'env = Environment()'
      ],
      errors: [
        { message: '"CC" is imported', cell: 1, line: 3, column: 26 },
        { message: '"a" is imported', cell: 1, line: 5, column: 8 }
      ]
    }
  ]
});
