import rule from '../../src/rules/unused-import';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['import numpy as np', 'x = np.zeros(2)'] },
    {
      name: 'used in a magic argument',
      cells: ['import numpy as np', '%timeit np.zeros(10)']
    },
    { name: '__future__', cells: ['from __future__ import annotations'] },
    {
      name: 'a read in a cell above the import counts (reads are collected over every cell)',
      cells: ['x = np.zeros(2)', 'import numpy as np']
    }
  ],
  invalid: [
    {
      name: 'the cells after the last read are still scanned while one import is unread',
      cells: [
        'import os\nimport json',
        'print(json.dumps({}))',
        '%timeit os.getcwd()',
        'import sys'
      ],
      errors: [{ message: '"sys" is imported', cell: 4, line: 1, column: 8 }],
      output: [
        'import os\nimport json',
        'print(json.dumps({}))',
        '%timeit os.getcwd()',
        ''
      ]
    },
    {
      name: 'a %pip install of the same name is not a use',
      cells: [
        '%pip install seaborn==0.13.2',
        'import seaborn as sns\nimport pandas as pd',
        'pd.DataFrame()'
      ],
      errors: [
        {
          message: '"sns" is imported',
          cell: 2,
          line: 1,
          column: 19,
          endLine: 1,
          endColumn: 22
        }
      ],
      output: [
        '%pip install seaborn==0.13.2',
        'import pandas as pd',
        'pd.DataFrame()'
      ]
    },
    {
      name: 'a star import elsewhere does not turn the rule off',
      cells: [
        'from pyspark.sql.functions import *',
        'import os, json\nprint(json.dumps({}))'
      ],
      errors: [
        {
          message: '"os" is imported',
          cell: 2,
          line: 1,
          column: 8,
          endLine: 1,
          endColumn: 10
        }
      ],
      output: [
        'from pyspark.sql.functions import *',
        'import json\nprint(json.dumps({}))'
      ]
    },
    {
      name: 'from-import: the last name goes with its comma; a conditional import gets no fix',
      cells: [
        'from sklearn.metrics import accuracy_score, f1_score\ntry:\n    import torch\nexcept ImportError:\n    torch = None',
        'accuracy_score([1], [1])'
      ],
      errors: [
        {
          message: '"f1_score"',
          cell: 1,
          line: 1,
          column: 45,
          endLine: 1,
          endColumn: 53
        },
        {
          message: '"torch"',
          cell: 1,
          line: 3,
          column: 12,
          endLine: 3,
          endColumn: 17
        }
      ],
      output: [
        'from sklearn.metrics import accuracy_score\ntry:\n    import torch\nexcept ImportError:\n    torch = None',
        'accuracy_score([1], [1])'
      ]
    },
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
      ],
      output: ['import sys', 'print(sys.argv)']
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
      ],
      output: [
        'from azure.ai.ml.entities import (\n    Environment,\n)',
        'env = Environment()'
      ]
    }
  ]
});
