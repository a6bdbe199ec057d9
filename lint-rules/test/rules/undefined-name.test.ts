import rule from '../../src/rules/undefined-name';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['import numpy as np', 'a = np.zeros(3)', 'a.sum()'] },
    {
      name: 'star import makes names unknowable',
      cells: ['from math import *', 'sqrt(2)']
    },
    {
      name: 'known globals option',
      cells: ['spark_session_x.stop()'],
      options: { knownGlobals: ['spark_session_x'] }
    },
    {
      name: 'names a non-Python cell may define',
      cells: ['%%sql -o sales\nSELECT * FROM t', 'sales.head()']
    },
    {
      name: 'a read the cell guards with `except NameError` (the name may be set in a form cell or not)',
      cells: [
        'def deploy(env):\n    try:\n        if HF_TOKEN:\n            env["HF_TOKEN"] = HF_TOKEN\n    except (KeyError, NameError):\n        pass',
        'try:\n    rows = [r for r in cached_rows]\nexcept NameError:\n    rows = []',
        'try:\n    if OPTIONAL_KEY:\n        print(OPTIONAL_KEY)\nexcept:\n    pass'
      ]
    },
    {
      name: 'the exit status IPython stores after a `!` command',
      cells: [
        'import glob\nfor f in glob.glob("*.csv"):\n    !test -s {f}\n    if _exit_code != 0:\n        print(f)'
      ]
    },
    {
      name: 'Databricks globals',
      cells: ['df = spark.table("t")\ndisplay(df)\ndbutils.fs.ls("/")']
    }
  ],
  invalid: [
    {
      cells: ['import pandas as pd', 'df2 = pd.concat([df, other])'],
      errors: [
        {
          message: '"df" is not defined in any cell',
          messageId: 'undefined',
          cell: 2,
          line: 1,
          column: 18
        },
        { message: '"other" is not defined', cell: 2, line: 1, column: 22 }
      ]
    },
    {
      name: 'NameError guards cover neither other handlers, nor the else clause, nor a def inside the try',
      cells: [
        'try:\n    a = token\nexcept (KeyError, ValueError):\n    pass',
        'try:\n    pass\nexcept NameError:\n    pass\nelse:\n    b = secret_b',
        'try:\n    def g():\n        return later_c\nexcept NameError:\n    pass',
        'print(_exit_code)'
      ],
      errors: [
        { message: '"token" is not defined', cell: 1, line: 2, column: 9 },
        { message: '"secret_b" is not defined', cell: 2, line: 6, column: 9 },
        { message: '"later_c" is not defined', cell: 3, line: 3, column: 16 },
        { message: '"_exit_code" is not defined', cell: 4, line: 1, column: 7 }
      ]
    }
  ]
});
