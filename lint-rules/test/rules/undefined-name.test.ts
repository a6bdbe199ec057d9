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
    }
  ]
});
